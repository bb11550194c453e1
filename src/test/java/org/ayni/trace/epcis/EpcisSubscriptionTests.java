package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions to named queries by webhook ({@code /epcis/queries/{name}/subscriptions}): the
 * reports reach a receiver this test runs, signed with the subscriber's token, with the query's new
 * events that the subscription's account may read, again after a failed delivery, on a schedule,
 * and from an initialRecordTime; what cannot be a subscription is refused and stores nothing.
 */
@AyniIntegrationTest
class EpcisSubscriptionTests {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  /** What the receiver got: the path, the GS1-Signature and GS1-EPC-Format headers, the body. */
  record Received(String path, String signature, String epcFormat, byte[] body) {

    JsonNode json() {
      return Http.JSON.readTree(new String(body, StandardCharsets.UTF_8));
    }

    List<String> eventIds() {
      List<String> ids = new ArrayList<>();
      json()
          .path("epcisBody")
          .path("queryResults")
          .path("resultsBody")
          .path("eventList")
          .forEach(e -> ids.add(e.path("eventID").asString()));
      return ids;
    }
  }

  HttpServer receiver;
  Queue<Received> received = new ConcurrentLinkedQueue<>();

  /** How many more requests the receiver refuses with 503. */
  AtomicInteger refuse = new AtomicInteger();

  EpcisFixtures.Tenant tenant;
  EpcisClient client;
  String tag;
  String epc;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = 204;
          if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
          } else {
            received.add(
                new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("GS1-Signature"),
                    exchange.getRequestHeaders().getFirst("GS1-EPC-Format"),
                    body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    tenant = EpcisFixtures.tenant(context, "cepicafe");
    client = tenant.client(port);
    tag = EpcisFixtures.tag();
    epc = "urn:ayni:test:" + tag + ":lot";
  }

  @AfterEach
  void stop() {
    // the reports stop with the receiver: the worker would otherwise go on recording failed
    // deliveries while other tests compare the database before and after their requests
    jdbc.sql(
            "delete from epcis_subscription where owner_id ="
                + " (select id from app_user where username = ?)")
        .param(tenant.username())
        .update();
    receiver.stop(0);
  }

  private String dest(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private String event(String bizStep, String time) {
    return event(epc, bizStep, time);
  }

  private String event(String epc, String bizStep, String time) {
    String id = "urn:uuid:" + UUID.randomUUID();
    return """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"%s","eventTimeZoneOffset":"-05:00",
         "action":"OBSERVE","epcList":["%s"],"bizStep":"%s",
         "readPoint":{"id":"urn:ayni:loc:test:%s"}}"""
        .formatted(id, time, epc, bizStep, tag);
  }

  private static String id(String event) {
    return Http.JSON.readTree(event).path("eventID").asString();
  }

  private void capture(EpcisClient who, List<String> events) {
    JsonNode job = who.capture(EpcisFixtures.document(events));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  private String query(String name) {
    Http.Response created =
        client.post(
            "/epcis/queries",
            """
            {"name":"%s","query":{"EQ_bizStep":["receiving"],
             "EQ_readPoint":["urn:ayni:loc:test:%s"]}}"""
                .formatted(name, tag));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.header("Location");
  }

  private Http.Response subscribe(String query, String body) {
    return client.post(query + "/subscriptions", body);
  }

  private String subscribed(String query, String body) {
    Http.Response created = subscribe(query, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.header("Location");
  }

  /** The event IDs received at the path, once at least {@code count} have come. */
  private List<String> receivedAt(String path, int count) {
    List<String> ids = new ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ids.clear();
              received.stream()
                  .filter(r -> r.path().equals(path))
                  .forEach(r -> ids.addAll(r.eventIds()));
              assertThat(ids).hasSizeGreaterThanOrEqualTo(count);
            });
    return ids;
  }

  @Test
  void aStreamSubscriptionReportsTheQuerysNewEventsSignedAndOnlyWhatItsAccountMayRead() {
    String query = query("stream-" + tag);
    String token = "secret-" + tag;
    String location =
        subscribed(
            query,
            """
            {"dest":"%s","signatureToken":"%s","stream":true}"""
                .formatted(dest("/stream"), token));
    assertThat(location).startsWith(query + "/subscriptions/");
    String subscriptionId = location.substring(location.lastIndexOf('/') + 1);

    // another organisation records matching events: not the subscriber's to read
    EpcisClient outsider = EpcisFixtures.tenant(context, "agroandino").client(port);
    String foreign = event(epc + ":theirs", "receiving", "2026-03-01T08:00:00-05:00");
    capture(outsider, List.of(foreign));
    String first = event("receiving", "2026-03-02T08:00:00-05:00");
    String other = event("inspecting", "2026-03-02T09:00:00-05:00");
    String second = event("receiving", "2026-03-02T10:00:00-05:00");
    capture(client, List.of(first, other, second));

    List<String> ids = receivedAt("/stream", 2);
    assertThat(ids).containsExactly(id(first), id(second));
    Received report = received.stream().filter(r -> r.path().equals("/stream")).findFirst().get();
    JsonNode results = report.json().path("epcisBody").path("queryResults");
    assertThat(report.json().path("type").asString()).isEqualTo("EPCISQueryDocument");
    assertThat(results.path("queryName").asString()).isEqualTo("stream-" + tag);
    assertThat(results.path("subscriptionID").asString()).isEqualTo(subscriptionId);
    assertThat(report.signature())
        .as("HMAC-SHA256 of the body with the token")
        .isEqualTo(SubscriptionReports.signature(token, report.body()))
        .startsWith("sha256=")
        .isNotEqualTo(SubscriptionReports.signature("another token", report.body()));

    Http.Response state = client.get(location);
    assertThat(state.status()).isEqualTo(200);
    assertThat(state.json().path("lastNotifiedAt").isString()).as(state.body()).isTrue();
    assertThat(state.json().path("stream").asBoolean()).isTrue();
    assertThat(state.json().path("dest").asString()).isEqualTo(dest("/stream"));
    assertThat(state.body() + client.get(query + "/subscriptions").body())
        .as("the token is never answered")
        .doesNotContain(token);

    // later events come in a later report; nothing is reported twice
    String third = event("receiving", "2026-03-03T08:00:00-05:00");
    capture(client, List.of(third));
    assertThat(receivedAt("/stream", 3)).containsExactly(id(first), id(second), id(third));
    // the sender forgets what it reported once the receiver has answered: a moment after the
    // receiver has the report
    await().atMost(WAIT).untilAsserted(() -> assertThat(pending(subscriptionId)).isZero());
  }

  @Test
  void theReportsWriteEpcsInTheFormatTheSubscriptionWasMadeWith() {
    String query = query("format-" + tag);
    EpcisClient urns = client.header("GS1-EPC-Format", "Always_EPC_URN");
    Http.Response created =
        urns.post(
            query + "/subscriptions", "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/urns")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("epcFormat").asString()).isEqualTo("Always_EPC_URN");
    assertThat(subscribed(query, "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/kept"))))
        .isNotBlank();
    Http.Response refused =
        client
            .header("GS1-EPC-Format", "URN")
            .post(
                query + "/subscriptions",
                "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/refused")));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("type").asString())
        .isEqualTo("epcisException:QueryParameterException");

    String link = "https://id.gs1.org/01/80614141123458/21/" + tag;
    capture(client, List.of(event(link, "receiving", "2026-03-02T08:00:00-05:00")));
    receivedAt("/urns", 1);
    receivedAt("/kept", 1);
    Received inUrns = received.stream().filter(r -> r.path().equals("/urns")).findFirst().get();
    Received kept = received.stream().filter(r -> r.path().equals("/kept")).findFirst().get();
    assertThat(inUrns.epcFormat()).isEqualTo("Always_EPC_URN");
    assertThat(epcs(inUrns)).containsExactly("urn:epc:id:sgtin:0614141.812345." + tag);
    assertThat(kept.epcFormat()).isEqualTo("Never_Translates");
    assertThat(epcs(kept)).containsExactly(link);
    assertThat(client.get(query + "/subscriptions").json()).hasSize(2);
  }

  private static List<String> epcs(Received report) {
    List<String> epcs = new ArrayList<>();
    report
        .json()
        .at("/epcisBody/queryResults/resultsBody/eventList/0/epcList")
        .forEach(e -> epcs.add(e.asString()));
    return epcs;
  }

  @Test
  void aShipmentToTheSubscribersOrganisationIsReportedToItAndNothingElseOfTheShippers() {
    Http.Response created =
        client.post(
            "/epcis/queries",
            """
            {"name":"shipped-%s","query":{"EQ_bizStep":["shipping"]}}"""
                .formatted(tag));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    subscribed(
        created.header("Location"),
        "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/shipped")));

    EpcisFixtures.Tenant shipper = EpcisFixtures.tenant(context, "cepicafe");
    String lot = "urn:ayni:lot:" + shipper.code() + ":L-" + tag;
    String made =
        """
        {"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00-05:00","eventTimeZoneOffset":"-05:00",
         "action":"ADD","bizStep":"commissioning","quantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}]}"""
            .formatted(lot);
    String elsewhere = shipping(lot, "urn:ayni:party:" + shipper.code() + ":buyer", "10:00");
    String toSubscriber = shipping(lot, "urn:ayni:org:" + tenant.code(), "11:00");
    capture(shipper.client(port), List.of(made, elsewhere, toSubscriber));

    assertThat(receivedAt("/shipped", 1)).containsExactly(id(toSubscriber));

    // the shipper's declaration of a shipment, captured before it: shared (and reported) when the
    // shipment comes, though appended before anything was shared
    String later = shipping(lot, "urn:ayni:org:" + tenant.code(), "12:00");
    String declared =
        later.replaceFirst(
            "\\{",
            "{\"errorDeclaration\":{\"declarationTime\":\"2026-03-02T13:00:00-05:00\","
                + "\"reason\":\"did_not_occur\"},");
    capture(shipper.client(port), List.of(declared));
    capture(shipper.client(port), List.of(later));
    List<String> reported = new ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              reported.clear();
              received.stream()
                  .filter(r -> r.path().equals("/shipped"))
                  .forEach(
                      r ->
                          r.json()
                              .at("/epcisBody/queryResults/resultsBody/eventList")
                              .forEach(
                                  e ->
                                      reported.add(
                                          e.path("eventID").asString()
                                              + (e.has("errorDeclaration") ? " declared" : ""))));
              assertThat(reported)
                  .containsExactlyInAnyOrder(id(toSubscriber), id(later), id(later) + " declared");
            });
  }

  /** A shipment of 10 kg of the lot to the destination, on 2 March at the time. */
  private static String shipping(String lot, String destination, String time) {
    return """
        {"type":"ObjectEvent","eventID":"urn:uuid:%s","eventTime":"2026-03-02T%s:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"shipping",
         "quantityList":[{"epcClass":"%s","quantity":10,"uom":"KGM"}],
         "destinationList":[{"type":"owning_party","destination":"%s"}]}"""
        .formatted(UUID.randomUUID(), time, lot, destination);
  }

  @Test
  void aFailedDeliveryIsTriedAgainUntilTheSubscriberTakesIt() {
    String query = query("retry-" + tag);
    String location =
        subscribed(query, "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/retry")));
    String subscriptionId = location.substring(location.lastIndexOf('/') + 1);
    refuse.set(2);
    String event = event("receiving", "2026-03-04T08:00:00-05:00");
    capture(client, List.of(event));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode state = client.get(location).json();
              assertThat(state.path("failedDeliveries").asInt()).isGreaterThanOrEqualTo(1);
              assertThat(state.path("lastFailure").asString()).isEqualTo("HTTP 503");
            });
    assertThat(receivedAt("/retry", 1)).containsExactly(id(event));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode state = client.get(location).json();
              assertThat(state.has("failedDeliveries")).as("reset once delivered").isFalse();
            });
    await().atMost(WAIT).untilAsserted(() -> assertThat(pending(subscriptionId)).isZero());
  }

  @Test
  void aScheduledSubscriptionReportsAtItsTimesEvenEmptyWhenAsked() {
    String query = query("scheduled-" + tag);
    String location =
        subscribed(
            query,
            """
            {"dest":"%s","schedule":{"second":"[0-59]"},"reportIfEmpty":true}"""
                .formatted(dest("/scheduled")));
    await()
        .atMost(WAIT)
        .until(() -> received.stream().anyMatch(r -> r.path().equals("/scheduled")));
    Received empty = received.stream().filter(r -> r.path().equals("/scheduled")).findFirst().get();
    assertThat(empty.eventIds()).isEmpty();
    assertThat(empty.signature()).as("no token, no signature").isNull();
    JsonNode state = client.get(location).json();
    assertThat(state.path("schedule").path("second").asString()).isEqualTo("[0-59]");
    assertThat(state.path("reportIfEmpty").asBoolean()).isTrue();

    String event = event("receiving", "2026-03-05T08:00:00-05:00");
    capture(client, List.of(event));
    assertThat(receivedAt("/scheduled", 1)).containsExactly(id(event));
  }

  @Test
  void anInitialRecordTimeReportsTheMatchingEventsRecordedSinceThen() {
    String before = event("receiving", "2026-03-06T08:00:00-05:00");
    String ignored = event("inspecting", "2026-03-06T09:00:00-05:00");
    capture(client, List.of(before, ignored));
    String query = query("initial-" + tag);
    subscribed(
        query,
        """
        {"dest":"%s","stream":true,"initialRecordTime":"2020-01-01T00:00:00Z"}"""
            .formatted(dest("/initial")));
    String after = event("receiving", "2026-03-07T08:00:00-05:00");
    capture(client, List.of(after));
    assertThat(receivedAt("/initial", 2)).containsExactly(id(before), id(after));
  }

  @Test
  void whatCannotBeASubscriptionIsRefusedAndNothingIsStored() {
    String query = query("refused-" + tag);
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("{\"stream\":true}", "dest is required"),
            Map.entry("{\"dest\":\"ftp://127.0.0.1/x\",\"stream\":true}", "a scheme not http(s)"),
            Map.entry(
                "{\"dest\":\"http://169.254.169.254/latest/meta-data/\",\"stream\":true}",
                "a cloud's metadata service"),
            Map.entry("{\"dest\":\"http://10.1.2.3/hook\",\"stream\":true}", "a private address"),
            Map.entry("{\"dest\":\"http://[::1]:8080/hook\",\"stream\":true}", "IPv6 loopback"),
            Map.entry(
                "{\"dest\":\"http://u:p@127.0.0.1/hook\",\"stream\":true}", "credentials in it"),
            Map.entry("{\"dest\":\"/hook\",\"stream\":true}", "not absolute"),
            Map.entry("{\"dest\":\"%s\"}".formatted(dest("/x")), "neither stream nor schedule"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":true,\"schedule\":{\"hour\":\"1\"}}"
                    .formatted(dest("/x")),
                "both"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":false}".formatted(dest("/x")),
                "stream false without schedule"),
            Map.entry(
                "{\"dest\":\"%s\",\"schedule\":{\"hour\":\"24\"}}".formatted(dest("/x")),
                "an hour out of bounds"),
            Map.entry(
                "{\"dest\":\"%s\",\"schedule\":{\"dayOfMonth\":\"31\",\"month\":\"2\"}}"
                    .formatted(dest("/x")),
                "a date that never comes"),
            Map.entry(
                "{\"dest\":\"%s\",\"schedule\":{}}".formatted(dest("/x")), "an empty schedule"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":true,\"epcFormat\":\"Always_GS1_Digital_Link\"}"
                    .formatted(dest("/x")),
                "a control not served"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":true,\"signatureToken\":\"\"}".formatted(dest("/x")),
                "an empty token"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":true,\"initialRecordTime\":\"2026-01-01\"}"
                    .formatted(dest("/x")),
                "a time without its time and offset"),
            Map.entry(
                "{\"dest\":\"%s\",\"stream\":true,\"initialRecordTime\":\"2099-01-01T00:00:00Z\"}"
                    .formatted(dest("/x")),
                "an initial record time in the future"),
            Map.entry("{\"dest\":5,\"stream\":true}", "a dest that is not text"),
            Map.entry(
                "{\"dest\":\"%s\",\"schedule\":{\"second\":[0,30]}}".formatted(dest("/x")),
                "a schedule field that is not text"));
    refused.forEach(
        (body, why) -> {
          Http.Response answer = subscribe(query, body);
          assertThat(answer.status()).as(why + ": " + answer.body()).isEqualTo(400);
          assertThat(answer.json().path("type").asString())
              .as(why)
              .isEqualTo("epcisException:SubscriptionControlsException");
          assertThat(answer.json().path("detail").asString()).as(why).isNotBlank();
        });
    assertThat(client.get(query + "/subscriptions").json()).isEmpty();
    assertThat(subscribe("/epcis/queries/no-such-" + tag, "{\"stream\":true}").status())
        .isEqualTo(404);
  }

  @Test
  void aSubscriptionIsItsAccountsAndEndsWithItOrWithItsQuery() {
    String query = query("owned-" + tag);
    String location =
        subscribed(query, "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/owned")));
    EpcisClient colleague = tenant.colleague(context, port);
    EpcisClient outsider = EpcisFixtures.tenant(context, "agroandino").client(port);
    for (EpcisClient other : List.of(colleague, outsider)) {
      assertThat(other.get(location).status()).isEqualTo(404);
      assertThat(other.get(query + "/subscriptions").status()).isEqualTo(404);
      assertThat(other.delete(location).status()).isEqualTo(404);
      assertThat(other.post(query + "/subscriptions", "{\"stream\":true}").status()).isEqualTo(404);
    }
    assertThat(client.options(query + "/subscriptions").header("Allow"))
        .isEqualTo("OPTIONS, GET, POST");
    assertThat(client.options(location).header("Allow")).isEqualTo("OPTIONS, GET, DELETE");
    assertThat(client.get(query + "/subscriptions").json()).hasSize(1);

    assertThat(client.delete(location).status()).isEqualTo(204);
    assertThat(client.get(location).status()).isEqualTo(404);
    assertThat(client.delete(location).status()).isEqualTo(404);

    String again = subscribed(query, "{\"dest\":\"%s\",\"stream\":true}".formatted(dest("/o")));
    assertThat(client.delete(query).status()).isEqualTo(204);
    assertThat(client.get(again).status()).isEqualTo(404);
    assertThat(
            jdbc.sql("select count(*) from epcis_subscription where query_name = ?")
                .param("owned-" + tag)
                .query(Long.class)
                .single())
        .as("the query's subscriptions end with it")
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from audit_event where entity_type = ? and entity_id = ?")
                .params(Subscriptions.AUDITED, location.substring(location.lastIndexOf('/') + 1))
                .query(Long.class)
                .single())
        .as("made and ended, in the audit trail")
        .isEqualTo(2);
  }

  private long pending(String subscriptionId) {
    return jdbc.sql("select count(*) from epcis_subscription_pending where subscription_id = ?")
        .param(UUID.fromString(subscriptionId))
        .query(Long.class)
        .single();
  }
}
