package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A product is changed through the API and on its page: name, GTIN, whether it is offered for new
 * lots, its kind and unit only while no lot is of it; never its code; a change made on an older
 * version is refused; a product no longer offered takes no new lots until offered again.
 */
@AyniIntegrationTest
class ProductChangeTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  TraceFixtures f;
  Http api;
  Http session;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
  }

  @Test
  void theApiChangesAProductAndKeepsWhatEventsNameItBy() {
    String path = "/api/v1/products/" + f.wet.id();
    Map<String, Object> change = change(f.wet.version());
    change.put("name", "Cacao en baba fresco " + f.tag);
    change.put("unit", "TNE");
    Http.Response changed = api.put(path, change);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("name").asString()).isEqualTo("Cacao en baba fresco " + f.tag);
    assertThat(changed.json().path("unit").asString()).as("no lot yet").isEqualTo("TNE");
    assertThat(changed.json().path("version").asInt()).isEqualTo(f.wet.version() + 1);

    assertThat(api.put(path, change(f.wet.version())).status())
        .as("made on the version before")
        .isEqualTo(409);

    change = change(f.wet.version() + 1);
    change.put("unit", "KGM");
    assertThat(api.put(path, change).status()).isEqualTo(200);
    f.delivered(api, f.memberA, f.plotA1, "PC-" + f.tag, 10);
    change = change(f.wet.version() + 2);
    change.put("unit", "GRM");
    change.put("code", "OTHER-" + f.tag);
    Http.Response refused = api.put(path, change);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(codes(refused.json()))
        .containsExactlyInAnyOrder("trace.product.unit-fixed", "trace.product.code-fixed");
  }

  @Test
  void aProductNoLongerOfferedTakesNoNewLotsUntilOfferedAgain() {
    String path = "/api/v1/products/" + f.wet.id();
    Map<String, Object> change = change(f.wet.version());
    change.put("active", false);
    assertThat(api.put(path, change).status()).isEqualTo(200);

    Http.Response refused =
        api.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "PX-" + f.tag, 10));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(codes(refused.json())).containsExactly("trace.product.inactive");
    assertThat(session.get("/trace/members/" + f.memberA.id() + "/receipts").body())
        .as("not offered on the delivery form")
        .doesNotContain(f.wet.name());

    change = change(f.wet.version() + 1);
    change.put("active", true);
    assertThat(api.put(path, change).status()).isEqualTo(200);
    f.delivered(api, f.memberA, f.plotA1, "PX-" + f.tag, 10);
  }

  @Test
  void theProductsPageChangesAProductForThoseWhoRecordForItsOrganisation() {
    String list = "/trace/products?organisationId=" + f.cepicafe;
    String edit = "/trace/products/" + f.dry.id() + "/edit";
    assertThat(session.get(list).body()).contains(edit);
    assertThat(session.get(edit).body())
        .contains("id=\"product-form\"", f.dry.code(), "value=\"" + f.dry.name() + "\"")
        .doesNotContain("??");

    Map<String, String> form = new HashMap<>();
    form.put("version", String.valueOf(f.dry.version()));
    form.put("name", "");
    form.put("kind", "CACAO_DRY");
    form.put("unit", "KGM");
    form.put("gtin", f.dry.gtin());
    Http.Response refused = session.submit(edit, "/trace/products/" + f.dry.id(), form);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body()).contains("has-error", "Este dato es obligatorio.");

    form.put("name", "Cacao en grano seco " + f.tag);
    Http.Response saved = session.submit(edit, "/trace/products/" + f.dry.id(), form);
    assertThat(saved.status()).isEqualTo(302);
    assertThat(session.get(list).body())
        .contains("Cacao en grano seco " + f.tag)
        .as("the box left unticked: no longer offered")
        .contains("No se ofrece");

    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(list).body()).doesNotContain(edit);
    assertThat(auditor.get(edit).status()).isEqualTo(403);
    Http outsider = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsider.get(edit).status()).isEqualTo(404);
  }

  /**
   * The kind decides which conversion factor holds a product's transformations: like the unit, it
   * changes while no lot is of the product and then stays (a field officer could otherwise make a
   * transformation refused pass by changing it), on the API and the page.
   */
  @Test
  void theKindOfAProductStaysOnceLotsAreOfIt() {
    String path = "/api/v1/products/" + f.wet.id();
    Map<String, Object> change = change(f.wet.version());
    change.put("kind", "OTHER");
    assertThat(api.put(path, change).status()).as("no lot yet").isEqualTo(200);
    assertThat(api.put(path, change(f.wet.version() + 1)).status()).isEqualTo(200);
    f.delivered(api, f.memberA, f.plotA1, "PK-" + f.tag, 10);

    change = change(f.wet.version() + 2);
    change.put("kind", "CACAO_DRY");
    Http.Response refused = api.put(path, change);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonNode error = refused.json().path("errors").get(0);
    assertThat(error.path("field").asString()).isEqualTo("kind");
    assertThat(codes(refused.json())).containsExactly("trace.product.kind-fixed");
    assertThat(error.path("message").asString()).contains("CACAO_WET");
    assertThat(api.get(path).json().path("kind").asString()).isEqualTo("CACAO_WET");

    String edit = "/trace/products/" + f.wet.id() + "/edit";
    Map<String, String> form = new HashMap<>();
    form.put("version", String.valueOf(f.wet.version() + 2));
    form.put("name", f.wet.name());
    form.put("kind", "CACAO_DRY");
    form.put("unit", f.wet.unit());
    Http.Response shown = session.submit(edit, "/trace/products/" + f.wet.id(), form);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.field("kind"))
        .contains("has-error", "Ya hay lotes de este producto como Cacao en baba");

    form.put("kind", "CACAO_WET");
    form.put("name", "Cacao en baba fresco " + f.tag);
    assertThat(session.submit(edit, "/trace/products/" + f.wet.id(), form).status())
        .as("the rest still changes")
        .isEqualTo(302);
  }

  /**
   * An own factor above 1 recorded while the product was of the kind OTHER stays listed when the
   * product becomes wet cacao, which the planner holds to its inputs whatever the factor: the
   * factors page says so beside it (QA of 2026-12-07g, N2).
   */
  @Test
  void aFactorAboveOneOfAProductNowHeldToItsInputsIsShownAsAppliedAsOne() {
    String path = "/api/v1/products/" + f.wet.id();
    Map<String, Object> change = change(f.wet.version());
    change.put("kind", "OTHER");
    assertThat(api.put(path, change).status()).isEqualTo(200);
    Http admin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Map<String, Object> factor = new HashMap<>();
    factor.put("organisationId", f.cepicafe);
    factor.put("productId", f.wet.id());
    factor.put("step", "COMMISSIONING");
    factor.put("maxYield", 2);
    factor.put("source", "Receta " + f.tag);
    factor.put("verification", "P");
    Http.Response recorded = admin.post("/api/v1/conversion-factors", factor);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    String id = recorded.json().path("id").asString();
    String page = "/trace/factors?organisationId=" + f.cepicafe;
    Http pages = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    assertThat(row(pages.get(page).body(), id))
        .as("of the kind OTHER, the factor applies as recorded")
        .doesNotContain("held-to-inputs");

    assertThat(api.put(path, change(f.wet.version() + 1)).status()).isEqualTo(200);
    assertThat(row(pages.get(page).body(), id))
        .contains("held-to-inputs", "se aplica como 1", "«Cacao en baba»");
    assertThat(row(pages.get(page + "&lang=en").body(), id))
        .contains("applied as 1: a product of the kind “Wet cacao”");

    // withdrawn, it no longer applies, as 1 or otherwise (QA of 2026-12-07h, 5)
    assertThat(admin.post("/api/v1/conversion-factors/" + id + "/withdrawal", Map.of()).status())
        .isEqualTo(201);
    List<String> rows =
        Arrays.stream(pages.get(page).body().split("<tr"))
            .filter(row -> row.contains("</tr>"))
            .map(row -> row.substring(0, row.indexOf("</tr>")))
            .filter(row -> row.contains(f.wet.name()))
            .toList();
    assertThat(rows).as("the factor and its withdrawal").hasSize(2);
    assertThat(rows).noneMatch(row -> row.contains("held-to-inputs"));
  }

  /** The factors page's row of a factor, found by its withdrawal form. */
  private static String row(String page, String factorId) {
    int at = page.indexOf("/trace/factors/" + factorId + "/withdrawal");
    assertThat(at).as("the factor's row").isPositive();
    return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
  }

  /** GS1 allows no GTIN of zeros only, though its check digit is right: refused like any other. */
  @Test
  void aGtinOfZerosOnlyIsRefusedBesideTheField() {
    Http.Response refused =
        api.post("/api/v1/products", f.newProduct("ZERO-" + f.tag, "00000000000000"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("gtin");
    assertThat(codes(refused.json())).containsExactly("trace.gtin.invalid");

    Map<String, Object> change = change(f.wet.version());
    change.put("gtin", "00000000");
    Http.Response changed = api.put("/api/v1/products/" + f.wet.id(), change);
    assertThat(changed.status()).as(changed.body()).isEqualTo(400);
    assertThat(codes(changed.json())).containsExactly("trace.gtin.invalid");

    String edit = "/trace/products/" + f.wet.id() + "/edit";
    Map<String, String> form = new HashMap<>();
    form.put("version", String.valueOf(f.wet.version()));
    form.put("name", f.wet.name());
    form.put("kind", f.wet.kind().name());
    form.put("unit", f.wet.unit());
    form.put("gtin", "000000000000");
    Http.Response shown = session.submit(edit, "/trace/products/" + f.wet.id(), form);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.field("gtin")).contains("has-error", "No es un GTIN válido");
  }

  private Map<String, Object> change(int version) {
    Map<String, Object> change = new HashMap<>();
    change.put("version", version);
    change.put("name", f.wet.name());
    change.put("kind", f.wet.kind().name());
    change.put("unit", f.wet.unit());
    return change;
  }

  private static java.util.List<String> codes(JsonNode problem) {
    java.util.List<String> codes = new java.util.ArrayList<>();
    problem.path("errors").forEach(e -> codes.add(e.path("code").asString()));
    return codes;
  }
}
