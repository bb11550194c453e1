package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.ayni.trace.internal.LotProjection;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every JSON example of GS1's EPCIS 2.0 repository (copied to
 * src/test/resources/epcis/examples-json with their provenance) is accepted and reads back the
 * same: each goes into an organisation of its own, as into an empty repository (bare events with
 * POST /epcis/events, documents with POST /epcis/capture), and what was stored (the capture's
 * recordTime window) equals the example's events after JSON-LD expansion, leaving out the
 * recordTime the log adds and the eventID it adds where the example has none.
 *
 * <p>The examples are EPCIS conformance material, not lots: they name the same EPCs from one
 * example to the next and even reuse eventIDs for different events, so in one repository they would
 * run into the lot projection's ownership rule (an EPC belongs to the organisation that first named
 * it). The projection is therefore replaced by a mock here; what it does with captured events is
 * tested with the projection. On PostgreSQL this context gets a schema of its own, so the demo data
 * the other tests share is loaded with the real projection.
 */
@AyniIntegrationTest
@MockitoBean(types = LotProjection.class)
@TestPropertySource(properties = TestDatabase.SCHEMA_SUFFIX + "=examples")
class EpcisExamplesTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @TestFactory
  Stream<DynamicTest> everyExampleIsAcceptedAndReadsBackTheSame() {
    List<String> examples = EpcisFixtures.files("examples-json");
    assertThat(examples).hasSize(53);
    return examples.stream().map(name -> DynamicTest.dynamicTest(name, () -> roundTrip(name)));
  }

  private void roundTrip(String name) {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String example = EpcisFixtures.resource("examples-json/" + name);
    List<JsonNode> stored = new ArrayList<>();
    if (name.startsWith("bare-event-")) {
      Http.Response created = client.post("/epcis/events", example);
      assertThat(created.status()).as("%s: %s", name, created.body()).isEqualTo(201);
      assertThat(created.header("Location")).startsWith("/epcis/events/");
      Http.Response byId = client.get(created.header("Location"));
      assertThat(byId.status()).as("%s: %s", name, byId.body()).isEqualTo(200);
      byId.json().at("/epcisBody/queryResults/resultsBody/eventList").forEach(stored::add);
    } else {
      JsonNode job = client.capture(example);
      assertThat(job.path("success").asBoolean()).as("%s: %s", name, job).isTrue();
      assertThat(job.path("errors")).as("%s", name).isEmpty();
      String from = job.path("createdAt").asString();
      String until = Instant.parse(job.path("finishedAt").asString()).plusMillis(1).toString();
      stored.addAll(
          client.events(
              "perPage=1000&GE_recordTime=" + encode(from) + "&LT_recordTime=" + encode(until)));
      assertThat(stored.size() + job.path("duplicateCount").asInt())
          .as("%s: stored and duplicates", name)
          .isEqualTo(job.path("eventCount").asInt());
    }
    List<JsonObject> expected = JsonLdEvents.events(example);
    assertThat(expected).as("%s has events", name).isNotEmpty();
    // Events an earlier example stored already (same eventID) are not stored again: read them.
    Set<String> have = new HashSet<>();
    stored.forEach(e -> have.add(e.path("eventID").asString() + e.has("errorDeclaration")));
    for (JsonObject event : expected) {
      if (event.containsKey("@id")) {
        String id = event.getString("@id");
        boolean declared = event.keySet().stream().anyMatch(k -> k.endsWith("/errorDeclaration"));
        if (have.add(id + declared)) {
          for (JsonNode found : client.events("EQ_eventID=" + encode(id))) {
            if (found.has("errorDeclaration") == declared) {
              stored.add(found);
            }
          }
        }
      }
    }
    Set<String> expectedIds = new HashSet<>();
    List<String> expectedText = new ArrayList<>();
    for (JsonObject event : expected) {
      if (event.containsKey("@id")) {
        expectedIds.add(event.getString("@id"));
      }
      String text = JsonLdEvents.canonical(event, JsonLdEvents.RECORD_TIME);
      if (!expectedText.contains(text)) {
        expectedText.add(text); // the same event twice in one example is stored once
      }
    }
    List<String> actualText = new ArrayList<>();
    for (JsonObject event : JsonLdEvents.events(queryDocument(stored))) {
      assertThat(event.containsKey(JsonLdEvents.RECORD_TIME)).as("%s: recordTime", name).isTrue();
      assertThat(event.containsKey("@id")).as("%s: eventID", name).isTrue();
      boolean assigned = !expectedIds.contains(event.getString("@id"));
      actualText.add(
          JsonLdEvents.canonical(event, JsonLdEvents.RECORD_TIME, assigned ? "@id" : ""));
    }
    assertThat(actualText).as(name).containsExactlyInAnyOrderElementsOf(expectedText);
  }

  /**
   * The sensor query parameters against GS1's own examples with sensor data: in each example's
   * organisation, {@code EXISTS_sensorElementList} and {@code EQ_type} for every GS1 measurement
   * type the example uses return as many events as the example has with sensor elements, or with a
   * report of that type (counted here from the example's JSON, events repeated in it once).
   */
  @TestFactory
  Stream<DynamicTest> theSensorParametersFindTheExamplesSensorReports() {
    List<String> examples =
        EpcisFixtures.files("examples-json").stream()
            .filter(n -> EpcisFixtures.resource("examples-json/" + n).contains("sensorReport"))
            .toList();
    assertThat(examples).as("GS1 examples with sensor reports").hasSizeGreaterThan(10);
    return examples.stream().map(name -> DynamicTest.dynamicTest(name, () -> sensors(name)));
  }

  private void sensors(String name) {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String example = EpcisFixtures.resource("examples-json/" + name);
    if (name.startsWith("bare-event-")) {
      assertThat(client.post("/epcis/events", example).status()).as(name).isEqualTo(201);
    } else {
      JsonNode job = client.capture(example);
      assertThat(job.path("success").asBoolean()).as("%s: %s", name, job).isTrue();
    }
    JsonNode root = Http.JSON.readTree(example);
    JsonNode list = root.at("/epcisBody/eventList");
    List<JsonNode> events = new ArrayList<>();
    (list.isArray() ? list : Http.JSON.createArrayNode().add(root)).forEach(events::add);
    Set<String> withSensors = new HashSet<>();
    java.util.Map<String, Set<String>> byType = new java.util.HashMap<>();
    for (JsonNode event : events) {
      String key = event.has("eventID") ? event.path("eventID").asString() : event.toString();
      for (JsonNode element : event.path("sensorElementList")) {
        withSensors.add(key);
        for (JsonNode report : element.path("sensorReport")) {
          String type = report.path("type").asString();
          if (!type.contains(":") || type.startsWith("gs1:")) {
            byType
                .computeIfAbsent(type.substring(type.indexOf(':') + 1), t -> new HashSet<>())
                .add(key);
          }
        }
      }
    }
    assertThat(client.events("EXISTS_sensorElementList&perPage=1000"))
        .as("%s: events with sensor elements", name)
        .hasSize(withSensors.size());
    assertThat(byType).as("%s uses GS1 measurement types", name).isNotEmpty();
    byType.forEach(
        (type, keys) ->
            assertThat(client.events("EQ_type=" + type + "&perPage=1000"))
                .as("%s: events with a %s report", name, type)
                .hasSize(keys.size()));
  }

  /**
   * GS1-EPC-Format against every example: asked for Digital Links or for URNs, each stored event
   * comes back as the same event by the standard's measure, its CBV 2.0 event hash (which writes
   * every EPC as a Digital Link before hashing; computed here by OpenEPCIS's generator where the
   * events are not Ayni's own common ones), and with the identifiers asked for where GS1's table
   * can place them.
   */
  @TestFactory
  Stream<DynamicTest> everyExampleReadsBackAsTheSameEventsInEitherEpcFormat() {
    return EpcisFixtures.files("examples-json").stream()
        .filter(name -> !name.startsWith("bare-event-"))
        .map(name -> DynamicTest.dynamicTest(name, () -> formats(name)));
  }

  private void formats(String name) {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    JsonNode job = client.capture(EpcisFixtures.resource("examples-json/" + name));
    assertThat(job.path("success").asBoolean()).as("%s: %s", name, job).isTrue();
    String window =
        "perPage=1000&GE_recordTime="
            + encode(job.path("createdAt").asString())
            + "&LT_recordTime="
            + encode(Instant.parse(job.path("finishedAt").asString()).plusMillis(1).toString());
    List<JsonNode> captured = client.events(window);
    List<JsonNode> links =
        client.header("GS1-EPC-Format", "Always_GS1_Digital_Link").events(window);
    List<JsonNode> urns = client.header("GS1-EPC-Format", "Always_EPC_URN").events(window);
    assertThat(links).as(name).hasSameSizeAs(captured);
    assertThat(urns).as(name).hasSameSizeAs(captured);
    for (int i = 0; i < captured.size(); i++) {
      String hash = hash(captured.get(i));
      assertThat(hash(links.get(i))).as("%s, event %d as Digital Links", name, i).isEqualTo(hash);
      assertThat(hash(urns.get(i))).as("%s, event %d as URNs", name, i).isEqualTo(hash);
      assertThat(links.get(i).path("epcList").toString())
          .as("%s, event %d", name, i)
          .doesNotContain("urn:epc:id:sgtin:");
      assertThat(urns.get(i).path("epcList").toString())
          .as("%s, event %d", name, i)
          .doesNotContain("https://id.gs1.org/01/");
    }
  }

  /** An event's CBV 2.0 hash, with the prefixes its own context declares. */
  private String hash(JsonNode answered) {
    ObjectNode event = ((ObjectNode) answered).deepCopy();
    event.remove("recordTime");
    return context
        .getBean(EventHasher.class)
        .hash(event, EpcisContext.of(event.path("@context")).declaredPrefixes());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Events as they came from queries, in one query document (with the query context). */
  static String queryDocument(List<JsonNode> events) {
    StringBuilder out =
        new StringBuilder(
            "{\"@context\":"
                + EpcisWriter.RESULT_CONTEXT
                + ",\"type\":\"EPCISQueryDocument\",\"epcisBody\":{\"queryResults\":"
                + "{\"queryName\":\"SimpleEventQuery\",\"resultsBody\":{\"eventList\":[");
    for (int i = 0; i < events.size(); i++) {
      out.append(i == 0 ? "" : ",").append(events.get(i).toString());
    }
    return out.append("]}}}}").toString();
  }

  @Test
  void anEventWithoutEventIdGetsTheCbvHashWhateverSpellingOfCbvItUses() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "cepicafe");
    EpcisClient client = tenant.client(port);
    String tag = EpcisFixtures.tag();
    String example =
        EpcisFixtures.resource("examples-json/hashid-event_with_identical_hash_id_7.json")
            .replace("0614141.107346.", "0614141.107346." + tag)
            .replace("4012345.012345.99887", "4012345.012345." + tag);
    JsonNode first = client.capture(example);
    assertThat(first.path("success").asBoolean()).as("%s", first).isTrue();
    // The same event with CBV 2.0 bare words instead of CBV 1.2 URNs: the same hash, stored once.
    String bare =
        example
            .replace("urn:epcglobal:cbv:bizstep:", "")
            .replace("urn:epcglobal:cbv:disp:", "")
            .replace("urn:epcglobal:cbv:btt:", "")
            .replace("urn:epcglobal:cbv:sdt:", "");
    JsonNode again = client.capture(bare);
    assertThat(again.path("duplicateCount").asInt()).as("%s", again).isEqualTo(1);
    List<JsonNode> events = client.events("");
    assertThat(events).hasSize(1);
    String id = events.getFirst().path("eventID").asString();
    assertThat(id).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
    // The CBV 1.2 values are kept as sent, and queried as CBV 2.0 words.
    assertThat(events.getFirst().path("bizStep").asString())
        .isEqualTo("urn:epcglobal:cbv:bizstep:receiving");
    assertThat(client.events("EQ_bizStep=receiving&EQ_disposition=in_progress")).hasSize(1);
    assertThat(client.events("EQ_bizStep=shipping")).isEmpty();
  }
}
