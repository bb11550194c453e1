package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.shared.OrganisationId;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * Tenancy's second half (issue 3: "an organisation queries its own events and those shared with
 * it"): a shipment to an organisation of the platform, and the shipper's declaration of it, are the
 * receiver's to query through EPCIS beside its own events, in every resource that answers events;
 * nothing else of the shipper's is, and a third organisation reads none of it.
 */
@AyniIntegrationTest
class EpcisSharedEventsTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  EpcisFixtures.Tenant shipper;
  EpcisFixtures.Tenant receiver;
  EpcisClient shipping;
  EpcisClient receiving;
  String lot;
  String made;
  String inspected;
  String shipped;
  String before;
  String after;

  @BeforeEach
  void ship() {
    shipper = EpcisFixtures.tenant(context, "cepicafe");
    receiver = EpcisFixtures.tenant(context, "cepicafe");
    shipping = shipper.client(port);
    receiving = receiver.client(port);
    String tag = EpcisFixtures.tag();
    lot = "urn:ayni:lot:" + shipper.code() + ":L-" + tag;
    made = id();
    inspected = id();
    shipped = id();
    before = id();
    after = id();
    // the receiver's own events, one before the shipment and one after it in the log
    captured(receiving, observation(before, receiver, "2026-03-01T09:00:00-05:00"));
    captured(
        shipping,
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-02T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"commissioning",
         "disposition":"active","quantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}]}"""
            .formatted(made, lot),
        inspection(),
        shipment());
    captured(receiving, observation(after, receiver, "2026-03-05T09:00:00-05:00"));
  }

  private static String id() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  /** The shipper's inspection of the lot. */
  private String inspection() {
    return """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-03T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "disposition":"conformant","quantityList":[{"epcClass":"%s","quantity":100,"uom":"KGM"}]}"""
        .formatted(inspected, lot);
  }

  /** The shipment of 40 kg of the lot to the receiver. */
  private String shipment() {
    return """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-04T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"shipping",
         "disposition":"in_transit","quantityList":[{"epcClass":"%s","quantity":40,"uom":"KGM"}],
         "destinationList":[{"type":"owning_party","destination":"urn:ayni:org:%s"}]}"""
        .formatted(shipped, lot, receiver.code());
  }

  /** The event again, declared erroneous by the shipper. */
  private static String declared(String event) {
    return event.replaceFirst(
        "\\{",
        "{\"errorDeclaration\":{\"declarationTime\":\"2026-03-04T12:00:00-05:00\","
            + "\"reason\":\"did_not_occur\"},");
  }

  private static String observation(String eventId, EpcisFixtures.Tenant tenant, String time) {
    return EpcisFixtures.objectEvent(
        eventId, "urn:ayni:test:" + tenant.code() + ":" + eventId.substring(9), time);
  }

  private static void captured(EpcisClient client, String... events) {
    JsonNode job = client.capture(EpcisFixtures.document(List.of(events)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  /** The browsing resource of the lot's events. */
  private String lotEvents() {
    return "/epcis/epcs/" + UriUtils.encodePathSegment(lot, StandardCharsets.UTF_8) + "/events";
  }

  /** The reader's events, one to a hundred a page, by event and by record time either way. */
  private static void assertPagesInEveryOrder(
      EpcisClient reader, List<String> byEventTime, List<String> byRecordTime) {
    Map<String, List<String>> orders =
        Map.of(
            "&orderBy=eventTime&orderDirection=ASC",
            byEventTime,
            "&orderBy=eventTime&orderDirection=DESC",
            byEventTime.reversed(),
            "&orderBy=recordTime&orderDirection=ASC",
            byRecordTime,
            "&orderBy=recordTime&orderDirection=DESC",
            byRecordTime.reversed());
    orders.forEach(
        (order, expected) -> {
          for (int perPage : new int[] {1, 2, 3, 100}) {
            assertThat(ids(reader.events("perPage=" + perPage + order)))
                .as("%s, %d a page", order, perPage)
                .containsExactlyElementsOf(expected);
          }
        });
  }

  private static List<String> ids(List<JsonNode> events) {
    return events.stream()
        .map(e -> e.path("eventID").asString() + (e.has("errorDeclaration") ? " declared" : ""))
        .toList();
  }

  @Test
  void theReceiverQueriesTheShipmentToItBesideItsOwnEventsAndNothingElseOfTheShippers() {
    assertThat(ids(receiving.events("perPage=100")))
        .as("in log order: its own, the shipment, its own")
        .containsExactly(before, shipped, after);
    assertThat(ids(receiving.events("EQ_bizStep=shipping"))).containsExactly(shipped);
    assertThat(ids(receiving.events("MATCH_anyEPCClass=" + lot))).containsExactly(shipped);
    assertThat(receiving.events("EQ_eventID=" + made)).as("the shipper's other events").isEmpty();
    Http.Response one = receiving.get(EpcisApi.eventPath(shipped));
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().at("/epcisBody/queryResults/resultsBody/eventList")).hasSize(1);
    EpcisInvalidTests.assertProblem(
        receiving.get(EpcisApi.eventPath(inspected)), 404, "NoSuchResourceException");

    // the browsing resources list what it names, and its events
    assertThat(receiving.members("/epcis/bizSteps")).contains("shipping");
    assertThat(receiving.members("/epcis/bizSteps")).doesNotContain("commissioning");
    assertThat(receiving.members("/epcis/epcs")).contains(lot);
    assertThat(ids(receiving.eventsAt(lotEvents()))).containsExactly(shipped);

    // a third organisation reads none of it, and the shipper nothing of the receiver's
    EpcisClient third = EpcisFixtures.tenant(context, "cepicafe").client(port);
    assertThat(third.events("EQ_eventID=" + shipped)).isEmpty();
    EpcisInvalidTests.assertProblem(
        third.get(EpcisApi.eventPath(shipped)), 404, "NoSuchResourceException");
    assertThat(third.members("/epcis/epcs")).doesNotContain(lot);
    assertThat(ids(shipping.events("perPage=100"))).containsExactly(made, inspected, shipped);
  }

  @Test
  void aReceiversEventDatedBeforeTheLotWasMadeDoesNotMakeTheShippersLot() {
    captured(
        receiving,
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-06T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"receiving",
         "quantityList":[{"epcClass":"%s","quantity":40,"uom":"KGM"}]}"""
            .formatted(id(), lot),
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-01T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "quantityList":[{"epcClass":"%s","quantity":40,"uom":"KGM"}]}"""
            .formatted(id(), lot));
    // a lot is made by its earliest event (ADR 0017), of its owner's: not by what another wrote
    var made =
        jdbc.sql("select created_event_id, created_at from lot where identifier = ?")
            .param(lot)
            .query((rs, n) -> List.of(rs.getString(1), rs.getObject(2, OffsetDateTime.class)))
            .single();
    assertThat(made.get(0)).isEqualTo(this.made);
    assertThat(((OffsetDateTime) made.get(1)).toInstant())
        .isEqualTo(OffsetDateTime.parse("2026-03-02T08:00:00-05:00").toInstant());
  }

  @Test
  void theReceiversOwnEventsOfTheLotComeWithTheShipmentInEveryResource() {
    String received = id();
    String inspectedThere = id();
    captured(
        receiving,
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-06T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"receiving",
         "quantityList":[{"epcClass":"%s","quantity":40,"uom":"KGM"}]}"""
            .formatted(received, lot),
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-07T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "quantityList":[{"epcClass":"%s","quantity":40,"uom":"KGM"}]}"""
            .formatted(inspectedThere, lot));
    List<String> all = List.of(shipped, received, inspectedThere);
    // (a browsing resource first looks for one event, then answers the page: with result reuse on,
    // H2 kept the look-up's limit of 1 for the page and answered only the shipment and the receipt)
    assertThat(ids(receiving.events("MATCH_anyEPCClass=" + lot))).containsExactlyElementsOf(all);
    assertThat(ids(receiving.events("MATCH_epcClass=" + lot))).containsExactlyElementsOf(all);
    assertThat(ids(receiving.eventsAt(lotEvents()))).containsExactlyElementsOf(all);
  }

  @Test
  void pagesCountsAndOrdersTakeTheSharedEventsWithTheOwn() {
    for (String order :
        List.of(
            "",
            "&orderBy=eventTime&orderDirection=ASC",
            "&orderBy=eventTime",
            "&orderBy=recordTime&orderDirection=ASC")) {
      // one event a page, following the Link header
      List<String> seen = ids(receiving.events("perPage=1" + order));
      List<String> expected =
          order.equals("&orderBy=eventTime")
              ? List.of(after, shipped, before)
              : List.of(before, shipped, after);
      assertThat(seen).as(order).containsExactlyElementsOf(expected);
    }
    EpcisInvalidTests.assertProblem(
        receiving.get("/epcis/events?maxEventCount=2"), 413, "QueryTooLargeException");
    assertThat(receiving.get("/epcis/events?maxEventCount=3").status()).isEqualTo(200);
  }

  /**
   * maxEventCount is held to the events the reader may see, counted exactly, for a reader of two
   * organisations with shares (on H2 such a count, its limits bound as parameters, once gave 22 of
   * 19 events and refused a query that asked for at most 19 or 24).
   */
  @Test
  void maxEventCountCountsExactlyForAReaderOfTwoOrganisationsWithShares() {
    for (int i = 0; i < 10; i++) {
      captured(
          receiving, observation(id(), receiver, "2026-03-0" + (1 + i % 8) + "T09:00:00-05:00"));
    }
    // the receiver's field officer works for a second organisation too (after capturing: with two,
    // a capture must name the organisation)
    EpcisFixtures.Tenant second = EpcisFixtures.tenant(context, "cepicafe");
    for (int i = 0; i < 4; i++) {
      captured(
          second.client(port),
          observation(id(), second, "2026-03-0" + (1 + i) + "T10:00:00-05:00"));
    }
    UUID user =
        jdbc.sql("select id from app_user where username = ?")
            .param(receiver.username())
            .query(UUID.class)
            .single();
    context
        .getBean(UserAccounts.class)
        .grant(null, user, new OrganisationId(second.id()), Role.FIELD_OFFICER);
    List<String> all = ids(receiving.events("perPage=100"));
    int visible = all.size();
    assertThat(visible).as("12 own, 1 shared, 4 of the second organisation").isEqualTo(17);
    // pages of five in log order (their limit is bound as the count's was) hold the same events
    assertThat(ids(receiving.events("perPage=5"))).containsExactlyElementsOf(all);
    for (int max = 1; max <= visible + 8; max++) {
      // a page smaller than the matches: the count decides
      Http.Response answer = receiving.get("/epcis/events?perPage=5&maxEventCount=" + max);
      if (max < visible) {
        EpcisInvalidTests.assertProblem(answer, 413, "QueryTooLargeException");
      } else {
        assertThat(answer.status())
            .as("maxEventCount=%d of %d events", max, visible)
            .isEqualTo(200);
      }
    }
  }

  @Test
  void sharedEventsInTimeOrderComeAPageAtATimeBetweenTheOwn() {
    // four more parcels of the lot, captured out of their time order, one capture each
    List<String> parcels = List.of(id(), id(), id(), id());
    List<String> times =
        List.of(
            "2026-03-07T08:00:00-05:00",
            "2026-03-02T12:00:00-05:00",
            "2026-03-06T08:00:00-05:00",
            "2026-03-03T12:00:00-05:00");
    for (int i = 0; i < parcels.size(); i++) {
      captured(
          shipping,
          shipment()
              .replace(shipped, parcels.get(i))
              .replace("2026-03-04T08:00:00-05:00", times.get(i))
              .replace("\"quantity\":40", "\"quantity\":10"));
    }
    List<String> byEventTime =
        List.of(
            before, parcels.get(1), parcels.get(3), shipped, after, parcels.get(2), parcels.get(0));
    List<String> byRecordTime =
        List.of(
            before, shipped, after, parcels.get(0), parcels.get(1), parcels.get(2), parcels.get(3));
    assertPagesInEveryOrder(receiving, byEventTime, byRecordTime);
    // bounds on the shared events' times hold in either order
    assertThat(
            ids(
                receiving.events(
                    "perPage=2&orderBy=eventTime&orderDirection=ASC"
                        + "&GE_eventTime=2026-03-03T00:00:00Z"
                        + "&LT_eventTime=2026-03-06T00:00:00Z")))
        .containsExactly(parcels.get(3), shipped, after);
  }

  @Test
  void aReaderOfSeveralOrganisationsHasTheEventsSharedWithEachOnceInTimeOrder() {
    // an organisation with two below it, none of them the shipper's or the receiver's
    EpcisFixtures.Tenant above = EpcisFixtures.tenant(context, "cepicafe");
    EpcisFixtures.Tenant first = EpcisFixtures.tenant(context, above.code());
    EpcisFixtures.Tenant second = EpcisFixtures.tenant(context, above.code());
    EpcisClient reader = above.client(port);
    String own = id();
    captured(first.client(port), observation(own, first, "2026-03-04T10:00:00-05:00"));
    // parcels of the lot to either, captured out of their time order
    List<String> parcels = List.of(id(), id(), id());
    List<EpcisFixtures.Tenant> to = List.of(first, second, first);
    List<String> times =
        List.of(
            "2026-03-06T08:00:00-05:00", "2026-03-02T12:00:00-05:00", "2026-03-04T12:00:00-05:00");
    for (int i = 0; i < parcels.size(); i++) {
      captured(
          shipping,
          shipment()
              .replace(shipped, parcels.get(i))
              .replace("2026-03-04T08:00:00-05:00", times.get(i))
              .replace("urn:ayni:org:" + receiver.code(), "urn:ayni:org:" + to.get(i).code())
              .replace("\"quantity\":40", "\"quantity\":10"));
    }
    // the first parcel shared with the second organisation too (as V35 could have)
    jdbc.sql(
            "insert into epcis_event_share (organisation_id, seq, event_time, record_time)"
                + " select ?, seq, event_time, record_time from epcis_event where event_id = ?")
        .params(second.id(), parcels.getFirst())
        .update();

    List<String> byRecordTime = List.of(own, parcels.get(0), parcels.get(1), parcels.get(2));
    assertPagesInEveryOrder(
        reader, List.of(parcels.get(1), own, parcels.get(2), parcels.get(0)), byRecordTime);
    assertThat(ids(reader.events("perPage=2"))).as("log order").isEqualTo(byRecordTime);
    // each organisation below reads what was shared with it only
    assertThat(ids(second.client(port).events("orderBy=eventTime&orderDirection=ASC")))
        .containsExactly(parcels.get(1), parcels.get(0));
  }

  @Test
  void theShippersDeclarationOfTheShipmentReachesTheReceiverToo() {
    captured(shipping, declared(shipment()));

    Http.Response one = receiving.get(EpcisApi.eventPath(shipped));
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(ids(jsonList(one)))
        .as("the event and its declaration")
        .containsExactly(shipped, shipped + " declared");
    assertThat(ids(receiving.events("EXISTS_errorDeclaration")))
        .containsExactly(shipped + " declared");
    // a declaration of the shipper's other events stays the shipper's
    captured(shipping, declared(inspection()));
    assertThat(ids(receiving.events("EXISTS_errorDeclaration")))
        .containsExactly(shipped + " declared");
  }

  @Test
  void aNamedQueryOfTheReceiverAnswersTheShipment() {
    Http.Response created =
        receiving.post(
            "/epcis/queries",
            """
            {"name":"shipped-%s","query":{"EQ_bizStep":["shipping"]}}"""
                .formatted(EpcisFixtures.tag()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(ids(receiving.eventsAt(created.header("Location") + "/events")))
        .containsExactly(shipped);
  }

  @Test
  void migrationsV35AndV39ShareShipmentsRecordedBeforeThemWithTheirTimes()
      throws java.io.IOException {
    captured(shipping, declared(shipment()));
    jdbc.sql("delete from epcis_event_share where organisation_id = ?")
        .param(receiver.id())
        .update();
    assertThat(receiving.events("perPage=100")).hasSize(2);

    // the shares of V35, as they were made before V39 gave them times, then V39's
    for (String column : List.of("event_time", "record_time")) {
      jdbc.sql("alter table epcis_event_share alter column " + column + " drop not null").update();
    }
    try {
      for (String statement : statements("V35__share_shipments_with_receivers.sql")) {
        if (statement.contains("insert into")) {
          jdbc.sql(statement).update();
        }
      }
      for (String statement : statements("V39__share_event_times.sql")) {
        if (statement.contains("update ")) {
          jdbc.sql(statement).update();
        }
      }
    } finally {
      for (String column : List.of("event_time", "record_time")) {
        jdbc.sql("alter table epcis_event_share alter column " + column + " set not null").update();
      }
    }
    assertThat(ids(receiving.events("perPage=100")))
        .containsExactly(before, shipped, after, shipped + " declared");
    assertThat(ids(receiving.events("perPage=1&orderBy=eventTime&orderDirection=ASC")))
        .containsExactly(before, shipped, shipped + " declared", after);
  }

  private List<String> statements(String migration) throws java.io.IOException {
    try (var in = getClass().getResourceAsStream("/db/migration/" + migration)) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";"));
    }
  }

  private static List<JsonNode> jsonList(Http.Response response) {
    List<JsonNode> list = new ArrayList<>();
    response.json().at("/epcisBody/queryResults/resultsBody/eventList").forEach(list::add);
    return list;
  }
}
