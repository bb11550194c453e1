package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The other operations: a quality inspection with its measurements, a lot received from a supplier
 * outside the platform, merges of one product only, products with a checked GTIN, and the lot list
 * with its filters.
 */
@AyniIntegrationTest
class TraceOperationsTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  TraceFixtures f;
  Http campo;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    campo = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).language("en");
  }

  @Test
  void anInspectionOfGoldRecordsItsFinenessAndOnlyGoldHasOne() {
    Map<String, Object> product = f.newProduct("AU-" + f.tag, null);
    product.put("kind", "GOLD");
    product.put("unit", "GRM");
    Http.Response gold = campo.post("/api/v1/products", product);
    assertThat(gold.status()).as(gold.body()).isEqualTo(201);
    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, "AU-" + f.tag, 250);
    receipt.put("productId", gold.json().path("id").asString());
    String lot = TraceChainTests.created(campo.post("/api/v1/trace/receipts", receipt));
    String cacao = f.delivered(campo, f.memberA, f.plotA1, "AC-" + f.tag, 80);

    Http session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(session.get("/trace/lots/" + lot).body())
        .as("the inspection form asks gold its fineness, not its moisture")
        .contains("name=\"finenessPerMille\"", "Ley del oro (milésimas)")
        .doesNotContain("name=\"moisturePercent\"");
    assertThat(session.get("/trace/lots/" + cacao).body())
        .contains("name=\"moisturePercent\"")
        .doesNotContain("name=\"finenessPerMille\"");

    Map<String, Object> inspection = new HashMap<>();
    inspection.put("outcome", "CONFORMANT");
    inspection.put("finenessPerMille", 916.5);
    JsonNode notGold = refusal(cacao, inspection).get(0);
    assertThat(notGold.path("field").asString()).isEqualTo("finenessPerMille");
    assertThat(notGold.path("message").asString())
        .isEqualTo("This measurement is not taken of a lot of this kind of product.");
    // nor moisture or a cut test of gold (the form does not ask them)
    Map<String, Object> ofGold = new HashMap<>();
    ofGold.put("outcome", "CONFORMANT");
    ofGold.put("moisturePercent", 5);
    ofGold.put("cutTestBeans", 300);
    assertThat(refusal(lot, ofGold).findValuesAsString("field"))
        .containsExactlyInAnyOrder("moisturePercent", "cutTestBeans");
    inspection.put("finenessPerMille", 916.555);
    assertThat(refusal(lot, inspection).get(0).path("code").asString())
        .as("a fineness to two decimals at most (1e-400 was taken)")
        .isEqualTo("trace.inspection.decimals");
    inspection.put("finenessPerMille", 1000.5);
    assertThat(refusal(lot, inspection).get(0).path("code").asString())
        .isEqualTo("trace.inspection.fineness");

    inspection.put("finenessPerMille", 916.50);
    Http.Response recorded = campo.post("/api/v1/lots/" + lot + "/inspections", inspection);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    JsonNode event =
        campo
            .get(
                "/epcis/events?EQ_bizStep=inspecting&MATCH_anyEPCClass=urn:ayni:lot:cepicafe:AU-"
                    + f.tag)
            .json()
            .at("/epcisBody/queryResults/resultsBody/eventList/0");
    assertThat(event.path("ayni:finenessPerMille").isNumber()).as("%s", event).isTrue();
    assertThat(event.path("ayni:finenessPerMille").asDouble()).isEqualTo(916.5);
    assertThat(session.get("/trace/lots/" + lot).body())
        .as("in the timeline, by its label")
        .contains("Ley del oro (milésimas): 916.5");
  }

  /** The problems of an inspection of the lot that must be refused (400). */
  private JsonNode refusal(String lot, Map<String, Object> inspection) {
    Http.Response refused = campo.post("/api/v1/lots/" + lot + "/inspections", inspection);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    return refused.json().path("errors");
  }

  @Test
  void anInspectionRecordsItsOutcomeAndMeasurementsAndChecksTheCutTest() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "I-" + f.tag, 80);
    Map<String, Object> inspection = new HashMap<>();
    inspection.put("outcome", "NON_CONFORMANT");
    inspection.put("moisturePercent", 9.5);
    inspection.put("cutTestBeans", 300);
    inspection.put("wellFermented", 200);
    inspection.put("mouldy", 40);
    inspection.put("slaty", 70);
    Http.Response refused = campo.post("/api/v1/lots/" + lot + "/inspections", inspection);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("message").asString())
        .isEqualTo("The cut-test categories add up to 310 beans, more than the 300 cut.");

    // a bound written as quantities are, without a thousands separator (QA of 2026-12-07:
    // "Debe estar entre 0 y 10.000" beside "618.4 kg")
    inspection.put("slaty", 20_000);
    Http.Response range =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .post("/api/v1/lots/" + lot + "/inspections", inspection);
    assertThat(range.json().path("errors").findValuesAsString("message"))
        .contains("Debe estar entre 0 y 10000.");

    inspection.put("slaty", 20);
    inspection.put("note", "Mohoso, no exportable");
    Http.Response recorded = campo.post("/api/v1/lots/" + lot + "/inspections", inspection);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.json().path("lots").get(0).path("disposition").asString())
        .isEqualTo("non_conformant");
    JsonNode timeline = campo.get("/api/v1/lots/" + lot + "/events").json();
    JsonNode last = timeline.get(timeline.size() - 1);
    assertThat(last.path("bizStep").asString()).isEqualTo("inspecting");
    assertThat(last.path("disposition").asString()).isEqualTo("non_conformant");
    assertThat(last.path("measurements").path("ayni:moisturePercent").asString()).isEqualTo("9.5");
    assertThat(last.path("measurements").path("ayni:cutTestMouldy").asString()).isEqualTo("40");
    assertThat(last.path("measurements").path("ayni:inspectionNote").asString())
        .isEqualTo("Mohoso, no exportable");
    assertThat(last.path("quantities").get(0).path("quantity").asDouble()).isEqualTo(80.0);

    // the measurements are numbers in the EPCIS event, so queries compare them as numbers
    String epcis = "/epcis/events?MATCH_anyEPCClass=urn:ayni:lot:cepicafe:I-" + f.tag;
    JsonNode event =
        campo
            .get(epcis)
            .json()
            .path("epcisBody")
            .path("queryResults")
            .path("resultsBody")
            .path("eventList")
            .get(1);
    assertThat(event.path("ayni:moisturePercent").isNumber()).as("%s", event).isTrue();
    assertThat(event.path("ayni:cutTestBeans").asInt()).isEqualTo(300);
    assertThat(event.path("ayni:inspectionNote").isString()).isTrue();
    for (String matching : List.of("&LE_ayni:moisturePercent=9.5", "&GT_ayni:cutTestMouldy=39")) {
      assertThat(eventCount(epcis + matching)).as(matching).isEqualTo(1);
    }
    assertThat(eventCount(epcis + "&LT_ayni:moisturePercent=9.5")).isZero();
  }

  private int eventCount(String path) {
    return campo
        .get(path)
        .json()
        .path("epcisBody")
        .path("queryResults")
        .path("resultsBody")
        .path("eventList")
        .size();
  }

  @Test
  void aTimeSentAsJsonIsRecordedAtTheOrganisationsOffset() {
    for (String sent : List.of("2026-11-20T10:00:00-05:00", "2026-11-20T15:00:00Z")) {
      String code = "TZ" + sent.length() + "-" + f.tag;
      Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, code, 10);
      receipt.put("receivedAt", sent);
      TraceChainTests.created(campo.post("/api/v1/trace/receipts", receipt));
      JsonNode event =
          campo
              .get("/epcis/events?MATCH_anyEPCClass=urn:ayni:lot:cepicafe:" + code)
              .json()
              .path("epcisBody")
              .path("queryResults")
              .path("resultsBody")
              .path("eventList")
              .get(0);
      assertThat(event.path("eventTimeZoneOffset").asString()).as(sent).isEqualTo("-05:00");
      assertThat(java.time.OffsetDateTime.parse(event.path("eventTime").asString()))
          .as(sent)
          .isEqualTo(java.time.OffsetDateTime.parse("2026-11-20T10:00:00-05:00"));
    }
  }

  @Test
  void aLotFromASupplierOutsideThePlatformBecomesALotOfTheOrganisation() {
    String gtin = TraceFixtures.gtin();
    String identifier = "https://id.gs1.org/01/" + gtin + "/10/EXT" + f.tag;
    Map<String, Object> receipt = new HashMap<>();
    receipt.put("organisationId", f.cepicafe);
    // as the supplier's label reads: its own host and a best-before date; kept as Ayni spells it
    receipt.put(
        "lotIdentifier", "https://example.org/01/" + gtin + "/10/EXT" + f.tag + "?15=270630");
    receipt.put("quantity", 250);
    receipt.put("productId", f.wet.id());
    receipt.put("supplierName", "Asociación Vecina " + f.tag);
    Http.Response created = campo.post("/api/v1/trace/organisation-receipts", receipt);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode lot = created.json().path("lots").get(0);
    assertThat(lot.path("identifier").asString()).isEqualTo(identifier);
    assertThat(lot.path("code").asString()).isEqualTo("EXT" + f.tag);
    assertThat(lot.path("productId").asString()).isEqualTo(f.wet.id().toString());
    assertThat(lot.path("stock").asDouble()).isEqualTo(250.0);
    JsonNode back = campo.get("/api/v1/lots/" + lot.path("id").asString() + "/backward").json();
    assertThat(back.path("members").get(0).path("sourceParty").asString())
        .isEqualTo("urn:ayni:party:cepicafe:asociacion-vecina-" + f.tag);
    assertThat(back.path("members").get(0).path("sourceName").asString())
        .as("the supplier's name as the receipt gave it")
        .isEqualTo("Asociación Vecina " + f.tag);
    assertThat(back.path("receiptShare").asDouble()).isEqualTo(1.0);
    String page =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .get("/trace/lots/" + lot.path("id").asString() + "?lang=en")
            .body();
    assertThat(page)
        .as("a supplier is not shown as a member")
        .contains("Contributing members and suppliers", ">Supplier</span>")
        .contains("account for 100.00 % of the lot (one delivery or purchase).")
        .contains(">Asociación Vecina " + f.tag + "</span>");

    // a product that is not the organisation's: that alone is said (the unit would follow from it)
    Map<String, Object> unknown = new HashMap<>(receipt);
    unknown.remove("lotIdentifier");
    unknown.put("productId", java.util.UUID.randomUUID());
    Http.Response refused = campo.post("/api/v1/trace/organisation-receipts", unknown);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors"))
        .extracting(e -> e.path("field").asString() + " " + e.path("code").asString())
        .containsExactly("productId trace.product.unknown");

    receipt.put("lotIdentifier", "urn:epc:class:lgtin:" + lgtin(gtin) + ".EXT" + f.tag);
    Http.Response again = campo.post("/api/v1/trace/organisation-receipts", receipt);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.lot.own");
  }

  /** A GTIN-14 as an EPC's company prefix and item reference, the prefix taken as seven digits. */
  static String lgtin(String gtin) {
    return gtin.substring(1, 8) + "." + gtin.charAt(0) + gtin.substring(8, 13);
  }

  @Test
  void onlyLotsOfOneProductAreMergedAndCodesAreUnique() {
    String wet = f.delivered(campo, f.memberA, f.plotA1, "M1-" + f.tag, 100);
    String fermented =
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                f.transformation(
                    TraceStep.FERMENTING,
                    List.of(TraceFixtures.input(wet, 50)),
                    List.of(TraceFixtures.output(f.fermented, "M2-" + f.tag, 45)))));
    Map<String, Object> merge = new HashMap<>();
    merge.put("organisationId", f.cepicafe);
    merge.put("lotCode", "M1-" + f.tag);
    merge.put("inputs", List.of(TraceFixtures.input(wet, 50), TraceFixtures.input(fermented, 45)));
    Http.Response refused = campo.post("/api/v1/trace/merges", merge);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").findValuesAsString("code"))
        .containsExactlyInAnyOrder("trace.merge.same-product", "trace.lot.code-taken");

    // one new code for two parts of a split: said as such, not 'a lot with this code exists'
    Http.Response twice =
        campo.post(
            "/api/v1/lots/" + wet + "/split",
            Map.of(
                "parts",
                List.of(
                    Map.of("lotCode", "M3-" + f.tag, "quantity", 10),
                    Map.of("lotCode", "M3-" + f.tag, "quantity", 10))));
    assertThat(twice.status()).isEqualTo(400);
    JsonNode error = twice.json().path("errors").get(0);
    assertThat(error.path("code").asString()).isEqualTo("trace.lot.code-repeated");
    assertThat(error.path("field").asString()).isEqualTo("parts[1].lotCode");

    // a code that differs from a lot's only in capitals is that lot's code, on a sack or aloud
    // (QA of 2026-12-07: ent-013 was made beside ENT-013); so for two parts of one split
    Http.Response capitals =
        campo.post(
            "/api/v1/lots/" + wet + "/split",
            Map.of("parts", List.of(Map.of("lotCode", "m1-" + f.tag, "quantity", 10))));
    assertThat(capitals.status()).isEqualTo(400);
    JsonNode other = capitals.json().path("errors").get(0);
    assertThat(other.path("code").asString()).isEqualTo("trace.lot.code-capitals");
    assertThat(other.path("message").asString()).contains("M1-" + f.tag);
    Http.Response spelt =
        campo.post(
            "/api/v1/lots/" + wet + "/split",
            Map.of(
                "parts",
                List.of(
                    Map.of("lotCode", "M4-" + f.tag, "quantity", 10),
                    Map.of("lotCode", "m4-" + f.tag, "quantity", 10))));
    assertThat(spelt.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.lot.code-repeated");
  }

  @Test
  void productsHaveACheckedGtinAndLotsAreListedByProductAndStock() {
    Map<String, Object> product = f.newProduct("BAD-" + f.tag, "07751234000011");
    product.put("unit", "LBR");
    Http.Response refused = campo.post("/api/v1/products", product);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("unit", "gtin");

    String lot = f.delivered(campo, f.memberB, f.plotB1, "L1-" + f.tag, 60);
    JsonNode listed = campo.get("/api/v1/lots?productId=" + f.wet.id() + "&inStock=true").json();
    assertThat(listed.path("items").findValuesAsString("id")).containsExactly(lot);
    assertThat(
            campo
                .get("/api/v1/lots?productId=" + f.wet.id() + "&inStock=false")
                .json()
                .path("items"))
        .isEmpty();
    assertThat(campo.get("/api/v1/lots?q=L1-" + f.tag).json().path("totalItems").asInt())
        .isEqualTo(1);
    assertThat(
            campo
                .get("/api/v1/products?organisationId=" + f.cepicafe)
                .json()
                .findValuesAsString("code"))
        .contains(f.wet.code(), f.fermented.code(), f.dry.code());
  }
}
