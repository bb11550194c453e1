package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@AyniIntegrationTest
class ProductionUnitApiTests {

  /** About 1.2267 ha near Chulucanas, Piura: 0.001° × 0.001° at 5°S. */
  static final String PLOT =
      "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],"
          + "[-80.159,-5.089],[-80.16,-5.089],[-80.16,-5.09]]]}";

  /** The same plot grown to the east: about 2.45 ha. */
  static final String BIGGER_PLOT =
      "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.158,-5.09],"
          + "[-80.158,-5.089],[-80.16,-5.089],[-80.16,-5.09]]]}";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Http fieldOfficer;
  String baseOrganisation;

  @BeforeEach
  void setUp() {
    fieldOfficer = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    baseOrganisation = organisationId("cepicafe-chulucanas");
  }

  @Test
  void recordsAPolygonWithItsGeodesicAreaAsVersionOne() {
    String code = code("P");
    Http.Response created = fieldOfficer.post("/api/v1/production-units", unit(code, PLOT));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String id = body.path("id").asString();
    assertThat(created.header("Location")).endsWith("/api/v1/production-units/" + id);
    assertThat(body.path("geometry").isObject()).isTrue();
    assertThat(body.path("geometry").path("type").asString()).isEqualTo("Polygon");
    assertThat(body.path("geometryKind").asString()).isEqualTo("POLYGON");
    assertThat(body.path("computedAreaHa").asDouble()).isCloseTo(1.2267, within(0.01));
    assertThat(body.path("areaHa").asDouble()).isEqualTo(body.path("computedAreaHa").asDouble());
    assertThat(body.path("centroidLat").asDouble()).isCloseTo(-5.0895, within(1e-9));
    assertThat(body.path("centroidLon").asDouble()).isCloseTo(-80.1595, within(1e-9));
    assertThat(body.path("mainProducts").valueStream().map(JsonNode::asString))
        .containsExactly("cacao", "banano");
    assertThat(body.path("organisationCode").asString()).isEqualTo("cepicafe-chulucanas");
    assertThat(body.path("version").asInt()).isEqualTo(1);
    assertThat(body.path("active").asBoolean()).isTrue();

    JsonNode versions = fieldOfficer.get("/api/v1/production-units/" + id + "/versions").json();
    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).path("version").asInt()).isEqualTo(1);
    assertThat(versions.get(0).path("recordedBy").asString()).isEqualTo("cepicafe.campo");
    assertThat(versions.get(0).path("geometry").isObject()).isTrue();
    assertThat(
            count("audit_event where entity_type = 'production-unit' and entity_id = '" + id + "'"))
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select computed_area_ha from production_unit where id = ?")
                .param(UUID.fromString(id))
                .query(Double.class)
                .single())
        .isCloseTo(1.2267, within(0.01));
  }

  @Test
  void anEditBecomesVersionTwoAndVersionOneKeepsTheOldGeometry() {
    String code = code("E");
    JsonNode created = fieldOfficer.post("/api/v1/production-units", unit(code, PLOT)).json();
    String id = created.path("id").asString();

    Map<String, Object> edit = unit(code, BIGGER_PLOT);
    edit.put("name", "Parcela La Quebrada (ampliada)");
    edit.put("changeNote", "Se midió con GPS el área nueva");
    edit.put("version", 1);
    Http.Response updated = fieldOfficer.put("/api/v1/production-units/" + id, edit);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("version").asInt()).isEqualTo(2);
    assertThat(updated.json().path("computedAreaHa").asDouble()).isCloseTo(2.4534, within(0.02));
    JsonNode first = fieldOfficer.get("/api/v1/production-units/" + id + "/versions/1").json();
    JsonNode second = fieldOfficer.get("/api/v1/production-units/" + id + "/versions/2").json();
    assertThat(first.path("geometry")).isEqualTo(created.path("geometry"));
    assertThat(first.path("name").asString()).isEqualTo("Parcela La Quebrada");
    assertThat(first.path("computedAreaHa").asDouble()).isCloseTo(1.2267, within(0.01));
    assertThat(second.path("geometry")).isEqualTo(updated.json().path("geometry"));
    assertThat(second.path("changeNote").asString()).isEqualTo("Se midió con GPS el área nueva");
    assertThat(fieldOfficer.get("/api/v1/production-units/" + id + "/versions").json())
        .extracting(v -> v.path("version").asInt())
        .containsExactly(2, 1);

    long versionsBefore = count("production_unit_version");
    Http.Response stale = fieldOfficer.put("/api/v1/production-units/" + id, edit);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(count("production_unit_version")).isEqualTo(versionsBefore);

    Map<String, Object> noVersion = unit(code, BIGGER_PLOT);
    Http.Response missing = fieldOfficer.put("/api/v1/production-units/" + id, noVersion);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("errors").findValuesAsString("field")).contains("version");
    assertThat(fieldOfficer.get("/api/v1/production-units/" + id + "/versions/9").status())
        .isEqualTo(404);
  }

  @Test
  void deactivatingAndReactivatingAddVersionsAndFilterTheList() {
    String code = code("D");
    String id =
        fieldOfficer
            .post("/api/v1/production-units", unit(code, PLOT))
            .json()
            .path("id")
            .asString();

    Http.Response deactivated =
        fieldOfficer.post(
            "/api/v1/production-units/" + id + "/deactivate",
            Map.of("version", 1, "changeNote", "Parcela vendida"));

    assertThat(deactivated.status()).isEqualTo(200);
    assertThat(deactivated.json().path("active").asBoolean()).isFalse();
    assertThat(deactivated.json().path("version").asInt()).isEqualTo(2);
    JsonNode v2 = fieldOfficer.get("/api/v1/production-units/" + id + "/versions/2").json();
    assertThat(v2.path("active").asBoolean()).isFalse();
    assertThat(v2.path("changeNote").asString()).isEqualTo("Parcela vendida");
    assertThat(listCodes("q=" + code + "&active=false")).containsExactly(code);
    assertThat(listCodes("q=" + code + "&active=true")).isEmpty();
    assertThat(
            fieldOfficer
                .post("/api/v1/production-units/" + id + "/deactivate", Map.of("version", 2))
                .status())
        .isEqualTo(409);

    Http.Response reactivated =
        fieldOfficer.post("/api/v1/production-units/" + id + "/reactivate", Map.of("version", 2));
    assertThat(reactivated.json().path("active").asBoolean()).isTrue();
    assertThat(reactivated.json().path("version").asInt()).isEqualTo(3);
    assertThat(
            count(
                "audit_event where entity_type = 'production-unit' and entity_id = '"
                    + id
                    + "' and action in ('deactivate', 'reactivate')"))
        .isEqualTo(2);
  }

  @Test
  void aPointNeedsADeclaredAreaAndReportsIt() {
    String code = code("PT");
    Map<String, Object> point =
        unit(code, "{\"type\":\"Point\",\"coordinates\":[-80.1595,-5.0895]}");
    long before = count("production_unit");

    Http.Response refused = fieldOfficer.language("en").post("/api/v1/production-units", point);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("field").asString())
        .isEqualTo("declaredAreaHa");
    assertThat(refused.json().path("errors").get(0).path("message").asString())
        .isEqualTo("Enter the declared area: the location is a point.");
    assertThat(count("production_unit")).isEqualTo(before);

    point.put("declaredAreaHa", 1.75);
    JsonNode created = fieldOfficer.post("/api/v1/production-units", point).json();
    assertThat(created.path("geometryKind").asString()).isEqualTo("POINT");
    assertThat(created.path("declaredAreaHa").asDouble()).isEqualTo(1.75);
    assertThat(created.path("computedAreaHa").asDouble()).isZero();
    assertThat(created.path("areaHa").asDouble()).isEqualTo(1.75);
  }

  @Test
  void aUnitOfAMemberTakesTheMembersOrganisationAndExportsAsCsvAndEudrGeoJson() {
    String member = createMember();
    String code = code("X");
    Map<String, Object> body = unit(code, "{\"type\":\"Point\",\"coordinates\":[-80.17,-5.1]}");
    body.remove("organisationId");
    body.put("memberId", member);
    body.put("declaredAreaHa", 0.5);
    String id = fieldOfficer.post("/api/v1/production-units", body).json().path("id").asString();
    String polygonCode = code("X");
    Map<String, Object> polygon = unit(polygonCode, PLOT);
    polygon.put("memberId", member);
    fieldOfficer.post("/api/v1/production-units", polygon);

    Http.Response csv = fieldOfficer.get("/api/v1/production-units.csv?memberId=" + member);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.getFirst()).contains("id,organisation_id,organisation_code,code,name,kind");
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(id, code, "cepicafe-chulucanas", "POINT", "0.5", "Sosa Jiménez"));

    Http.Response geojson = fieldOfficer.get("/api/v1/production-units.geojson?memberId=" + member);
    assertThat(geojson.status()).isEqualTo(200);
    assertThat(geojson.header("Content-Type")).startsWith("application/geo+json");
    JsonNode collection = geojson.json();
    assertThat(collection.path("type").asString()).isEqualTo("FeatureCollection");
    assertThat(collection.path("features")).hasSize(2);
    JsonNode pointFeature =
        collection
            .path("features")
            .valueStream()
            .filter(f -> f.path("id").asString().equals(id))
            .findFirst()
            .orElseThrow();
    JsonNode properties = pointFeature.path("properties");
    assertThat(pointFeature.path("geometry").path("type").asString()).isEqualTo("Point");
    assertThat(properties.path("ProducerName").asString()).isEqualTo("María Elena Sosa Jiménez");
    assertThat(properties.path("ProducerCountry").asString()).isEqualTo("PE");
    assertThat(properties.path("ProductionPlace").asString()).isEqualTo("Parcela La Quebrada");
    assertThat(properties.path("Area").isNumber()).isTrue();
    assertThat(properties.path("Area").asDouble()).isEqualTo(0.5);
    assertThat(properties.path("productionUnitCode").asString()).isEqualTo(code);
    JsonNode polygonFeature =
        collection
            .path("features")
            .valueStream()
            .filter(
                f -> f.path("properties").path("productionUnitCode").asString().equals(polygonCode))
            .findFirst()
            .orElseThrow();
    assertThat(polygonFeature.path("properties").has("Area")).isFalse();
  }

  @Test
  void theOrganisationFilterTakesInTheOrganisationsBelow() {
    String code = code("C");
    fieldOfficer.post("/api/v1/production-units", unit(code, PLOT));

    assertThat(listCodes("q=" + code + "&organisationId=" + organisationId("cepicafe")))
        .containsExactly(code);
    assertThat(listCodes("q=" + code + "&organisationId=" + baseOrganisation))
        .containsExactly(code);
    assertThat(listCodes("q=" + code + "&kind=MINING_CLAIM")).isEmpty();
    assertThat(listCodes("q=" + code + "&kind=FARM_PLOT")).containsExactly(code);
  }

  @Test
  void aFieldOfficerOfAnotherOrganisationSeesNothing() {
    String code = code("T");
    String id =
        fieldOfficer
            .post("/api/v1/production-units", unit(code, PLOT))
            .json()
            .path("id")
            .asString();
    Http other = Http.basic(port, "agroandino.campo", DemoUsers.PASSWORD);

    assertThat(other.get("/api/v1/production-units/" + id).status()).isEqualTo(404);
    assertThat(other.get("/api/v1/production-units/" + id + "/versions").status()).isEqualTo(404);
    Map<String, Object> edit = unit(code, PLOT);
    edit.put("version", 1);
    assertThat(other.put("/api/v1/production-units/" + id, edit).status()).isEqualTo(404);
    assertThat(other.get("/api/v1/production-units?q=" + code).json().path("totalItems").asLong())
        .isZero();
    Map<String, Object> intoCepicafe = unit(code("T"), PLOT);
    Http.Response refused = other.language("en").post("/api/v1/production-units", intoCepicafe);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").findValuesAsString("field"))
        .contains("organisationId");
  }

  @Test
  void anAuditorReadsTheUnitsButMayNotRecordOrChangeThem() {
    String code = code("A");
    String id =
        fieldOfficer
            .post("/api/v1/production-units", unit(code, PLOT))
            .json()
            .path("id")
            .asString();
    Http auditor = Http.basic(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    long units = count("production_unit");
    long versions = count("production_unit_version");

    assertThat(auditor.get("/api/v1/production-units/" + id).status()).isEqualTo(200);
    assertThat(auditor.post("/api/v1/production-units", unit(code("A"), PLOT)).status())
        .isEqualTo(403);
    Map<String, Object> edit = unit(code, BIGGER_PLOT);
    edit.put("version", 1);
    assertThat(auditor.put("/api/v1/production-units/" + id, edit).status()).isEqualTo(403);
    assertThat(
            auditor
                .post("/api/v1/production-units/" + id + "/deactivate", Map.of("version", 1))
                .status())
        .isEqualTo(403);
    assertThat(count("production_unit")).isEqualTo(units);
    assertThat(count("production_unit_version")).isEqualTo(versions);
  }

  @Test
  void aDuplicateCodeAndAMemberOfAnotherOrganisationAreRefused() {
    String code = code("U");
    fieldOfficer.post("/api/v1/production-units", unit(code, PLOT));
    String member = createMember();
    Map<String, Object> again = unit(code.toLowerCase(), PLOT);
    again.put("memberId", member);
    again.put("organisationId", organisationId("cepicafe"));

    Http.Response refused = fieldOfficer.language("en").post("/api/v1/production-units", again);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").findValuesAsString("code"))
        .contains("production-unit.member.other-organisation");
    Map<String, Object> duplicate = unit(code.toLowerCase(), PLOT);
    assertThat(
            fieldOfficer
                .language("en")
                .post("/api/v1/production-units", duplicate)
                .json()
                .path("errors")
                .findValuesAsString("message"))
        .contains("Another production unit of the organisation already has this code.");
  }

  static Stream<Arguments> invalidGeometries() {
    return Stream.of(
        Arguments.of(
            "unclosed ring",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],"
                + "[-80.159,-5.089],[-80.16,-5.089]]]}",
            "en",
            "geo.ring.unclosed",
            "Polygon 1: the ring is not closed; the last position must repeat the first."),
        Arguments.of(
            "self-intersection",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.089],"
                + "[-80.159,-5.09],[-80.16,-5.089],[-80.16,-5.09]]]}",
            "es",
            "geo.ring.self-intersection",
            "Polígono 1: el borde se cruza a sí mismo cerca de latitud -5.089500, longitud"
                + " -80.159500."),
        Arguments.of(
            "fewer than 4 positions",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],"
                + "[-80.16,-5.09]]]}",
            "fr",
            "geo.ring.too-few-positions",
            null),
        Arguments.of(
            "latitude and longitude swapped (Peru)",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-5.09,-80.16],[-5.09,-80.159],"
                + "[-5.089,-80.159],[-5.089,-80.16],[-5.09,-80.16]]]}",
            "en",
            "geo.swapped-for-country",
            "The coordinates fall outside PE, but inside if swapped: GeoJSON uses [longitude,"
                + " latitude]."),
        Arguments.of(
            "latitude out of range",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-95.09],"
                + "[-80.159,-5.089],[-80.16,-5.089],[-80.16,-5.09]]]}",
            "en",
            "geo.position.latitude-range",
            "Vertex 2: latitude -95.090000 is outside −90 to 90."),
        Arguments.of(
            "longitude out of range",
            "{\"type\":\"Point\",\"coordinates\":[-280.16,-5.09]}",
            "es",
            "geo.position.longitude-range",
            "Vértice 1: la longitud -280.160000 está fuera del rango −180 a 180."),
        Arguments.of(
            "hole",
            "{\"type\":\"Polygon\",\"coordinates\":["
                + "[[-80.17,-5.10],[-80.15,-5.10],[-80.15,-5.08],[-80.17,-5.08],[-80.17,-5.10]],"
                + "[[-80.165,-5.095],[-80.165,-5.085],[-80.155,-5.085],[-80.155,-5.095],"
                + "[-80.165,-5.095]]]}",
            "fr",
            "geo.polygon.hole",
            null),
        Arguments.of("not JSON", "{\"type\": Polygon", "en", "geo.json.malformed", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidGeometries")
  void anInvalidGeometryIsRefusedInTheCallersLanguageAndNothingIsWritten(
      String name, String geometry, String language, String key, String message) {
    long units = count("production_unit");
    long versions = count("production_unit_version");
    long audits = count("audit_event");

    Http.Response refused =
        fieldOfficer.language(language).post("/api/v1/production-units", unit(code("I"), geometry));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = refused.json().path("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("field").asString()).isEqualTo("geometry");
    assertThat(errors.get(0).path("code").asString()).isEqualTo(key);
    if (message != null) {
      assertThat(errors.get(0).path("message").asString()).isEqualTo(message);
    } else if (language.equals("fr")) {
      assertThat(errors.get(0).path("message").asString()).startsWith("Polygone 1");
    }
    assertThat(count("production_unit")).isEqualTo(units);
    assertThat(count("production_unit_version")).isEqualTo(versions);
    assertThat(count("audit_event")).isEqualTo(audits);
  }

  @Test
  void anInvalidGeometryInAnEditLeavesTheUnitAsItWas() {
    String code = code("K");
    String id =
        fieldOfficer
            .post("/api/v1/production-units", unit(code, PLOT))
            .json()
            .path("id")
            .asString();
    long versions = count("production_unit_version");
    long audits = count("audit_event");
    Map<String, Object> edit =
        unit(
            code,
            "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.089],"
                + "[-80.159,-5.09],[-80.16,-5.089],[-80.16,-5.09]]]}");
    edit.put("version", 1);

    assertThat(fieldOfficer.put("/api/v1/production-units/" + id, edit).status()).isEqualTo(400);
    assertThat(count("production_unit_version")).isEqualTo(versions);
    assertThat(count("audit_event")).isEqualTo(audits);
    JsonNode unit = fieldOfficer.get("/api/v1/production-units/" + id).json();
    assertThat(unit.path("version").asInt()).isEqualTo(1);
    assertThat(unit.path("computedAreaHa").asDouble()).isCloseTo(1.2267, within(0.01));
  }

  @Test
  void theGeometryMayAlsoComeAsAStringOrAFeature() {
    Map<String, Object> asString = unit(code("S"), PLOT);
    asString.put("geometry", PLOT);
    Map<String, Object> asFeature = unit(code("S"), PLOT);
    asFeature.put(
        "geometry",
        Map.of("type", "Feature", "properties", Map.of(), "geometry", Http.JSON.readTree(PLOT)));

    JsonNode a = fieldOfficer.post("/api/v1/production-units", asString).json();
    JsonNode b = fieldOfficer.post("/api/v1/production-units", asFeature).json();

    assertThat(a.path("geometry")).isEqualTo(b.path("geometry"));
    assertThat(b.path("geometry").path("type").asString()).isEqualTo("Polygon");
  }

  private List<String> listCodes(String query) {
    return fieldOfficer
        .get("/api/v1/production-units?" + query)
        .json()
        .path("items")
        .valueStream()
        .map(i -> i.path("code").asString())
        .toList();
  }

  private String createMember() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", baseOrganisation);
    m.put("memberCode", code("M"));
    m.put("kind", "PERSON");
    m.put("givenNames", "María Elena");
    m.put("familyNames", "Sosa Jiménez");
    m.put("gender", "FEMALE");
    m.put("joinDate", "2019-03-01");
    Http.Response created = fieldOfficer.post("/api/v1/members", m);
    assertThat(created.status()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  private Map<String, Object> unit(String code, String geometry) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("organisationId", baseOrganisation);
    u.put("code", code);
    u.put("name", "Parcela La Quebrada");
    u.put("kind", "FARM_PLOT");
    u.put("geometry", geometry.startsWith("{\"type\"") ? parseOrText(geometry) : geometry);
    u.put("mainProducts", List.of("cacao", "banano"));
    return u;
  }

  private static Object parseOrText(String geometry) {
    try {
      return Http.JSON.readTree(geometry);
    } catch (RuntimeException e) {
      return geometry;
    }
  }

  private long count(String tableAndWhere) {
    return jdbc.sql("select count(*) from " + tableAndWhere).query(Long.class).single();
  }

  private static String code(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
