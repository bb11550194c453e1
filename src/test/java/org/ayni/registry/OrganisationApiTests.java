package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Organisations over the API: who may create and change which, validation, locking, export. */
@AyniIntegrationTest
class OrganisationApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Http platformAdmin;
  Http cepicafeAdmin;
  String tag;
  String cepicafe;

  @BeforeEach
  void setUp() {
    platformAdmin = Http.basic(port, "admin", DemoUsers.PASSWORD);
    cepicafeAdmin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    tag = UUID.randomUUID().toString().substring(0, 8);
    cepicafe = organisationId("cepicafe");
  }

  @Test
  void thePlatformAdministratorCreatesATopLevelOrganisationWithAnAuditEntry() {
    Map<String, Object> body = organisation("top-" + tag, null);
    body.put("kind", "COMPANY");
    body.put("legalId", ruc("2060123456"));
    Http.Response created = platformAdmin.post("/api/v1/organisations", body);

    assertThat(created.status()).isEqualTo(201);
    JsonNode json = created.json();
    String id = json.path("id").asString();
    assertThat(created.header("Location")).endsWith("/api/v1/organisations/" + id);
    assertThat(json.path("parentId").isNull()).isTrue();
    assertThat(json.path("code").asString()).isEqualTo("top-" + tag);
    assertThat(json.path("active").asBoolean()).isTrue();
    assertThat(json.path("version").asInt()).isZero();
    assertThat(platformAdmin.get("/api/v1/organisations/" + id).json().path("name").asString())
        .isEqualTo("Organización de prueba " + tag);
    assertThat(audit(id)).containsExactly("create by admin");
  }

  @Test
  void aCentralsAdministratorCreatesABaseOrganisationBelowItButNoTopLevelOne() {
    Http.Response created =
        cepicafeAdmin.post("/api/v1/organisations", organisation("base-" + tag, cepicafe));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asString();
    assertThat(created.json().path("parentId").asString()).isEqualTo(cepicafe);
    assertThat(audit(id)).containsExactly("create by cepicafe.admin");
    JsonNode children = cepicafeAdmin.get("/api/v1/organisations/" + cepicafe + "/children").json();
    assertThat(children.findValuesAsString("code")).contains("base-" + tag);

    long before = count();
    Http.Response topLevel =
        cepicafeAdmin.post("/api/v1/organisations", organisation("rogue-" + tag, null));
    assertThat(topLevel.status()).isEqualTo(403);
    assertThat(topLevel.header("Content-Type")).startsWith("application/problem+json");
    assertThat(topLevel.json().path("code").asString()).isEqualTo("error.forbidden.platform");
    assertThat(topLevel.json().path("detail").asString())
        .isEqualTo("Solo un administrador de la plataforma puede hacer esto.");
    assertThat(count()).isEqualTo(before);
    assertThat(exists("rogue-" + tag)).isFalse();
  }

  @Test
  void aCentralsAdministratorCannotSeeNorChangeAnotherOrganisation() {
    String agroandino = organisationId("agroandino");
    Map<String, Object> before = row(agroandino);
    Map<String, Object> change = organisation("agroandino", null);
    change.put("name", "Tomada " + tag);
    change.put("version", before.get("version"));

    Http.Response get = cepicafeAdmin.get("/api/v1/organisations/" + agroandino);
    Http.Response put = cepicafeAdmin.put("/api/v1/organisations/" + agroandino, change);
    Http.Response deactivate =
        cepicafeAdmin.post("/api/v1/organisations/" + agroandino + "/deactivate", Map.of());

    for (Http.Response r : List.of(get, put, deactivate)) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().path("code").asString()).isEqualTo("organisation.not-found");
      assertThat(r.body()).doesNotContain("AgroAndino");
    }
    assertThat(row(agroandino)).isEqualTo(before);
    Http.Response child =
        cepicafeAdmin.post("/api/v1/organisations", organisation("child-" + tag, agroandino));
    assertThat(child.status()).isEqualTo(403);
    assertThat(exists("child-" + tag)).isFalse();
  }

  @Test
  void anInvalidRucADuplicateCodeAndABadEmailEachGetTheirOwnMessageInEveryLanguage() {
    assertThat(
            cepicafeAdmin
                .post("/api/v1/organisations", organisation("dup-" + tag, cepicafe))
                .status())
        .isEqualTo(201);
    long before = count();

    Map<String, Object> badRuc = organisation("ruc-" + tag, cepicafe);
    badRuc.put("legalId", "20123456780");
    Map<String, Object> duplicate = organisation("dup-" + tag, cepicafe);
    Map<String, Object> badEmail = organisation("mail-" + tag, cepicafe);
    badEmail.put("contactEmail", "rosa.chumacero-at-cepicafe");

    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    cases.put("legalId", badRuc);
    cases.put("code", duplicate);
    cases.put("contactEmail", badEmail);
    Map<String, Map<String, String>> messages =
        Map.of(
            "legalId",
            Map.of(
                "es", "No es un RUC válido: 11 cifras y dígito verificador de SUNAT.",
                "en", "Not a valid RUC: 11 digits with SUNAT’s check digit.",
                "fr", "RUC invalide : 11 chiffres avec la clé de contrôle de la SUNAT."),
            "code",
            Map.of(
                "es", "Ya existe una organización con este código.",
                "en", "An organisation with this code already exists.",
                "fr", "Une organisation avec ce code existe déjà."),
            "contactEmail",
            Map.of(
                "es", "Escriba un correo electrónico válido.",
                "en", "Enter a valid e-mail address.",
                "fr", "Saisissez une adresse e-mail valide."));
    Map<String, String> codes =
        Map.of(
            "legalId", "organisation.legal-id.ruc",
            "code", "organisation.code.taken",
            "contactEmail", "validation.email");

    for (var c : cases.entrySet()) {
      String field = c.getKey();
      for (String language : List.of("", "en", "fr")) {
        Http client =
            language.isEmpty()
                ? Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD)
                : Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD).language(language);
        Http.Response refused = client.post("/api/v1/organisations", c.getValue());
        assertThat(refused.status()).as("%s in %s", field, language).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode errors = refused.json().path("errors");
        assertThat(errors).as("%s in '%s'", field, language).hasSize(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("code").asString()).isEqualTo(codes.get(field));
        assertThat(errors.get(0).path("message").asString())
            .isEqualTo(messages.get(field).get(language.isEmpty() ? "es" : language));
      }
    }
    assertThat(count()).isEqualTo(before);
    assertThat(exists("ruc-" + tag)).isFalse();
    assertThat(exists("mail-" + tag)).isFalse();
  }

  @Test
  void anOrganisationKeepsItsClockInATimeZoneChosenOutsidePeruAndLimasInPeru() {
    Map<String, Object> peruvian = organisation("lima-" + tag, cepicafe);
    Http.Response inPeru = cepicafeAdmin.post("/api/v1/organisations", peruvian);
    assertThat(inPeru.status()).as(inPeru.body()).isEqualTo(201);
    assertThat(inPeru.json().path("timeZone").asString()).isEqualTo("America/Lima");

    long before = count();
    Map<String, Object> belgian = organisation("bxl-" + tag, null);
    belgian.put("country", "BE");
    Http.Response none = platformAdmin.post("/api/v1/organisations", belgian);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().path("errors").get(0).path("field").asString()).isEqualTo("timeZone");
    assertThat(none.json().path("errors").get(0).path("code").asString())
        .isEqualTo("organisation.time-zone.required");
    belgian.put("timeZone", "Europe/Bruxelles");
    Http.Response unknown = platformAdmin.language("en").post("/api/v1/organisations", belgian);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("errors").get(0).path("message").asString())
        .isEqualTo("Unknown time zone: choose one from the list (Region/City, e.g. America/Lima).");
    assertThat(count()).as("nothing stored").isEqualTo(before);

    belgian.put("timeZone", " europe/brussels ");
    Http.Response created = platformAdmin.post("/api/v1/organisations", belgian);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();
    assertThat(platformAdmin.get("/api/v1/organisations/" + id).json().path("timeZone").asString())
        .as("as the zone is named, whatever the case it was written in")
        .isEqualTo("Europe/Brussels");
    // below it, what is left empty is the parent's: its country and, there, its clock
    Map<String, Object> child = organisation("bxl-child-" + tag, id);
    child.remove("country");
    Http.Response below = platformAdmin.post("/api/v1/organisations", child);
    assertThat(below.status()).as(below.body()).isEqualTo(201);
    assertThat(below.json().path("country").asString()).isEqualTo("BE");
    assertThat(below.json().path("timeZone").asString()).isEqualTo("Europe/Brussels");
    Map<String, Object> abroad = organisation("bxl-lima-" + tag, id);
    Http.Response inPeruBelow = platformAdmin.post("/api/v1/organisations", abroad);
    assertThat(inPeruBelow.json().path("timeZone").asString())
        .as("one of its own country keeps that country's clock")
        .isEqualTo("America/Lima");

    belgian.put("timeZone", "Europe/Paris");
    belgian.put("version", 0);
    assertThat(
            platformAdmin
                .put("/api/v1/organisations/" + id, belgian)
                .json()
                .path("timeZone")
                .asString())
        .isEqualTo("Europe/Paris");
  }

  @Test
  void anUpdateWithAStaleVersionIsAConflictAndChangesNothing() {
    String id =
        cepicafeAdmin
            .post("/api/v1/organisations", organisation("lock-" + tag, cepicafe))
            .json()
            .path("id")
            .asString();
    Map<String, Object> first = organisation("lock-" + tag, cepicafe);
    first.put("name", "Primera edición " + tag);
    first.put("version", 0);
    Http.Response updated = cepicafeAdmin.put("/api/v1/organisations/" + id, first);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("version").asInt()).isEqualTo(1);
    Map<String, Object> afterFirst = row(id);

    Map<String, Object> stale = organisation("lock-" + tag, cepicafe);
    stale.put("name", "Edición perdida " + tag);
    stale.put("version", 0);
    Http.Response conflict = cepicafeAdmin.put("/api/v1/organisations/" + id, stale);

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
    assertThat(conflict.json().path("code").asString()).isEqualTo("error.conflict");
    assertThat(row(id)).isEqualTo(afterFirst);
    assertThat(row(id).get("name")).isEqualTo("Primera edición " + tag);
    assertThat(audit(id)).containsExactly("create by cepicafe.admin", "update by cepicafe.admin");
  }

  @Test
  void anOrganisationIsDeactivatedAndReactivatedWithItsRecordsKept() {
    String id =
        cepicafeAdmin
            .post("/api/v1/organisations", organisation("off-" + tag, cepicafe))
            .json()
            .path("id")
            .asString();

    Http.Response off = cepicafeAdmin.post("/api/v1/organisations/" + id + "/deactivate", Map.of());
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.json().path("active").asBoolean()).isFalse();
    assertThat(row(id).get("active")).isEqualTo(false);
    JsonNode inactive = cepicafeAdmin.get("/api/v1/organisations?active=false&q=off-" + tag).json();
    assertThat(inactive.path("items").findValuesAsString("id")).containsExactly(id);
    assertThat(
            cepicafeAdmin
                .get("/api/v1/organisations?active=true&q=off-" + tag)
                .json()
                .path("items"))
        .isEmpty();

    Http.Response on = cepicafeAdmin.post("/api/v1/organisations/" + id + "/reactivate", Map.of());
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.json().path("active").asBoolean()).isTrue();
    assertThat(on.json().path("version").asInt()).isEqualTo(2);
    assertThat(audit(id))
        .containsExactly(
            "create by cepicafe.admin",
            "deactivate by cepicafe.admin",
            "reactivate by cepicafe.admin");
  }

  @Test
  void theCsvExportIsRfc4180WithAHeaderAndABomAndNeutralisesFormulas() throws IOException {
    Map<String, Object> body = organisation("csv-" + tag, cepicafe);
    body.put("name", "=HYPERLINK(\"http://example.org\"), " + tag);
    body.put("shortName", "+Cacao; \"Blanco\"");
    body.put("region", "Piura – Morropón");
    assertThat(cepicafeAdmin.post("/api/v1/organisations", body).status()).isEqualTo(201);

    for (String path :
        List.of(
            "/api/v1/organisations.csv?q=csv-" + tag, "/organisations/export.csv?q=csv-" + tag)) {
      Http client =
          path.startsWith("/api")
              ? cepicafeAdmin
              : Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
      Http.Response csv = client.get(path);
      assertThat(csv.status()).as(path).isEqualTo(200);
      assertThat(csv.header("Content-Type")).startsWith("text/csv").containsIgnoringCase("utf-8");
      assertThat(csv.header("Content-Disposition")).contains("attachment", ".csv");
      String text = csv.body();
      assertThat(text).as("byte-order mark").startsWith("\uFEFF");
      assertThat(text).contains("\r\n");
      assertThat(text.replace("\r\n", "")).doesNotContain("\n");

      List<CSVRecord> records;
      try (CSVParser parser =
          CSVParser.parse(new StringReader(text.substring(1)), CSVFormat.RFC4180)) {
        records = parser.getRecords();
      }
      assertThat(records.getFirst().toList())
          .startsWith("id", "parent_id", "kind", "code", "name", "short_name");
      assertThat(records).hasSize(2);
      CSVRecord row = records.get(1);
      List<String> header = records.getFirst().toList();
      assertThat(row.get(header.indexOf("code"))).isEqualTo("csv-" + tag);
      assertThat(row.get(header.indexOf("name")))
          .isEqualTo("'=HYPERLINK(\"http://example.org\"), " + tag);
      assertThat(row.get(header.indexOf("short_name"))).isEqualTo("'+Cacao; \"Blanco\"");
      assertThat(row.get(header.indexOf("region"))).isEqualTo("Piura – Morropón");
      assertThat(row.get(header.indexOf("parent_id"))).isEqualTo(cepicafe);
      // Quoted as RFC 4180 says: the comma and the doubled quotes inside one quoted field.
      assertThat(text).contains("\"'=HYPERLINK(\"\"http://example.org\"\"), " + tag + "\"");
    }
  }

  private Map<String, Object> organisation(String code, String parentId) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (parentId != null) {
      o.put("parentId", parentId);
    }
    o.put("kind", "COOPERATIVE");
    o.put("code", code);
    o.put("name", "Organización de prueba " + tag);
    o.put("country", "PE");
    o.put("region", "Piura");
    o.put("contactEmail", "contacto-" + tag + "@example.org");
    o.put("languages", List.of("es", "qu"));
    o.put("foundedYear", 2004);
    return o;
  }

  /** A valid RUC: the first ten digits and SUNAT's check digit. */
  static String ruc(String firstTen) {
    return firstTen + PeruvianRuc.checkDigit(firstTen);
  }

  private List<String> audit(String id) {
    return jdbc.sql(
            """
            select action || ' by ' || actor from audit_event
            where entity_type = 'organisation' and entity_id = ? order by occurred_at, id""")
        .param(id)
        .query(String.class)
        .list();
  }

  private long count() {
    return jdbc.sql("select count(*) from organisation").query(Long.class).single();
  }

  private boolean exists(String code) {
    return jdbc.sql("select count(*) from organisation where code = ?")
            .param(code)
            .query(Long.class)
            .single()
        > 0;
  }

  private Map<String, Object> row(String id) {
    return jdbc.sql("select * from organisation where id = ?")
        .param(UUID.fromString(id))
        .query()
        .singleRow();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
