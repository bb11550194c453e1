package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What is not EPCIS 2.0 is refused with the standard exception type and leaves nothing behind: the
 * JSON negative fixtures of OpenEPCIS (capture documents and query documents sent to /capture: a
 * ValidationException; query parameters: a QueryParameterException), malformed JSON, wrong types,
 * unknown event types, times without offsets, quantities below zero.
 */
@AyniIntegrationTest
class EpcisInvalidTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @TestFactory
  Stream<DynamicTest> everyInvalidJsonFixtureIsRefusedWithTheRightTypeAndNothingIsStored() {
    List<String> fixtures =
        EpcisFixtures.files("invalid").stream().filter(f -> f.endsWith(".json")).toList();
    assertThat(fixtures).hasSize(19);
    return fixtures.stream().map(name -> DynamicTest.dynamicTest(name, () -> refused(name)));
  }

  private void refused(String name) {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "agroandino");
    EpcisClient client = tenant.client(port);
    String fixture = EpcisFixtures.resource("invalid/" + name);
    if (name.startsWith("json-query-queryparams-")) {
      Http.Response answer =
          client.get("/epcis/events?" + queryString(Http.JSON.readTree(fixture)));
      assertProblem(answer, 400, "QueryParameterException");
    } else {
      // Under the default GS1-Capture-Error-Behaviour (rollback) the whole document is refused.
      Http.Response answer = client.post("/epcis/capture", fixture);
      assertProblem(answer, 400, "ValidationException");
      assertThat(answer.json().path("errors")).as("%s", answer.body()).isNotEmpty();
      assertThat(client.get("/epcis/capture").json().path("captureJobs")).isEmpty();
    }
    assertThat(client.events("")).as("%s stored nothing", name).isEmpty();
  }

  /** The query document's parameters as a query string (list values joined with |). */
  private static String queryString(JsonNode query) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : query.properties()) {
      if (p.getKey().startsWith("@")) {
        continue;
      }
      List<String> values = new ArrayList<>();
      if (p.getValue().isArray()) {
        p.getValue().forEach(v -> values.add(v.asString()));
      } else {
        values.add(p.getValue().asString());
      }
      pairs.add(
          p.getKey() + "=" + URLEncoder.encode(String.join("|", values), StandardCharsets.UTF_8));
    }
    return String.join("&", pairs);
  }

  /** An ObjectEvent under a new eventID, of a test EPC named by the tag and the name. */
  private static String event(String tag, String name) {
    return EpcisFixtures.objectEvent(
        "urn:uuid:" + java.util.UUID.randomUUID(),
        "urn:ayni:test:" + tag + ":" + name,
        "2026-05-04T08:00:00-05:00");
  }

  /**
   * An EPCIS error: problem JSON of the status, whose type is {@code epcisException:<Name>} and
   * whose title is the exception's name (the text in the caller's language is the detail).
   */
  static void assertProblem(Http.Response answer, int status, String type) {
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.json().path("type").asString())
        .as("%s", answer.body())
        .isEqualTo("epcisException:" + type);
    assertThat(answer.json().path("title").asString()).as("%s", answer.body()).isEqualTo(type);
    assertThat(answer.json().path("detail").asString()).isNotBlank();
  }

  @Test
  void malformedWrongTypedAndImplausibleInputIsRefusedAndNothingIsStored() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "agroandino");
    EpcisClient client = tenant.client(port).header("Accept-Language", "en");
    String tag = EpcisFixtures.tag();
    String good = event(tag, "1");
    // A good event first, so that each refusal is seen to leave it as the only one.
    client.capture(EpcisFixtures.document(List.of(good)));

    Http.Response malformed = client.post("/epcis/capture", "{\"type\":\"EPCISDocument\",");
    assertProblem(malformed, 400, "ValidationException");
    assertThat(malformed.json().path("detail").asString()).contains("JSON");

    String withoutOffset =
        good.replace("2026-05-04T08:00:00-05:00", "2026-05-04T08:00:00")
            .replace("urn:uuid:", "urn:uuid:0");
    assertProblem(
        client.post("/epcis/capture", EpcisFixtures.document(List.of(withoutOffset))),
        400,
        "ValidationException");

    String negative =
        """
        {"type":"ObjectEvent","eventTime":"2026-05-04T08:00:00-05:00","eventTimeZoneOffset":"-05:00",
         "action":"ADD","quantityList":[{"epcClass":"urn:ayni:lot:test:%s","quantity":-5,"uom":"KGM"}]}"""
            .formatted(tag);
    Http.Response belowZero =
        client.post("/epcis/capture", EpcisFixtures.document(List.of(negative)));
    assertProblem(belowZero, 400, "ValidationException");
    assertThat(belowZero.json().path("errors").get(0).path("code").asString())
        .isEqualTo("epcis.quantity.negative");
    assertThat(belowZero.json().path("errors").get(0).path("eventIndex").asInt()).isZero();

    // beyond what the lots and the log's index keep: refused, not a failure of the database
    Map<String, String> beyond =
        Map.of(
            "1e18", "epcis.quantity.too-large",
            "1000000000000", "epcis.quantity.too-large",
            "1e-7", "epcis.quantity.precision",
            "2.1234567", "epcis.quantity.precision");
    beyond.forEach(
        (quantity, code) -> {
          Http.Response refused =
              client.post(
                  "/epcis/capture",
                  EpcisFixtures.document(List.of(negative.replace("-5", quantity))));
          assertProblem(refused, 400, "ValidationException");
          assertThat(refused.json().path("errors").get(0).path("code").asString())
              .as(quantity)
              .isEqualTo(code);
        });

    String wrongType = negative.replace("-5", "\"five\"");
    assertProblem(
        client.post("/epcis/capture", EpcisFixtures.document(List.of(wrongType))),
        400,
        "ValidationException");

    for (String type : List.of("ObjectEvents", "nowhere:CustomEvent")) {
      String unknown = good.replace("\"ObjectEvent\"", "\"" + type + "\"");
      Http.Response answer =
          client.post("/epcis/capture", EpcisFixtures.document(List.of(unknown)));
      assertProblem(answer, 400, "ValidationException");
    }

    String undeclared = good.replace("\"action\"", "\"nowhere:note\":\"x\",\"action\"");
    Http.Response prefix =
        client.post("/epcis/capture", EpcisFixtures.document(List.of(undeclared)));
    assertProblem(prefix, 400, "ValidationException");
    assertThat(prefix.json().path("errors").get(0).path("code").asString())
        .isEqualTo("epcis.prefix.undeclared");

    // A bare event is not a document, a document is not a bare event.
    assertProblem(client.post("/epcis/capture", good), 400, "ValidationException");
    assertProblem(
        client.post("/epcis/events", EpcisFixtures.document(List.of(good))),
        400,
        "ValidationException");
    assertProblem(
        client.post(
            "/epcis/capture",
            "text/plain",
            EpcisFixtures.document(List.of(good)).getBytes(StandardCharsets.UTF_8)),
        415,
        "UnsupportedMediaTypeException");
    assertProblem(
        client.header("Accept", "application/xml").get("/epcis/events"),
        406,
        "NotAcceptableException");
    // refused before anything is captured or made, or the client would send it again
    String unanswerable = event(tag, "406");
    assertProblem(
        client
            .header("Accept", "application/xml")
            .post("/epcis/capture", EpcisFixtures.document(List.of(unanswerable))),
        406,
        "NotAcceptableException");
    assertProblem(
        client
            .header("Accept", "application/xml")
            .post("/epcis/events", EpcisFixtures.alone(unanswerable)),
        406,
        "NotAcceptableException");
    assertProblem(
        client
            .header("Accept", "application/xml")
            .post("/epcis/queries", "{\"name\":\"q406\",\"query\":{}}"),
        406,
        "NotAcceptableException");
    // a quality of 0 refuses the type, whatever wildcard came before it (RFC 9110, 12.5.1)
    assertProblem(
        client
            .header("Accept", "*/*;q=0.5, application/json;q=0, application/ld+json;q=0")
            .post("/epcis/capture", EpcisFixtures.document(List.of(unanswerable))),
        406,
        "NotAcceptableException");
    assertProblem(
        client
            .header("Accept", "application/json;q=0")
            .post("/epcis/queries", "{\"name\":\"q406\",\"query\":{}}"),
        406,
        "NotAcceptableException");
    assertThat(client.get("/epcis/queries/q406").status()).isEqualTo(404);

    List<JsonNode> stored = client.events("");
    assertThat(stored).hasSize(1);
    assertThat(client.get("/epcis/capture").json().path("captureJobs")).hasSize(1);
  }

  @Test
  void aRequestForAVersionNotServedIsNotAcceptableOnEveryResource() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "agroandino");
    EpcisClient client = tenant.client(port).header("Accept-Language", "en");
    String tag = EpcisFixtures.tag();
    String eventId = "urn:uuid:" + java.util.UUID.randomUUID();
    client.capture(
        EpcisFixtures.document(
            List.of(
                EpcisFixtures.objectEvent(
                    eventId, "urn:ayni:test:" + tag + ":v", "2026-05-04T08:00:00-05:00"))));

    // served: 2.0.0 however written, and ranges that hold it
    for (String[] header :
        new String[][] {
          {"GS1-EPCIS-Version", "2.0.0"},
          {"GS1-EPCIS-Version", "2.0"},
          {"GS1-EPCIS-Version", "2"},
          {"GS1-EPCIS-Min", "1.0.0"},
          {"GS1-EPCIS-Min", "2.0"},
          {"GS1-EPCIS-Max", "2.0.0"},
          {"GS1-EPCIS-Max", "3"},
          {"GS1-CBV-Version", "2.0.0"},
          {"GS1-CBV-Min", "1.2.0"},
          {"GS1-CBV-Max", "2.0.0"}
        }) {
      Http.Response answer = client.header(header[0], header[1]).get("/epcis/events");
      assertThat(answer.status()).as("%s: %s", header[0], header[1]).isEqualTo(200);
    }
    Http.Response range =
        client.header("GS1-EPCIS-Min", "1.2").header("GS1-EPCIS-Max", "2.0.0").get("/epcis/events");
    assertThat(range.status()).as(range.body()).isEqualTo(200);

    // not served: another version, a range without 2.0.0, or no version at all
    for (String[] header :
        new String[][] {
          {"GS1-EPCIS-Version", "1.2"},
          {"GS1-EPCIS-Version", "2.1"},
          {"GS1-EPCIS-Min", "2.1"},
          {"GS1-EPCIS-Min", "2.0.1"},
          {"GS1-EPCIS-Max", "1.2"},
          {"GS1-CBV-Version", "1.2"},
          {"GS1-CBV-Min", "2.1.0"},
          {"GS1-CBV-Max", "1.2.0"},
          {"GS1-EPCIS-Version", "two"}
        }) {
      Http.Response answer = client.header(header[0], header[1]).get("/epcis/events");
      assertProblem(answer, 406, "NotAcceptableException");
      assertThat(answer.json().path("code").asString()).isEqualTo("epcis.version.not-served");
      assertThat(answer.json().path("detail").asString())
          .as("%s: %s", header[0], header[1])
          .contains(header[0], header[1], "2.0.0");
    }

    // every resource, and what changes something before anything is made
    EpcisClient old = client.header("GS1-EPCIS-Version", "1.2");
    for (String path :
        List.of(
            "/epcis",
            "/epcis/events/" + java.net.URLEncoder.encode(eventId, StandardCharsets.UTF_8),
            "/epcis/eventTypes",
            "/epcis/eventTypes/ObjectEvent/events",
            "/epcis/epcs",
            "/epcis/capture",
            "/epcis/queries")) {
      assertProblem(old.get(path), 406, "NotAcceptableException");
    }
    String another =
        EpcisFixtures.objectEvent(
            "urn:uuid:" + java.util.UUID.randomUUID(),
            "urn:ayni:test:" + tag + ":v2",
            "2026-05-04T09:00:00-05:00");
    assertProblem(
        old.post("/epcis/capture", EpcisFixtures.document(List.of(another))),
        406,
        "NotAcceptableException");
    assertProblem(
        client.header("GS1-CBV-Version", "1.2").post("/epcis/events", EpcisFixtures.alone(another)),
        406,
        "NotAcceptableException");
    assertProblem(
        old.post("/epcis/queries", "{\"name\":\"v-" + tag + "\",\"query\":{}}"),
        406,
        "NotAcceptableException");
    assertThat(client.get("/epcis/capture").json().path("captureJobs")).hasSize(1);
    assertThat(client.events("")).hasSize(1);
    assertThat(client.get("/epcis/queries/v-" + tag).status()).isEqualTo(404);

    // discovery says what is served, whatever the client asks
    Http.Response options = client.header("GS1-EPCIS-Min", "2.1").options("/epcis/events");
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("GS1-EPCIS-Max")).isEqualTo("2.0.0");
  }

  @Test
  void everyErrorUnderEpcisNamesItsExceptionAsTypeAndTitle() throws java.io.IOException {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "agroandino");
    EpcisClient client = tenant.client(port).header("Accept-Language", "fr");
    String tag = EpcisFixtures.tag();
    String event = event(tag, "e");

    // a method the resource does not take: its Allow header, and the type EPCIS gives what a
    // server does not support (the OpenAPI's 501 "functionality not supported by server")
    for (String path : List.of("/epcis/events", "/epcis/capture", "/epcis/eventTypes")) {
      Http.Response put = client.put(path, "{}");
      assertProblem(put, 405, "ImplementationException");
      assertThat(put.header("Allow")).as(path).contains("GET");
      assertThat(put.json().path("code").asString()).isEqualTo("error.method");
    }
    // a content type that is none, or not JSON
    for (String type : List.of("garbage", "text/plain", "application/xml")) {
      Http.Response refused =
          client.post(
              "/epcis/capture",
              type,
              EpcisFixtures.document(List.of(event)).getBytes(StandardCharsets.UTF_8));
      assertProblem(refused, 415, "UnsupportedMediaTypeException");
      assertThat(refused.json().path("code").asString()).isEqualTo("epcis.media-type");
      assertThat(refused.json().path("detail").asString()).contains(type);
    }
    // an answer in a type no resource gives
    assertProblem(
        client.header("Accept", "application/xml").get("/epcis/queries"),
        406,
        "NotAcceptableException");
    // no such resource, no credentials
    assertProblem(client.get("/epcis/no-such-resource"), 404, "NoSuchResourceException");
    Http.Response anonymous =
        new EpcisClient(port, "nobody-" + tag, "wrong")
            .header("Accept-Language", "fr")
            .get("/epcis/events");
    assertProblem(anonymous, 401, "SecurityException");
    assertThat(anonymous.json().path("detail").asString()).isNotBlank();
    // an eventID left unencoded ('//' in the path), refused before the application reads it
    String raw = client.rawGet("/epcis/events/ni:///sha-256;abc?ver=CBV2.0");
    assertThat(raw).startsWith("HTTP/1.1 400");
    JsonNode rejected = Http.JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
    assertThat(rejected.path("type").asString()).isEqualTo("epcisException:ValidationException");
    assertThat(rejected.path("title").asString()).isEqualTo("ValidationException");
    assertThat(client.get("/epcis/capture").json().path("captureJobs")).isEmpty();
  }
}
