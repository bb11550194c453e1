package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * A correction is a new event (an EPCIS error declaration), never an update: the erroneous event
 * stays in the log, and its effect on stock and lineage is removed.
 */
@AyniIntegrationTest
class TraceCorrectionTests {

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
  void aReceiptDeclaredErroneousLeavesNoStockAndNoOrigin() {
    Http.Response receipt =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "C-" + f.tag, 50));
    String lot = TraceChainTests.created(receipt);
    String eventId = receipt.json().path("eventId").asString();
    assertThat(eventId).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");

    Http.Response corrected = campo.post("/api/v1/trace/corrections", correction(eventId));
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);

    JsonNode detail = campo.get("/api/v1/lots/" + lot).json();
    assertThat(detail.path("lot").path("stock").asDouble()).isZero();
    assertThat(detail.path("lot").path("quantityIn").asDouble()).isZero();
    assertThat(detail.path("lot").path("corrected").asBoolean()).isTrue();
    assertThat(detail.path("lot").hasNonNull("state"))
        .as("a lot that never was is not 'used up'")
        .isFalse();
    assertThat(detail.path("receipts").get(0).path("voided").asBoolean()).isTrue();
    assertThat(campo.get("/api/v1/lots/" + lot + "/backward").json().path("receipts")).isEmpty();
    JsonNode timeline = campo.get("/api/v1/lots/" + lot + "/events").json();
    assertThat(timeline).hasSize(2);
    assertThat(timeline.get(0).path("erroneous").asBoolean()).isTrue();
    assertThat(timeline.get(1).path("declaresError").asBoolean()).isTrue();
    assertThat(timeline.get(1).path("errorReason").asString()).isEqualTo("did_not_occur");
    assertThat(timeline.get(1).path("declaredAt").isNull()).isFalse();
    // on the page, the declaration says what it undoes, at the time it was made, without the
    // event's lots again (which read as a second receipt that still stands)
    String page =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .get("/trace/lots/" + lot + "?lang=en")
            .body();
    int start = page.indexOf("id=\"lot-timeline\"");
    String entries = page.substring(start, page.indexOf("</ol>", start));
    assertThat(entries)
        .containsOnlyOnce("Lot: ")
        .containsOnlyOnce("Declared erroneous")
        .contains(
            "Error declaration: ", "Declares the “Receipt” of ", "erroneous: it no longer counts.");
    assertThat(
            jdbc.sql("select count(*) from epcis_event where event_id = ?")
                .param(eventId)
                .query(Long.class)
                .single())
        .as("the erroneous event stays, the declaration is added")
        .isEqualTo(2);

    Http.Response again = campo.post("/api/v1/trace/corrections", correction(eventId));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.event.already-corrected");
    assertThat(
            Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD)
                .get("/trace/members/" + f.memberA.id())
                .body())
        .as("a delivery that did not occur is no longer among the member's")
        .doesNotContain("C-" + f.tag);
  }

  /**
   * A part whose split was declared erroneous never was: an inspection of it that stands in the log
   * gives it no quality, state or place in its page's API or the list (QA of 2026-12-07i, item 5).
   */
  @Test
  void aLotWhoseMakingWasUndoneHasNoQualityStateOrPlace() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "UN-" + f.tag, 100);
    Http.Response split =
        campo.post(
            "/api/v1/lots/" + lot + "/split",
            Map.of("parts", List.of(Map.of("lotCode", "UNA-" + f.tag, "quantity", 20))));
    assertThat(split.status()).as(split.body()).isEqualTo(201);
    String part = split.json().path("lots").get(0).path("id").asString();
    assertThat(
            campo
                .post("/api/v1/lots/" + part + "/inspections", Map.of("outcome", "CONFORMANT"))
                .status())
        .isEqualTo(201);
    JsonNode before = campo.get("/api/v1/lots/" + part).json();
    assertThat(before.path("lot").path("state").asString()).isEqualTo("conformant");
    assertThat(before.path("quality").path("outcome").asString()).isEqualTo("conformant");

    Http.Response undone =
        campo.post(
            "/api/v1/trace/corrections", correction(split.json().path("eventId").asString()));
    assertThat(undone.status()).as(undone.body()).isEqualTo(201);

    JsonNode after = campo.get("/api/v1/lots/" + part).json();
    assertThat(after.path("lot").path("corrected").asBoolean()).isTrue();
    assertThat(after.path("lot").hasNonNull("state")).isFalse();
    assertThat(after.path("lot").hasNonNull("disposition")).isFalse();
    assertThat(after.path("lot").hasNonNull("location")).isFalse();
    assertThat(after.hasNonNull("quality")).isFalse();
    assertThat(after.path("holdingQuality")).as("nor any holding's").isEmpty();
    JsonNode listed = campo.get("/api/v1/lots?q=UNA-" + f.tag).json().path("items").get(0);
    assertThat(listed.path("code").asString()).isEqualTo("UNA-" + f.tag);
    assertThat(listed.hasNonNull("quality")).isFalse();
    assertThat(listed.hasNonNull("state")).isFalse();
    assertThat(
            campo
                .get("/api/v1/lots?location=urn:ayni:loc:cepicafe:main&q=UNA-" + f.tag)
                .json()
                .path("items"))
        .as("nor is it listed at a place")
        .isEmpty();
    assertThat(
            campo
                .get("/api/v1/lots?location=urn:ayni:loc:cepicafe:main&q=UN-" + f.tag)
                .json()
                .path("items"))
        .as("the lot it was split off still is")
        .hasSize(1);
    assertThat(stock(lot)).as("the split's 20 kg are back").isEqualTo(100.0);
  }

  @Test
  void aLotWhoseMakingWasDeclaredErroneousIsMadeAgainUnderItsCode() {
    // the wrong member and product on the sack labelled RM: declared erroneous, recorded again
    Http.Response wrong =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "RM-" + f.tag, 50));
    String lot = TraceChainTests.created(wrong);
    String eventId = wrong.json().path("eventId").asString();
    assertThat(campo.post("/api/v1/trace/corrections", correction(eventId)).status())
        .isEqualTo(201);

    Map<String, Object> right = f.receipt(f.memberB, f.plotB1, "RM-" + f.tag, 60);
    right.put("productId", f.fermented.id());
    Http.Response again = campo.post("/api/v1/trace/receipts", right);
    assertThat(again.status()).as("the code is free again (it was 'taken')").isEqualTo(201);
    assertThat(TraceChainTests.created(again)).as("the same lot, made again").isEqualTo(lot);

    JsonNode detail = campo.get("/api/v1/lots/" + lot).json();
    assertThat(detail.path("lot").path("quantityIn").asDouble()).isEqualTo(60.0);
    assertThat(detail.path("lot").path("stock").asDouble()).isEqualTo(60.0);
    assertThat(detail.path("lot").path("corrected").asBoolean()).isFalse();
    assertThat(detail.path("lot").path("productId").asString())
        .as("of the product recorded again")
        .isEqualTo(f.fermented.id().toString());
    assertThat(detail.path("lot").path("createdEventId").asString())
        .isEqualTo(again.json().path("eventId").asString());
    JsonNode back = campo.get("/api/v1/lots/" + lot + "/backward").json();
    assertThat(back.path("receipts")).hasSize(1);
    assertThat(back.path("receipts").get(0).path("memberCode").asString())
        .isEqualTo(f.memberB.memberCode());
    assertThat(campo.get("/api/v1/lots/" + lot + "/events").json())
        .as("the erroneous event, its declaration and the new one")
        .hasSize(3);

    Http.Response taken =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "RM-" + f.tag, 5));
    assertThat(taken.status()).as("made again, the lot holds its code").isEqualTo(400);
    assertThat(taken.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.lot.code-taken");

    // a lot something else happened to (inspected here; shipped, used…) keeps its code and its
    // history, though its making is declared erroneous
    Http.Response other =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "RK-" + f.tag, 50));
    String kept = TraceChainTests.created(other);
    Map<String, Object> inspection = new HashMap<>();
    inspection.put("outcome", "CONFORMANT");
    assertThat(campo.post("/api/v1/lots/" + kept + "/inspections", inspection).status())
        .isEqualTo(201);
    assertThat(
            campo
                .post(
                    "/api/v1/trace/corrections",
                    correction(other.json().path("eventId").asString()))
                .status())
        .isEqualTo(201);
    Http.Response stillTaken =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberB, f.plotB1, "RK-" + f.tag, 60));
    assertThat(stillTaken.status()).isEqualTo(400);
    assertThat(stillTaken.json().path("errors").get(0).path("code").asString())
        .as("the user is told what keeps the code: the events that still name the lot")
        .isEqualTo("trace.lot.code-still-named");
  }

  @Test
  void anEventIsDeclaredErroneousFromItsLotsPageWithAMessageBesideTheFieldWhenItCannotBe() {
    Http.Response receipt =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "U-" + f.tag, 40));
    String lot = TraceChainTests.created(receipt);
    String eventId = receipt.json().path("eventId").asString();
    String page = "/trace/lots/" + lot;
    Http session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(session.get(page).body())
        .contains("id=\"correction-form\"", "Declarar un evento erróneo", eventId, "No ocurrió")
        .doesNotContain("??")
        .as("the event's hash shortened in the choice, whole in its value and title")
        .contains(" · sha-256 " + eventId.substring("ni:///sha-256;".length(), 26) + "…</option>")
        .as("and its quantity, which tells it from another of the same minute (QA 2026-12-07f)")
        .contains(" · Recepción · 40 kg · sha-256 ");

    Http.Response noReason =
        session.submit(page, page + "/corrections", Map.of("eventId", eventId, "reason", ""));
    assertThat(noReason.status()).isEqualTo(200);
    assertThat(noReason.body()).contains("field-error", "Este dato es obligatorio.");
    Http.Response unknown =
        session.submit(
            page, page + "/corrections", Map.of("eventId", "urn:x:1", "reason", "DID_NOT_OCCUR"));
    assertThat(unknown.body())
        .contains("Evento desconocido o no registrado por esta organización.");
    assertThat(declarations(eventId)).as("nothing stored by a refused form").isEqualTo(1);

    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(page).body())
        .as("an auditor reads the lot but may not correct it")
        .doesNotContain("correction-form");
    Http.Response forbidden =
        auditor.submit(
            page, page + "/corrections", Map.of("eventId", eventId, "reason", "DID_NOT_OCCUR"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(declarations(eventId)).isEqualTo(1);

    Http.Response done =
        session.submit(
            page, page + "/corrections", Map.of("eventId", eventId, "reason", "INCORRECT_DATA"));
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.header("Location")).endsWith(page);
    assertThat(declarations(eventId)).isEqualTo(2);
    String after = session.get(page).body();
    assertThat(after)
        .contains("Declarado erróneo", "Corregido")
        .as("the reason in words, not its CBV code")
        .contains("Datos incorrectos")
        .doesNotContain("incorrect_data")
        .as("nothing left to correct on this lot: the form is gone")
        .doesNotContain("correction-form");
    JsonNode detail = campo.get("/api/v1/lots/" + lot).json();
    assertThat(detail.path("lot").path("stock").asDouble()).isZero();
    JsonNode timeline = campo.get("/api/v1/lots/" + lot + "/events").json();
    assertThat(timeline.get(1).path("errorReason").asString()).isEqualTo("incorrect_data");

    Http.Response twice =
        session.form(
            page + "/corrections",
            Map.of("eventId", eventId, "reason", "DID_NOT_OCCUR"),
            session.get("/trace").csrfToken());
    assertThat(twice.status()).isEqualTo(200);
    assertThat(twice.body())
        .as("an event declared erroneous is not declared so twice, and the form says why")
        .contains("Este evento ya fue declarado erróneo.");
    assertThat(declarations(eventId)).isEqualTo(2);
  }

  private long declarations(String eventId) {
    return jdbc.sql("select count(*) from epcis_event where event_id = ?")
        .param(eventId)
        .query(Long.class)
        .single();
  }

  @Test
  void theLotPageNamesTheEventsThatCorrectTheOneDeclaredErroneous() {
    String input = f.delivered(campo, f.memberB, f.plotB1, "RC-" + f.tag, 100);
    String wrong = ferment(input, 40, "FW-" + f.tag, 30);
    String right = ferment(input, 40, "FR-" + f.tag, 35);
    String page = "/trace/lots/" + input;
    Http session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);

    Map<String, String> form = new java.util.HashMap<>();
    form.put("eventId", wrong);
    form.put("reason", "INCORRECT_DATA");
    form.put("correctiveEventIds", wrong);
    Http.Response itself = session.submit(page, page + "/corrections", form);
    assertThat(itself.body()).contains("Un evento no puede corregirse a sí mismo.");
    assertThat(itself.body())
        .as("the boxes are marked refused, so the error summary links to them")
        .containsPattern("<fieldset class=\"field wide has-error\" id=\"corrective-events\"");
    assertThat(declarations(wrong)).as("nothing stored").isEqualTo(1);

    form.put("correctiveEventIds", right);
    assertThat(session.submit(page, page + "/corrections", form).status()).isEqualTo(302);

    assertThat(declaration(wrong))
        .as("the error declaration names the event that corrects it")
        .contains("correctiveEventIDs", right);
    assertThat(stock(input)).as("the wrong transformation's 40 kg are back").isEqualTo(60.0);
    // the page names the correction beside the declaration, as the API does (QA of 2026-12-07i,
    // item 4)
    String declared = TracePagesTests.timeline(session.get(page).body());
    declared = declared.substring(declared.indexOf("class=\"declaration\""));
    assertThat(declared)
        .contains("La corrige:", "Fermentación", "sha-256 " + right.substring(14, 26) + "…");
    JsonNode declaration = null;
    for (JsonNode e : campo.get("/api/v1/lots/" + input + "/events").json()) {
      if (e.path("declaresError").asBoolean()) {
        declaration = e;
      }
    }
    assertThat(declaration).isNotNull();
    assertThat(declaration.path("correctiveEventIds").get(0).asString()).isEqualTo(right);
    assertThat(declaration.path("undoes").asBoolean()).isTrue();

    // an event declared erroneous corrects no other, in the API as on the page (QA of
    // 2026-12-07i, item 8)
    Map<String, Object> byTheWrongOne = correction(right);
    byTheWrongOne.put("correctiveEventIds", List.of(wrong));
    Http.Response refused = campo.post("/api/v1/trace/corrections", byTheWrongOne);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonNode error = refused.json().path("errors").get(0);
    assertThat(error.path("field").asString()).isEqualTo("correctiveEventIds[0]");
    assertThat(error.path("message").asString())
        .isEqualTo("This event was declared erroneous: it cannot correct another.");
    assertThat(declarations(right)).as("nothing stored").isEqualTo(1);
    byTheWrongOne.remove("organisationId");
    Http.Response noOrganisation = campo.post("/api/v1/trace/corrections", byTheWrongOne);
    assertThat(noOrganisation.status()).as(noOrganisation.body()).isEqualTo(400);
    assertThat(noOrganisation.json().path("errors").findValuesAsString("field"))
        .contains("organisationId");
  }

  @Test
  void aDeliveryRecordedAgainAsAnotherLotIsNamedAsItsCorrectionByItsEventId() {
    Http.Response wrong =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberB, f.plotB1, "DW-" + f.tag, 100));
    String wrongLot = TraceChainTests.created(wrong);
    String wrongEvent = wrong.json().path("eventId").asString();
    Http.Response right =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "DR-" + f.tag, 100));
    String rightEvent = right.json().path("eventId").asString();
    String page = "/trace/lots/" + wrongLot;
    Http session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(session.get(page).body())
        .as("the other lot's event is not among this lot's")
        .contains("id=\"otherCorrectiveEventIds\"")
        .doesNotContain(rightEvent);

    Map<String, String> form = new java.util.HashMap<>();
    form.put("eventId", wrongEvent);
    form.put("reason", "INCORRECT_DATA");
    form.put("otherCorrectiveEventIds", "urn:uuid:" + java.util.UUID.randomUUID());
    Http.Response unknown = session.submit(page, page + "/corrections", form);
    assertThat(unknown.body())
        .as("an unknown event is refused and what was typed is kept")
        .contains("Evento desconocido o no registrado por esta organización.")
        .contains(form.get("otherCorrectiveEventIds") + "</textarea>");
    assertThat(declarations(wrongEvent)).as("nothing stored").isEqualTo(1);

    form.put("otherCorrectiveEventIds", "\n " + rightEvent + " \n");
    Http.Response corrected = session.submit(page, page + "/corrections", form);
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(302);
    assertThat(declaration(wrongEvent))
        .as("the declaration names the other lot's delivery")
        .contains("correctiveEventIDs", rightEvent);
    assertThat(stock(wrongLot)).isZero();
  }

  /** The event and its error declaration, as EPCIS answers them (JSON). */
  private String declaration(String eventId) {
    return campo
        .get("/epcis/events/" + java.net.URLEncoder.encode(eventId, StandardCharsets.UTF_8))
        .json()
        .at("/epcisBody/queryResults/resultsBody/eventList")
        .toString();
  }

  /** Ferments kilograms of the lot into a new lot; the event id. */
  private String ferment(String lot, int kg, String code, int out) {
    Http.Response fermented =
        campo.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.FERMENTING,
                List.of(TraceFixtures.input(lot, kg)),
                List.of(TraceFixtures.output(f.fermented, code, out))));
    assertThat(fermented.status()).as(fermented.body()).isEqualTo(201);
    return fermented.json().path("eventId").asString();
  }

  @Test
  void aTransformationDeclaredErroneousGivesItsInputsBackAndTakesItsLineage() {
    String input = f.delivered(campo, f.memberB, f.plotB1, "R-" + f.tag, 100);
    Http.Response fermented =
        campo.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.FERMENTING,
                List.of(TraceFixtures.input(input, 100)),
                List.of(TraceFixtures.output(f.fermented, "F-" + f.tag, 90))));
    String output = TraceChainTests.created(fermented);
    assertThat(campo.get("/api/v1/lots/" + output + "/backward").json().path("members")).hasSize(1);

    Http.Response corrected =
        campo.post(
            "/api/v1/trace/corrections", correction(fermented.json().path("eventId").asString()));
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);

    assertThat(stock(input)).isEqualTo(100.0);
    assertThat(stock(output)).isZero();
    JsonNode back = campo.get("/api/v1/lots/" + output + "/backward").json();
    assertThat(back.path("lots")).isEmpty();
    assertThat(back.path("members")).isEmpty();
    assertThat(campo.get("/api/v1/lots/" + input + "/forward").json().path("lots")).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from lot_edge where output_lot_id = cast(? as uuid)")
                .param(output)
                .query(Long.class)
                .single())
        .isZero();

    // The corrective event is recorded as usual, from another delivery, under the same code: the
    // lot is made again and traces back to that delivery alone.
    String other = f.delivered(campo, f.memberA, f.plotA1, "R2-" + f.tag, 100);
    String again =
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                f.transformation(
                    TraceStep.FERMENTING,
                    List.of(TraceFixtures.input(other, 100)),
                    List.of(TraceFixtures.output(f.fermented, "F-" + f.tag, 88)))));
    assertThat(again).isEqualTo(output);
    JsonNode remade = campo.get("/api/v1/lots/" + again + "/backward").json();
    assertThat(remade.path("members")).hasSize(1);
    assertThat(remade.path("members").get(0).path("memberCode").asString())
        .isEqualTo(f.memberA.memberCode());
    assertThat(campo.get("/api/v1/lots/" + input + "/forward").json().path("lots")).isEmpty();
    assertThat(stock(again)).isEqualTo(88.0);
  }

  @Test
  void aReceiptAlreadyUsedDownstreamCannotBeUndoneAlone() {
    Http.Response receipt =
        campo.post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA2, "U-" + f.tag, 100));
    String lot = TraceChainTests.created(receipt);
    TraceChainTests.created(
        campo.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.FERMENTING,
                List.of(TraceFixtures.input(lot, 100)),
                List.of(TraceFixtures.output(f.fermented, "V-" + f.tag, 90)))));
    long declarations = jdbc.sql("select count(*) from epcis_event").query(Long.class).single();

    Http.Response refused =
        campo.post(
            "/api/v1/trace/corrections", correction(receipt.json().path("eventId").asString()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("message").asString())
        .isEqualTo(
            "Undoing this event would leave lot urn:ayni:lot:cepicafe:U-"
                + f.tag
                + " with -100 KGM in stock: first correct the events that used that lot.");
    // on the lot page, the lot by its code and the unit by its symbol
    String page = "/trace/lots/" + lot;
    Http.Response form =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .submit(
                page,
                page + "/corrections",
                Map.of(
                    "eventId",
                    receipt.json().path("eventId").asString(),
                    "reason",
                    "DID_NOT_OCCUR"));
    assertThat(form.body())
        .contains("Anular este evento dejaría el lote U-" + f.tag + " con -100 kg en existencias");
    assertThat(jdbc.sql("select count(*) from epcis_event").query(Long.class).single())
        .isEqualTo(declarations);
    assertThat(stock(lot)).isZero();
  }

  @Test
  void anInspectionDeclaredErroneousGivesTheLotBackTheDispositionItHadBefore() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "D-" + f.tag, 60);
    String received = disposition(lot);
    assertThat(received).isEqualTo("active");
    String conformant = inspect(lot, "CONFORMANT");
    String nonConformant = inspect(lot, "NON_CONFORMANT");
    assertThat(disposition(lot)).isEqualTo("non_conformant");

    Http.Response first = campo.post("/api/v1/trace/corrections", correction(nonConformant));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(disposition(lot)).as("the inspection before it").isEqualTo("conformant");

    Http.Response second = campo.post("/api/v1/trace/corrections", correction(conformant));
    assertThat(second.status()).as(second.body()).isEqualTo(201);
    assertThat(disposition(lot))
        .as("the receipt's, the later inspection being erroneous too")
        .isEqualTo(received);
    assertThat(stock(lot)).as("an inspection moved no stock").isEqualTo(60.0);
    Http.Response again = campo.post("/api/v1/trace/corrections", correction(conformant));
    assertThat(again.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.event.already-corrected");
  }

  @Test
  void anOperationRecordedAgainAfterItsCorrectionIsANewEventNamingTheErroneousOne() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "R-" + f.tag, 80);
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(lot, 30)));
    shipment.put("buyerName", "Chocolatier " + f.tag);
    // a minute this test cannot reach: corrections declared within it would be movements of the
    // lot in that minute, and a form's minute means the latest of them (another event, not the
    // same)
    shipment.put(
        "shippedAt",
        OffsetDateTime.now(ZoneOffset.ofHours(-5))
            .plusMinutes(3)
            .truncatedTo(ChronoUnit.MINUTES)
            .toString());
    String shipped = created(campo.post("/api/v1/trace/shipments", shipment));
    assertThat(created(campo.post("/api/v1/trace/shipments", shipment)))
        .as("sent twice, stored once")
        .isEqualTo(shipped);
    assertThat(campo.post("/api/v1/trace/corrections", correction(shipped)).status())
        .isEqualTo(201);
    assertThat(stock(lot)).isEqualTo(80.0);

    // the same shipment, same time and all, recorded again: it happened after all
    String again = created(campo.post("/api/v1/trace/shipments", shipment));
    assertThat(again).isNotEqualTo(shipped);
    assertThat(stock(lot)).as("shipped, not silently taken for the erroneous one").isEqualTo(50.0);
    assertThat(event(again).path("ayni:correctsEvent").asString()).isEqualTo(shipped);
    assertThat(
            Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD)
                .get("/trace/lots/" + lot)
                .body())
        .contains("Registra de nuevo el evento erróneo: " + shipped);
    assertThat(created(campo.post("/api/v1/trace/shipments", shipment)))
        .as("sent twice again, stored once again")
        .isEqualTo(again);
    assertThat(stock(lot)).isEqualTo(50.0);

    // and once more after that one was declared erroneous too
    assertThat(campo.post("/api/v1/trace/corrections", correction(again)).status()).isEqualTo(201);
    String third = created(campo.post("/api/v1/trace/shipments", shipment));
    assertThat(third).isNotIn(shipped, again);
    assertThat(event(third).path("ayni:correctsEvent").asString())
        .as("third %s after %s and %s", event(third), event(shipped), event(again))
        .isEqualTo(again);
    assertThat(stock(lot)).isEqualTo(50.0);
    String page =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/trace/lots/" + lot).body();
    assertThat(page.split(Pattern.quote("Registra de nuevo el evento erróneo: " + shipped), -1))
        .as("said by the event recorded again, not repeated by its declaration")
        .hasSize(2);
  }

  /** The eventID of an operation's answer, which must have stored or found it. */
  static String created(Http.Response operation) {
    assertThat(operation.status()).as(operation.body()).isEqualTo(201);
    return operation.json().path("eventId").asString();
  }

  /** The event as the EPCIS interface returns it. */
  JsonNode event(String eventId) {
    return campo
        .get("/epcis/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8))
        .json()
        .at("/epcisBody/queryResults/resultsBody/eventList/0");
  }

  /** Records an inspection of the lot with the outcome; its eventID. */
  String inspect(String lot, String outcome) {
    Http.Response recorded =
        campo.post("/api/v1/lots/" + lot + "/inspections", Map.of("outcome", outcome));
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    return recorded.json().path("eventId").asString();
  }

  String disposition(String lot) {
    return campo.get("/api/v1/lots/" + lot).json().path("lot").path("disposition").asString(null);
  }

  Map<String, Object> correction(String eventId) {
    Map<String, Object> body = new HashMap<>();
    body.put("organisationId", f.cepicafe);
    body.put("eventId", eventId);
    body.put("reason", "DID_NOT_OCCUR");
    return body;
  }

  double stock(String lotId) {
    return campo.get("/api/v1/lots/" + lotId).json().path("lot").path("stock").asDouble();
  }
}
