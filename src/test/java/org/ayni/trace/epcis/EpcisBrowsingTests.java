package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The top-level resources of the EPCIS 2.0 REST binding: {@code GET /epcis}, the event types, and
 * what the caller's events name (EPCs, business steps, business locations, read points,
 * dispositions), each listed in pages and each value with its events, narrowed further by the
 * standard query parameters. Three events of one organisation, whose identifiers sit in different
 * roles (instance, parent, child, class, input, output); the values are URIs, some with slashes.
 */
@AyniIntegrationTest
class EpcisBrowsingTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  EpcisClient client;
  String tag;
  String[] ids = new String[3];
  String sgtin;
  String lgtin;
  String digitalLink;
  String parent;
  String input;
  String output;
  String bizLocation;
  String captureId;

  @BeforeEach
  void capture() {
    client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    tag = EpcisFixtures.tag();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "urn:uuid:" + UUID.randomUUID();
    }
    sgtin = "urn:epc:id:sgtin:9999999." + tag + ".0";
    lgtin = "urn:epc:class:lgtin:9999999." + tag + ".L0";
    digitalLink = "https://id.gs1.org/01/09506000134352/21/" + tag;
    parent = "urn:ayni:test:" + tag + ":parent";
    input = "urn:ayni:lot:test:" + tag + "-in";
    output = "urn:ayni:lot:test:" + tag + "-out";
    bizLocation = "https://example.org/loc/" + tag + "/bl-a";
    String e0 =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"commissioning","disposition":"active",
         "readPoint":{"id":"urn:ayni:loc:%s:rp-a"},"bizLocation":{"id":"%s"},
         "epcList":["%s"],"quantityList":[{"epcClass":"%s","quantity":10,"uom":"KGM"}]}"""
            .formatted(ids[0], tag, bizLocation, sgtin, lgtin);
    String e1 =
        """
        {"type":"AggregationEvent","eventID":"%s","eventTime":"2026-02-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"packing",
         "parentID":"%s","childEPCs":["%s"]}"""
            .formatted(ids[1], parent, digitalLink);
    String e2 =
        """
        {"type":"TransformationEvent","eventID":"%s","eventTime":"2026-03-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","bizStep":"ayni:bizstep/drying",
         "inputQuantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}],
         "outputQuantityList":[{"epcClass":"%s","quantity":80,"uom":"KGM"}]}"""
            .formatted(ids[2], input, output);
    JsonNode job = client.capture(EpcisFixtures.document(List.of(e0, e1, e2)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    captureId = job.path("captureID").asString();
  }

  /** A named query of every event, made under the name; its name. */
  private String namedQuery(String name) {
    assertThat(client.post("/epcis/queries", "{\"name\":\"" + name + "\",\"query\":{}}").status())
        .isEqualTo(201);
    return name;
  }

  private static String segment(String value) {
    return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
  }

  /** Which of E0…E2 a resource of events returns (the organisation's other events aside). */
  private List<Integer> which(EpcisClient reader, String path) {
    List<String> found =
        reader.eventsAt(path).stream().map(e -> e.path("eventID").asString()).toList();
    return IntStream.range(0, ids.length).filter(i -> found.contains(ids[i])).boxed().toList();
  }

  @Test
  void theRepositoryListsItsTopLevelResourcesAndTheFiveEventTypes() {
    Http.Response top = client.get("/epcis");
    assertThat(top.status()).as(top.body()).isEqualTo(200);
    assertThat(top.json().path("@context").asString()).contains("epcis-context.jsonld");
    List<String> resources = client.members("/epcis");
    assertThat(resources)
        .containsExactlyInAnyOrder(
            "capture",
            "events",
            "eventTypes",
            "epcs",
            "bizSteps",
            "bizLocations",
            "readPoints",
            "dispositions",
            "queries");
    for (String resource : resources) {
      assertThat(client.get("/epcis/" + resource + "?perPage=1").status())
          .as("every resource listed answers")
          .isEqualTo(200);
    }
    assertThat(client.members("/epcis/eventTypes"))
        .containsExactlyInAnyOrder(
            "ObjectEvent",
            "AggregationEvent",
            "TransactionEvent",
            "TransformationEvent",
            "AssociationEvent");
    assertThat(client.members("/epcis/eventTypes?perPage=2"))
        .as("the same over pages of two")
        .isEqualTo(client.members("/epcis/eventTypes"));
    assertThat(client.members("/epcis/eventTypes/ObjectEvent")).containsExactly("events");
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/eventTypes/NotAnEvent"), 404, "NoSuchResourceException");
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/eventTypes/NotAnEvent/events"), 404, "NoSuchResourceException");

    String ofParent = "MATCH_parentID=" + EpcisExamplesTests.encode(parent);
    assertThat(which(client, "/epcis/eventTypes/AggregationEvent/events?" + ofParent))
        .containsExactly(1);
    assertThat(which(client, "/epcis/eventTypes/ObjectEvent/events?" + ofParent))
        .as("the type narrows the parameters")
        .isEmpty();
  }

  @Test
  void anEpcsEventsAreThoseThatNameItInAnyRoleAsAnInstanceOrAClass() {
    assertThat(which(client, "/epcis/epcs/" + segment(sgtin) + "/events")).containsExactly(0);
    assertThat(which(client, "/epcis/epcs/" + segment(lgtin) + "/events"))
        .as("a class of a quantity")
        .containsExactly(0);
    assertThat(which(client, "/epcis/epcs/" + segment(parent) + "/events"))
        .as("a parent")
        .containsExactly(1);
    assertThat(which(client, "/epcis/epcs/" + segment(digitalLink) + "/events"))
        .as("a child, in GS1 Digital Link form (slashes percent-encoded)")
        .containsExactly(1);
    assertThat(which(client, "/epcis/epcs/" + segment(input) + "/events")).containsExactly(2);
    assertThat(which(client, "/epcis/epcs/" + segment(output) + "/events")).containsExactly(2);
    assertThat(which(client, "/epcis/epcs/" + segment(output) + "/events?EQ_bizStep=shipping"))
        .as("the standard parameters narrow it")
        .isEmpty();
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/epcs/" + segment("urn:ayni:test:" + tag + ":nowhere") + "/events"),
        404,
        "NoSuchResourceException");

    assertThat(client.members("/epcis/epcs/" + segment(digitalLink))).containsExactly("events");
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/epcs/" + segment("urn:ayni:test:" + tag + ":nowhere")),
        404,
        "NoSuchResourceException");

    List<String> epcs = client.members("/epcis/epcs?perPage=1000");
    assertThat(epcs)
        .as("every identifier, in any role, once")
        .contains(sgtin, lgtin, parent, digitalLink, input, output)
        .doesNotHaveDuplicates();
  }

  @Test
  void anIdentifierWithASemicolonIsReadWholeWhetherItsSemicolonIsEncodedOrNot() {
    String bare =
        EpcisFixtures.alone(
            """
            {"type":"ObjectEvent","eventTime":"2026-04-01T10:00:00-05:00",
             "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
             "epcList":["urn:ayni:test:%s:a;b"]}"""
                .formatted(tag));
    Http.Response created = client.post("/epcis/events", bare);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String location = created.header("Location");
    String hashId =
        UriUtils.decode(location.substring("/epcis/events/".length()), StandardCharsets.UTF_8);
    assertThat(hashId).startsWith("ni:///sha-256;");
    // a path-segment encoder leaves ; as it is (RFC 3986 allows it in a segment)
    assertThat(segment(hashId)).contains(";");
    for (String path : List.of(location, "/epcis/events/" + segment(hashId))) {
      Http.Response byId = client.get(path);
      assertThat(byId.status()).as(path + ": " + byId.body()).isEqualTo(200);
      assertThat(
              byId.json().at("/epcisBody/queryResults/resultsBody/eventList/0/eventID").asString())
          .isEqualTo(hashId);
    }
    String epc = "urn:ayni:test:" + tag + ":a;b";
    for (String value : List.of(segment(epc), segment(epc).replace(";", "%3B"))) {
      assertThat(client.eventsAt("/epcis/epcs/" + value + "/events"))
          .as(value)
          .extracting(e -> e.path("eventID").asString())
          .containsExactly(hashId);
      assertThat(client.members("/epcis/epcs/" + value)).as(value).containsExactly("events");
    }
    // what comes before the ; is another identifier, which no event names
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/epcs/" + segment("urn:ayni:test:" + tag + ":a") + ";c/events"),
        404,
        "NoSuchResourceException");
  }

  @Test
  void stepsPlacesAndDispositionsListTheirValuesAndEvents() {
    List<String> steps = client.members("/epcis/bizSteps?perPage=1000");
    assertThat(steps)
        .contains("commissioning", "packing", "https://ayni.org/voc/bizstep/drying")
        .doesNotHaveDuplicates();
    assertThat(client.members("/epcis/bizSteps?perPage=1"))
        .as("the same list one value per page")
        .isEqualTo(steps);
    assertThat(client.members("/epcis/bizLocations?perPage=1000")).contains(bizLocation);
    assertThat(client.members("/epcis/readPoints?perPage=1000"))
        .contains("urn:ayni:loc:" + tag + ":rp-a");
    assertThat(client.members("/epcis/dispositions?perPage=1000")).contains("active");

    String ofParent = "?MATCH_parentID=" + EpcisExamplesTests.encode(parent);
    assertThat(which(client, "/epcis/bizSteps/packing/events" + ofParent)).containsExactly(1);
    assertThat(which(client, "/epcis/bizSteps/urn:epcglobal:cbv:bizstep:packing/events" + ofParent))
        .as("a step named by its URI")
        .containsExactly(1);
    assertThat(which(client, "/epcis/bizSteps/commissioning/events" + ofParent)).isEmpty();
    assertThat(which(client, "/epcis/bizLocations/" + segment(bizLocation) + "/events"))
        .containsExactly(0);
    assertThat(
            which(
                client,
                "/epcis/readPoints/" + segment("urn:ayni:loc:" + tag + ":rp-a") + "/events"))
        .containsExactly(0);
    assertThat(
            which(
                client,
                "/epcis/dispositions/active/events?MATCH_epc=" + EpcisExamplesTests.encode(sgtin)))
        .containsExactly(0);
    assertThat(client.members("/epcis/bizLocations/" + segment(bizLocation)))
        .containsExactly("events");
  }

  @Test
  void anotherOrganisationFindsNoneOfItInAnyList() {
    EpcisClient outsider = new EpcisClient(port, "agroandino.admin", DemoUsers.PASSWORD);
    assertThat(outsider.members("/epcis/epcs?perPage=1000")).noneMatch(v -> v.contains(tag));
    assertThat(outsider.members("/epcis/bizLocations?perPage=1000"))
        .noneMatch(v -> v.contains(tag));
    assertThat(outsider.members("/epcis/readPoints?perPage=1000")).noneMatch(v -> v.contains(tag));
    for (String path :
        List.of(
            "/epcis/epcs/" + segment(parent),
            "/epcis/bizLocations/" + segment(bizLocation),
            "/epcis/readPoints/" + segment("urn:ayni:loc:" + tag + ":rp-a"))) {
      EpcisInvalidTests.assertProblem(outsider.get(path), 404, "NoSuchResourceException");
      EpcisInvalidTests.assertProblem(
          outsider.get(path + "/events"), 404, "NoSuchResourceException");
    }
    assertThat(which(outsider, "/epcis/eventTypes/TransformationEvent/events?perPage=1000"))
        .isEmpty();

    EpcisClient central = new EpcisClient(port, "cepicafe.admin", DemoUsers.PASSWORD);
    assertThat(which(central, "/epcis/epcs/" + segment(parent) + "/events")).containsExactly(1);
  }

  @Test
  void wrongPagesAreQueryParameterExceptionsAndEveryResourceAnswersOptions() {
    for (String query : List.of("perPage=0", "perPage=1001", "nextPageToken=garbage")) {
      EpcisInvalidTests.assertProblem(
          client.get("/epcis/bizSteps?" + query), 400, "QueryParameterException");
    }
    EpcisInvalidTests.assertProblem(
        client.get("/epcis/epcs/" + segment(parent) + "/events?EQ_action=SHIPPED"),
        400,
        "QueryParameterException");
    for (String path :
        List.of(
            "/epcis",
            "/epcis/epcs",
            "/epcis/epcs/" + segment(digitalLink),
            "/epcis/epcs/" + segment(digitalLink) + "/events",
            "/epcis/eventTypes/ObjectEvent/events",
            "/epcis/dispositions/active")) {
      Http.Response options = client.options(path);
      assertThat(options.status()).as(path).isEqualTo(204);
      assertThat(options.header("Allow")).as(path).isEqualTo("OPTIONS, GET");
      assertThat(options.header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    }
  }

  @Test
  void everyResourceOfJsonLdAnswersInTheTypeTheClientAsksForAndSaysItVariesByIt() {
    String query = namedQuery("ld-" + tag);
    List<String> paths =
        List.of(
            "/epcis/events?perPage=1",
            "/epcis/events/" + segment(ids[0]),
            "/epcis",
            "/epcis/eventTypes",
            "/epcis/epcs?perPage=1",
            "/epcis/epcs/" + segment(sgtin),
            "/epcis/epcs/" + segment(sgtin) + "/events",
            "/epcis/bizSteps/commissioning/events",
            "/epcis/queries/" + query + "/events?perPage=1");
    Map<String, String> answered = new java.util.LinkedHashMap<>();
    answered.put("application/ld+json", "application/ld+json");
    answered.put("application/json", "application/json");
    answered.put("*/*", "application/json");
    answered.put("application/*", "application/json");
    answered.put("application/ld+json, application/json", "application/ld+json");
    answered.put("application/json, application/ld+json", "application/json");
    answered.put("application/json;q=0.5, application/ld+json", "application/ld+json");
    answered.put("application/ld+json;q=0.5, */*", "application/json");
    answered.put("*/*, application/json;q=0", "application/ld+json");
    for (String path : paths) {
      Http.Response plain = client.get(path);
      assertThat(plain.status()).as("%s: %s", path, plain.body()).isEqualTo(200);
      assertThat(plain.header("Content-Type")).as(path).startsWith("application/json");
      assertThat(plain.listed("Vary"))
          .as("%s: a cache keeps each type apart", path)
          .contains("Accept");
      if (path.contains("events")) {
        assertThat(plain.listed("Vary")).as(path).contains("GS1-EPC-Format");
      }
      answered.forEach(
          (accept, type) -> {
            Http.Response answer = client.header("Accept", accept).get(path);
            assertThat(answer.status())
                .as("%s, %s: %s", path, accept, answer.body())
                .isEqualTo(200);
            assertThat(answer.header("Content-Type")).as("%s, %s", path, accept).startsWith(type);
            assertThat(answer.json().has("@context")).as("%s, %s", path, accept).isTrue();
          });
      EpcisInvalidTests.assertProblem(
          client.header("Accept", "application/xml").get(path), 406, "NotAcceptableException");
    }
  }

  /**
   * The capture jobs, named queries and subscriptions (JSON, not JSON-LD) take the Accept header as
   * the events do: a type refused with a quality of 0 is not answered (QA of 2026-12-07h, 3).
   */
  @Test
  void jobsQueriesAndSubscriptionsAreAnsweredInATypeTheClientAccepts() {
    String query = namedQuery("jq-" + tag);
    List<String> paths =
        List.of(
            "/epcis/capture",
            "/epcis/capture/" + captureId,
            "/epcis/queries",
            "/epcis/queries/" + query,
            "/epcis/queries/" + query + "/subscriptions");
    for (String path : paths) {
      Http.Response plain = client.get(path);
      assertThat(plain.status()).as("%s: %s", path, plain.body()).isEqualTo(200);
      assertThat(plain.header("Content-Type")).as(path).startsWith("application/json");
      Http.Response other = client.header("Accept", "*/*, application/json;q=0").get(path);
      assertThat(other.status()).as(path).isEqualTo(200);
      assertThat(other.header("Content-Type")).as(path).startsWith("application/ld+json");
      EpcisInvalidTests.assertProblem(
          client.header("Accept", "application/json;q=0").get(path), 406, "NotAcceptableException");
    }
  }
}
