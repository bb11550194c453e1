package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * A lot's quality verdict (its latest standing inspection) is kept apart from its disposition: a
 * shipment of part of a lot found non-conformant leaves what stays marked non-conformant on the lot
 * page, the lot list, the operation forms and the API (QA of 2026-12-07, item 3; ADR 0019).
 */
@AyniIntegrationTest
class QualityVerdictTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  TraceFixtures f;
  Http api;
  Http session;
  OffsetDateTime start;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    start = OffsetDateTime.now(ZoneOffset.ofHours(-5)).truncatedTo(ChronoUnit.MINUTES);
  }

  @Test
  void aPartialShipmentLeavesWhatStaysNonConformant() {
    String lot = delivery("QV-" + f.tag, 60, start.minusHours(5));
    String inspection = inspect(api, lot, "NON_CONFORMANT", start.minusHours(4));
    ship(lot, 20, start.minusHours(3));

    JsonNode detail = api.get("/api/v1/lots/" + lot).json();
    assertThat(detail.path("lot").path("state").asString())
        .as("the shipment's disposition, as before")
        .isEqualTo("partly_shipped");
    assertThat(detail.path("quality").path("outcome").asString()).isEqualTo("non_conformant");
    assertThat(detail.path("quality").path("eventId").asString()).isEqualTo(inspection);

    String page = session.get("/trace/lots/" + lot).body();
    assertThat(page)
        .contains("parcialmente enviado")
        .contains("class=\"badge non_conformant quality\"", ">no conforme<")
        .contains("id=\"lot-quality\">no conforme, según la inspección del ")
        .doesNotContain("??");
    assertThat(session.get("/trace?q=QV-" + f.tag).body())
        .as("the lot list")
        .contains("class=\"badge non_conformant quality\"");
    JsonNode listed = api.get("/api/v1/lots?q=QV-" + f.tag).json().path("items");
    assertThat(listed.size()).isOne();
    assertThat(listed.get(0).path("code").asString())
        .as("the lot's own fields")
        .isEqualTo("QV-" + f.tag);
    assertThat(listed.get(0).path("quality").path("outcome").asString())
        .as("the API's lot list (QA of 2026-12-07b, item 14)")
        .isEqualTo("non_conformant");
    assertThat(listed.get(0).path("quality").path("eventId").asString()).isEqualTo(inspection);
    Http.Response csv = session.get("/trace/lots/export.csv?q=QV-" + f.tag);
    assertThat(csv.status()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(2);
    List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
    List<String> cells = List.of(lines.get(1).split(","));
    assertThat(cells.get(header.indexOf("quality"))).isEqualTo("non_conformant");
    assertThat(cells.get(header.indexOf("state"))).isEqualTo("partly_shipped");
    assertThat(cells.get(header.indexOf("stock"))).startsWith("40");
    assertThat(cells.get(header.indexOf("place"))).isEqualTo("main");
    assertThat(cells.get(header.indexOf("stock")))
        .as("a plain number (QA of 2026-12-07c, 7)")
        .isEqualTo("40");
    assertThat(cells.get(header.indexOf("organisation"))).isEqualTo("Cepicafe");
    assertThat(cells.get(header.indexOf("inspected_at")))
        .as("in UTC with its seconds, as every time in the file, on either database")
        .isEqualTo(
            start
                .minusHours(4)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")));
    String shipping =
        session
            .get("/trace/operations/shipment?organisationId=" + f.cepicafe + "&q=QV-" + f.tag)
            .body();
    int row = shipping.indexOf("value=\"" + lot + "\"");
    assertThat(row).isPositive();
    assertThat(shipping.substring(row, shipping.indexOf("</td>", row)))
        .as("where it is chosen for another operation")
        .contains("badge non_conformant", "Su última inspección lo encontró");
    assertThat(shipping)
        .as("the advice in words, not only as a tooltip a tablet never shows")
        .contains("id=\"non-conformant-advice\"");
    assertThat(session.get("/trace/lots/" + lot + "?lang=en").body())
        .contains("id=\"lot-quality\">non-conformant, as inspected on ");

    // shipped in full, it is no longer the organisation's to inspect (QA of 2026-12-07, b15)
    ship(lot, 40, start.minusHours(2));
    Map<String, Object> again = new HashMap<>();
    again.put("outcome", "CONFORMANT");
    Http.Response refused = api.post("/api/v1/lots/" + lot + "/inspections", again);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.inspection.nothing-held");
    // a laboratory's result that comes late, dated when the lot was still here, is taken
    inspect(api, lot, "CONFORMANT", start.minusHours(3).plusMinutes(30));
  }

  @Test
  void theLatestStandingInspectionByEventTimeGivesTheVerdict() {
    String lot = delivery("QL-" + f.tag, 60, start.minusHours(5));
    assertThat(api.get("/api/v1/lots/" + lot).json().path("quality").isNull()).isTrue();
    assertThat(session.get("/trace/lots/" + lot).body())
        .contains("id=\"lot-quality\">Sin inspección vigente<")
        .doesNotContain("class=\"badge non_conformant quality\"");

    inspect(api, lot, "CONFORMANT", start.minusHours(4));
    String nonConformant = inspect(api, lot, "NON_CONFORMANT", start.minusHours(2));
    inspect(api, lot, "CONFORMANT", start.minusHours(3));
    assertThat(outcome(api, lot))
        .as("an inspection recorded later of an earlier time does not replace a later one")
        .isEqualTo("non_conformant");

    Map<String, Object> correction = new HashMap<>();
    correction.put("organisationId", f.cepicafe);
    correction.put("eventId", nonConformant);
    correction.put("reason", "DID_NOT_OCCUR");
    assertThat(api.post("/api/v1/trace/corrections", correction).status()).isEqualTo(201);
    assertThat(outcome(api, lot)).as("the one before it stands again").isEqualTo("conformant");
    assertThat(session.get("/trace/lots/" + lot).body())
        .contains("id=\"lot-quality\">conforme, según la inspección del ")
        .doesNotContain("class=\"badge non_conformant quality\"");
  }

  @Test
  void aPartSplitOffALotHasTheVerdictTheLotHadWhenItWasSplit() {
    String lot = delivery("QS-" + f.tag, 60, start.minusHours(6));
    String inspection = inspect(api, lot, "NON_CONFORMANT", start.minusHours(5));
    Map<String, String> parts = split(lot, start.minusHours(4), "QSA-" + f.tag, "QSB-" + f.tag);
    inspect(api, lot, "CONFORMANT", start.minusHours(3));
    Map<String, String> ofB =
        split(parts.get("QSB-" + f.tag), start.minusHours(2), "QSB1-" + f.tag, "QSB2-" + f.tag);

    String a = parts.get("QSA-" + f.tag);
    JsonNode quality = api.get("/api/v1/lots/" + a).json().path("quality");
    assertThat(quality.path("outcome").asString())
        .as("what the lot was when the part was split off, not what it was found later")
        .isEqualTo("non_conformant");
    assertThat(quality.path("eventId").asString()).isEqualTo(inspection);
    assertThat(quality.path("fromLotId").asString()).isEqualTo(lot);
    assertThat(outcome(api, ofB.get("QSB1-" + f.tag)))
        .as("a part of a part")
        .isEqualTo("non_conformant");
    assertThat(outcome(api, lot)).isEqualTo("conformant");
    assertThat(session.get("/trace/lots/" + a).body())
        .contains("class=\"badge non_conformant quality\"")
        .contains(
            "id=\"lot-quality\">no conforme, según la inspección del ",
            " del lote QS-" + f.tag + ", del que procede por división<");

    inspect(api, a, "CONFORMANT", start.minusHours(1));
    assertThat(outcome(api, a)).as("its own inspection, once it has one").isEqualTo("conformant");
    assertThat(api.get("/api/v1/lots/" + a).json().path("quality").path("fromLotId").isNull())
        .isTrue();

    Map<String, Object> correction = new HashMap<>();
    correction.put("organisationId", f.cepicafe);
    correction.put("eventId", inspection);
    correction.put("reason", "DID_NOT_OCCUR");
    assertThat(api.post("/api/v1/trace/corrections", correction).status()).isEqualTo(201);
    assertThat(api.get("/api/v1/lots/" + ofB.get("QSB2-" + f.tag)).json().path("quality").isNull())
        .as("the lot had no standing verdict when it was split")
        .isTrue();
  }

  @Test
  void aBuyerThatSplitsAPartItReceivedDoesNotSeeItsSuppliersInspectionThroughTheSplits() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "quality-split");
    String lot = delivery("QX-" + f.tag, 80, start.minusHours(7));
    inspect(api, lot, "NON_CONFORMANT", start.minusHours(6));
    String part =
        split(lot, start.minusHours(5), "QX1-" + f.tag, "QX2-" + f.tag).get("QX1-" + f.tag);
    Http holder = buyer.api(port);
    transfer(api, f.cepicafe, holder, buyer.id(), part, 20, start.minusHours(4));
    Map<String, Object> body = new HashMap<>();
    body.put("parts", List.of(Map.of("lotCode", "QXB-" + f.tag, "quantity", 5)));
    body.put("occurredAt", start.minusHours(2).toString());
    Http.Response split = holder.post("/api/v1/lots/" + part + "/split", body);
    assertThat(split.status()).as(split.body()).isEqualTo(201);
    String buyersPart = split.json().path("lots").get(0).path("id").asString();

    assertThat(outcome(api, part)).as("the supplier's own part").isEqualTo("non_conformant");
    JsonNode seen = holder.get("/api/v1/lots/" + buyersPart).json();
    assertThat(seen.path("quality").isNull())
        .as("the supplier's inspection and split are the supplier's: %s", seen.path("quality"))
        .isTrue();
    assertThat(seen.toString()).doesNotContain(lot, "QX-" + f.tag + "\"");
    JsonNode listed = holder.get("/api/v1/lots?q=QX").json().path("items");
    assertThat(listed.findValuesAsString("code")).contains("QX1-" + f.tag, "QXB-" + f.tag);
    assertThat(listed.findValues("quality"))
        .as("the buyer's list gives no verdict of the supplier's: %s", listed)
        .allMatch(JsonNode::isNull);
    assertThat(
            Http.session(port, buyer.username(), TraceFixtures.PASSWORD)
                .get("/trace/lots/export.csv?q=QX")
                .body())
        .contains("QX1-" + f.tag, "QXB-" + f.tag)
        .doesNotContain("non_conformant");
  }

  @Test
  void aCapturedEventGivesAVerdictInTheWebUriOfItsDisposition() {
    String lot = delivery("QC-" + f.tag, 60, start.minusHours(5));
    String identifier =
        api.get("/api/v1/lots/" + lot).json().path("lot").path("identifier").asString();
    String event =
        """
        {"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
         "type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"-05:00","action":"OBSERVE",
         "bizStep":"https://ref.gs1.org/cbv/BizStep-inspecting",
         "disposition":"https://ref.gs1.org/cbv/Disp-non_conformant",
         "quantityList":[{"epcClass":"%s","quantity":60,"uom":"KGM"}]}"""
            .formatted(
                start.minusHours(4).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), identifier);
    Http.Response created = api.post("/epcis/events", event);
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    assertThat(outcome(api, lot)).isEqualTo("non_conformant");
  }

  @Test
  void aHolderSeesItsOwnVerdictOfWhatItReceivedNotTheShippers() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "quality-buyer");
    String lot = delivery("QH-" + f.tag, 60, start.minusHours(5));
    inspect(api, lot, "NON_CONFORMANT", start.minusHours(4));
    Http holder = buyer.api(port);
    transfer(api, f.cepicafe, holder, buyer.id(), lot, 60, start.minusHours(3));

    assertThat(holder.get("/api/v1/lots/" + lot).json().path("quality").isNull())
        .as("the shipper's inspection is the shipper's")
        .isTrue();
    assertThat(
            Http.session(port, buyer.username(), TraceFixtures.PASSWORD)
                .get("/trace/lots/" + lot)
                .body())
        .as("said of its own inspections, not as if none had been made")
        .contains("id=\"lot-quality\">Sin inspección vigente de su organización<");
    assertThat(outcome(api, lot)).isEqualTo("non_conformant");

    inspect(holder, lot, "CONFORMANT", start.minusHours(1));
    assertThat(outcome(holder, lot)).isEqualTo("conformant");
    assertThat(outcome(api, lot))
        .as("the holder's inspection is its own holding's")
        .isEqualTo("non_conformant");
  }

  @Test
  void aLotShippedToABaseOrganisationIsInspectedAsItsHoldingByWhoRecordsForBoth() {
    String lot = delivery("QB-" + f.tag, 60, start.minusHours(5));
    transfer(api, f.cepicafe, api, f.base.id().value(), lot, 60, start.minusHours(4));

    // listed for the base, the lot is what the base holds of it, not the central's 0 kg
    JsonNode listed =
        api.get(
                "/api/v1/lots?inStock=true&organisationId="
                    + f.base.id().value()
                    + "&q=QB-"
                    + f.tag)
            .json()
            .path("items");
    assertThat(listed.size()).isOne();
    assertThat(listed.get(0).path("stock").asDouble()).isEqualTo(60.0);
    assertThat(
            session
                .get(
                    "/trace/operations/shipment?organisationId="
                        + f.base.id().value()
                        + "&q=QB-"
                        + f.tag)
                .body())
        .containsPattern("<td [^>]*class=\"num\"[^>]*>60 kg</td>");

    // cepicafe.campo records for the central (which holds none of it now) and the base
    inspect(api, lot, "NON_CONFORMANT", start.minusHours(2));
    JsonNode detail = api.get("/api/v1/lots/" + lot).json();
    JsonNode quality = detail.path("holdingQuality").get(0);
    assertThat(quality.path("outcome").asString()).isEqualTo("non_conformant");
    assertThat(quality.path("organisationId").asString())
        .as("recorded as the holder's inspection of its holding (QA of 2026-12-07, b4)")
        .isEqualTo(f.base.id().value().toString());
    assertThat(detail.path("quality").isNull())
        .as("the lot as the central owns it (0 kg here) was not inspected (QA of 2026-12-07c, 1)")
        .isTrue();
    assertThat(outcomeListedFor(f.base.id().value().toString(), "QB-" + f.tag))
        .isEqualTo("non_conformant");
  }

  @Test
  void aRowsVerdictIsOfTheHoldingItShowsWhenACentralAndItsBaseBothHoldTheLot() {
    String lot = delivery("QD-" + f.tag, 100, start.minusHours(6));
    transfer(api, f.cepicafe, api, f.base.id().value(), lot, 30, start.minusHours(5));
    // the central finds its 70 kg non-conformant; the base, later, its 30 kg conformant
    String centrals = inspect(api, lot, "NON_CONFORMANT", start.minusHours(3));
    inspectedBy(f.base.code(), lot, 30, "conformant", start.minusHours(2));

    JsonNode detail = api.get("/api/v1/lots/" + lot).json();
    assertThat(detail.path("lot").path("stock").asDouble()).isEqualTo(70.0);
    assertThat(detail.path("quality").path("eventId").asString())
        .as("the central's 70 kg, as the lot's stock and place are the central's")
        .isEqualTo(centrals);
    assertThat(detail.path("holdingQuality").findValuesAsString("outcome"))
        .containsExactlyInAnyOrder("non_conformant", "conformant");
    assertThat(outcomeListedFor(null, "QD-" + f.tag)).isEqualTo("non_conformant");
    assertThat(outcomeListedFor(f.cepicafe.toString(), "QD-" + f.tag)).isEqualTo("non_conformant");
    assertThat(outcomeListedFor(f.base.id().value().toString(), "QD-" + f.tag))
        .as("listed for the base: its 30 kg")
        .isEqualTo("conformant");
    String page = session.get("/trace/lots/" + lot).body();
    assertThat(page)
        .contains("id=\"lot-quality\">no conforme, según la inspección del ")
        .contains("<td class=\"holding-quality\">conforme, según la inspección del ");
  }

  @Test
  void aCentralsOperationFormsOfferTheLotsItHoldsNotThoseOfItsBaseOrganisations() {
    String basesLot = basesDelivery("QO-" + f.tag, start.minusHours(2));
    String centralsLot = delivery("QP-" + f.tag, 40, start.minusHours(2));

    String centrals =
        session
            .get("/trace/operations/shipment?organisationId=" + f.cepicafe + "&q=-" + f.tag)
            .body();
    assertThat(centrals)
        .as(
            "the central's form offers its own lot, not its base organisation's (QA 2026-12-07c, 4)")
        .contains("value=\"" + centralsLot + "\"")
        .doesNotContain("value=\"" + basesLot + "\"");
    assertThat(
            session
                .get(
                    "/trace/operations/shipment?organisationId="
                        + f.base.id().value()
                        + "&q=-"
                        + f.tag)
                .body())
        .contains("value=\"" + basesLot + "\"")
        .doesNotContain("value=\"" + centralsLot + "\"");
    assertThat(
            api.get("/api/v1/lots?organisationId=" + f.cepicafe + "&q=QO-" + f.tag)
                .json()
                .path("items"))
        .as("the list of the central with its bases still has it")
        .hasSize(1);
  }

  @Test
  void aBaseOrganisationsLotListedForItsCentralHasTheBasesVerdict() {
    String lot = basesDelivery("QR-" + f.tag, start.minusHours(6));
    String bases = inspect(api, lot, "NON_CONFORMANT", start.minusHours(5));
    transfer(api, f.base.id().value(), api, f.cepicafe, lot, 20, start.minusHours(4));
    // the central finds the 20 kg it received conformant, later
    inspectedBy("cepicafe", lot, 20, "conformant", start.minusHours(2));

    for (String listedFor : java.util.Arrays.asList(null, f.cepicafe.toString())) {
      JsonNode items =
          api.get(
                  "/api/v1/lots?q=QR-"
                      + f.tag
                      + (listedFor == null ? "" : "&organisationId=" + listedFor))
              .json()
              .path("items");
      assertThat(items.size()).isOne();
      assertThat(items.get(0).path("stock").asDouble()).as("the base's 20 kg").isEqualTo(20.0);
      assertThat(items.get(0).path("quality").path("eventId").asString())
          .as("listed for %s: the base's verdict of its lot (review of 2026-12-07c, 1)", listedFor)
          .isEqualTo(bases);
    }
  }

  @Test
  void anotherOrganisationsLotHeldByACentralAndItsBaseIsNoBetterThanItsWorsePart() {
    TraceFixtures.Outsider supplier = TraceFixtures.outsider(context, "quality-supplier");
    Http supplies = supplier.api(port);
    String event =
        """
        {"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
         "type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"-05:00","action":"ADD",
         "bizStep":"receiving","disposition":"active",
         "quantityList":[{"epcClass":"urn:ayni:lot:%s:QT-%s","quantity":100,"uom":"KGM"}]}"""
            .formatted(
                start.minusHours(8).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                supplier.code(),
                f.tag);
    Http.Response made = supplies.post("/epcis/events", event);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String lot =
        supplies
            .get("/api/v1/lots?q=QT-" + f.tag)
            .json()
            .path("items")
            .get(0)
            .path("id")
            .asString();
    transfer(supplies, supplier.id(), api, f.cepicafe, lot, 40, start.minusHours(7));
    transfer(supplies, supplier.id(), api, f.base.id().value(), lot, 30, start.minusHours(6));
    // the central rejects its 40 kg; its base, later, finds its 30 kg conformant
    inspectedBy("cepicafe", lot, 40, "non_conformant", start.minusHours(4));
    inspectedBy(f.base.code(), lot, 30, "conformant", start.minusHours(3));

    JsonNode items = api.get("/api/v1/lots?q=QT-" + f.tag).json().path("items");
    assertThat(items.get(0).path("stock").asDouble()).isEqualTo(70.0);
    assertThat(items.get(0).path("quality").path("outcome").asString())
        .as("their 70 kg together are no better than the central's 40 (QA of 2026-12-07d, 1)")
        .isEqualTo("non_conformant");
    assertThat(outcomeListedFor(f.base.id().value().toString(), "QT-" + f.tag))
        .as("the base's own 30 kg")
        .isEqualTo("conformant");

    // the central sends back its 40 kg: what stays is the base's conformant 30 kg
    ship(lot, 40, start.minusHours(2));
    assertThat(outcomeListedFor(null, "QT-" + f.tag))
        .as("a verdict of an organisation that holds none of it no longer counts (review d, 3)")
        .isEqualTo("conformant");
  }

  /** A delivery of 40 kg to the base organisation, of a product of its own; the lot's id. */
  private String basesDelivery(String code, OffsetDateTime at) {
    ProductForm product = new ProductForm();
    product.setOrganisationId(f.base.id().value());
    product.setCode("B" + code);
    product.setName("Cacao en baba de la base " + code);
    product.setKind(ProductKind.CACAO_WET);
    product.setUnit("KGM");
    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, code, 40);
    receipt.put("organisationId", f.base.id().value());
    receipt.put("productId", context.getBean(Products.class).create(null, product).id());
    receipt.put("receivedAt", at.toString());
    return TraceChainTests.created(api.post("/api/v1/trace/receipts", receipt));
  }

  /** An inspection an organisation's system reports (EPCIS) of its kilograms of the lot. */
  private void inspectedBy(
      String organisation, String lot, int kg, String disposition, OffsetDateTime at) {
    String event =
        """
        {"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
         "type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"-05:00","action":"OBSERVE",
         "bizStep":"inspecting","disposition":"%s",
         "quantityList":[{"epcClass":"%s","quantity":%d,"uom":"KGM"}]}"""
            .formatted(
                at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                disposition,
                api.get("/api/v1/lots/" + lot).json().path("lot").path("identifier").asString(),
                kg);
    Http.Response captured =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .actingFor(organisation)
            .post("/epcis/events", event);
    assertThat(captured.status()).as(captured.body()).isEqualTo(201);
  }

  /** The outcome of the one lot an API list of that organisation (or all) finds by the code. */
  private String outcomeListedFor(String organisation, String code) {
    JsonNode items =
        api.get(
                "/api/v1/lots?q="
                    + code
                    + (organisation == null ? "" : "&organisationId=" + organisation))
            .json()
            .path("items");
    assertThat(items.size()).isOne();
    return items.get(0).path("quality").path("outcome").asString();
  }

  private String delivery(String code, int kg, OffsetDateTime at) {
    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, code, kg);
    receipt.put("receivedAt", at.toString());
    return TraceChainTests.created(api.post("/api/v1/trace/receipts", receipt));
  }

  /**
   * Ships kilograms of the lot from an organisation (its user's {@code shipper}) to another on the
   * platform, which receives them an hour later ({@code receiver}).
   */
  private static void transfer(
      Http shipper,
      Object from,
      Http receiver,
      Object to,
      String lot,
      int kg,
      OffsetDateTime shippedAt) {
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", from);
    shipment.put("lots", List.of(TraceFixtures.input(lot, kg)));
    shipment.put("buyerOrganisationId", to);
    shipment.put("shippedAt", shippedAt.toString());
    Http.Response shipped = shipper.post("/api/v1/trace/shipments", shipment);
    assertThat(shipped.status()).as(shipped.body()).isEqualTo(201);
    Map<String, Object> receipt = new HashMap<>();
    receipt.put("organisationId", to);
    receipt.put(
        "lotIdentifier",
        shipper.get("/api/v1/lots/" + lot).json().path("lot").path("identifier").asString());
    receipt.put("quantity", kg);
    receipt.put("receivedAt", shippedAt.plusHours(1).toString());
    Http.Response received = receiver.post("/api/v1/trace/organisation-receipts", receipt);
    assertThat(received.status()).as(received.body()).isEqualTo(201);
  }

  private void ship(String lot, int kg, OffsetDateTime at) {
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(lot, kg)));
    shipment.put("buyerName", "Chocolatier " + f.tag);
    shipment.put("shippedAt", at.toString());
    assertThat(api.post("/api/v1/trace/shipments", shipment).status()).isEqualTo(201);
  }

  /** Splits half the lot off into two parts with these codes; the parts' ids by code. */
  private Map<String, String> split(String lot, OffsetDateTime at, String first, String second) {
    double quarter = api.get("/api/v1/lots/" + lot).json().path("lot").path("stock").asDouble() / 4;
    Map<String, Object> body = new HashMap<>();
    body.put(
        "parts",
        List.of(
            Map.of("lotCode", first, "quantity", quarter),
            Map.of("lotCode", second, "quantity", quarter)));
    body.put("occurredAt", at.toString());
    Http.Response split = api.post("/api/v1/lots/" + lot + "/split", body);
    assertThat(split.status()).as(split.body()).isEqualTo(201);
    Map<String, String> ids = new HashMap<>();
    split
        .json()
        .path("lots")
        .forEach(l -> ids.put(l.path("code").asString(), l.path("id").asString()));
    return ids;
  }

  private static String inspect(Http http, String lot, String outcome, OffsetDateTime at) {
    Http.Response recorded =
        http.post(
            "/api/v1/lots/" + lot + "/inspections",
            Map.of("outcome", outcome, "inspectedAt", at.toString()));
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    return recorded.json().path("eventId").asString();
  }

  private static String outcome(Http http, String lot) {
    return http.get("/api/v1/lots/" + lot).json().path("quality").path("outcome").asString(null);
  }
}
