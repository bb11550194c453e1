package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * Named queries of the EPCIS 2.0 REST binding ({@code /epcis/queries}): created from a query object
 * that GS1's query-schema.json accepts, answered like {@code GET /epcis/events} with the same
 * parameters, each the creating account's own; what the schema or the repository refuses is an
 * error and stores nothing.
 */
@AyniIntegrationTest
class EpcisNamedQueryTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  EpcisFixtures.Tenant tenant;
  EpcisClient client;
  String tag;
  String epc;
  List<String> ids = new ArrayList<>();

  @BeforeEach
  void capture() {
    tenant = EpcisFixtures.tenant(context, "cepicafe");
    client = tenant.client(port);
    tag = EpcisFixtures.tag();
    epc = "urn:ayni:test:" + tag + ":lot";
    List<String> events = new ArrayList<>();
    String[][] shapes = {
      {"receiving", "2026-01-10T08:00:00-05:00"},
      {"inspecting", "2026-01-11T08:00:00-05:00"},
      {"receiving", "2026-01-12T08:00:00-05:00"},
      {"receiving", "2026-01-13T08:00:00-05:00"}
    };
    for (String[] shape : shapes) {
      String id = "urn:uuid:" + UUID.randomUUID();
      ids.add(id);
      events.add(
          """
          {"type":"ObjectEvent","eventID":"%s","eventTime":"%s","eventTimeZoneOffset":"-05:00",
           "action":"OBSERVE","epcList":["%s"],"bizStep":"%s",
           "readPoint":{"id":"urn:ayni:loc:test:%s"}}"""
              .formatted(id, shape[1], epc, shape[0], tag));
    }
    JsonNode job = client.capture(EpcisFixtures.document(events));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  private String create(EpcisClient who, String name, String query) {
    Http.Response created =
        who.post("/epcis/queries", "{\"name\":\"%s\",\"query\":%s}".formatted(name, query));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.header("Location");
  }

  /** Posts a named query that must be refused with the EPCIS exception type; the problem. */
  private JsonNode refused(String name, String query, String type) {
    Http.Response refused =
        client.post("/epcis/queries", "{\"name\":\"%s\",\"query\":%s}".formatted(name, query));
    assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
    assertThat(refused.json().path("type").asString())
        .as(query)
        .isEqualTo("epcisException:" + type);
    return refused.json();
  }

  private static List<String> eventIds(List<JsonNode> events) {
    return events.stream().map(e -> e.path("eventID").asString()).toList();
  }

  private long stored(String name) {
    return jdbc.sql("select count(*) from epcis_named_query where name = ?")
        .param(name)
        .query(Long.class)
        .single();
  }

  @Test
  void aNamedQueryAnswersWhatGetEventsAnswersWithTheSameParametersAndFollowsNewEvents() {
    String name = "receipts-" + tag;
    String query =
        """
        {"eventType":["ObjectEvent"],"EQ_bizStep":["receiving"],"MATCH_epc":["%s"],
         "GE_eventTime":"2026-01-11T00:00:00-05:00","orderBy":"eventTime","orderDirection":"ASC"}"""
            .formatted(epc);
    String location = create(client, name, query);
    assertThat(location).isEqualTo("/epcis/queries/" + name);

    Http.Response definition = client.get(location);
    assertThat(definition.status()).isEqualTo(200);
    assertThat(definition.json().path("name").asString()).isEqualTo(name);
    assertThat(definition.json().path("query")).isEqualTo(Http.JSON.readTree(query));
    assertThat(client.get("/epcis/queries").json())
        .as("the caller's list")
        .anySatisfy(q -> assertThat(q.path("name").asString()).isEqualTo(name));

    List<String> direct =
        eventIds(
            client.events(
                "eventType=ObjectEvent&EQ_bizStep=receiving&MATCH_epc="
                    + epc
                    + "&GE_eventTime=2026-01-11T00:00:00-05:00&orderBy=eventTime"
                    + "&orderDirection=ASC"));
    assertThat(direct).containsExactly(ids.get(2), ids.get(3));
    // one event a page, through the Link header
    assertThat(eventIds(client.eventsAt(location + "/events?perPage=1"))).isEqualTo(direct);
    Http.Response page = client.get(location + "/events");
    assertThat(page.json().at("/epcisBody/queryResults/queryName").asString()).isEqualTo(name);
    assertThat(page.json().path("type").asString()).isEqualTo("EPCISQueryDocument");

    // a view, not a snapshot: an event captured afterwards is in its answer
    String later = "urn:uuid:" + UUID.randomUUID();
    JsonNode job =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    """
                    {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-02-01T08:00:00-05:00",
                     "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["%s"],
                     "bizStep":"receiving"}"""
                        .formatted(later, epc))));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    assertThat(eventIds(client.eventsAt(location + "/events")))
        .containsExactly(ids.get(2), ids.get(3), later);
  }

  @Test
  void aQueryTheSchemaRefusesIsAQueryValidationExceptionAndNothingIsStored() {
    String name = "bad-" + tag;
    for (String query :
        List.of(
            "{\"EQ_action\":[\"JUMP\"]}",
            "{\"EQ_bizStep\":\"receiving\"}",
            "{\"EQ_nothing\":[\"x\"]}",
            "{\"perPage\":10}")) {
      JsonNode problem = refused(name, query, "QueryValidationException");
      assertThat(problem.path("errors")).as(query).isNotEmpty();
      assertThat(problem.path("errors").get(0).path("pointer").asString())
          .as(query)
          .startsWith("/query");
    }
    assertThat(stored(name)).isZero();
    assertThat(client.get("/epcis/queries/" + name).status()).isEqualTo(404);
  }

  @Test
  void aQueryThisRepositoryCannotAnswerIsAQueryParameterExceptionAndNothingIsStored() {
    String name = "unserved-" + tag;
    for (String query :
        List.of(
            // valid under the schema (a string), but events are ordered by their times only
            "{\"orderBy\":\"bizStep\"}",
            // eventCountLimit needs an order
            "{\"eventCountLimit\":5}",
            "{\"EQ_bizStep\":[]}",
            // a number beyond what the log compares (written out, a billion digits)
            "{\"GE_quantity\":1E+999999999}")) {
      refused(name, query, "QueryParameterException");
    }
    assertThat(stored(name)).isZero();
    // the schema's own spelling of the error declaration times is read as the REST binding's
    String declared =
        create(client, name, "{\"GE_errorDeclaration_Time\":\"2026-01-01T00:00:00Z\"}");
    assertThat(client.eventsAt(declared + "/events"))
        .as("no event was declared erroneous")
        .isEmpty();
  }

  @Test
  void anExistsParameterZeroAsksNothingAndOneItsCondition() {
    String declaration =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-10T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["%s"],"bizStep":"receiving",
         "readPoint":{"id":"urn:ayni:loc:test:%s"},
         "errorDeclaration":{"declarationTime":"2026-01-20T08:00:00-05:00","reason":"did_not_occur"}}"""
            .formatted(ids.get(0), epc, tag);
    JsonNode job = client.capture(EpcisFixtures.document(List.of(declaration)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    String match = ",\"MATCH_epc\":[\"%s\"]}".formatted(epc);
    // query-schema.json types it integer (the OpenAPI boolean): 0 is false, as if omitted
    String regardless =
        create(client, "regardless-" + tag, "{\"EXISTS_errorDeclaration\":0" + match);
    assertThat(client.eventsAt(regardless + "/events"))
        .as("the four events and the declaration")
        .hasSize(5);
    String only = create(client, "only-" + tag, "{\"EXISTS_errorDeclaration\":1" + match);
    assertThat(client.eventsAt(only + "/events"))
        .singleElement()
        .satisfies(e -> assertThat(e.has("errorDeclaration")).isTrue());
    // so are the other EXISTS_ parameters
    String unsensed = create(client, "unsensed-" + tag, "{\"EXISTS_sensorElementList\":0" + match);
    assertThat(client.eventsAt(unsensed + "/events")).hasSize(5);
    String sensed = create(client, "sensed-" + tag, "{\"EXISTS_sensorElementList\":1" + match);
    assertThat(client.eventsAt(sensed + "/events")).isEmpty();
  }

  @Test
  void aNamedQueryMayAskForExtensionFieldsByCompactUri() {
    List<String> fielded =
        List.of("urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID());
    List<String> events = new ArrayList<>();
    for (int k = 0; k < fielded.size(); k++) {
      events.add(
          """
          {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-02-01T08:00:00-05:00",
           "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["%s"],
           "bizStep":"inspecting","ayni:moisturePercent":%s}"""
              .formatted(fielded.get(k), epc, k == 0 ? "6.9" : "8.1"));
    }
    JsonNode job = client.capture(EpcisFixtures.document(events));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    // GS1's query-schema.json escapes these patterns twice; read as meant, they are valid
    String dry =
        create(
            client,
            "dry-" + tag,
            "{\"LE_ayni:moisturePercent\":7.5,\"MATCH_epc\":[\"%s\"]}".formatted(epc));
    assertThat(eventIds(client.eventsAt(dry + "/events"))).containsExactly(fielded.get(0));
    String measured =
        create(
            client,
            "measured-" + tag,
            "{\"EXISTS_ayni:moisturePercent\":1,\"MATCH_epc\":[\"%s\"]}".formatted(epc));
    assertThat(eventIds(client.eventsAt(measured + "/events"))).isEqualTo(fielded);
    refused("field-" + tag, "{\"LE_ayni\\\\:moisturePercent\":7.5}", "QueryValidationException");
  }

  @Test
  void aNamedQueryMayAskForExtensionFieldsOfAPrefixItsHeaderOrItsContextDeclares() {
    String namespace = "https://ns.example.com/" + tag + "/";
    List<String> graded = List.of("urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID());
    List<String> events = new ArrayList<>();
    for (int k = 0; k < graded.size(); k++) {
      events.add(
          """
          {"@context":{"ex":"%s"},"type":"ObjectEvent","eventID":"%s",
           "eventTime":"2026-02-01T08:00:00-05:00","eventTimeZoneOffset":"-05:00",
           "action":"OBSERVE","epcList":["%s"],"bizStep":"inspecting","ex:grade":"%s"}"""
              .formatted(namespace, graded.get(k), epc, k == 0 ? "A" : "B"));
    }
    JsonNode job = client.capture(EpcisFixtures.document(events));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    // declared by the GS1-Extensions header when it is made: kept with the query, which runs
    // without it
    Http.Response created =
        client
            .header("GS1-Extensions", "ex=" + namespace)
            .post(
                "/epcis/queries",
                "{\"name\":\"grade-%s\",\"query\":{\"EQ_ex:grade\":[\"A\"]}}".formatted(tag));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String byHeader = created.header("Location");
    assertThat(eventIds(client.eventsAt(byHeader + "/events"))).containsExactly(graded.get(0));
    assertThat(client.get(byHeader).json().path("query").path("@context").path("ex").asString())
        .isEqualTo(namespace);
    // declared by the query's own @context
    String byContext =
        create(
            client,
            "graded-" + tag,
            "{\"@context\":[{\"ex\":\"%s\"}],\"EQ_ex:grade\":[\"B\"]}".formatted(namespace));
    assertThat(eventIds(client.eventsAt(byContext + "/events"))).containsExactly(graded.get(1));
  }

  @Test
  void badBodiesAndNamesAreValidationErrors() {
    Object[][] cases = {
      {"application/json", "{not json", "epcis.json.malformed"},
      {"application/json", "[]", "epcis.named-query.body"},
      {"application/json", "{\"query\":{}}", "epcis.named-query.body"},
      {"application/json", "{\"name\":\"q\",\"query\":[]}", "epcis.named-query.body"},
      {"application/json", "{\"name\":\"a b\",\"query\":{}}", "epcis.named-query.name"},
      {"application/json", "{\"name\":\"a/b\",\"query\":{}}", "epcis.named-query.name"},
      {"application/json", "{\"name\":\"\",\"query\":{}}", "epcis.named-query.name"},
      {"application/json", "{\"name\":\"..\",\"query\":{}}", "epcis.named-query.name"},
      {"application/json", "{\"name\":\".\",\"query\":{}}", "epcis.named-query.name"}
    };
    for (Object[] c : cases) {
      Http.Response refused =
          client.post("/epcis/queries", (String) c[0], ((String) c[1]).getBytes());
      assertThat(refused.status()).as(c[1] + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.json().path("type").asString())
          .isEqualTo("epcisException:ValidationException");
      assertThat(refused.json().path("code").asString()).as((String) c[1]).isEqualTo(c[2]);
    }
    Http.Response text =
        client.post("/epcis/queries", "text/plain", "{\"name\":\"q\",\"query\":{}}".getBytes());
    assertThat(text.status()).isEqualTo(415);
  }

  @Test
  void aNamedQueryIsItsAccountsOwn() {
    String name = "mine-" + tag;
    String location = create(client, name, "{\"EQ_bizStep\":[\"inspecting\"]}");

    Http.Response again = client.post("/epcis/queries", "{\"name\":\"" + name + "\",\"query\":{}}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("type").asString())
        .isEqualTo("epcisException:ResourceAlreadyExistsException");
    assertThat(again.header("Location")).isEqualTo(location);
    assertThat(client.get(location).json().path("query").path("EQ_bizStep").get(0).asString())
        .as("the first definition is kept")
        .isEqualTo("inspecting");

    // another organisation's user, and a colleague in the same organisation
    EpcisClient outsider = EpcisFixtures.tenant(context, "agroandino").client(port);
    EpcisClient colleague = tenant.colleague(context, port);
    for (EpcisClient other : List.of(outsider, colleague)) {
      assertThat(other.get(location).status()).isEqualTo(404);
      assertThat(other.get(location + "/events").status()).isEqualTo(404);
      assertThat(other.get(location + "/events").json().path("type").asString())
          .isEqualTo("epcisException:NoSuchResourceException");
      assertThat(other.get("/epcis/queries").json().toString()).doesNotContain(name);
      assertThat(other.delete(location).status()).isEqualTo(404);
    }
    assertThat(client.get(location).status()).as("still there").isEqualTo(200);

    // the colleague may use the same name for a query of their own; each answers its owner's
    create(colleague, name, "{\"EQ_bizStep\":[\"receiving\"]}");
    assertThat(eventIds(client.eventsAt(location + "/events"))).containsExactly(ids.get(1));
    assertThat(eventIds(colleague.eventsAt(location + "/events")))
        .containsExactly(ids.get(0), ids.get(2), ids.get(3));
  }

  @Test
  void theCallersQueriesAreListedInPagesByNameAndDeleted() {
    List<String> names = List.of("c-" + tag, "a-" + tag, "b-" + tag, "d.v1~" + tag);
    for (String name : names) {
      create(client, name, "{}");
    }
    List<String> listed = new ArrayList<>();
    String path = "/epcis/queries?perPage=2";
    int pages = 0;
    while (path != null) {
      Http.Response page = client.get(path);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json().forEach(q -> listed.add(q.path("name").asString()));
      path = EpcisClient.next(page);
      pages++;
    }
    assertThat(listed).containsExactly("a-" + tag, "b-" + tag, "c-" + tag, "d.v1~" + tag);
    assertThat(client.get("/epcis/queries/d.v1~" + tag).json().path("name").asString())
        .isEqualTo("d.v1~" + tag);
    assertThat(pages).isEqualTo(2);

    assertThat(client.delete("/epcis/queries/b-" + tag).status()).isEqualTo(204);
    assertThat(
            jdbc.sql(
                    "select action from audit_event where entity_type = 'epcis-named-query'"
                        + " and entity_id = ? and actor = ? order by occurred_at, action")
                .params("b-" + tag, tenant.username())
                .query(String.class)
                .list())
        .as("the audit trail has the query's creation and deletion")
        .containsExactly("create", "delete");
    assertThat(client.get("/epcis/queries/b-" + tag).status()).isEqualTo(404);
    assertThat(client.delete("/epcis/queries/b-" + tag).status()).isEqualTo(404);
    assertThat(client.get("/epcis/queries").json().findValuesAsString("name"))
        .containsExactly("a-" + tag, "c-" + tag, "d.v1~" + tag);
  }

  @Test
  void subscriptionsAndExtraParametersAreRefusedAndTheResourcesAreDiscoverable() {
    String location = create(client, "poll-" + tag, "{}");
    for (String parameters : List.of("stream=true", "minute=5&hour=1", "EQ_bizStep=receiving")) {
      Http.Response refused = client.get(location + "/events?" + parameters);
      assertThat(refused.status()).as(parameters).isEqualTo(400);
      assertThat(refused.json().path("type").asString())
          .isEqualTo("epcisException:QueryParameterException");
    }
    assertThat(client.options("/epcis/queries").header("Allow")).contains("POST");
    assertThat(client.options(location).header("Allow")).contains("DELETE");
    assertThat(client.options(location + "/events").header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    assertThat(client.members("/epcis")).contains("queries");
  }
}
