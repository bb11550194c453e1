package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@AyniIntegrationTest
class ProductionUnitPageTests {

  static final String PLOT = ProductionUnitApiTests.PLOT;
  static final String BIGGER_PLOT = ProductionUnitApiTests.BIGGER_PLOT;

  static final String UNCLOSED =
      "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],"
          + "[-80.159,-5.089],[-80.16,-5.089]]]}";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Http browser;
  String baseOrganisation;

  @BeforeEach
  void setUp() {
    browser = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    baseOrganisation = organisationId("cepicafe-chulucanas");
  }

  @Test
  void anInvalidPolygonPostedThroughTheFormIsExplainedBesideTheFieldAndNothingIsWritten() {
    long units = count("production_unit");
    long versions = count("production_unit_version");
    long audits = count("audit_event");

    Http.Response page =
        browser.submit("/production-units/new", "/production-units/new", form(code(), UNCLOSED));

    assertThat(page.status()).isEqualTo(200);
    String geometryField = fieldAround(page.body(), "geometry");
    assertThat(geometryField).contains("has-error");
    assertThat(geometryField)
        .contains(
            "<span class=\"field-error\" id=\"geometry-error\">Polígono 1: el anillo no está"
                + " cerrado; la última posición debe repetir la primera.</span>");
    assertThat(geometryField).contains("[-80.159,-5.089]");
    assertThat(count("production_unit")).isEqualTo(units);
    assertThat(count("production_unit_version")).isEqualTo(versions);
    assertThat(count("audit_event")).isEqualTo(audits);

    Http.Response english =
        browser.submit(
            "/production-units/new", "/production-units/new?lang=en", form(code(), UNCLOSED));
    assertThat(fieldAround(english.body(), "geometry"))
        .contains(
            "Polygon 1: the ring is not closed; the last position must repeat the first.</span>");
    browser.get("/production-units?lang=es");
  }

  @Test
  void aPolygonRecordedThroughTheFormShowsItsAreaCentroidAndMap() {
    String code = code();
    Http.Response saved =
        browser.submit("/production-units/new", "/production-units/new", form(code, PLOT));

    assertThat(saved.status()).isEqualTo(302);
    String location = saved.header("Location");
    assertThat(location).matches(".*/production-units/[0-9a-f-]{36}$");
    String id = location.substring(location.lastIndexOf('/') + 1);
    JsonNode unit =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .get("/api/v1/production-units/" + id)
            .json();

    Http.Response view = browser.get("/production-units/" + id);
    assertThat(view.status()).isEqualTo(200);
    String facts = view.body();
    assertThat(facts).contains("Parcela El Algarrobo", "Parcela agrícola", "Polígono");
    assertThat(facts)
        .contains(
            "id=\"computed-area\">"
                + String.format(
                    java.util.Locale.ROOT, "%.4f", unit.path("computedAreaHa").asDouble())
                + "<");
    assertThat(facts).contains("id=\"centroid\">-5.089500, -80.159500<");
    assertThat(facts).contains("data-geojson=\"{&quot;type&quot;:&quot;Polygon&quot;");
    assertThat(facts).contains("data-tiles=\"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png\"");
    assertThat(facts)
        .contains("/production-units/context.geojson?organisationId=" + baseOrganisation);
    assertThat(facts).contains("id=\"production-unit-versions\"");
  }

  @Test
  void anEditThroughTheFormKeepsTheOldVersionWhichTheMapCanShow() {
    String code = code();
    String id = create(code, PLOT);

    Map<String, String> edit = form(code, BIGGER_PLOT);
    edit.put("version", "1");
    edit.put("changeNote", "Ampliación medida con GPS");
    Http.Response saved =
        browser.submit(
            "/production-units/" + id + "/edit", "/production-units/" + id + "/edit", edit);
    assertThat(saved.status()).isEqualTo(302);

    String current = browser.get("/production-units/" + id).body();
    assertThat(current).contains("Ampliación medida con GPS");
    assertThat(current).contains("-80.158");
    String old = browser.get("/production-units/" + id + "?version=1").body();
    assertThat(old).contains("El mapa muestra la versión 1");
    String map = old.substring(old.indexOf("id=\"production-unit-map\""));
    map = map.substring(0, map.indexOf('>'));
    assertThat(map).contains("-80.159").doesNotContain("-80.158");
    assertThat(browser.get("/production-units/" + id + "?version=7").status()).isEqualTo(404);
  }

  @Test
  void deactivatingThroughThePageKeepsTheUnitAsAnInactiveVersion() {
    String id = create(code(), PLOT);

    Http.Response done =
        browser.submit(
            "/production-units/" + id,
            "/production-units/" + id + "/deactivate",
            Map.of("version", "1", "changeNote", "Abandonada"));

    assertThat(done.status()).isEqualTo(302);
    String page = browser.get("/production-units/" + id).body();
    assertThat(page).contains("badge inactive").contains("Abandonada");
    assertThat(
            jdbc.sql("select active from production_unit where id = ?")
                .param(UUID.fromString(id))
                .query(Boolean.class)
                .single())
        .isFalse();
    assertThat(page).contains("/production-units/" + id + "/reactivate");
  }

  @Test
  void aFieldOfficerOfAnotherOrganisationGetsNotFound() {
    String id = create(code(), PLOT);
    Http other = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);

    assertThat(other.get("/production-units/" + id).status()).isEqualTo(404);
    assertThat(other.get("/production-units/" + id + "/edit").status()).isEqualTo(404);
    assertThat(
            other
                .get("/production-units/context.geojson?organisationId=" + baseOrganisation)
                .json()
                .path("features"))
        .isEmpty();
  }

  @Test
  void theListFiltersExportsAndFeedsTheMapsContextLayer() {
    String code = code();
    String id = create(code, PLOT);
    String other =
        create(code(), BIGGER_PLOT.replace("-80.16", "-80.2").replace("-80.158", "-80.199"));

    String list = browser.get("/production-units?q=" + code).body();
    assertThat(list).contains(code, "/production-units/" + id, "Parcela El Algarrobo");
    assertThat(list).contains("/production-units/export.csv?q=" + code);
    assertThat(list).contains("class=\"map-collection\"");

    Http.Response csv = browser.get("/production-units/export.csv?q=" + code);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body().lines()).hasSize(2);
    assertThat(csv.body()).contains(id);

    JsonNode context =
        browser
            .get(
                "/production-units/context.geojson?organisationId="
                    + organisationId("cepicafe")
                    + "&except="
                    + id)
            .json();
    assertThat(context.path("type").asString()).isEqualTo("FeatureCollection");
    assertThat(context.path("features").valueStream().map(f -> f.path("id").asString()))
        .contains(other)
        .doesNotContain(id);
  }

  @Test
  void theNewFormForAMemberPicksTheMembersOrganisationAndKind() {
    String member = createMember();

    String page = browser.get("/production-units/new?memberId=" + member).body();

    assertThat(page).containsPattern("<option value=\"" + member + "\" selected=\"selected\"");
    assertThat(page)
        .containsPattern("<option value=\"" + baseOrganisation + "\" selected=\"selected\"");
    assertThat(page).containsPattern("<option value=\"FARM_PLOT\" selected=\"selected\"");
    assertThat(page).contains("id=\"geometry-map\"", "data-geojson-source=\"#geometry\"");
  }

  /** The form field (div.field) that holds the input with this id. */
  private static String fieldAround(String html, String id) {
    int at = html.indexOf("id=\"" + id + "\"");
    assertThat(at).as("field %s", id).isPositive();
    int start = html.lastIndexOf("<div class=\"field", at);
    Matcher end = Pattern.compile("<div class=\"point-entry|</div>").matcher(html);
    assertThat(end.find(at)).isTrue();
    return html.substring(start, end.start());
  }

  private String create(String code, String geometry) {
    Http.Response saved =
        browser.submit("/production-units/new", "/production-units/new", form(code, geometry));
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    String location = saved.header("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private String createMember() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", baseOrganisation);
    m.put("memberCode", code());
    m.put("kind", "PERSON");
    m.put("givenNames", "Segundo");
    m.put("familyNames", "Jiménez");
    m.put("gender", "MALE");
    m.put("joinDate", "2018-05-01");
    return Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
        .post("/api/v1/members", m)
        .json()
        .path("id")
        .asString();
  }

  private Map<String, String> form(String code, String geometry) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("organisationId", baseOrganisation);
    f.put("memberId", "");
    f.put("code", code);
    f.put("name", "Parcela El Algarrobo");
    f.put("kind", "FARM_PLOT");
    f.put("declaredAreaHa", "");
    f.put("mainProducts", "cacao");
    f.put("geometry", geometry);
    f.put("changeNote", "");
    f.put("version", "");
    return f;
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static String code() {
    return "W-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
