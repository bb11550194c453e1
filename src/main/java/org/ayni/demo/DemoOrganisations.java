package org.ayni.demo;

import java.util.List;
import org.ayni.registry.OrganisationKind;

/**
 * The organisations of the seed article (TDC's tour of five Peruvian producer groups) with their
 * base organisations, associations, communities and miners' organisations. Legal ids are made up
 * (valid RUC check digits, but not the organisations' real numbers).
 */
final class DemoOrganisations {

  /** An organisation to create; {@code ruc10} is the first ten digits of a made-up RUC. */
  record Org(
      String code,
      String name,
      String shortName,
      OrganisationKind kind,
      String country,
      String timeZone,
      String region,
      String ruc10,
      String contactName,
      String contactEmail,
      String address,
      String website,
      List<String> languages,
      Integer foundedYear,
      List<Org> children) {}

  private static final String LIMA = "America/Lima";

  static Org base(
      String code,
      String name,
      OrganisationKind kind,
      String region,
      String ruc10,
      List<String> languages) {
    return new Org(
        code, name, null, kind, "PE", LIMA, region, ruc10, null, null, null, null, languages, null,
        List.of());
  }

  static final List<Org> ALL =
      List.of(
          new Org(
              "cepicafe",
              "Central Piurana de Cafetaleros",
              "Cepicafe",
              OrganisationKind.COOPERATIVE,
              "PE",
              LIMA,
              "Piura",
              "2052514701",
              "Rosa Chumacero",
              "contacto@cepicafe.example",
              "Jr. Callao 1012, Piura",
              "https://cepicafe.example",
              List.of("es"),
              1995,
              List.of(
                  base(
                      "cepicafe-montero",
                      "Cooperativa Agraria Cafetalera Montero",
                      OrganisationKind.COOPERATIVE,
                      "Piura – Ayabaca",
                      "2052514702",
                      List.of("es")),
                  base(
                      "cepicafe-lalaquiz",
                      "Asociación de Productores Agropecuarios de Lalaquiz",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Piura – Huancabamba",
                      "2052514703",
                      List.of("es")),
                  base(
                      "cepicafe-canchaque",
                      "Cooperativa Agraria de Canchaque",
                      OrganisationKind.COOPERATIVE,
                      "Piura – Huancabamba",
                      "2052514704",
                      List.of("es")),
                  base(
                      "cepicafe-chulucanas",
                      "Asociación de Productores de Cacao Blanco de Chulucanas",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Piura – Morropón",
                      "2052514705",
                      List.of("es")),
                  base(
                      "cepicafe-buenos-aires",
                      "Asociación de Productores de Cacao de Buenos Aires",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Piura – Morropón",
                      "2052514706",
                      List.of("es")),
                  base(
                      "cepicafe-salitral",
                      "Cooperativa Agraria Cacaotera de Salitral",
                      OrganisationKind.COOPERATIVE,
                      "Piura – Morropón",
                      "2052514707",
                      List.of("es")),
                  base(
                      "cepicafe-santa-catalina",
                      "Asociación de Productores de Santa Catalina de Mossa",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Piura – Morropón",
                      "2052514708",
                      List.of("es")),
                  base(
                      "cepicafe-la-quemazon",
                      "Asociación de Productores Agropecuarios La Quemazón",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Piura – Morropón",
                      "2052514709",
                      List.of("es")),
                  base(
                      "cepicafe-frias",
                      "Cooperativa Agraria Cafetalera de Frías",
                      OrganisationKind.COOPERATIVE,
                      "Piura – Ayabaca",
                      "2052514710",
                      List.of("es")))),
          new Org(
              "agroandino",
              "AgroAndino S.A.C.",
              "AgroAndino",
              OrganisationKind.COMPANY,
              "PE",
              LIMA,
              "Cajamarca",
              "2049158301",
              "Carmen Chávez",
              "ventas@agroandino.example",
              "Av. Atahualpa 620, Cajamarca",
              "https://agroandino.example",
              List.of("es"),
              2006,
              List.of(
                  base(
                      "agroandino-san-pablo",
                      "Asociación de Productores de Aguaymanto de San Pablo",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Cajamarca – San Pablo",
                      "2049158302",
                      List.of("es")),
                  base(
                      "agroandino-celendin",
                      "Asociación de Productores Agroecológicos de Celendín",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Cajamarca – Celendín",
                      "2049158303",
                      List.of("es")),
                  base(
                      "agroandino-cajabamba",
                      "Asociación de Fruticultores de Cajabamba",
                      OrganisationKind.PRODUCER_ASSOCIATION,
                      "Cajamarca – Cajabamba",
                      "2049158304",
                      List.of("es", "qu")))),
          new Org(
              "citeindigena",
              "Centro de Innovación Tecnológica Indígena Shipibo-Conibo",
              "Citeindigena",
              OrganisationKind.COMMUNITY_ENTERPRISE,
              "PE",
              LIMA,
              "Ucayali",
              "2039321901",
              "Lucía Rengifo",
              "madera@citeindigena.example",
              "Jr. Tarapacá 350, Pucallpa",
              "https://citeindigena.example",
              List.of("es", "shp"),
              2005,
              List.of(
                  base(
                      "citeindigena-calleria",
                      "Comunidad Nativa Callería",
                      OrganisationKind.COMMUNITY,
                      "Ucayali – Coronel Portillo",
                      "2039321902",
                      List.of("shp", "es")),
                  base(
                      "citeindigena-roya",
                      "Comunidad Nativa Roya",
                      OrganisationKind.COMMUNITY,
                      "Ucayali – Coronel Portillo",
                      "2039321903",
                      List.of("shp", "es")),
                  base(
                      "citeindigena-pueblo-nuevo",
                      "Comunidad Nativa Pueblo Nuevo del Caco",
                      OrganisationKind.COMMUNITY,
                      "Ucayali – Coronel Portillo",
                      "2039321904",
                      List.of("shp", "es")),
                  base(
                      "citeindigena-curiaca",
                      "Comunidad Nativa Curiaca del Caco",
                      OrganisationKind.COMMUNITY,
                      "Ucayali – Coronel Portillo",
                      "2039321905",
                      List.of("shp", "es")),
                  base(
                      "citeindigena-nuevo-saposoa",
                      "Comunidad Nativa Nuevo Saposoa",
                      OrganisationKind.COMMUNITY,
                      "Ucayali – Coronel Portillo",
                      "2039321906",
                      List.of("shp", "es")))),
          new Org(
              "royal-knit",
              "Royal Knit S.R.L.",
              "Royal Knit",
              OrganisationKind.ARTISAN_NETWORK,
              "PE",
              LIMA,
              "Cusco / Puno",
              "2045076101",
              "Nilda Mamani",
              "tejidos@royalknit.example",
              "Calle Saphi 455, Cusco",
              "https://royalknit.example",
              List.of("es", "qu"),
              1995,
              List.of()),
          new Org(
              "red-social",
              "Instituto Redes de Desarrollo Social",
              "Red Social",
              OrganisationKind.SUPPORT_ORGANISATION,
              "PE",
              LIMA,
              "Apurímac / Arequipa",
              "2051183401",
              "Óscar Huamaní",
              "oro@redsocial.example",
              "Av. Salaverry 2020, Lima",
              "https://redsocial.example",
              List.of("es", "qu"),
              2001,
              List.of(
                  base(
                      "red-social-virgen-carmen",
                      "Asociación de Mineros Artesanales Virgen del Carmen",
                      OrganisationKind.MINERS_ORGANISATION,
                      "Apurímac – Aymaraes",
                      "2051183402",
                      List.of("es", "qu")),
                  base(
                      "red-social-santa-rosa",
                      "Cooperativa Minera Artesanal Santa Rosa",
                      OrganisationKind.MINERS_ORGANISATION,
                      "Arequipa – Caravelí",
                      "2051183403",
                      List.of("es")),
                  base(
                      "red-social-nueva-esperanza",
                      "Asociación de Productores Mineros Artesanales Nueva Esperanza",
                      OrganisationKind.MINERS_ORGANISATION,
                      "Arequipa – Condesuyos",
                      "2051183404",
                      List.of("es", "qu")))),
          new Org(
              "tdc",
              "Trade for Development Centre (Enabel)",
              "TDC",
              OrganisationKind.SUPPORT_ORGANISATION,
              "BE",
              "Europe/Brussels",
              "Bruxelles",
              null,
              "Trade for Development Centre",
              "tdc@enabel.example",
              "Rue Haute 147, 1000 Bruxelles",
              "https://www.tdc-enabel.be",
              List.of("fr", "en", "es"),
              2005,
              List.of()));

  private DemoOrganisations() {}
}
