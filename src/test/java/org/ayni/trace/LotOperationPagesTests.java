package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.demo.DemoUsers;
import org.ayni.shared.OrganisationId;
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
 * The operations on a lot recorded from its page: a split into the parts filled in, an inspection,
 * the receipt of a lot shipped to the user's organisation. A refused one comes back open with its
 * messages beside the fields and stores nothing; those who may not record it see no form and are
 * refused.
 */
@AyniIntegrationTest
class LotOperationPagesTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  TraceFixtures f;
  Http api;
  Http session;
  String lot;
  String page;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    lot = f.delivered(api, f.memberA, f.plotA1, "LD-" + f.tag, 100);
    page = "/trace/lots/" + lot;
  }

  @Test
  void aLotIsSplitIntoThePartsFilledIn() {
    assertThat(session.get(page).body())
        .contains("id=\"split-form\"", "id=\"inspection-form\"")
        .contains(
            "/trace/operations/transformation?organisationId=" + f.cepicafe + "&amp;q=LD-" + f.tag)
        .doesNotContain("id=\"receipt-form\"")
        .doesNotContain("??");
    Map<String, String> form = new HashMap<>();
    form.put("parts[0].lotCode", "LS1-" + f.tag);
    form.put("parts[0].quantity", "30");
    form.put("parts[1].lotCode", "");
    form.put("parts[1].quantity", "");
    form.put("parts[2].lotCode", "LS2-" + f.tag);
    form.put("parts[2].quantity", "20");

    Http.Response saved = session.submit(page, page + "/splits", form);

    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(stock("LD-" + f.tag)).isEqualByComparingTo("50");
    assertThat(stock("LS1-" + f.tag)).isEqualByComparingTo("30");
    assertThat(stock("LS2-" + f.tag)).isEqualByComparingTo("20");
  }

  @Test
  void aRefusedSplitComesBackOpenWithTheMessageBesideItsPart() {
    Map<String, String> form = new HashMap<>();
    form.put("parts[0].lotCode", "");
    form.put("parts[0].quantity", "");
    form.put("parts[1].lotCode", "LS1-" + f.tag);
    form.put("parts[1].quantity", "-5");

    Http.Response refused = session.submit(page, page + "/splits", form);

    assertThat(refused.status()).isEqualTo(200);
    String body = refused.body();
    assertThat(body).contains("<details open", "has-error", "value=\"-5\"");
    int part = body.indexOf("name=\"parts[1].quantity\"");
    assertThat(body.indexOf("La cantidad debe ser mayor que cero.", part))
        .as("the message stands beside the second part, the one refused")
        .isGreaterThan(part)
        .isLessThan(body.indexOf("</tr>", part));

    form.put("parts[1].quantity", "300");
    assertThat(session.submit(page, page + "/splits", form).body())
        .as("more than the lot holds")
        .contains("alert error", "Solo quedan 100 kg del lote LD-" + f.tag)
        .contains("Revise los campos marcados; no se guardó nada.");
    assertThat(lots("LS1-" + f.tag)).as("nothing stored").isZero();
    assertThat(stock("LD-" + f.tag)).isEqualByComparingTo("100");

    // the refusal's address takes no GET: its language switch leads back to the lot's page
    Matcher english = Pattern.compile("<a href=\"([^\"]+)\"[^>]*data-lang=\"en\"").matcher(body);
    assertThat(english.find()).as("the language switch").isTrue();
    java.net.URI back = java.net.URI.create(english.group(1).replace("&amp;", "&"));
    assertThat(back.getPath()).isEqualTo(page);
    Http.Response switched = session.get(back.getRawPath() + "?" + back.getRawQuery());
    assertThat(switched.status()).isEqualTo(200);
    assertThat(switched.body()).contains("<html lang=\"en\"", "id=\"split-form\"");
  }

  @Test
  void anInspectionIsRecordedAndABadOneRefusedBesideItsField() {
    Map<String, String> bad = inspection("150");
    Http.Response refused = session.submit(page, page + "/inspections", bad);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body()).contains("has-error", "Debe ser un porcentaje entre 0 y 100.");
    assertThat(inspections()).as("nothing stored").isZero();

    Http.Response saved = session.submit(page, page + "/inspections", inspection("7.5"));

    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(inspections()).isOne();
    assertThat(session.get(page).body()).contains("Conforme");
  }

  @Test
  void aLotShippedToAnotherOrganisationIsReceivedFromItsPageByThatOrganisation() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "lot-buyer");
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    assertThat(buyerSession.get(page).status()).as("not shipped yet").isEqualTo(404);
    ship(lot, 40, buyer.id());
    assertThat(session.get(page).body())
        .as("the shipper has nothing to receive")
        .doesNotContain("id=\"receipt-form\"")
        .as("its timeline names the buyer, though the shipper may not read that organisation")
        .contains("Destino: Organización de prueba")
        .doesNotContain(">Destino: urn:ayni:org:");

    assertThat(buyer.api(port).get("/api/v1/lots/" + lot + "/forward").status())
        .as("a lot shipped to an organisation is in its forward trace (it was not found)")
        .isEqualTo(200);
    String shipped = buyerSession.get(page).body();
    assertThat(shipped)
        .as("the quantity shipped, as a person writes it")
        .contains("id=\"receipt-form\"", "value=\"40\"")
        .as("and the lot's owner named, though the buyer may not read it")
        .contains(">· Cepicafe<")
        .as("its facts say what is on its way (they said nothing)")
        .contains("40 kg por recibir")
        .as("it holds none of it yet, which is known (it read \"desconocidas\")")
        .contains("id=\"lot-stock\">0 kg<");
    JsonNode waiting = buyer.api(port).get("/api/v1/lots/" + lot).json().path("lot");
    assertThat(waiting.path("stock").decimalValue()).isZero();
    assertThat(waiting.path("stockTracked").asBoolean()).isTrue();
    assertThat(waiting.path("state").asString()).isEqualTo("in_transit");
    String timeline = shipped.substring(shipped.indexOf("id=\"lot-timeline\""));
    assertThat(timeline.substring(0, timeline.indexOf("</ol>")))
        .as("its timeline has the shipment to it, nothing else of the shipper's")
        .contains("Envío", "Destino: Organización de prueba")
        .doesNotContain(f.memberA.fullName());
    assertThat(buyerSession.get("/trace?q=LD-" + f.tag).body())
        .as("in the trace search as well, on its way")
        .contains("<td>Cepicafe</td>", "en tránsito")
        .doesNotContain("desconocidas");
    receive(buyerSession, buyer.id(), "40", "");
    String received = buyerSession.get(page).body();
    String receipts = received.substring(received.indexOf("id=\"lot-receipts\""));
    assertThat(receipts.substring(0, receipts.indexOf("</table>")))
        .as("its receipt listed among the lot's receipts, from the shipper")
        .contains("Cepicafe", "40 kg");
    JsonNode own = buyer.api(port).get("/api/v1/lots/" + lot).json().path("receipts");
    assertThat(own).hasSize(1);
    assertThat(own.get(0).path("sourceParty").asString()).isEqualTo("urn:ayni:org:cepicafe");
    assertThat(api.get("/api/v1/lots/" + lot).json().path("receipts"))
        .as("the owner sees its delivery, not the buyer's receipt")
        .hasSize(1);
    assertThat(buyerSession.get(page).body())
        .as("received: nothing left to receive")
        .doesNotContain("id=\"receipt-form\"")
        .as("and the receipt names the shipper, which the buyer may not read either")
        .contains("Origen: Cepicafe")
        .doesNotContain(">Origen: urn:ayni:org:");
    // the form sent again (a second click): back to the lot, which says so
    Map<String, String> again = new HashMap<>();
    again.put("organisationId", buyer.id().toString());
    again.put("quantity", "40");
    Http.Response twice = buyerSession.submit(page, page + "/receipts", again);
    assertThat(twice.status()).as(twice.body()).isEqualTo(302);
    assertThat(twice.header("Location")).endsWith(page);
    assertThat(buyerSession.get(page).body())
        .contains(
            "id=\"lot-notice\"",
            "Ningún envío de este lote a la organización espera ser recibido.");

    // its receipt declared erroneous: on its way again, as its facts say (they read 0 kg)
    Map<String, Object> undo = new HashMap<>();
    undo.put("organisationId", buyer.id());
    undo.put("eventId", own.get(0).path("eventId").asString());
    undo.put("reason", "DID_NOT_OCCUR");
    Http.Response undone = buyer.api(port).post("/api/v1/trace/corrections", undo);
    assertThat(undone.status()).as(undone.body()).isEqualTo(201);
    assertThat(buyerSession.get(page).body()).contains("id=\"receipt-form\"", "40 kg por recibir");
    // and in the list and the API, as before it came (QA of 2026-12-07g)
    JsonNode onItsWay = buyer.api(port).get("/api/v1/lots/" + lot).json().path("lot");
    assertThat(onItsWay.path("state").asString()).as("%s", onItsWay).isEqualTo("in_transit");
    assertThat(onItsWay.path("quantityIn").isNull()).as("%s", onItsWay).isTrue();
  }

  @Test
  void aBuyerAbroadEntersTheTimeOfItsReceiptAtItsOwnClock() {
    TraceFixtures.Outsider buyer =
        TraceFixtures.outsider(context, "lot-brussels", "BE", "Europe/Brussels");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    Map<String, Object> delivered = f.receipt(f.memberA, f.plotA1, "LB-" + f.tag, 50);
    delivered.put("receivedAt", now.minusHours(3).toString());
    String early = TraceChainTests.created(api.post("/api/v1/trace/receipts", delivered));
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(early, 50)));
    shipment.put("buyerOrganisationId", buyer.id());
    shipment.put("shippedAt", now.minusHours(2).toString());
    assertThat(api.post("/api/v1/trace/shipments", shipment).status()).isEqualTo(201);

    // an hour ago in Brussels, written as its people read their clocks
    OffsetDateTime anHourAgo = now.minusHours(1);
    String earlyPage = "/trace/lots/" + early;
    Map<String, String> form = new HashMap<>();
    form.put("organisationId", buyer.id().toString());
    form.put("quantity", "50");
    form.put(
        "time",
        anHourAgo.atZoneSameInstant(ZoneId.of("Europe/Brussels")).toLocalDateTime().toString());
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    ZoneId brussels = ZoneId.of("Europe/Brussels");
    String pending = buyerSession.get(earlyPage).body();
    assertThat(pending)
        .as("shipped to it, not received yet: at its own clock too")
        .contains("id=\"timeline-clock\">Horas en la zona horaria Europe/Brussels.<");
    Matcher max = Pattern.compile("id=\"receivedAt\"[^>]*max=\"([^\"]+)\"").matcher(pending);
    assertThat(max.find()).isTrue();
    assertThat(Duration.between(LocalDateTime.parse(max.group(1)), LocalDateTime.now(brussels)))
        .as("the receipt form goes up to Brussels' now, not Lima's six hours earlier")
        .isBetween(Duration.ZERO, Duration.ofMinutes(2));
    Http.Response received = buyerSession.submit(earlyPage, earlyPage + "/receipts", form);

    assertThat(received.status()).as(received.body()).isEqualTo(302);
    Map<String, Object> stored =
        jdbc.sql(
                "select event_time, event_time_zone_offset from epcis_event"
                    + " where organisation_id = ? and biz_step like '%receiving'")
            .param(buyer.id())
            .query()
            .singleRow();
    assertThat(stored.get("event_time_zone_offset"))
        .as("recorded at Brussels' offset in winter")
        .isEqualTo("+01:00");
    assertThat(ReceiptPagesTests.receivedAt(stored.get("event_time")).toInstant())
        .as("the hour entered is Brussels' (read as UTC it was an hour off)")
        .isEqualTo(anHourAgo.toInstant());

    // the holder inspects what it received a few minutes ago at its own clock, six hours ahead of
    // the lot's owner's (read at Lima's, it was in the future)
    String local =
        anHourAgo.atZoneSameInstant(brussels).toLocalDateTime().toString().replace('T', ' ');
    assertThat(buyerSession.get(earlyPage).body())
        .as("the holder reads the lot at its own clock, not at the owner's it may not read")
        .contains("id=\"timeline-clock\">Horas en la zona horaria Europe/Brussels.<")
        .contains(">" + local + "<");
    Map<String, String> beforeItCame = inspection("7");
    beforeItCame.put(
        "time", now.minusHours(2).atZoneSameInstant(brussels).toLocalDateTime().toString());
    Http.Response tooEarly =
        buyerSession.submit(earlyPage, earlyPage + "/inspections", beforeItCame);
    assertThat(tooEarly.status()).as("not before the holder received it").isEqualTo(200);
    assertThat(tooEarly.body())
        .contains(
            "La organización recibió el lote LB-"
                + f.tag
                + " el "
                + anHourAgo
                    .atZoneSameInstant(brussels)
                    .toLocalDateTime()
                    .toString()
                    .replace('T', ' '));
    OffsetDateTime aMomentAgo = now.minusMinutes(5);
    Map<String, String> inspected = inspection("7");
    inspected.put("time", aMomentAgo.atZoneSameInstant(brussels).toLocalDateTime().toString());
    Http.Response inspection =
        buyerSession.submit(earlyPage, earlyPage + "/inspections", inspected);
    assertThat(inspection.status()).as(inspection.body()).isEqualTo(302);
    Object inspectedAt =
        jdbc.sql(
                "select event_time from epcis_event"
                    + " where organisation_id = ? and biz_step like '%inspecting'")
            .param(buyer.id())
            .query()
            .singleValue();
    assertThat(ReceiptPagesTests.receivedAt(inspectedAt).toInstant())
        .isEqualTo(aMomentAgo.toInstant());
  }

  @Test
  void aBuyerSplitsALotItReceivedIntoLotsOfTheProductItReceivedItAs() {
    // dry cacao, received as the buyer's own dry cacao: splitting it makes nothing new, so the
    // drying factor that holds dry cacao made of wet does not apply
    String dried =
        TraceChainTests.created(
            api.post(
                "/api/v1/trace/transformations",
                f.transformation(
                    TraceStep.DRYING,
                    List.of(TraceFixtures.input(lot, 100)),
                    List.of(TraceFixtures.output(f.dry, "LDRY-" + f.tag, 40)))));
    String driedPage = "/trace/lots/" + dried;
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "lot-splitter");
    Product own = product(buyer.id(), "OWN-" + f.tag, ProductKind.CACAO_DRY);
    ship(dried, 40, buyer.id());
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    Map<String, String> receipt = receipt(buyer.id(), "40", own.id().toString());
    Http.Response received = buyerSession.submit(driedPage, driedPage + "/receipts", receipt);
    assertThat(received.status()).as(received.body()).isEqualTo(302);

    Map<String, String> form = new HashMap<>();
    form.put("parts[0].lotCode", "BS-" + f.tag);
    form.put("parts[0].quantity", "30");
    Http.Response split = buyerSession.submit(driedPage, driedPage + "/splits", form);

    assertThat(split.status()).as(split.body()).isEqualTo(302);
    assertThat(
            jdbc.sql("select product_id from lot where code = ?")
                .param("BS-" + f.tag)
                .query(UUID.class)
                .single())
        .as("the buyer's product, as its receipt named it (it had none)")
        .isEqualTo(own.id());

    // the shipper's forward trace says that its lot went on into lots it may not read, not how
    // many the buyer made of it
    form.put("parts[1].lotCode", "BT-" + f.tag);
    form.put("parts[1].quantity", "5");
    form.put("parts[0].lotCode", "BU-" + f.tag);
    form.put("parts[0].quantity", "2");
    String splitPage =
        "/trace/lots/"
            + jdbc.sql("select id from lot where code = ?")
                .param("BS-" + f.tag)
                .query(UUID.class)
                .single();
    Http.Response more = buyerSession.submit(splitPage, splitPage + "/splits", form);
    assertThat(more.status()).as(more.body()).isEqualTo(302);
    JsonNode forward = api.get("/api/v1/lots/" + dried + "/forward").json();
    assertThat(forward.path("hiddenDownstream").asBoolean()).isTrue();
    assertThat(forward.has("hiddenLots")).isFalse();
    assertThat(forward.toString()).doesNotContain("BS-" + f.tag, "BT-" + f.tag, "BU-" + f.tag);
  }

  @Test
  void aLotIsNotReceivedAsAProductOfAnotherKind() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "lot-kind");
    Product physalis = product(buyer.id(), "AGU-" + f.tag, ProductKind.PHYSALIS_FRESH);
    ship(lot, 40, buyer.id());
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    // the form offers only the buyer's products of the lot's kind (QA of 2026-12-07)
    Product wet = product(buyer.id(), "BAB2-" + f.tag);
    assertThat(buyerSession.get(page).body())
        .contains("value=\"" + wet.id() + "\"")
        .doesNotContain("value=\"" + physalis.id() + "\"");
    Map<String, String> form = receipt(buyer.id(), "40", physalis.id().toString());

    Http.Response refused = buyerSession.submit(page, page + "/receipts", form);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .as("beside the product, both kinds named as the pages name them (the API by constant)")
        .contains(
            "Este lote es de tipo «Cacao en baba»: no puede recibirse como un producto de tipo"
                + " «Aguaymanto fresco».");
    Map<String, Object> receipt = new HashMap<>();
    receipt.put("organisationId", buyer.id());
    receipt.put(
        "lotIdentifier",
        api.get("/api/v1/lots/" + lot).json().path("lot").path("identifier").asString());
    receipt.put("quantity", 40);
    receipt.put("productId", physalis.id());
    Http.Response byApi =
        buyer.api(port).language("en").post("/api/v1/trace/organisation-receipts", receipt);
    assertThat(byApi.status()).isEqualTo(400);
    JsonNode problem = byApi.json().path("errors").get(0);
    assertThat(problem.path("field").asString()).isEqualTo("productId");
    assertThat(problem.path("message").asString())
        .isEqualTo(
            "This lot is of the kind “CACAO_WET”: it cannot be received as a product of the kind"
                + " “PHYSALIS_FRESH”. Choose a product of the same kind, or none.");
    assertThat(
            jdbc.sql(
                    "select count(*) from lot_stock where lot_id = cast(? as uuid) and organisation_id = ?")
                .params(lot, buyer.id())
                .query(Long.class)
                .single())
        .as("nothing received")
        .isZero();

    // nor as a product of no kind the platform knows; as one of its kind, it is received
    form.put("productId", product(buyer.id(), "OTRO-" + f.tag, ProductKind.OTHER).id().toString());
    assertThat(buyerSession.submit(page, page + "/receipts", form).body())
        .contains("no puede recibirse como un producto de tipo «Otro»");
    Product own = product(buyer.id(), "BABA-" + f.tag);
    receive(buyerSession, buyer.id(), "40", own.id().toString());
    // the product it chose is shown beside the lot's own, on the page and in the API (QA of
    // 2026-12-07i, item 6); the owner sees none
    assertThat(buyerSession.get(page).body())
        .contains("Recibido como", own.name() + " (" + own.code() + ")");
    assertThat(
            buyer
                .api(port)
                .get("/api/v1/lots/" + lot)
                .json()
                .path("receivedAs")
                .path("code")
                .asString())
        .isEqualTo(own.code());
    assertThat(session.get(page).body()).doesNotContain("Recibido como");
  }

  @Test
  void aLotSentBackToItsOwnerIsReceivedBackFromItsPage() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "lot-back");
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    ship(lot, 40, buyer.id());
    receive(buyerSession, buyer.id(), "40", "");
    Map<String, Object> back = new HashMap<>();
    back.put("organisationId", buyer.id());
    back.put("lots", List.of(TraceFixtures.input(lot, 15)));
    back.put("buyerOrganisationId", f.cepicafe);
    assertThat(buyer.api(port).post("/api/v1/trace/shipments", back).status()).isEqualTo(201);

    String owners = session.get(page).body();
    String shipments = owners.substring(owners.indexOf("id=\"forward-shipments\""));
    shipments = shipments.substring(0, shipments.indexOf("</table>"));
    assertThat(shipments)
        .as("each shipment names its shipper: the owner's, then the buyer's back to it")
        .containsPattern("<td>Cepicafe</td>\\s*<td>Organización de prueba [^<]*</td>")
        .containsPattern("<td>Organización de prueba [^<]*</td>\\s*<td>Cepicafe</td>");
    assertThat(session.get(page).body())
        .as("the owner is offered to receive what was sent back")
        .contains("id=\"receipt-form\"", "value=\"15\"")
        .as("and not to choose another product for its own lot")
        .doesNotContain("name=\"productId\"");
    Map<String, String> form = new HashMap<>();
    form.put("organisationId", f.cepicafe.toString());
    form.put("quantity", "15");
    Http.Response received = session.submit(page, page + "/receipts", form);
    assertThat(received.status()).as(received.body()).isEqualTo(302);
    assertThat(api.get("/api/v1/lots/" + lot).json().path("lot").path("stock").asDouble())
        .as("60 kept and 15 back")
        .isEqualTo(75.0);
    assertThat(session.get(page).body()).doesNotContain("id=\"receipt-form\"");
  }

  @Test
  void
      aLotShippedToTwoOrganisationsOfTheUserOffersTheProductsOfBothAndIsReceivedIntoTheChosenOne() {
    TraceFixtures.Outsider first = TraceFixtures.outsider(context, "lot-first");
    TraceFixtures.Outsider second = TraceFixtures.outsider(context, "lot-second");
    UserAccounts accounts = context.getBean(UserAccounts.class);
    UUID user = accounts.idOf(first.username()).orElseThrow();
    accounts.grant(null, user, new OrganisationId(second.id()), Role.FIELD_OFFICER);
    Product firstOwn = product(first.id(), "FIRST-" + f.tag);
    Product secondOwn = product(second.id(), "SECOND-" + f.tag);
    for (TraceFixtures.Outsider buyer : List.of(first, second)) {
      ship(lot, 30, buyer.id());
    }
    Http buyerSession = Http.session(port, first.username(), TraceFixtures.PASSWORD);

    assertThat(buyerSession.get(page).body())
        .as("the products of both organisations, each named after its own")
        .contains(
            "value=\"" + firstOwn.id() + "\"",
            "value=\"" + secondOwn.id() + "\"",
            "SECOND-" + f.tag + ") · Organización de prueba");
    receive(buyerSession, second.id(), "30", secondOwn.id().toString());
    assertThat(buyerSession.get(page).body())
        .as("still to be received by the first")
        .contains("id=\"receipt-form\"", "value=\"30");
  }

  /** A lot page's receipt form: into the organisation, the quantity, as the product (or none). */
  private static Map<String, String> receipt(UUID organisation, String quantity, String productId) {
    Map<String, String> form = new HashMap<>();
    form.put("organisationId", organisation.toString());
    form.put("quantity", quantity);
    form.put("productId", productId);
    return form;
  }

  /** Ships kg of the lot (an id) from Cepicafe to the buyer. */
  private void ship(String lot, int kg, UUID buyer) {
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(lot, kg)));
    shipment.put("buyerOrganisationId", buyer);
    assertThat(api.post("/api/v1/trace/shipments", shipment).status()).isEqualTo(201);
  }

  /** Receives the quantity into the organisation from the lot's page; then it holds that much. */
  private void receive(Http buyer, UUID organisation, String quantity, String productId) {
    Http.Response received =
        buyer.submit(page, page + "/receipts", receipt(organisation, quantity, productId));

    assertThat(received.status()).as(received.body()).isEqualTo(302);
    assertThat(
            jdbc.sql(
                    "select quantity from lot_stock where lot_id = cast(? as uuid) and organisation_id = ?")
                .params(lot, organisation)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo(quantity);
  }

  /** A product of the organisation's of the kind of the page's lot (wet cacao). */
  private Product product(UUID organisation, String code) {
    return product(organisation, code, ProductKind.CACAO_WET);
  }

  private Product product(UUID organisation, String code, ProductKind kind) {
    ProductForm form = new ProductForm();
    form.setOrganisationId(organisation);
    form.setCode(code);
    form.setName("Cacao propio " + code);
    form.setKind(kind);
    return context.getBean(Products.class).create(null, form);
  }

  @Test
  void thoseWhoMayNotRecordForTheLotSeeNoFormAndAreRefused() {
    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(page).body())
        .contains("LD-" + f.tag)
        .doesNotContain("split-form", "inspection-form");
    Map<String, String> form = new HashMap<>();
    form.put("parts[0].lotCode", "LS1-" + f.tag);
    form.put("parts[0].quantity", "30");
    assertThat(auditor.submit(page, page + "/splits", form).status()).isEqualTo(403);
    assertThat(auditor.submit(page, page + "/inspections", inspection("7")).status())
        .isEqualTo(403);

    Http outsider = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsider.submit("/trace", page + "/splits", form).status()).isEqualTo(404);
    assertThat(lots("LS1-" + f.tag)).as("nothing stored").isZero();
    assertThat(inspections()).isZero();
  }

  private static Map<String, String> inspection(String moisture) {
    Map<String, String> form = new HashMap<>();
    form.put("outcome", "CONFORMANT");
    form.put("moisturePercent", moisture);
    form.put("cutTestBeans", "100");
    form.put("wellFermented", "80");
    form.put("note", "Muestra de prueba");
    return form;
  }

  private long inspections() {
    return jdbc.sql(
            "select count(*) from epcis_event where biz_step like ? and organisation_id = ?"
                + " and body like ?")
        .params("%inspecting", f.cepicafe, "%LD-" + f.tag + "%")
        .query(Long.class)
        .single();
  }

  private long lots(String code) {
    return jdbc.sql("select count(*) from lot where code = ?")
        .param(code)
        .query(Long.class)
        .single();
  }

  private BigDecimal stock(String code) {
    return TraceFixtures.stock(jdbc, code);
  }
}
