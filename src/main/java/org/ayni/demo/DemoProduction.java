package org.ayni.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ayni.registry.CertificateForm;
import org.ayni.registry.CertificateScheme;
import org.ayni.registry.Certificates;
import org.ayni.registry.Member;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.OrganisationId;
import org.springframework.stereotype.Component;

/**
 * Production units and certificates of the demo organisations: cacao and coffee plots in Piura,
 * physalis fields in Cajamarca, community forests in Ucayali, knitters' homes in Cusco and Puno,
 * mining claims in Apurímac and Arequipa; organic, Fairtrade, SPP, FSC, WFTO and Fairmined
 * certificates.
 */
@Component
class DemoProduction {

  private static final double METRES_PER_DEGREE = 111_320;

  private final ProductionUnits units;
  private final Certificates certificates;
  private final Clock clock;

  DemoProduction(ProductionUnits units, Certificates certificates, Clock clock) {
    this.units = units;
    this.certificates = certificates;
    this.clock = clock;
  }

  /** The plots, home or workshop of one member. */
  void forMember(
      String organisationCode,
      OrganisationId organisation,
      Member member,
      DemoPlaces.Place place,
      MemberGenerator generator) {
    if (organisationCode.startsWith("cepicafe")) {
      int plots = generator.next() < 0.35 ? 2 : 1;
      for (int i = 1; i <= plots; i++) {
        boolean coffee = organisationCode.endsWith("montero") || organisationCode.endsWith("frias");
        String products = coffee ? "café, cacao" : "cacao blanco (criollo porcelana)";
        plot(
            organisation,
            member,
            place,
            generator,
            i,
            "Parcela",
            0.5 + generator.next() * 3.2,
            products);
      }
    } else if (organisationCode.startsWith("agroandino")) {
      String products = generator.next() < 0.7 ? "aguaymanto" : "aguaymanto, mango";
      plot(
          organisation,
          member,
          place,
          generator,
          1,
          "Chacra",
          0.3 + generator.next() * 1.7,
          products);
    } else if (organisationCode.startsWith("citeindigena")) {
      if (generator.next() < 0.5) {
        plot(
            organisation,
            member,
            place,
            generator,
            1,
            "Chacra",
            0.5 + generator.next() * 1.5,
            "plátano, yuca");
      }
    } else if (organisationCode.equals("royal-knit")) {
      ProductionUnitForm form = base(organisation, member, 1, ProductionUnitKind.WORKSHOP);
      form.setName("Taller en casa de " + member.givenNames());
      double[] at =
          offset(place.latitude(), place.longitude(), generator.next() * 1500, generator.next());
      form.setGeometry(point(at));
      form.setDeclaredAreaHa(new BigDecimal("0.0100"));
      form.setMainProducts("tejido a mano de fibra de alpaca y llama");
      units.create(null, form);
    }
  }

  /** Units without a member (community forests, mining claims) and the certificates. */
  void forOrganisations(Map<String, OrganisationId> organisations) {
    Random random = new Random(2005);
    int forest = 1;
    for (String community :
        List.of("calleria", "roya", "pueblo-nuevo", "curiaca", "nuevo-saposoa")) {
      String code = "citeindigena-" + community;
      DemoPlaces.Place place = DemoPlaces.COMMUNITIES.get(code).getFirst();
      ProductionUnitForm form = new ProductionUnitForm();
      form.setOrganisationId(organisations.get(code).value());
      form.setCode(String.format(Locale.ROOT, "BC-%02d", forest++));
      form.setName("Bosque comunal de " + place.community());
      form.setKind(ProductionUnitKind.FOREST_UNIT);
      double[] centre = offset(place.latitude(), place.longitude(), 3000, random.nextDouble());
      form.setGeometry(polygon(centre, 800 + random.nextDouble() * 2200, random));
      form.setMainProducts("madera aserrada certificada FSC (cumala, capirona, shihuahuaco)");
      units.create(null, form);
    }
    // claim codes by miners' organisation, so that a trace of Red Social's gold through all three
    // tells the claims apart by code
    Map<String, String> prefixes =
        Map.of("virgen-carmen", "VC", "santa-rosa", "SR", "nueva-esperanza", "NE");
    for (String miners : List.of("virgen-carmen", "santa-rosa", "nueva-esperanza")) {
      String code = "red-social-" + miners;
      String prefix = prefixes.get(miners);
      int claim = 1;
      for (DemoPlaces.Place place : DemoPlaces.COMMUNITIES.get(code)) {
        ProductionUnitForm form = new ProductionUnitForm();
        form.setOrganisationId(organisations.get(code).value());
        form.setCode(String.format(Locale.ROOT, "%s-%02d", prefix, claim++));
        form.setName("Derecho minero " + place.community());
        form.setKind(ProductionUnitKind.MINING_CLAIM);
        double[] centre = offset(place.latitude(), place.longitude(), 4000, random.nextDouble());
        form.setGeometry(polygon(centre, 40 + random.nextDouble() * 160, random));
        form.setMainProducts("oro (gravimetría sin mercurio)");
        units.create(null, form);
      }
    }
    certificates(organisations);
  }

  private void certificates(Map<String, OrganisationId> organisations) {
    LocalDate today = LocalDate.now(clock);
    certificate(
        organisations.get("cepicafe"),
        CertificateScheme.EU_ORGANIC,
        "PE-BIO-149-0412-2026",
        "Control Union Peru",
        List.of("cacao", "café"),
        today.minusMonths(5),
        today.plusMonths(7));
    certificate(
        organisations.get("cepicafe"),
        CertificateScheme.FAIRTRADE,
        "FLO-ID 2431",
        "FLOCERT",
        List.of("cacao", "café"),
        today.minusYears(1),
        today.plusYears(2));
    certificate(
        organisations.get("cepicafe"),
        CertificateScheme.SPP,
        "SPP-PE-0031",
        "Bio Latina",
        List.of("cacao"),
        today.minusMonths(10),
        today.plusMonths(2));
    certificate(
        organisations.get("agroandino"),
        CertificateScheme.EU_ORGANIC,
        "PE-BIO-131-0877-2026",
        "Bio Latina",
        List.of("aguaymanto", "aguaymanto deshidratado", "mango deshidratado"),
        today.minusMonths(11),
        today.plusDays(40));
    certificate(
        organisations.get("citeindigena"),
        CertificateScheme.FSC_FOREST_MANAGEMENT,
        "SW-FM/COC-001235",
        "Rainforest Alliance (SmartWood)",
        List.of("madera aserrada", "madera rolliza"),
        today.minusYears(2),
        today.plusYears(3));
    certificate(
        organisations.get("royal-knit"),
        CertificateScheme.WFTO,
        "WFTO-PE-0417",
        "World Fair Trade Organization",
        List.of("prendas tejidas de alpaca"),
        today.minusYears(1),
        today.plusYears(1));
    certificate(
        organisations.get("red-social-santa-rosa"),
        CertificateScheme.FAIRMINED,
        "FM-PE-0012",
        "Alliance for Responsible Mining (ARM)",
        List.of("oro"),
        today.minusMonths(8),
        today.plusMonths(16));
    certificate(
        organisations.get("red-social-virgen-carmen"),
        CertificateScheme.FAIRTRADE,
        "FLO-ID 38120",
        "FLOCERT",
        List.of("oro"),
        today.minusYears(3),
        today.minusMonths(2));
  }

  private void certificate(
      OrganisationId organisation,
      CertificateScheme scheme,
      String number,
      String body,
      List<String> products,
      LocalDate from,
      LocalDate to) {
    CertificateForm form = new CertificateForm();
    form.setOrganisationId(organisation.value());
    form.setScheme(scheme);
    form.setCertificateNumber(number);
    form.setCertifyingBody(body);
    form.setScopeProducts(new ArrayList<>(products));
    form.setScopeAllMembers(true);
    form.setValidFrom(from);
    form.setValidTo(to);
    certificates.create(null, form);
  }

  private void plot(
      OrganisationId organisation,
      Member member,
      DemoPlaces.Place place,
      MemberGenerator generator,
      int number,
      String label,
      double hectares,
      String products) {
    ProductionUnitForm form = base(organisation, member, number, ProductionUnitKind.FARM_PLOT);
    form.setName(label + " " + number + " de " + member.familyNames().split(" ")[0]);
    double[] centre =
        offset(
            place.latitude(), place.longitude(), 300 + generator.next() * 3500, generator.next());
    if (generator.next() < 0.12) {
      // Not yet walked with a GPS: a point with the area the member declared.
      form.setGeometry(point(centre));
      form.setDeclaredAreaHa(BigDecimal.valueOf(hectares).setScale(2, RoundingMode.HALF_UP));
    } else {
      form.setGeometry(polygon(centre, hectares, new Random(generator.nextInt(Integer.MAX_VALUE))));
      form.setDeclaredAreaHa(
          BigDecimal.valueOf(hectares * (0.9 + generator.next() * 0.25))
              .setScale(2, RoundingMode.HALF_UP));
    }
    form.setMainProducts(products);
    units.create(null, form);
  }

  private static ProductionUnitForm base(
      OrganisationId organisation, Member member, int number, ProductionUnitKind kind) {
    ProductionUnitForm form = new ProductionUnitForm();
    form.setOrganisationId(organisation.value());
    form.setMemberId(member.id());
    form.setCode(member.memberCode() + "-" + number);
    form.setKind(kind);
    return form;
  }

  /** A point {@code metres} away from a centre in the direction {@code turn} (0..1 of a circle). */
  private static double[] offset(double latitude, double longitude, double metres, double turn) {
    double angle = turn * 2 * Math.PI;
    double dLat = metres * Math.cos(angle) / METRES_PER_DEGREE;
    double dLon =
        metres * Math.sin(angle) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
    return new double[] {latitude + dLat, longitude + dLon};
  }

  /**
   * A star-shaped (so never self-intersecting) polygon of about {@code hectares} around a centre.
   */
  private static String polygon(double[] centre, double hectares, Random random) {
    int vertices = 5 + random.nextInt(5);
    // An irregular polygon inside a circle covers less than the circle; 1.1 brings it near the
    // target.
    double radius = 1.1 * Math.sqrt(hectares * 10_000 / Math.PI);
    List<String> ring = new ArrayList<>();
    for (int i = 0; i < vertices; i++) {
      double turn = (i + random.nextDouble() * 0.6) / vertices;
      double[] p = offset(centre[0], centre[1], radius * (0.8 + random.nextDouble() * 0.35), turn);
      ring.add(position(p));
    }
    ring.add(ring.getFirst());
    return "{\"type\":\"Polygon\",\"coordinates\":[[" + String.join(",", ring) + "]]}";
  }

  private static String point(double[] at) {
    return "{\"type\":\"Point\",\"coordinates\":" + position(at) + "}";
  }

  private static String position(double[] latLon) {
    return String.format(Locale.ROOT, "[%.6f,%.6f]", latLon[1], latLon[0]);
  }
}
