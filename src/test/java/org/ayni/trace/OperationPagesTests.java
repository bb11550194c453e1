package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.demo.DemoUsers;
import org.ayni.shared.OrganisationId;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transformations, merges and shipments recorded on the operation pages: the organisation's lots in
 * stock listed with a quantity beside each (empty ones not used), the new or changed lot opened
 * afterwards; a refused operation comes back with each problem beside its field or lot row and
 * stores nothing; only those who record for the organisation may record one.
 */
@AyniIntegrationTest
class OperationPagesTests {

  private static final Pattern ROW =
      Pattern.compile("name=\"(inputs|lots)\\[(\\d+)\\]\\.lotId\" value=\"([0-9a-f-]{36})\"");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired EventLog eventLog;
  @Autowired TransactionTemplate transaction;

  TraceFixtures f;
  Http api;
  Http session;
  String d1;
  String d2;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    d1 = delivery("OD1-" + f.tag, 100);
    d2 = delivery("OD2-" + f.tag, 60);
  }

  @Test
  void aTransformationUsesTheLotsGivenAQuantityAndOpensItsNewLot() {
    String page = page("transformation");
    String listed = session.get(page).body();
    assertThat(listed)
        .contains("id=\"operation-form\"", "OD1-" + f.tag, "OD2-" + f.tag, "100 kg")
        .doesNotContain("??")
        .as("each lot's quantity field named by its lot, for a screen reader")
        .contains("aria-label=\"Cantidad de OD1-" + f.tag + " (vacío: no se usa)\"")
        .as("and its unit beside it, the lot's own (QA of 2026-12-07)")
        .contains("<span class=\"unit\">kg</span>")
        .as("removing the husk or the shell is dehusking; pulping is another step")
        .contains(">Descascarado<")
        .doesNotContain("Despulpado");
    assertThat(session.get("/trace").body()).contains("/trace/operations/transformation");
    assertThat(session.get("/trace/operations/transformation?organisationId=&q=" + f.tag).body())
        .as("Cepicafe, above the other organisations its field officer records for, to start with")
        .contains("id=\"operation-form\"", "OD1-" + f.tag);
    assertThat(
            Http.session(port, "admin", DemoUsers.PASSWORD)
                .get("/trace/operations/transformation?q=" + f.tag)
                .body())
        .as("several organisations at the top: the administrator chooses one first")
        .doesNotContain("id=\"operation-form\"");

    Map<String, String> form =
        transformation(listed, d1, "100", "FERMENTING", f.fermented, "80", "OF-" + f.tag);
    Http.Response saved = session.submit(page, "/trace/operations/transformation?q=" + f.tag, form);

    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(java.net.URI.create(saved.header("Location")).getPath())
        .isEqualTo("/trace/lots/" + lotId("OF-" + f.tag));
    assertThat(quantityIn("OF-" + f.tag)).isEqualByComparingTo("80");
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("0");
    assertThat(stock("OD2-" + f.tag)).as("left empty: not used").isEqualByComparingTo("60");
  }

  /**
   * Beside its output, a transformation may make a by-product (cacao sweatings of a fermentation);
   * the by-product's row left empty, as a browser sends it, makes nothing (QA of 2026-12-07f, 15).
   */
  @Test
  void aTransformationMakesAByProductWhenOneIsGiven() {
    Product juice = f.another("JUG-" + f.tag, "Jugo de cacao " + f.tag, ProductKind.OTHER, "KGM");
    String d3 = delivery("OD3-" + f.tag, 60);
    String page = page("transformation");
    String listed = session.get(page).body();
    assertThat(listed)
        .contains("id=\"by-product\"", "Subproducto (opcional)", "id=\"outputs1.productId\"");

    Map<String, String> form =
        transformation(listed, d1, "100", "FERMENTING", f.fermented, "80", "OF-" + f.tag);
    form.put("outputs[1].productId", juice.id().toString());
    form.put("outputs[1].quantity", "10");
    form.put("outputs[1].lotCode", "OJ-" + f.tag);
    Http.Response saved = session.submit(page, "/trace/operations/transformation?q=" + f.tag, form);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(quantityIn("OF-" + f.tag)).isEqualByComparingTo("80");
    assertThat(quantityIn("OJ-" + f.tag)).isEqualByComparingTo("10");
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("0");

    Map<String, String> alone =
        transformation(listed, d2, "60", "FERMENTING", f.fermented, "50", "OF2-" + f.tag);
    alone.put("outputs[1].productId", "");
    alone.put("outputs[1].quantity", "");
    alone.put("outputs[1].lotCode", " ");
    Http.Response one = session.submit(page, "/trace/operations/transformation?q=" + f.tag, alone);
    assertThat(one.status()).as(one.body()).isEqualTo(302);
    assertThat(quantityIn("OF2-" + f.tag)).isEqualByComparingTo("50");
    assertThat(
            jdbc.sql("select count(*) from lot_edge where output_lot_id = ?")
                .param(java.util.UUID.fromString(lotId("OF2-" + f.tag)))
                .query(Long.class)
                .single())
        .as("one lot made, from the one input")
        .isEqualTo(1L);

    // what the output and its by-product need of the inputs together: beside the output's quantity
    Map<String, String> over =
        transformation(listed, d3, "60", "DRYING", f.dry, "24", "OS2-" + f.tag);
    over.put("outputs[1].productId", juice.id().toString());
    over.put("outputs[1].quantity", "5");
    Http.Response balance =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, over);
    assertThat(balance.status()).isEqualTo(200);
    assertThat(balance.field("outputs0.quantity"))
        .contains("has-error", "Balance de masa")
        .as("what each output needs of the inputs, in the page's units")
        .contains(
            "necesitan 65 kg de entradas (24 kg ÷ 0.4 + 5 kg), más que los 60 kg que entraron");
    assertThat(lotId("OS2-" + f.tag)).as("nothing stored").isNull();

    Map<String, String> half =
        transformation(listed, d2, "1", "FERMENTING", f.fermented, "1", "OF3-" + f.tag);
    half.put("outputs[1].quantity", "5");
    Http.Response refused =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, half);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.field("outputs1.productId"))
        .as("a by-product without its product: said beside the field")
        .contains("has-error");
    assertThat(refused.body()).contains("value=\"5\"");
    assertThat(lotId("OF3-" + f.tag)).as("nothing stored").isNull();
  }

  @Test
  void aRefusedOperationShowsEachProblemBesideItsLotAndStoresNothing() {
    String page = page("transformation");
    String listed = session.get(page).body();
    assertThat(listed)
        .as("a stacked row's label on a phone, its colon from the bundle")
        .contains("data-label=\"Existencias:\"");
    Map<String, String> form =
        transformation(listed, d2, "75", "FERMENTING", f.fermented, "10", "OF-" + f.tag);

    Http.Response refused =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, form);

    assertThat(refused.status()).isEqualTo(200);
    String body = refused.body();
    assertThat(body).contains("has-error", "Solo quedan 60 kg del lote");
    // the message stands in the row of the lot it is about, after its quantity field
    int rowOfD2 = body.indexOf("name=\"inputs[" + row(listed, d2) + "].quantity\"");
    assertThat(body.indexOf("Solo quedan", rowOfD2))
        .isGreaterThan(rowOfD2)
        .isLessThan(body.indexOf("</tr>", rowOfD2));
    assertThat(body).as("what was entered comes back").contains("value=\"75\"");
    assertThat(lotId("OF-" + f.tag)).as("nothing stored").isNull();
    assertThat(stock("OD2-" + f.tag)).isEqualByComparingTo("60");

    Map<String, String> none = rows(listed, "inputs");
    none.put("step", "FERMENTING");
    assertThat(session.submit(page, "/trace/operations/transformation", none).body())
        .as("no lot given a quantity")
        .contains("alert error", "Indique al menos un lote de entrada.");

    // a row beyond any a page offers (the binder grows lists to 256): refused, not a 500
    Map<String, String> crafted = new HashMap<>(form);
    crafted.put("inputs[500].lotId", d2);
    crafted.put("inputs[500].quantity", "1");
    Http.Response beyond =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, crafted);
    assertThat(beyond.status()).isEqualTo(400);
    assertThat(beyond.body()).contains("campos que la página no ofrece");
    assertThat(lotId("OF-" + f.tag)).as("nothing stored").isNull();
  }

  @Test
  void aRefusalOfMassBalanceNamesItsFactorInTheReadersLanguage() {
    String page = page("transformation");
    String listed = session.get(page).body();
    Map<String, String> form =
        transformation(listed, d1, "100", "DRYING", f.dry, "50", "OS-" + f.tag);

    String body = session.submit(page, "/trace/operations/transformation?q=" + f.tag, form).body();
    assertThat(body)
        .contains(
            "× rendimiento máximo 0.4",
            "= 40 kg (Cacao: rendimiento de baba a seco (sin verificar; fuente: ")
        .as("the reference value's name, not its key")
        .doesNotContain("cacao.wet-to-dry-factor")
        .as("beside the output's quantity, which is what the user changes (QA 2026-12-07f, 3)")
        .containsPattern(
            "id=\"outputs0.quantity\"[^<]*>\\s*(<[^>]*>\\s*)*<span class=\"field-error\">Balance de masa");
    assertThat(lotId("OS-" + f.tag)).as("nothing stored").isNull();
  }

  /**
   * The transformation form as listed, with a quantity of one input lot (by its id) and one output
   * of the product.
   */
  private Map<String, String> transformation(
      String listed,
      String input,
      String quantity,
      String step,
      Product output,
      String outputQuantity,
      String lotCode) {
    Map<String, String> form = rows(listed, "inputs");
    form.put("inputs[" + row(listed, input) + "].quantity", quantity);
    form.put("step", step);
    form.put("outputs[0].productId", output.id().toString());
    form.put("outputs[0].quantity", outputQuantity);
    form.put("outputs[0].lotCode", lotCode);
    return form;
  }

  @Test
  void aProductIsNotMadeOfAProductOfAnotherKind() {
    Product fruit =
        f.another("AGU-" + f.tag, "Aguaymanto " + f.tag, ProductKind.PHYSALIS_FRESH, "KGM");
    String page = page("transformation");
    String listed = session.get(page).body();
    Map<String, String> form =
        transformation(listed, d1, "100", "SORTING", fruit, "100", "OA-" + f.tag);

    Http.Response refused =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, form);

    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .as("the kinds named as the pages name them")
        .contains("No se hace «Aguaymanto fresco» de «Cacao en baba»");
    assertThat(lotId("OA-" + f.tag)).as("nothing stored").isNull();
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("100");
  }

  @Test
  void aStepIsOfferedAndTakenOnlyForTheKindsItMakes() {
    String page = page("transformation");
    String listed = session.get(page).body();
    assertThat(listed)
        .as("each product says its kind, each step what it makes, for the form's script")
        .contains("data-kind=\"CACAO_DRY\"", "data-narrows=\"step\"")
        .containsPattern("value=\"SAWING\"[^>]*data-makes=\"TIMBER_ROUNDWOOD TIMBER_SAWN OTHER\"")
        .containsPattern("<option value=\"SORTING\">");
    Map<String, String> form =
        transformation(listed, d1, "100", "SAWING", f.dry, "30", "OS-" + f.tag);

    Http.Response refused =
        session.submit(page, "/trace/operations/transformation?q=" + f.tag, form);

    assertThat(refused.status()).isEqualTo(200);
    String body = refused.body();
    assertThat(body)
        .as("the step and the kind named as the pages name them")
        .contains("«Aserrío» no hace «Cacao seco»");
    // beside the step's chooser, which keeps the step chosen
    int step = body.indexOf("<select id=\"step\"");
    assertThat(body.indexOf("«Aserrío» no hace", step))
        .isGreaterThan(step)
        .isLessThan(body.indexOf("</div>", step));
    assertThat(body).containsPattern("value=\"SAWING\"[^>]*selected");
    assertThat(lotId("OS-" + f.tag)).as("nothing stored").isNull();
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("100");

    Http.Response api =
        this.api.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.FERMENTING,
                List.of(TraceFixtures.input(d1, 100)),
                List.of(TraceFixtures.output(f.dry, "OS-" + f.tag, 30))));
    assertThat(api.status()).as(api.body()).isEqualTo(400);
    assertThat(api.body())
        .as("the API names the step by its URI and the kind by its constant")
        .contains("\"field\":\"step\"", "\"code\":\"trace.transformation.step\"")
        .contains("«https://ayni.org/voc/bizstep/fermenting» no hace «CACAO_DRY»");
    assertThat(lotId("OS-" + f.tag)).as("nothing stored").isNull();
  }

  @Test
  void lotsAreMergedAndShippedFromTheirPages() {
    String mergePage = page("merge");
    String listed = session.get(mergePage).body();
    Map<String, String> merge = rows(listed, "inputs");
    merge.put("inputs[" + row(listed, d1) + "].quantity", "40");
    merge.put("inputs[" + row(listed, d2) + "].quantity", "60");
    merge.put("lotCode", "OM-" + f.tag);
    // the lots were delivered just now: the merge cannot be dated before them, and dated in their
    // minute (the form has no seconds) it comes after them, so it finds their stock
    merge.put(
        "time",
        java.time.LocalDateTime.now(java.time.ZoneId.of("America/Lima"))
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .toString());
    Http.Response merged = session.submit(mergePage, "/trace/operations/merge", merge);
    assertThat(merged.status()).as(merged.body()).isEqualTo(302);
    assertThat(quantityIn("OM-" + f.tag)).isEqualByComparingTo("100");
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("60");

    String shipPage = page("shipment");
    String stocked = session.get(shipPage).body();
    Map<String, String> ship = rows(stocked, "lots");
    ship.put("lots[" + row(stocked, lotId("OM-" + f.tag)) + "].quantity", "100");
    ship.put("buyerName", "Chocolatería de prueba " + f.tag);
    assertThat(stocked)
        .as("the empty choice of the document's type says what it means")
        .contains("<option value=\"\">Factura, si no elige otro</option>");
    // a type without its number is asked for the number, not dropped (QA of 2026-12-07i, item 10)
    ship.put("referenceType", "bol");
    ship.put("reference", "");
    Http.Response half = session.submit(shipPage, "/trace/operations/shipment", ship);
    assertThat(half.status()).isEqualTo(200);
    assertThat(half.body())
        .contains("has-error", "Escriba el número del documento, o deje su tipo sin elegir.");
    assertThat(stock("OM-" + f.tag)).as("nothing stored").isEqualByComparingTo("100");
    ship.put("referenceType", "");
    ship.put("reference", "F-" + f.tag);
    Http.Response shipped = session.submit(shipPage, "/trace/operations/shipment", ship);
    assertThat(shipped.status()).as(shipped.body()).isEqualTo(302);
    assertThat(stock("OM-" + f.tag)).isEqualByComparingTo("0");
    assertThat(session.get("/trace/lots/" + lotId("OM-" + f.tag)).body())
        .contains("Chocolatería de prueba " + f.tag, "Factura F-" + f.tag);
  }

  @Test
  void aLotIsShippedToAnOrganisationOnAyniByItsCodeWhichThenOffersToShipBack() {
    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "op-code");
    String shipPage = page("shipment");
    String listed = session.get(shipPage).body();
    assertThat(listed)
        .as("an organisation the user does not read is not offered")
        .doesNotContain("value=\"" + buyer.id() + "\"")
        .contains("name=\"buyerOrganisationCode\"");
    Map<String, String> ship = rows(listed, "lots");
    ship.put("lots[" + row(listed, d1) + "].quantity", "25");
    ship.put("buyerOrganisationCode", "no-such-" + f.tag);
    Http.Response unknown = session.submit(shipPage, "/trace/operations/shipment", ship);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body())
        .contains("has-error", "Ninguna otra organización en Ayni tiene este código.");
    assertThat(stock("OD1-" + f.tag)).as("nothing stored").isEqualByComparingTo("100");

    ship.put("buyerOrganisationCode", buyer.code().toUpperCase(Locale.ROOT));
    Http.Response shipped = session.submit(shipPage, "/trace/operations/shipment", ship);
    assertThat(shipped.status()).as(shipped.body()).isEqualTo(302);
    assertThat(
            jdbc.sql(
                    "select destination_organisation_id from lot_shipment s join lot l"
                        + " on l.id = s.lot_id where l.code = ?")
                .param("OD1-" + f.tag)
                .query(UUID.class)
                .single())
        .isEqualTo(buyer.id());
    assertThat(session.get(shipPage).body())
        .as("now a buyer it deals with, offered to choose")
        .contains("value=\"" + buyer.id() + "\"");

    // the buyer receives it and is offered Cepicafe to ship (back) to
    Map<String, Object> receipt = new HashMap<>();
    receipt.put("organisationId", buyer.id());
    receipt.put("lotIdentifier", identifier("OD1-" + f.tag));
    receipt.put("quantity", 25);
    assertThat(buyer.api(port).post("/api/v1/trace/organisation-receipts", receipt).status())
        .isEqualTo(201);
    Http buyerSession = Http.session(port, buyer.username(), TraceFixtures.PASSWORD);
    assertThat(buyerSession.get("/trace/operations/shipment?organisationId=" + buyer.id()).body())
        .contains("value=\"" + f.cepicafe + "\"", ">Central Piurana de Cafetaleros<");

    // deactivated, it is neither offered nor shipped to
    jdbc.sql("update organisation set active = false where id = ?").param(buyer.id()).update();
    assertThat(session.get(shipPage).body()).doesNotContain("value=\"" + buyer.id() + "\"");
    Map<String, Object> toInactive = new HashMap<>();
    toInactive.put("organisationId", f.cepicafe);
    toInactive.put("lots", List.of(TraceFixtures.input(d2, 5)));
    toInactive.put("buyerOrganisationId", buyer.id());
    Http.Response refused = api.post("/api/v1/trace/shipments", toInactive);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.buyer.inactive");
  }

  @Test
  void aFormSentAgainRecordsItsOperationOnce() throws Exception {
    String shipPage = page("shipment");
    Http.Response shown = session.get(shipPage);
    String listed = shown.body();
    Matcher token =
        Pattern.compile("name=\"submission\" value=\"([0-9a-f-]{36})\"").matcher(listed);
    assertThat(token.find()).as("the form carries its token").isTrue();
    Map<String, String> ship = rows(listed, "lots");
    ship.put("submission", token.group(1));
    ship.put("buyerName", "Doble clic " + f.tag);
    ship.put("referenceType", ""); // the form's empty choice, with no reference: no type needed
    // the time left empty, "now": a second click a second later would be another shipment
    ship.put("lots[" + row(listed, d1) + "].quantity", "1000");
    Http.Response refused = session.form("/trace/operations/shipment", ship, shown.csrfToken());
    assertThat(refused.status()).as("more than the lot holds").isEqualTo(200);
    ship.put("lots[" + row(listed, d1) + "].quantity", "10");
    Http.Response first = session.form("/trace/operations/shipment", ship, shown.csrfToken());
    assertThat(first.status())
        .as("the token of a refused sending is not kept: the corrected form is recorded")
        .isEqualTo(302);
    Thread.sleep(1100);
    Http.Response again = session.form("/trace/operations/shipment", ship, shown.csrfToken());
    assertThat(again.status()).isEqualTo(302);
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(stock("OD1-" + f.tag)).as("shipped once").isEqualByComparingTo("90");
    // the same page's form filled in otherwise (back, and another shipment): another operation
    ship.put("lots[" + row(listed, d1) + "].quantity", "3");
    Http.Response other = session.form("/trace/operations/shipment", ship, shown.csrfToken());
    assertThat(other.status()).isEqualTo(302);
    assertThat(stock("OD1-" + f.tag)).as("and shipped as well").isEqualByComparingTo("87");

    // two sendings at the same moment: the second waits for the first and follows it
    Http.Response next = session.get(shipPage);
    Matcher nextToken =
        Pattern.compile("name=\"submission\" value=\"([0-9a-f-]{36})\"").matcher(next.body());
    assertThat(nextToken.find()).isTrue();
    assertThat(nextToken.group(1)).as("a fresh token per page").isNotEqualTo(token.group(1));
    Map<String, String> twice = rows(next.body(), "lots");
    twice.put("submission", nextToken.group(1));
    twice.put("buyerName", "Doble clic " + f.tag);
    twice.put("lots[" + row(next.body(), d1) + "].quantity", "5");
    List<CompletableFuture<Http.Response>> sent = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      sent.add(
          CompletableFuture.supplyAsync(
              () -> session.form("/trace/operations/shipment", twice, next.csrfToken())));
    }
    for (CompletableFuture<Http.Response> one : sent) {
      Http.Response answer = one.get(60, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.body()).isEqualTo(302);
    }
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("82");
  }

  /**
   * A shipment sent from its page that lost the race for its lot's stock to a take of the same
   * moment is tried again and recorded, as the API's are (QA of 2026-12-07m, F3: the page answered
   * that it was busy). The take's transaction holds the lot's stock, changed and not committed,
   * while the shipment writes it (on H2 the shipment waits for the log's lock instead, and passes
   * either way).
   */
  @Test
  void aShipmentSentFromItsPageThatLostTheRaceForItsStockIsTriedAgain() throws Exception {
    String shipPage = page("shipment");
    Http.Response shown = session.get(shipPage);
    Matcher token =
        Pattern.compile("name=\"submission\" value=\"([0-9a-f-]{36})\"").matcher(shown.body());
    assertThat(token.find()).isTrue();
    Map<String, String> ship = rows(shown.body(), "lots");
    ship.put("submission", token.group(1));
    ship.put("buyerName", "Carrera " + f.tag);
    ship.put("lots[" + row(shown.body(), d1) + "].quantity", "5");
    Http.Response shipped =
        LockWaits.whileAppending(
            jdbc,
            transaction,
            eventLog,
            new OrganisationId(f.cepicafe),
            List.of(TraceFixtures.taking(identifier("OD1-" + f.tag), 10)),
            () -> session.form("/trace/operations/shipment", ship, shown.csrfToken()),
            TestDatabase.postgres() ? "update lot_stock" : "select");
    assertThat(shipped.status()).as(shipped.body()).isEqualTo(302);
    assertThat(stock("OD1-" + f.tag))
        .as("100 kg less the take's 10 and the shipment's 5")
        .isEqualByComparingTo("85");
  }

  @Test
  void aLotBoughtFromASupplierOutsideAyniIsReceivedAsANewLotOfOurs() {
    String page = "/trace/operations/purchase?organisationId=" + f.cepicafe;
    String form = session.get(page).body();
    assertThat(form)
        .contains("id=\"operation-form\"", "name=\"supplierName\"", f.wet.name())
        .doesNotContain("operation-lots")
        .doesNotContain("??");

    Map<String, String> purchase = new HashMap<>();
    purchase.put("organisationId", f.cepicafe.toString());
    purchase.put("supplierName", "");
    purchase.put("productId", "");
    purchase.put("quantity", "250");
    purchase.put("lotCode", "PU-" + f.tag);
    Http.Response refused = session.submit(page, "/trace/operations/purchase", purchase);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body()).contains("has-error", "Este dato es obligatorio.");
    assertThat(lotId("PU-" + f.tag)).as("nothing stored").isNull();

    purchase.put("supplierName", "Acopiador Ruiz " + f.tag);
    purchase.put("productId", f.wet.id().toString());
    Http.Response saved = session.submit(page, "/trace/operations/purchase", purchase);

    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(quantityIn("PU-" + f.tag)).isEqualByComparingTo("250");
    assertThat(stock("PU-" + f.tag)).isEqualByComparingTo("250");
    assertThat(
            jdbc.sql(
                    "select r.source_party from lot_receipt r join lot l on l.id = r.lot_id"
                        + " where l.code = ?")
                .param("PU-" + f.tag)
                .query(String.class)
                .single())
        .as("the supplier, not a member, is its origin")
        .contains("acopiador-ruiz");
  }

  @Test
  void onlyThoseWhoRecordForTheOrganisationMayRecordAnOperation() {
    String page = page("merge");
    String listed = session.get(page).body();
    Map<String, String> merge = rows(listed, "inputs");
    merge.put("inputs[" + row(listed, d1) + "].quantity", "10");
    merge.put("inputs[" + row(listed, d2) + "].quantity", "10");
    merge.put("lotCode", "OX-" + f.tag);

    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(page).body()).contains("alert error").doesNotContain("operation-form");
    assertThat(auditor.submit(page, "/trace/operations/merge", merge).status()).isEqualTo(403);

    Http outsider = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsider.get(page).body())
        .doesNotContain("OD1-" + f.tag)
        .as("said, not an empty page (QA of 2026-12-07)")
        .contains("Usted no registra operaciones para esa organización");
    Http.Response outside = outsider.submit("/trace", "/trace/operations/merge", merge);
    assertThat(outside.status()).isEqualTo(200);
    assertThat(outside.body()).contains("alert error").doesNotContain("OD1-" + f.tag);
    assertThat(lotId("OX-" + f.tag)).as("nothing stored").isNull();
    assertThat(stock("OD1-" + f.tag)).isEqualByComparingTo("100");
  }

  @Test
  void aLotFoundNonConformantIsMarkedWhereItIsChosen() {
    Map<String, Object> inspection = new HashMap<>();
    inspection.put("outcome", "NON_CONFORMANT");
    assertThat(api.post("/api/v1/lots/" + d2 + "/inspections", inspection).status()).isEqualTo(201);
    for (String kind : List.of("transformation", "merge", "shipment")) {
      String listed = session.get(page(kind)).body();
      int second = listed.indexOf("value=\"" + d2 + "\"");
      int first = listed.indexOf("value=\"" + d1 + "\"");
      assertThat(listed.substring(second, listed.indexOf("</td>", second)))
          .as(kind)
          .contains("badge non_conformant", ">no conforme<", "Su última inspección lo encontró");
      assertThat(listed.substring(first, listed.indexOf("</td>", first)))
          .doesNotContain("non_conformant");
    }
  }

  @Test
  void everyLabelOfTheFormsNamesAFieldOfItsPage() {
    Pattern label = Pattern.compile("<label for=\"([^\"]+)\"");
    List<String> pages =
        new ArrayList<>(
            List.of(
                page("transformation"),
                page("merge"),
                page("shipment"),
                page("purchase"),
                "/trace/lots/" + d1,
                "/trace/members/" + f.memberA.id() + "/receipts"));
    for (String path : pages) {
      String html = session.get(path).body();
      Matcher m = label.matcher(html);
      int labels = 0;
      while (m.find()) {
        labels++;
        assertThat(html)
            .as("%s: the field of the label for %s", path, m.group(1))
            .contains("id=\"" + m.group(1) + "\"");
      }
      assertThat(labels).as(path).isGreaterThan(2);
    }
  }

  private String page(String kind) {
    return "/trace/operations/" + kind + "?organisationId=" + f.cepicafe + "&q=" + f.tag;
  }

  /** The organisation and every row's lot as the page lists them, no quantity given. */
  private Map<String, String> rows(String page, String field) {
    Map<String, String> form = new HashMap<>();
    form.put("organisationId", f.cepicafe.toString());
    Matcher m = ROW.matcher(page);
    while (m.find()) {
      form.put(field + "[" + m.group(2) + "].lotId", m.group(3));
      form.put(field + "[" + m.group(2) + "].quantity", "");
    }
    return form;
  }

  /** The index of the lot's row on the page. */
  private static String row(String page, String lotId) {
    Matcher m = ROW.matcher(page);
    while (m.find()) {
      if (m.group(3).equals(lotId)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no row for " + lotId);
  }

  private String delivery(String code, int kg) {
    return f.delivered(api, f.memberA, f.plotA1, code, kg);
  }

  private String identifier(String code) {
    return jdbc.sql("select identifier from lot where code = ?")
        .param(code)
        .query(String.class)
        .single();
  }

  private String lotId(String code) {
    return jdbc.sql("select cast(id as varchar(36)) from lot where code = ?")
        .param(code)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private BigDecimal quantityIn(String code) {
    return jdbc.sql("select quantity_in from lot where code = ?")
        .param(code)
        .query(BigDecimal.class)
        .single();
  }

  private BigDecimal stock(String code) {
    return TraceFixtures.stock(jdbc, code);
  }
}
