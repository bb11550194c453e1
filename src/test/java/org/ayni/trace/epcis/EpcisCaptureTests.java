package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.trace.LineageLockHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;

/**
 * Capture: the 202 and its job, idempotency (the same document twice, the same event twice), the
 * two GS1-Capture-Error-Behaviours with one bad event, refusals of projections naming the event,
 * the organisation a capture is recorded for, and the limits OPTIONS advertises.
 */
@AyniIntegrationTest
class EpcisCaptureTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  private static String event(String tag, int n) {
    return EpcisFixtures.objectEvent(
        "urn:uuid:" + UUID.randomUUID(),
        "urn:ayni:test:" + tag + ":" + n,
        "2026-05-04T08:0" + n + ":00-05:00");
  }

  @Test
  void aDocumentCapturedTwiceIsStoredOnceAndItsJobSaysSo() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String tag = EpcisFixtures.tag();
    // Two events without eventID: the log gives them their CBV hash.
    String document =
        EpcisFixtures.document(
            List.of(
                event(tag, 1).replaceAll("\"eventID\":\"[^\"]+\",", ""),
                event(tag, 2).replaceAll("\"eventID\":\"[^\"]+\",", ""),
                event(tag, 3)));
    Http.Response accepted = client.post("/epcis/capture", document);
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    JsonNode first = client.waitFor(accepted.header("Location"));
    assertThat(first.path("success").asBoolean()).isTrue();
    assertThat(first.path("captureErrorBehaviour").asString()).isEqualTo("rollback");
    assertThat(first.path("storedCount").asInt()).isEqualTo(3);
    assertThat(first.path("createdAt").asString()).isNotBlank();
    assertThat(first.path("finishedAt").asString()).isNotBlank();
    JsonNode second = client.capture(document);
    assertThat(second.path("success").asBoolean()).isTrue();
    assertThat(second.path("storedCount").asInt()).isZero();
    assertThat(second.path("duplicateCount").asInt()).isEqualTo(3);
    List<JsonNode> events = client.events("");
    assertThat(events).hasSize(3);
    assertThat(events.stream().map(e -> e.path("eventID").asString()))
        .filteredOn(id -> id.startsWith("ni:///sha-256;"))
        .hasSize(2);
    // The job list shows both jobs, newest first.
    JsonNode jobs = client.get("/epcis/capture").json().path("captureJobs");
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).path("captureID").asString())
        .isEqualTo(second.path("captureID").asString());
  }

  @Test
  void aJobReadWithPreferWaitIsAnsweredWhenTheJobEnds() throws Exception {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String tag = EpcisFixtures.tag();
    String lot = "urn:ayni:lot:test:" + tag + "-in";
    JsonNode made =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    """
                    {"type":"ObjectEvent","eventTime":"2026-05-04T08:00:00-05:00",
                     "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"commissioning",
                     "quantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}]}"""
                        .formatted(lot))));
    assertThat(made.path("success").asBoolean()).as("%s", made).isTrue();
    String transformation =
        EpcisFixtures.document(
            List.of(
                """
                {"type":"TransformationEvent","eventTime":"2026-05-04T09:00:00-05:00",
                 "eventTimeZoneOffset":"-05:00","bizStep":"ayni:bizstep/drying",
                 "inputQuantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}],
                 "outputQuantityList":[{"epcClass":"%s-out","quantity":40,"uom":"KGM"}]}"""
                    .formatted(lot, lot)));

    // The lineage lock held elsewhere keeps the transformation's job running until released.
    try (LineageLockHolder lock = new LineageLockHolder(transactions, jdbc)) {
      Http.Response accepted = client.post("/epcis/capture", transformation);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      String location = accepted.header("Location");
      assertThat(client.get(location).json().path("running").asBoolean())
          .as("without Prefer: answered at once, still running")
          .isTrue();

      long started = System.nanoTime();
      CompletableFuture<Http.Response> waited =
          CompletableFuture.supplyAsync(() -> client.header("Prefer", "wait=20").get(location));
      Thread.sleep(1000);
      assertThat(waited).as("the read waits while the job runs").isNotDone();
      lock.release();
      JsonNode job = waited.get(30, TimeUnit.SECONDS).json();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(job.path("running").asBoolean()).as("%s", job).isFalse();
      assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
      assertThat(millis)
          .as("answered when the job ended, not after 20 s")
          .isBetween(1000L, 15_000L);
    }
  }

  @Test
  void theWaitPreferenceIsReadFromPreferAndBounded() {
    assertThat(EpcisApi.preferredWait(null)).isZero();
    assertThat(EpcisApi.preferredWait("wait=5")).hasSeconds(5);
    assertThat(EpcisApi.preferredWait("respond-async, Wait = 10")).hasSeconds(10);
    assertThat(EpcisApi.preferredWait("wait=3600")).isEqualTo(EpcisApi.MAX_WAIT);
    assertThat(EpcisApi.preferredWait("wait=soon")).isZero();
    assertThat(EpcisApi.preferredWait("return=minimal")).isZero();
  }

  @Test
  void aSingleEventIsCreatedOnceAndADuplicateIsAConflict() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String tag = EpcisFixtures.tag();
    String bare = EpcisFixtures.alone(event(tag, 1)).replaceAll("\"eventID\":\"[^\"]+\",", "");
    Http.Response created = client.post("/epcis/events", bare);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String location = created.header("Location");
    assertThat(location).startsWith("/epcis/events/ni%3A%2F%2F%2Fsha-256%3B");
    Http.Response again = client.post("/epcis/events", bare);
    EpcisInvalidTests.assertProblem(again, 409, "ResourceAlreadyExistsException");
    assertThat(again.header("Location")).isEqualTo(location);
    Http.Response byId = client.get(location);
    assertThat(byId.status()).as(byId.body()).isEqualTo(200);
    JsonNode events = byId.json().at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("recordTime").asString()).isNotBlank();
    assertThat(client.events("")).hasSize(1);
    assertThat(client.get("/epcis/events/urn:uuid:" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void anEventIdSentAgainWithAnotherEventIsRefusedAndTheEventItNamesKept() {
    EpcisClient client =
        EpcisFixtures.tenant(context, "cepicafe").client(port).header("Accept-Language", "en");
    String epc = "urn:ayni:test:" + EpcisFixtures.tag() + ":reused";
    String id = "urn:uuid:" + UUID.randomUUID();
    String first = EpcisFixtures.objectEvent(id, epc, "2026-05-04T08:00:00-05:00");
    assertThat(client.post("/epcis/events", EpcisFixtures.alone(first)).status()).isEqualTo(201);

    // the same event sent again, its members in another order: a duplicate, stored once
    String reordered =
        EpcisFixtures.document(
            List.of(
                """
                {"eventTime":"2026-05-04T08:00:00-05:00","type":"ObjectEvent","eventID":"%s",
                 "action":"OBSERVE","eventTimeZoneOffset":"-05:00","epcList":["%s"],
                 "disposition":"active","bizStep":"inspecting",
                 "readPoint":{"id":"urn:ayni:loc:test:almacen"}}"""
                    .formatted(id, epc)));
    JsonNode again = client.capture(reordered);
    assertThat(again.path("success").asBoolean()).as("%s", again).isTrue();
    assertThat(again.path("duplicateCount").asInt()).isOne();

    // another time under the same eventID: refused, whether alone, in a document or twice in one
    String changed = EpcisFixtures.objectEvent(id, epc, "2026-05-04T09:00:00-05:00");
    Http.Response single = client.post("/epcis/events", EpcisFixtures.alone(changed));
    EpcisInvalidTests.assertProblem(single, 409, "ResourceAlreadyExistsException");
    assertThat(single.json().path("detail").asString())
        .isEqualTo(
            "Event "
                + id
                + " is already recorded for this organisation with other content;"
                + " it was not changed.");
    assertThat(single.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.event.id-reused");
    String other = event(EpcisFixtures.tag(), 2);
    JsonNode rollback = client.capture(EpcisFixtures.document(List.of(other, changed)));
    assertThat(rollback.path("success").asBoolean()).isFalse();
    assertThat(rollback.path("storedCount").asInt()).isZero();
    JsonNode error = rollback.path("errors").get(0);
    assertThat(error.path("type").asString())
        .isEqualTo("epcisException:ResourceAlreadyExistsException");
    assertThat(error.path("eventIndex").asInt()).isOne();
    assertThat(error.path("errors").get(0).path("message").asString())
        .startsWith("Event ID " + id + " already names another event of this organisation");
    JsonNode proceed =
        client
            .header("GS1-Capture-Error-Behaviour", "proceed")
            .capture(EpcisFixtures.document(List.of(other, changed)));
    assertThat(proceed.path("storedCount").asInt()).as("%s", proceed).isOne();
    assertThat(proceed.path("errors")).hasSize(1);
    String id2 = "urn:uuid:" + UUID.randomUUID();
    JsonNode twice =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    EpcisFixtures.objectEvent(id2, epc, "2026-05-04T10:00:00-05:00"),
                    EpcisFixtures.objectEvent(id2, epc, "2026-05-04T11:00:00-05:00"))));
    assertThat(twice.path("success").asBoolean()).isFalse();
    assertThat(twice.path("errors").get(0).path("eventIndex").asInt()).isOne();

    List<JsonNode> kept = client.events("MATCH_epc=" + epc);
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).path("eventTime").asString()).isEqualTo("2026-05-04T08:00:00-05:00");
  }

  /**
   * A hash eventID ({@code ni:}) names an event's content: another spelling of the same event under
   * it is a duplicate, another event under it is refused like any reused eventID, whether the id is
   * the hash Ayni gave or one the client made up (QA of 2026-12-07e, finding 1: it was taken as a
   * duplicate unread, and the other event was dropped while the job reported success).
   */
  @Test
  void anotherEventUnderAHashIdIsRefusedAndTheSameEventInAnotherSpellingIsADuplicate() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String epc = "urn:ayni:test:" + EpcisFixtures.tag() + ":hashed";
    String bare =
        EpcisFixtures.objectEvent("", epc, "2026-05-04T08:00:00-05:00")
            .replace("\"eventID\":\"\",", "");
    Http.Response created = client.post("/epcis/events", EpcisFixtures.alone(bare));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String hash = client.events("MATCH_epc=" + epc).getFirst().path("eventID").asString();
    assertThat(hash).startsWith("ni:///sha-256;");

    // the same instant in UTC, under the hash it was given: the same event
    JsonNode utc =
        client.capture(
            EpcisFixtures.document(
                List.of(EpcisFixtures.objectEvent(hash, epc, "2026-05-04T13:00:00Z"))));
    assertThat(utc.path("success").asBoolean()).as("%s", utc).isTrue();
    assertThat(utc.path("duplicateCount").asInt()).as("%s", utc).isOne();

    // another event under that hash, or under a hash the client made up for an event it sent
    String madeUp = "ni:///sha-256;" + "0".repeat(63) + "1?ver=CBV2.0";
    String other = "urn:ayni:test:" + EpcisFixtures.tag() + ":other";
    JsonNode first =
        client.capture(
            EpcisFixtures.document(
                List.of(EpcisFixtures.objectEvent(madeUp, epc, "2026-05-04T09:00:00-05:00"))));
    assertThat(first.path("storedCount").asInt()).as("%s", first).isOne();
    for (String id : List.of(hash, madeUp)) {
      JsonNode refused =
          client.capture(
              EpcisFixtures.document(
                  List.of(EpcisFixtures.objectEvent(id, other, "2026-05-04T10:00:00-05:00"))));
      assertThat(refused.path("success").asBoolean()).as("%s", refused).isFalse();
      assertThat(refused.path("errors").get(0).path("errors").get(0).path("code").asString())
          .as("%s", refused)
          .isEqualTo("trace.event.id-reused");
    }
    assertThat(client.events("MATCH_epc=" + other)).isEmpty();
    assertThat(client.events("MATCH_epc=" + epc)).hasSize(2);
  }

  @Test
  void anEventDatedMoreThanADayAheadOrBefore2000IsRefusedAndNotStored() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String epc = "urn:ayni:test:" + EpcisFixtures.tag() + ":future";
    String future =
        EpcisFixtures.alone(
            EpcisFixtures.objectEvent(
                "urn:uuid:" + UUID.randomUUID(), epc, "2099-05-01T08:00:00-05:00"));
    Http.Response refused = client.post("/epcis/events", future);
    EpcisInvalidTests.assertProblem(refused, 400, "ValidationException");
    assertThat(refused.body()).contains("eventTime");
    Http.Response document = client.post("/epcis/capture", EpcisFixtures.document(List.of(future)));
    EpcisInvalidTests.assertProblem(document, 400, "ValidationException");
    assertThat(document.json().path("errors").get(0).path("pointer").asString())
        .isEqualTo("/epcisBody/eventList/0/eventTime");
    assertThat(client.events("MATCH_epc=" + epc)).isEmpty();

    // a declaration before its event: a rule, not the schema, pointed at as JSON points (QA of
    // 2026-12-07i, item 9)
    String early =
        EpcisFixtures.objectEvent("urn:uuid:" + UUID.randomUUID(), epc, "2026-05-01T08:00:00-05:00")
            .replaceFirst(
                "\\{",
                "{\"errorDeclaration\":{\"declarationTime\":\"2026-04-20T08:00:00-05:00\","
                    + "\"reason\":\"did_not_occur\"},");
    Http.Response declared =
        client.post("/epcis/capture", EpcisFixtures.document(List.of(EpcisFixtures.alone(early))));
    EpcisInvalidTests.assertProblem(declared, 400, "ValidationException");
    assertThat(declared.json().path("errors").get(0).path("pointer").asString())
        .isEqualTo("/epcisBody/eventList/0/errorDeclaration/declarationTime");
    assertThat(declared.json().path("detail").asString()).contains("reglas de sus campos");

    // nor before 2000, as the forms refuse it
    Http.Response old =
        client.post(
            "/epcis/events",
            EpcisFixtures.alone(
                EpcisFixtures.objectEvent(
                    "urn:uuid:" + UUID.randomUUID(), epc, "1999-12-31T08:00:00-05:00")));
    EpcisInvalidTests.assertProblem(old, 400, "ValidationException");
    assertThat(old.body()).contains("eventTime", "2000");
    // the year where it happened, at its eventTimeZoneOffset: 1999 in Lima, though 2000 in UTC,
    // however the instant is written
    for (String time : List.of("1999-12-31T20:00:00-05:00", "2000-01-01T01:00:00Z")) {
      EpcisInvalidTests.assertProblem(
          client.post(
              "/epcis/events",
              EpcisFixtures.alone(
                  EpcisFixtures.objectEvent("urn:uuid:" + UUID.randomUUID(), epc, time))),
          400,
          "ValidationException");
    }
    assertThat(client.events("MATCH_epc=" + epc)).isEmpty();
  }

  @Test
  void anEventWithTheContextEntryOfItsDocumentKeepsItOnce() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String epc = "urn:ayni:test:" + EpcisFixtures.tag() + ":context";
    // as a query answers an event with an extension, sent back in a document declaring the same
    String event =
        EpcisFixtures.objectEvent("urn:uuid:" + UUID.randomUUID(), epc, "2026-05-04T08:00:00-05:00")
            .replaceFirst(
                "\\{", "{\"@context\":{\"ayni\":\"https://ayni.org/voc/\"},\"ayni:note\":\"x\",");
    JsonNode job = client.capture(EpcisFixtures.document(List.of(event)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    JsonNode kept = client.events("MATCH_epc=" + epc).getFirst().path("@context");
    assertThat(kept.isObject()).as("%s", kept).isTrue();
    assertThat(kept.path("ayni").asString()).isEqualTo("https://ayni.org/voc/");
  }

  @Test
  void anErrorDeclarationIsDatedAfterItsEventAndNotAhead() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String epc = "urn:ayni:test:" + EpcisFixtures.tag() + ":declared";
    for (String declared : List.of("2026-05-02T08:00:00-05:00", "2099-01-01T08:00:00-05:00")) {
      String declaration =
          EpcisFixtures.objectEvent(
                  "urn:uuid:" + UUID.randomUUID(), epc, "2026-05-04T08:00:00-05:00")
              .replaceFirst(
                  "\\{",
                  "{\"errorDeclaration\":{\"declarationTime\":\""
                      + declared
                      + "\",\"reason\":\"incorrect_data\"},");
      Http.Response refused = client.post("/epcis/events", EpcisFixtures.alone(declaration));
      EpcisInvalidTests.assertProblem(refused, 400, "ValidationException");
      assertThat(refused.body()).as(declared).contains("declarationTime");
    }
    assertThat(client.events("MATCH_epc=" + epc)).isEmpty();
  }

  @Test
  void rollbackRefusesTheWholeDocumentAndProceedKeepsTheGoodEvents() {
    String tag = EpcisFixtures.tag();
    String bad = event(tag, 2).replace("\"inspecting\"", "\"transforming\"");
    String document = EpcisFixtures.document(List.of(event(tag, 1), bad, event(tag, 3)));

    EpcisClient rollback = EpcisFixtures.tenant(context, "cepicafe").client(port);
    Http.Response refused = rollback.post("/epcis/capture", document);
    EpcisInvalidTests.assertProblem(refused, 400, "ValidationException");
    assertThat(refused.json().path("errors").get(0).path("eventIndex").asInt()).isEqualTo(1);
    assertThat(refused.json().path("errors").get(0).path("pointer").asString())
        .isEqualTo("/epcisBody/eventList/1/bizStep");
    assertThat(rollback.events("")).isEmpty();

    EpcisClient proceed =
        EpcisFixtures.tenant(context, "cepicafe")
            .client(port)
            .header("GS1-Capture-Error-Behaviour", "proceed");
    JsonNode job = proceed.capture(document);
    assertThat(job.path("captureErrorBehaviour").asString()).isEqualTo("proceed");
    assertThat(job.path("success").asBoolean()).isFalse();
    assertThat(job.path("storedCount").asInt()).isEqualTo(2);
    assertThat(job.path("errors")).hasSize(1);
    assertThat(job.path("errors").get(0).path("type").asString())
        .isEqualTo("epcisException:ValidationException");
    assertThat(job.path("errors").get(0).path("eventIndex").asInt()).isEqualTo(1);
    assertThat(proceed.events("").stream().map(e -> e.path("epcList").get(0).asString()))
        .containsExactly("urn:ayni:test:" + tag + ":1", "urn:ayni:test:" + tag + ":3");
  }

  @Test
  void aProjectionsRefusalFailsTheJobNamingTheEventAndStoresNothingUnderRollback() {
    for (String kind : List.of("rule", "input")) {
      String tag = EpcisFixtures.tag(); // an EPC belongs to the first organisation naming it
      String refused =
          event(tag, 2).replace("\"action\"", "\"ayni:testRefusal\":\"" + kind + "\",\"action\"");
      List<String> events = List.of(event(tag, 1), refused, event(tag, 3));
      String document = EpcisFixtures.document(events);

      EpcisClient rollback = EpcisFixtures.tenant(context, "cepicafe").client(port);
      JsonNode failed = rollback.capture(document);
      assertThat(failed.path("success").asBoolean()).isFalse();
      assertThat(failed.path("storedCount").asInt()).isZero();
      assertThat(failed.path("errors").get(0).path("type").asString())
          .isEqualTo("epcisException:ValidationException");
      assertThat(failed.path("errors").get(0).path("eventIndex").asInt())
          .as("%s", failed)
          .isEqualTo(1);
      assertThat(failed.path("errors").get(0).path("errors").get(0).path("code").asString())
          .isEqualTo("test.refused");
      assertThat(failed.path("errors").get(0).path("detail").asString())
          .isEqualTo(
              "El evento 1 fue rechazado por una regla de trazabilidad; no se guardó ningún"
                  + " evento del documento.");
      assertThat(rollback.events("")).isEmpty();

      EpcisClient proceed =
          EpcisFixtures.tenant(context, "cepicafe")
              .client(port)
              .header("GS1-Capture-Error-Behaviour", "proceed");
      JsonNode partial = proceed.capture(document);
      assertThat(partial.path("success").asBoolean()).isFalse();
      assertThat(partial.path("storedCount").asInt()).isEqualTo(2);
      assertThat(partial.path("errors").get(0).path("eventIndex").asInt()).isEqualTo(1);
      assertThat(partial.path("errors").get(0).path("detail").asString())
          .as("the others were stored")
          .isEqualTo(
              "El evento 1 fue rechazado por una regla de trazabilidad y no se guardó; los demás"
                  + " eventos del documento se guardaron, salvo los rechazados también.");
      assertThat(proceed.events("")).hasSize(2);

      // A single event refused: 400 naming it.
      String bare =
          refused.replaceFirst(
              "\\{",
              "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\",{\"ayni\":\"https://ayni.org/voc/\"}],");
      Http.Response single = proceed.post("/epcis/events", bare);
      EpcisInvalidTests.assertProblem(single, 400, "ValidationException");
      assertThat(single.json().path("errors").get(0).path("eventIndex").asInt()).isZero();
    }
  }

  @Test
  void aCaptureIsRecordedForTheOrganisationTheCallerNamesOrTheirOwn() {
    String tag = EpcisFixtures.tag();
    String document = EpcisFixtures.document(List.of(event(tag, 1)));
    EpcisClient campo = new EpcisClient(port, "cepicafe.campo", DemoUsers.PASSWORD);
    JsonNode job = campo.capture(document);
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    UUID recordedFor =
        jdbc.sql("select organisation_id from epcis_capture_job where id = ?")
            .param(UUID.fromString(job.path("captureID").asString()))
            .query(UUID.class)
            .single();
    assertThat(recordedFor).isEqualTo(orgId("cepicafe"));

    // A base organisation below Cepicafe, by its code.
    EpcisFixtures.Tenant base = EpcisFixtures.tenant(context, "cepicafe");
    JsonNode named =
        campo.organisation(base.code()).capture(EpcisFixtures.document(List.of(event(tag, 2))));
    assertThat(named.path("success").asBoolean()).isTrue();
    assertThat(base.client(port).events("")).hasSize(1);

    EpcisInvalidTests.assertProblem(
        campo.organisation("agroandino").post("/epcis/capture", document),
        400,
        "ValidationException");
    EpcisInvalidTests.assertProblem(
        new EpcisClient(port, "cepicafe.auditor", DemoUsers.PASSWORD)
            .post("/epcis/capture", document),
        403,
        "SecurityException");
    Http.Response admin =
        new EpcisClient(port, "admin", DemoUsers.PASSWORD).post("/epcis/capture", document);
    EpcisInvalidTests.assertProblem(admin, 400, "ValidationException");
    assertThat(admin.json().path("detail").asString()).contains("Ayni-Organisation");

    // Another organisation's job is not found.
    Http.Response foreign =
        new EpcisClient(port, "agroandino.admin", DemoUsers.PASSWORD)
            .get("/epcis/capture/" + job.path("captureID").asString());
    EpcisInvalidTests.assertProblem(foreign, 404, "NoSuchResourceException");
  }

  @Test
  void theReadmesExampleDocumentIsADeliveryOfADemoMember() throws java.io.IOException {
    String document =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("docs/examples/capture-document.jsonld"));
    EpcisClient campo = new EpcisClient(port, "cepicafe.campo", DemoUsers.PASSWORD);
    JsonNode job = campo.capture(document);
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    assertThat(job.path("eventCount").asInt()).isOne();
    Http.Response lots =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/api/v1/lots?q=EJEMPLO-001");
    JsonNode lot = lots.json().path("items").get(0);
    assertThat(lot.path("code").asString()).isEqualTo("EJEMPLO-001");
    assertThat(lot.path("stock").asDouble()).isEqualTo(42.0);
    JsonNode back =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .get("/api/v1/lots/" + lot.path("id").asString() + "/backward")
            .json();
    assertThat(back.path("members").get(0).path("memberCode").asString()).isEqualTo("CAN-0001");
    assertThat(back.path("plots").get(0).path("code").asString()).isEqualTo("CAN-0001-1");

    // the same without a product: its page names none, and says so once
    String code = "EJEMPLO-" + EpcisFixtures.tag();
    String bare =
        document
            .replace("EJEMPLO-001", code)
            .replace(",\n        \"ayni:product\": \"CACAO-BABA\"", "");
    assertThat(bare).doesNotContain("ayni:product");
    JsonNode without = campo.capture(bare);
    assertThat(without.path("success").asBoolean()).as("%s", without).isTrue();
    String id =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .get("/api/v1/lots?q=" + code)
            .json()
            .at("/items/0/id")
            .asString();
    String page =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/trace/lots/" + id).body();
    assertThat(page).doesNotContainPattern("·\\s*·").contains("<dd>—</dd>");
  }

  @Test
  void aDeactivatedOrganisationRecordsNothingNewAndKeepsWhatItHas() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "cepicafe");
    EpcisClient client = tenant.client(port);
    String tag = EpcisFixtures.tag();
    assertThat(client.capture(EpcisFixtures.document(List.of(event(tag, 1)))).path("success"))
        .isEqualTo(BooleanNode.TRUE);
    jdbc.sql("update organisation set active = false where id = ?").param(tenant.id()).update();

    String second = event(tag, 2);
    Http.Response refused =
        client
            .header("Accept-Language", "en")
            .post("/epcis/capture", EpcisFixtures.document(List.of(second)));
    EpcisInvalidTests.assertProblem(refused, 400, "ValidationException");
    assertThat(refused.json().path("detail").asString())
        .isEqualTo(
            "Organisation "
                + tenant.code()
                + " is deactivated: it records no new events"
                + " (those it has are kept and can be queried).");
    EpcisInvalidTests.assertProblem(
        client.post("/epcis/events", second), 400, "ValidationException");
    // named by the header, by a user of the organisation above it
    EpcisInvalidTests.assertProblem(
        new EpcisClient(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .organisation(tenant.code())
            .post("/epcis/capture", EpcisFixtures.document(List.of(second))),
        400,
        "ValidationException");
    assertThat(
            jdbc.sql("select count(*) from epcis_capture_job where organisation_id = ?")
                .param(tenant.id())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    // what it recorded before is still read
    assertThat(client.events("")).hasSize(1);

    jdbc.sql("update organisation set active = true where id = ?").param(tenant.id()).update();
    assertThat(client.capture(EpcisFixtures.document(List.of(second))).path("success"))
        .isEqualTo(BooleanNode.TRUE);
    assertThat(client.events("")).hasSize(2);
  }

  @Test
  void withoutValidCredentialsTheInterfaceAnswersWithTheEpcisSecurityException() {
    String document = EpcisFixtures.document(List.of(event(EpcisFixtures.tag(), 1)));
    EpcisInvalidTests.assertProblem(
        Http.anonymous(port).language("en").get("/epcis/events"), 401, "SecurityException");
    EpcisInvalidTests.assertProblem(
        new EpcisClient(port, "cepicafe.campo", "wrong-password").post("/epcis/capture", document),
        401,
        "SecurityException");
    EpcisInvalidTests.assertProblem(
        EpcisClient.bearer(port, "ayni_" + UUID.randomUUID()).get("/epcis/events"),
        401,
        "SecurityException");
    // the rest of the API keeps its own problems (no type: RFC 9457's about:blank)
    Http.Response api = Http.anonymous(port).get("/api/v1/members");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.json().path("type").asString()).doesNotStartWith("epcisException");
  }

  @Test
  void optionsAdvertiseTheLimitsAndTooManyEventsAreRefused() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    Http.Response options = client.options("/epcis/capture");
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("GS1-EPCIS-Capture-Limit")).isEqualTo("500");
    assertThat(options.header("GS1-EPCIS-Capture-File-Size-Limit")).isEqualTo("262144");
    assertThat(options.header("GS1-Capture-Error-Behaviour"))
        .as("both rollback and proceed, in the OpenAPI's one value (the enum has no list)")
        .isEqualTo("all");
    assertThat(options.header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    assertThat(options.header("Allow")).contains("POST");
    assertThat(client.options("/epcis/events").status()).isEqualTo(204);

    String tag = EpcisFixtures.tag();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      events.add(
          "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-04T08:00:00-05:00\","
              + "\"eventTimeZoneOffset\":\"-05:00\",\"action\":\"OBSERVE\",\"epcList\":[\"urn:ayni:test:"
              + tag
              + ":"
              + i
              + "\"]}");
    }
    Http.Response tooMany = client.post("/epcis/capture", EpcisFixtures.document(events));
    EpcisInvalidTests.assertProblem(tooMany, 413, "CaptureLimitExceededException");
    assertThat(client.events("")).isEmpty();
  }

  private UUID orgId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single();
  }
}
