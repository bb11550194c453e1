package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * GET /epcis/events with the standard query parameters: six events of one organisation, chosen so
 * that every parameter selects a different subset (a filter that were ignored would return more);
 * pages with perPage, nextPageToken and the Link header; the caller's scope.
 */
@AyniIntegrationTest
class EpcisQueryTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  EpcisFixtures.Tenant tenant;
  EpcisClient client;
  String tag;
  String[] ids = new String[6];
  JsonNode secondJob;

  @BeforeEach
  void capture() {
    tenant = EpcisFixtures.tenant(context, "cepicafe");
    client = tenant.client(port);
    tag = EpcisFixtures.tag();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "urn:uuid:" + UUID.randomUUID();
    }
    ids[5] = ids[1]; // E5 declares E1 erroneous: same eventID
    String t = tag;
    String e0 =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"commissioning","disposition":"active",
         "persistentDisposition":{"set":["completeness_verified"],"unset":["https://ayni.org/voc/disp/unchecked"]},
         "readPoint":{"id":"urn:ayni:loc:%s:rp-a"},"bizLocation":{"id":"urn:ayni:loc:%s:bl-a"},
         "epcList":["urn:epc:id:sgtin:9999999.%s.0"],
         "quantityList":[{"epcClass":"urn:epc:class:lgtin:9999999.%s.L0","quantity":10,"uom":"KGM"}],
         "sourceList":[{"type":"owning_party","source":"urn:ayni:org:%s-x"}],
         "bizTransactionList":[{"type":"po","bizTransaction":"urn:ayni:po:%s:1"}]}"""
            .formatted(ids[0], t, t, t, t, t, t);
    String e1 =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-02-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "disposition":"conformant","readPoint":{"id":"urn:ayni:loc:%s:rp-b"},
         "bizLocation":{"id":"urn:ayni:loc:%s:bl-b"},"epcList":["urn:epc:id:sgtin:9999999.%s.1"]}"""
            .formatted(ids[1], t, t, t);
    String e2 =
        """
        {"type":"AggregationEvent","eventID":"%s","eventTime":"2026-03-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"packing",
         "parentID":"urn:ayni:test:%s:parent2","childEPCs":["urn:ayni:test:%s:child2"],
         "childQuantityList":[{"epcClass":"urn:ayni:lot:test:%s-2","quantity":5,"uom":"KGM"}]}"""
            .formatted(ids[2], t, t, t);
    String e3 =
        """
        {"type":"TransformationEvent","eventID":"%s","eventTime":"2026-04-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","bizStep":"ayni:bizstep/drying","transformationID":"urn:ayni:tx:%s:3",
         "inputEPCList":["urn:ayni:test:%s:in3"],"outputEPCList":["urn:ayni:test:%s:out3"],
         "inputQuantityList":[{"epcClass":"urn:ayni:lot:test:%s-in3","quantity":100,"uom":"KGM"}],
         "outputQuantityList":[{"epcClass":"urn:ayni:lot:test:%s-out3","quantity":80,"uom":"KGM"}]}"""
            .formatted(ids[3], t, t, t, t, t);
    String e4 =
        """
        {"type":"TransactionEvent","eventID":"%s","eventTime":"2026-05-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
         "epcList":["urn:ayni:test:%s:4"],
         "bizTransactionList":[{"type":"inv","bizTransaction":"urn:ayni:inv:%s:4"}],
         "destinationList":[{"type":"owning_party","destination":"urn:ayni:org:%s-y"}]}"""
            .formatted(ids[4], t, t, t);
    String e5 =
        e1.replace(
            "\"action\"",
            """
            "errorDeclaration":{"declarationTime":"2026-06-01T10:00:00-05:00","reason":"incorrect_data",
             "correctiveEventIDs":["%s"]},"action\""""
                .formatted(ids[0]));
    JsonNode first = client.capture(EpcisFixtures.document(List.of(e0, e1, e2)));
    assertThat(first.path("success").asBoolean()).as("%s", first).isTrue();
    secondJob = client.capture(EpcisFixtures.document(List.of(e3, e4, e5)));
    assertThat(secondJob.path("success").asBoolean()).as("%s", secondJob).isTrue();
  }

  /**
   * Which of E0…E5 a query returns (E1 and E5 share their eventID: told apart by the declaration).
   */
  private Set<Integer> which(String query) {
    Set<Integer> found = new HashSet<>();
    for (JsonNode event : client.events(query)) {
      String id = event.path("eventID").asString();
      for (int i = 0; i < ids.length; i++) {
        if (ids[i].equals(id) && (i == 5) == event.has("errorDeclaration")) {
          found.add(i);
        }
      }
    }
    return found;
  }

  @Test
  void valuesSeparatedByAnUnencodedBarAreAList() throws java.io.IOException {
    String answer = client.rawGet("/epcis/events?eventType=TransformationEvent|TransactionEvent");
    assertThat(answer).startsWith("HTTP/1.1 200").contains(ids[3], ids[4]).doesNotContain(ids[0]);
    String paged =
        client.rawGet("/epcis/events?perPage=1&eventType=TransformationEvent|TransactionEvent");
    assertThat(paged)
        .as("the next page's link is a URI: its | encoded")
        .containsPattern("(?i)link: <[^>]*eventType=TransformationEvent%7CTransactionEvent[^>|]*>");
  }

  @Test
  void everyParameterSelectsItsEvents() {
    String t = tag;
    String from = EpcisExamplesTests.encode(secondJob.path("createdAt").asString());
    Map<String, Set<Integer>> expectations =
        new java.util.LinkedHashMap<>(
            Map.ofEntries(
                Map.entry("", Set.of(0, 1, 2, 3, 4, 5)),
                Map.entry("eventType=AggregationEvent", Set.of(2)),
                Map.entry("eventType=TransformationEvent%7CTransactionEvent", Set.of(3, 4)),
                Map.entry("GE_eventTime=2026-03-01T00:00:00-05:00", Set.of(2, 3, 4)),
                Map.entry("LT_eventTime=2026-03-01T00:00:00%2B00:00", Set.of(0, 1, 5)),
                Map.entry("GE_recordTime=" + from, Set.of(3, 4, 5)),
                Map.entry("LT_recordTime=" + from, Set.of(0, 1, 2)),
                Map.entry("EQ_action=ADD", Set.of(0, 2)),
                Map.entry("EQ_bizStep=inspecting", Set.of(1, 5)),
                Map.entry("EQ_bizStep=urn:epcglobal:cbv:bizstep:packing", Set.of(2)),
                Map.entry("EQ_bizStep=https://ayni.org/voc/bizstep/drying", Set.of(3)),
                Map.entry("EQ_bizStep=ayni:bizstep/drying", Set.of(3)),
                Map.entry("EQ_bizStep=https://ref.gs1.org/cbv/BizStep-packing", Set.of(2)),
                Map.entry("EQ_errorReason=urn:epcglobal:cbv:er:incorrect_data", Set.of(5)),
                Map.entry("EQ_disposition=in_transit", Set.of(4)),
                Map.entry("EQ_persistentDisposition_set=completeness_verified", Set.of(0)),
                Map.entry(
                    "EQ_persistentDisposition_set=urn:epcglobal:cbv:disp:completeness_verified",
                    Set.of(0)),
                Map.entry(
                    "EQ_persistentDisposition_unset=https://ayni.org/voc/disp/unchecked",
                    Set.of(0)),
                Map.entry("EQ_persistentDisposition_unset=completeness_verified", Set.of()),
                Map.entry("EQ_readPoint=urn:ayni:loc:" + t + ":rp-a", Set.of(0)),
                Map.entry("EQ_bizLocation=urn:ayni:loc:" + t + ":bl-b", Set.of(1, 5)),
                Map.entry("MATCH_epc=urn:ayni:test:" + t + ":child2", Set.of(2)),
                Map.entry("MATCH_epc=urn:epc:idpat:sgtin:9999999." + t + ".*", Set.of(0, 1, 5)),
                // a pattern with every field given is the one EPC it spells
                Map.entry("MATCH_epc=urn:epc:idpat:sgtin:9999999." + t + ".1", Set.of(1, 5)),
                Map.entry("MATCH_parentID=urn:ayni:test:" + t + ":parent2", Set.of(2)),
                Map.entry("MATCH_inputEPC=urn:ayni:test:" + t + ":in3", Set.of(3)),
                Map.entry("MATCH_outputEPC=urn:ayni:test:" + t + ":out3", Set.of(3)),
                Map.entry(
                    "MATCH_anyEPC=urn:ayni:test:" + t + ":parent2%7Curn:ayni:test:" + t + ":out3",
                    Set.of(2, 3)),
                Map.entry("MATCH_epcClass=urn:ayni:lot:test:" + t + "-2", Set.of(2)),
                Map.entry("MATCH_epcClass=urn:epc:idpat:sgtin:9999999." + t + ".*", Set.of(0)),
                Map.entry("MATCH_inputEPCClass=urn:ayni:lot:test:" + t + "-in3", Set.of(3)),
                Map.entry("MATCH_outputEPCClass=urn:ayni:lot:test:" + t + "-out3", Set.of(3)),
                Map.entry(
                    "MATCH_anyEPCClass=urn:ayni:lot:test:"
                        + t
                        + "-out3%7Curn:epc:class:lgtin:9999999."
                        + t
                        + ".L0",
                    Set.of(0, 3)),
                Map.entry("EQ_eventID=" + ids[0], Set.of(0)),
                Map.entry("EQ_eventID=" + ids[1], Set.of(1, 5)),
                Map.entry("EQ_transformationID=urn:ayni:tx:" + t + ":3", Set.of(3)),
                Map.entry("EXISTS_errorDeclaration=", Set.of(5)),
                Map.entry("EXISTS_errorDeclaration=true", Set.of(5)),
                // false is as if omitted (OpenAPI): every event, declared erroneous or not
                Map.entry("EXISTS_errorDeclaration=false", Set.of(0, 1, 2, 3, 4, 5)),
                Map.entry("EQ_errorReason=incorrect_data", Set.of(5)),
                Map.entry("EQ_correctiveEventID=" + ids[0], Set.of(5)),
                Map.entry("EQ_bizTransaction_po=urn:ayni:po:" + t + ":1", Set.of(0)),
                Map.entry("EQ_bizTransaction_inv=urn:ayni:inv:" + t + ":4", Set.of(4)),
                Map.entry("EQ_bizTransaction_po=urn:ayni:inv:" + t + ":4", Set.of()),
                Map.entry("EQ_source_owning_party=urn:ayni:org:" + t + "-x", Set.of(0)),
                Map.entry("EQ_destination_owning_party=urn:ayni:org:" + t + "-y", Set.of(4)),
                Map.entry("EQ_action=OBSERVE&EQ_bizStep=shipping", Set.of(4)),
                // quantities: E0 10, E2 5 (child), E3 100 in and 80 out
                Map.entry("EQ_quantity=10", Set.of(0)),
                Map.entry("GT_quantity=10", Set.of(3)),
                Map.entry("GE_quantity=10.0", Set.of(0, 3)),
                Map.entry("LT_quantity=10", Set.of(2)),
                Map.entry("LE_quantity=5", Set.of(2)),
                Map.entry("GT_quantity=90&LT_quantity=100", Set.of(3)),
                // beyond any quantity kept: nothing above it, everything below
                Map.entry("GE_quantity=1E%2B30", Set.of()),
                Map.entry("LT_quantity=1E%2B30", Set.of(0, 2, 3)),
                Map.entry("GT_quantity=-1E%2B30&EQ_quantity=1E%2B30%7C5", Set.of(2)),
                // EQ_quantity takes a list (query-schema.json); a unit narrows to its quantities
                Map.entry("EQ_quantity=10%7C5", Set.of(0, 2)),
                Map.entry("EQ_quantity_KGM=10%7C80", Set.of(0, 3)),
                Map.entry("GE_quantity_KGM=80", Set.of(3)),
                Map.entry("LT_quantity_TNE=1000", Set.of()),
                // no master data: a location's only descendant is itself
                Map.entry("WD_readPoint=urn:ayni:loc:" + t + ":rp-a", Set.of(0)),
                Map.entry("WD_bizLocation=urn:ayni:loc:" + t + ":bl-b", Set.of(1, 5))));
    List<String> failures = new ArrayList<>();
    expectations.forEach(
        (query, expected) -> {
          Set<Integer> actual = which(query);
          if (!actual.equals(expected)) {
            failures.add(query + " → " + actual + ", expected " + expected);
          }
        });
    assertThat(failures).isEmpty();
  }

  @Test
  void pagesFollowTheLinkHeaderWithoutLossOrRepetition() {
    for (String order :
        List.of(
            "",
            "&orderBy=eventTime&orderDirection=ASC",
            "&orderBy=eventTime",
            "&orderBy=recordTime&orderDirection=ASC")) {
      List<String> seen = new ArrayList<>();
      String path = "/epcis/events?perPage=2" + order;
      int pages = 0;
      while (path != null) {
        Http.Response page = client.get(path);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode events = page.json().at("/epcisBody/queryResults/resultsBody/eventList");
        assertThat(events.size()).isLessThanOrEqualTo(2);
        events.forEach(e -> seen.add(e.path("eventID").asString() + e.has("errorDeclaration")));
        pages++;
        path = EpcisClient.next(page);
        if (path != null) {
          assertThat(path).contains("perPage=2").contains("nextPageToken=");
        }
      }
      assertThat(pages).as(order).isEqualTo(3);
      assertThat(seen).as(order).hasSize(6).doesNotHaveDuplicates();
      if (order.contains("eventTime&orderDirection=ASC")) {
        assertThat(seen.getFirst()).isEqualTo(ids[0] + "false");
        assertThat(seen.getLast()).isEqualTo(ids[4] + "false");
      } else if (order.equals("&orderBy=eventTime")) {
        assertThat(seen.getFirst()).isEqualTo(ids[4] + "false"); // DESC by default
      }
    }
  }

  @Test
  void theLinkToANextPageIsAbsoluteOnEveryResourceThatPages() {
    for (String name : List.of("q1-" + tag, "q2-" + tag)) {
      assertThat(client.post("/epcis/queries", "{\"name\":\"" + name + "\",\"query\":{}}").status())
          .isEqualTo(201);
    }
    String at = "http://localhost:" + port;
    // named by E1 and by E5, which declares it erroneous
    String epc = EpcisExamplesTests.encode("urn:epc:id:sgtin:9999999." + tag + ".1");
    Map<String, String> paths = new java.util.LinkedHashMap<>();
    paths.put(
        "/epcis/events?perPage=2&EQ_action=ADD%7COBSERVE",
        at + "/epcis/events?perPage=2&EQ_action=ADD%7COBSERVE&nextPageToken=");
    paths.put(
        "/epcis/eventTypes/ObjectEvent/events?perPage=1",
        at + "/epcis/eventTypes/ObjectEvent/events?perPage=1&nextPageToken=");
    paths.put("/epcis/eventTypes?perPage=2", at + "/epcis/eventTypes?perPage=2&nextPageToken=");
    paths.put("/epcis/capture?perPage=1", at + "/epcis/capture?perPage=1&nextPageToken=");
    paths.put("/epcis/queries?perPage=1", at + "/epcis/queries?perPage=1&nextPageToken=");
    paths.put(
        "/epcis/queries/q1-" + tag + "/events?perPage=1",
        at + "/epcis/queries/q1-" + tag + "/events?perPage=1&nextPageToken=");
    paths.put(
        "/epcis/epcs/" + epc + "/events?perPage=1",
        at + "/epcis/epcs/" + epc + "/events?perPage=1&nextPageToken=");
    paths.forEach(
        (path, expected) -> {
          Http.Response page = client.get(path);
          assertThat(page.status()).as("%s: %s", path, page.body()).isEqualTo(200);
          String link = page.header("Link");
          assertThat(link).as(path).startsWith("<" + at + "/").endsWith(">; rel=\"next\"");
          String next = EpcisClient.next(page);
          assertThat(next).as(path).startsWith(expected);
          // followed as it is, it answers the next page
          Http.Response second = client.get(next);
          assertThat(second.status()).as("%s: %s", next, second.body()).isEqualTo(200);
          // tokens do not expire (see docs/epcis-vocabulary.md): no expiry is stated
          assertThat(page.header("GS1-Next-Page-Token-Expires")).as(path).isEmpty();
          // the OpenAPI's headers of a query's page: Ayni's extension vocabulary among them
          assertThat(page.header("GS1-EPCIS-Version")).as(path).isEqualTo("2.0.0");
          assertThat(page.header("GS1-CBV-Version")).as(path).isEqualTo("2.0.0");
          assertThat(page.header("GS1-Extensions"))
              .as(path)
              .isEqualTo("ayni=https://ayni.org/voc/");
        });
  }

  @Test
  void aPageTokenIsForTheQueryThatMadeIt() {
    String next = EpcisClient.next(client.get("/epcis/events?perPage=2&EQ_action=ADD%7COBSERVE"));
    assertThat(next).contains("nextPageToken=");
    String token = next.substring(next.indexOf("nextPageToken=") + "nextPageToken=".length());
    assertThat(client.get("/epcis/events?perPage=3&EQ_action=OBSERVE%7CADD").status())
        .isEqualTo(200);
    assertThat(
            client
                .get("/epcis/events?EQ_action=ADD%7COBSERVE&perPage=5&nextPageToken=" + token)
                .status())
        .as("the same query, another page size")
        .isEqualTo(200);
    Http.Response other =
        client.get("/epcis/events?perPage=2&EQ_action=ADD&nextPageToken=" + token);
    assertThat(other.status()).as(other.body()).isEqualTo(400);
    assertThat(other.json().path("type").asString())
        .isEqualTo("epcisException:QueryParameterException");
    assertThat(other.body())
        .as("the refusal names the token as it was sent, not what it holds")
        .contains(token.substring(0, 40))
        .doesNotContain("djN8"); // "v3|" in Base64, the start of an opened token
    // a token is sealed: it tells no log position (how many events the platform records), and
    // one made up or altered serves no query
    assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1))
        .doesNotContain("v3|")
        .doesNotContain("LOG");
    String madeUp =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                EpcisQueryParameters.token(
                        EpcisQueryParameters.parse(
                            new org.springframework.util.LinkedMultiValueMap<>(
                                Map.of("EQ_action", List.of("ADD|OBSERVE")))),
                        null,
                        1,
                        2)
                    .getBytes(StandardCharsets.UTF_8));
    char c = token.charAt(token.length() / 2);
    String altered =
        token.substring(0, token.length() / 2)
            + (c == 'A' ? 'B' : 'A')
            + token.substring(token.length() / 2 + 1);
    for (String wrong : List.of(madeUp, altered)) {
      Http.Response refused =
          client.get("/epcis/events?perPage=2&EQ_action=ADD%7COBSERVE&nextPageToken=" + wrong);
      assertThat(refused.status()).as(wrong).isEqualTo(400);
      assertThat(refused.json().path("type").asString())
          .isEqualTo("epcisException:QueryParameterException");
    }
    // the key is the database's: another instance, or this one restarted, opens the token
    PageTokens again = new PageTokens(context.getBean(JdbcClient.class));
    assertThat(again.open(token)).isEqualTo(context.getBean(PageTokens.class).open(token));
  }

  @Test
  void eventCountLimitReturnsTheFirstEventsOverPagesAndMaxEventCountRefusesMore() {
    List<String> seen = new ArrayList<>();
    String path = "/epcis/events?orderBy=eventTime&orderDirection=ASC&eventCountLimit=3&perPage=2";
    int pages = 0;
    while (path != null) {
      Http.Response page = client.get(path);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json()
          .at("/epcisBody/queryResults/resultsBody/eventList")
          .forEach(e -> seen.add(e.path("eventID").asString() + e.has("errorDeclaration")));
      pages++;
      path = EpcisClient.next(page);
    }
    assertThat(pages).isEqualTo(2);
    assertThat(seen)
        .as("the first three by event time (E1 and E5 share theirs; the log breaks the tie)")
        .containsExactly(ids[0] + "false", ids[1] + "false", ids[1] + "true");
    assertThat(client.events("orderBy=eventTime&eventCountLimit=1"))
        .as("the most recent event, on every page there is")
        .extracting(e -> e.path("eventID").asString())
        .containsExactly(ids[4]);

    for (String perPage : List.of("", "&perPage=2")) {
      EpcisInvalidTests.assertProblem(
          client.get("/epcis/events?maxEventCount=5" + perPage), 413, "QueryTooLargeException");
      assertThat(client.get("/epcis/events?maxEventCount=6" + perPage).status())
          .as("six events match: allowed")
          .isEqualTo(200);
    }
    assertThat(which("maxEventCount=1&EQ_eventID=" + ids[0])).containsExactly(0);
  }

  @Test
  void wrongParametersAreQueryParameterExceptions() {
    for (String query :
        List.of(
            "GE_eventDate=2026-01-01T00:00:00Z",
            "GE_eventTime=yesterday",
            "GE_eventTime=2026-01-01T00:00:00",
            // not RFC 3339, though Java's ISO parser takes them: no seconds, an empty fraction,
            // an offset with seconds
            "GE_eventTime=2026-01-01T00:00Z",
            "GE_eventTime=2026-01-01T00:00:00.Z",
            "LT_recordTime=2026-01-01T00:00:00%2B01:00:30",
            "EQ_action=SHIPPED",
            // values the schema types as URIs
            "EQ_source_owning_party=Cepicafe",
            "EQ_destination_location=not%20a%20uri",
            "EQ_deviceID=sensor-1",
            "EQ_uriValue=x",
            "EQ_chemicalSubstance=caffeine",
            "orderDirection=SIDEWAYS",
            "orderBy=bizStep",
            "perPage=0",
            "perPage=many",
            "nextPageToken=garbage",
            "eventCountLimit=3",
            "eventCountLimit=0&orderBy=eventTime",
            "maxEventCount=many",
            "eventCountLimit=1&maxEventCount=1&orderBy=eventTime",
            "GE_quantity=lots",
            "EQ_quantity=1%7Clots",
            "GE_quantity_KGM=1%7C2",
            "GE_quantity=1E%2B999999999",
            "GE_eventTime=%2B99999-01-01T00:00:00Z",
            "EQ_quantity_kilos=1",
            "eventType=NotAnEvent",
            // a boolean
            "EXISTS_errorDeclaration=no",
            "EXISTS_errorDeclaration=1",
            "EXISTS_errorDeclaration=true%7Cfalse")) {
      EpcisInvalidTests.assertProblem(
          client.get("/epcis/events?" + query), 400, "QueryParameterException");
    }
  }

  @Test
  void valuesThatAreNeitherCbvWordsNorUrisAreRefusedAsInANamedQuery() {
    for (String[] refused :
        List.of(
            new String[] {"EQ_bizStep", "foo"},
            new String[] {"EQ_bizStep", "Receiving"},
            new String[] {"EQ_bizStep", "urn:epcglobal:cbv:bizstep:foo"},
            new String[] {"EQ_disposition", "bogus_disp"},
            new String[] {"EQ_persistentDisposition_set", "bogus_disp"},
            new String[] {"EQ_errorReason", "foo"},
            new String[] {"EQ_readPoint", "notauri"},
            new String[] {"WD_bizLocation", "notauri"},
            new String[] {"EQ_bizLocation", "not a uri"},
            new String[] {"MATCH_epc", "notauri"},
            new String[] {"MATCH_anyEPCClass", "notauri"},
            new String[] {"EQ_eventID", "not a uri"},
            new String[] {"EQ_correctiveEventID", "notauri"},
            new String[] {"EQ_transformationID", " "})) {
      String name = refused[0];
      String value = refused[1];
      Http.Response answer =
          client.get("/epcis/events?" + name + "=" + EpcisExamplesTests.encode(value));
      EpcisInvalidTests.assertProblem(answer, 400, "QueryParameterException");
      assertThat(answer.json().path("detail").asString()).as(name).contains(name, value);
      if (name.equals("EQ_errorReason")) {
        // a word of the parameter's own vocabulary as the example (QA of 2026-12-07i, item 9)
        assertThat(answer.json().path("detail").asString())
            .contains("(did_not_occur)")
            .doesNotContain("receiving");
      }
      Http.Response named =
          client.post(
              "/epcis/queries",
              "{\"name\":\"n-%s\",\"query\":{\"%s\":[\"%s\"]}}".formatted(tag, name, value));
      assertThat(named.status()).as(name).isEqualTo(400);
    }
    // the value refused among good ones
    Http.Response among = client.get("/epcis/events?EQ_bizStep=receiving%7Cinspecting%7CReceiving");
    EpcisInvalidTests.assertProblem(among, 400, "QueryParameterException");
    assertThat(among.json().path("detail").asString()).contains("Receiving");
    assertThat(among.json().path("errors").get(0).path("pointer").asString())
        .isEqualTo("/EQ_bizStep/2");
  }

  @Test
  void eventTimesFinerThanAMicrosecondAreOnTheRightSideOfEveryBound() {
    String late = "urn:uuid:" + UUID.randomUUID();
    String fine = "urn:uuid:" + UUID.randomUUID();
    String epc = "urn:ayni:test:" + tag + ":fine";
    JsonNode job =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    EpcisFixtures.objectEvent(late, epc, "2026-08-02T18:59:59.9999997-05:00"),
                    EpcisFixtures.objectEvent(fine, epc, "2026-08-02T10:00:00.1234564-05:00"))));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    String match = "&MATCH_epc=" + epc;
    Map<String, List<String>> expectations =
        Map.of(
            // 23:59:59.9999997Z is before midnight, at any precision
            "LT_eventTime=2026-08-03T00:00:00Z", List.of(fine, late),
            "GE_eventTime=2026-08-03T00:00:00Z", List.of(),
            "GE_eventTime=2026-08-02T23:59:59.999999Z", List.of(late),
            "GE_eventTime=2026-08-02T15:00:00.123456Z", List.of(fine, late),
            "GE_eventTime=2026-08-02T15:00:00.123457Z", List.of(late),
            "LT_eventTime=2026-08-02T15:00:00.123457Z", List.of(fine),
            "LT_eventTime=2026-08-02T15:00:00.123456000Z", List.of());
    expectations.forEach(
        (query, expected) ->
            assertThat(client.events(query + match + "&orderBy=eventTime&orderDirection=ASC"))
                .as(query)
                .extracting(e -> e.path("eventID").asString())
                .containsExactlyElementsOf(expected));
    // a bound finer than a microsecond: the log compares at the microsecond, it says so
    for (String bound :
        List.of(
            "GE_eventTime=2026-08-02T15:00:00.1234562Z",
            "LT_eventTime=2026-08-03T00:00:00.0000001Z",
            "GE_errorDeclarationTime=2026-08-02T15:00:00.123456789Z")) {
      Http.Response answer = client.get("/epcis/events?" + bound);
      EpcisInvalidTests.assertProblem(answer, 400, "QueryParameterException");
      assertThat(answer.json().path("code").asString()).isEqualTo("epcis.query.time-precision");
    }
  }

  @Test
  void aWrongValueIsRefusedSayingWhatTheParameterTakes() {
    Map<String, String> refusals =
        Map.of(
            "EQ_deviceID=cepicafe", "epcis.query.uri",
            "EQ_readPoint=notauri", "epcis.query.uri",
            "EQ_bizStep=Receiving", "epcis.query.word",
            "GE_ayni:moisturePercent=dry", "epcis.query.number-or-time",
            "GE_eventTime=2026-01-01T00:00Z", "epcis.query.time");
    refusals.forEach(
        (query, code) -> {
          Http.Response answer = client.get("/epcis/events?" + query);
          EpcisInvalidTests.assertProblem(answer, 400, "QueryParameterException");
          assertThat(answer.json().path("code").asString()).as(query).isEqualTo(code);
        });
  }

  @Test
  void anErrorDeclarationRecordedInAyniRepeatsThePersistentDisposition() {
    String disposition = "https://ayni.org/voc/disp/" + tag + "-kept";
    String eventId = "urn:uuid:" + UUID.randomUUID();
    String event =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-07-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["urn:ayni:test:%s:kept"],
         "persistentDisposition":{"set":["%s"]}}"""
            .formatted(eventId, tag, disposition);
    JsonNode job = client.capture(EpcisFixtures.document(List.of(event)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    Http.Response declared =
        client.post(
            "/api/v1/trace/corrections",
            """
            {"organisationId":"%s","eventId":"%s","reason":"INCORRECT_DATA"}"""
                .formatted(tenant.id(), eventId));
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);

    List<JsonNode> found =
        client.events("EQ_persistentDisposition_set=" + EpcisExamplesTests.encode(disposition));
    assertThat(found)
        .as("the event and its error declaration")
        .extracting(e -> e.has("errorDeclaration"))
        .containsExactlyInAnyOrder(false, true);
    assertThat(found)
        .allSatisfy(
            e ->
                assertThat(e.path("persistentDisposition").path("set").get(0).asString())
                    .isEqualTo(disposition));
  }

  @Test
  void anotherOrganisationSeesNoneOfTheEventsAndTheCentralSeesThemAll() {
    EpcisClient outsider = new EpcisClient(port, "agroandino.admin", DemoUsers.PASSWORD);
    for (String id : List.of(ids[0], ids[1], ids[3])) {
      assertThat(outsider.events("EQ_eventID=" + id)).isEmpty();
      EpcisInvalidTests.assertProblem(
          outsider.get(EpcisApi.eventPath(id)), 404, "NoSuchResourceException");
    }
    assertThat(outsider.events("MATCH_anyEPC=urn:ayni:test:" + tag + ":out3")).isEmpty();
    assertThat(outsider.events("perPage=1000").toString()).doesNotContain(tag);

    EpcisClient central = new EpcisClient(port, "cepicafe.admin", DemoUsers.PASSWORD);
    assertThat(central.events("EQ_eventID=" + ids[0])).hasSize(1);
    Http.Response byId = central.get(EpcisApi.eventPath(ids[1]));
    assertThat(byId.status()).isEqualTo(200);
    // the event and its error declaration
    assertThat(byId.json().at("/epcisBody/queryResults/resultsBody/eventList")).hasSize(2);
  }
}
