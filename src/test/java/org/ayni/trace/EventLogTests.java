package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Latches;
import org.ayni.support.TestDatabase;
import org.ayni.trace.TraceEvent.Action;
import org.ayni.trace.TraceEvent.EventType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event log as domain operations use it: events written from their fields get their EPCIS body
 * and CBV hash, are stored once, read back within scope only, found by the identifiers they name,
 * and refused (nothing stored) when a rule or a projection says no.
 */
@AyniIntegrationTest
class EventLogTests {

  @Autowired EventLog log;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;

  private OrganisationId org(String code) {
    return new OrganisationId(
        jdbc.sql("select id from organisation where code = ?")
            .param(code)
            .query(UUID.class)
            .single());
  }

  private static TraceEvent receipt(String lot, BigDecimal kg, Map<String, String> extensions) {
    return receipt(null, lot, kg, extensions);
  }

  private static TraceEvent receipt(
      String eventId, String lot, BigDecimal kg, Map<String, String> extensions) {
    return new TraceEvent(
        eventId,
        EventType.ObjectEvent,
        Action.ADD,
        OffsetDateTime.parse("2026-05-04T08:30:00-05:00"),
        "-05:00",
        "receiving",
        "active",
        "urn:ayni:loc:test:acopio",
        null,
        null,
        null,
        List.of(),
        List.of(new TraceEvent.QuantityElement(lot, kg, "KGM")),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(new TraceEvent.Party("owning_party", "urn:ayni:member:test:m1")),
        List.of(),
        List.of(new TraceEvent.BizTransaction("recadv", "GR 0001/26")),
        null,
        extensions,
        null,
        null);
  }

  private EventLog.AppendResult append(OrganisationId org, List<TraceEvent> events) {
    return transactions.execute(s -> log.append(org, null, events));
  }

  /**
   * The database itself keeps the log append-only (V44, a trigger on either database): an event
   * cannot be deleted, nor its body, identity or record time changed, from any client; the columns
   * queries filter on may be indexed anew (as V34 did). On PostgreSQL, TRUNCATE is refused too.
   */
  @Test
  void theDatabaseRefusesToDeleteOrChangeAnEvent() {
    String lot = "urn:ayni:lot:test:" + UUID.randomUUID();
    StoredEvent stored =
        append(org("cepicafe"), List.of(receipt(lot, new BigDecimal("12"), Map.of())))
            .stored()
            .getFirst();
    long seq = stored.seq();
    for (String change :
        List.of(
            "update epcis_event set body = '{}' where seq = ?",
            "update epcis_event set seq = seq + 1000000000 where seq = ?",
            "update epcis_event set organisation_id = (select id from organisation"
                + " where code = 'agroandino') where seq = ?",
            "update epcis_event set event_id = 'urn:uuid:changed' where seq = ?",
            "update epcis_event set record_time = record_time + interval '1' day where seq = ?",
            "update epcis_event set error_declared = true where seq = ?",
            "delete from epcis_event where seq = ?")) {
      assertThatThrownBy(
              () -> transactions.executeWithoutResult(s -> jdbc.sql(change).param(seq).update()))
          .as(change)
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("append-only");
    }
    StoredEvent kept =
        log.find(OrganisationScope.of(List.of(org("cepicafe"))), stored.event().eventId())
            .orElseThrow();
    assertThat(kept.seq()).isEqualTo(seq);
    assertThat(kept.event().body()).isEqualTo(stored.event().body());
    assertThat(kept.recordTime()).isEqualTo(stored.recordTime());
    // an index column, derived from the body, may be written again; a kept one as it is, too
    for (String same :
        List.of(
            "update epcis_event set event_time = event_time where seq = ?",
            "update epcis_event set body = body, record_time = record_time where seq = ?")) {
      assertThat(jdbc.sql(same).param(seq).update()).as(same).isEqualTo(1);
    }
    if (TestDatabase.postgres()) {
      assertThatThrownBy(
              () ->
                  transactions.executeWithoutResult(s -> jdbc.sql("truncate epcis_event").update()))
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("append-only");
    }
    assertThat(log.find(OrganisationScope.of(List.of(org("cepicafe"))), stored.event().eventId()))
        .isPresent();
  }

  /**
   * An event and its error declaration appended at once, in either order: the append that comes
   * second waits for the first's transaction and sees it, so the event is undone (QA of
   * 2026-12-07m, F2: side by side, neither saw the other; a delivery declared not to have occurred
   * kept its 40 kg, and could not be declared again).
   */
  @Test
  void anEventAndItsDeclarationAppendedAtOnceLeaveTheEventUndone() throws Exception {
    OrganisationId cepicafe = org("cepicafe");
    for (boolean declarationFirst : new boolean[] {true, false}) {
      String lot = "urn:ayni:lot:test:" + UUID.randomUUID();
      TraceEvent event =
          receipt("urn:uuid:" + UUID.randomUUID(), lot, new BigDecimal("40"), Map.of());
      TraceEvent declaration =
          event.declaredErroneous(
              new TraceEvent.ErrorDeclaration(
                  OffsetDateTime.parse("2026-05-05T08:00:00-05:00"), "did_not_occur", List.of()));
      TraceEvent first = declarationFirst ? declaration : event;
      TraceEvent second = declarationFirst ? event : declaration;
      CountDownLatch appended = new CountDownLatch(1);
      CountDownLatch commit = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        Future<?> holding =
            threads.submit(
                () ->
                    transactions.executeWithoutResult(
                        s -> {
                          log.append(cepicafe, null, List.of(first));
                          appended.countDown();
                          Latches.await(commit);
                        }));
        Latches.await(appended);
        Future<?> coming = threads.submit(() -> append(cepicafe, List.of(second)));
        // it waits for the first's transaction (unguarded, it was done at once)
        LockWaits.awaitBlocked(jdbc, coming, "select organisation_id from event_id_lock");
        commit.countDown();
        holding.get(30, TimeUnit.SECONDS);
        coming.get(30, TimeUnit.SECONDS);
      } finally {
        commit.countDown();
        threads.shutdownNow();
      }
      assertThat(
              jdbc.sql(
                      "select count(*) from lot_event_void where organisation_id = ?"
                          + " and event_id = ?")
                  .params(cepicafe.value(), event.eventId())
                  .query(Long.class)
                  .single())
          .as("the event undone, its declaration %s", declarationFirst ? "first" : "second")
          .isOne();
      assertThat(
              jdbc.sql(
                      "select s.quantity from lot_stock s join lot l on l.id = s.lot_id"
                          + " where l.identifier = ?")
                  .param(lot)
                  .query(BigDecimal.class)
                  .list())
          .as("nothing held of a delivery that did not occur")
          .allSatisfy(q -> assertThat(q).isZero());
    }
  }

  @Test
  void anEventWrittenFromItsFieldsIsHashedStoredOnceAndReadBack() {
    OrganisationId cepicafe = org("cepicafe");
    String lot = "urn:ayni:lot:test:" + UUID.randomUUID();
    TraceEvent event =
        receipt(
            lot,
            new BigDecimal("120.5"),
            Map.of("ayni:product", "CACAO-BABA", "cbvmda:lotNumber", "L1"));
    EventLog.AppendResult first = append(cepicafe, List.of(event));
    assertThat(first.duplicateEventIds()).isEmpty();
    assertThat(first.stored()).hasSize(1);
    StoredEvent stored = first.stored().getFirst();
    String id = stored.event().eventId();
    assertThat(id).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
    assertThat(stored.organisationId()).isEqualTo(cepicafe);
    assertThat(stored.recordTime()).isNotNull();
    JsonNode body = JsonMapper.builder().build().readTree(stored.event().body());
    assertThat(body.path("eventID").asString()).isEqualTo(id);
    assertThat(body.path("ayni:product").asString()).isEqualTo("CACAO-BABA");
    assertThat(body.path("ilmd").path("cbvmda:lotNumber").asString()).isEqualTo("L1");
    // A plain reference becomes a URI, in the body and in what the projections saw.
    assertThat(body.at("/bizTransactionList/0/bizTransaction").asString())
        .isEqualTo("urn:ayni:ref:GR%200001%2F26");
    assertThat(stored.event().bizTransactions().getFirst().id())
        .isEqualTo("urn:ayni:ref:GR%200001%2F26");

    EventLog.AppendResult again = append(cepicafe, List.of(event));
    assertThat(again.stored()).isEmpty();
    assertThat(again.duplicateEventIds()).containsExactly(id);

    StoredEvent found = log.find(OrganisationScope.of(List.of(cepicafe)), id).orElseThrow();
    assertThat(found.seq()).isEqualTo(stored.seq());
    assertThat(found.event().quantities().getFirst().quantity()).isEqualByComparingTo("120.5");
    assertThat(found.event().extensions()).containsEntry("ayni:product", "CACAO-BABA");
    assertThat(log.find(OrganisationScope.of(List.of(org("agroandino"))), id)).isEmpty();
    assertThat(log.naming(OrganisationScope.of(List.of(cepicafe)), lot))
        .extracting(StoredEvent::seq)
        .containsExactly(stored.seq());
    assertThat(log.naming(OrganisationScope.of(List.of(org("agroandino"))), lot)).isEmpty();
  }

  @Test
  void appendingNeedsTheCallersTransaction() {
    assertThatThrownBy(
            () ->
                log.append(
                    org("cepicafe"),
                    null,
                    List.of(
                        receipt(
                            "urn:ayni:lot:test:" + UUID.randomUUID(), BigDecimal.ONE, Map.of()))))
        .isInstanceOf(IllegalTransactionStateException.class);
  }

  @Test
  void aBadEventOrAProjectionsRefusalStoresNothing() {
    OrganisationId cepicafe = org("cepicafe");
    String lot = "urn:ayni:lot:test:" + UUID.randomUUID();
    TraceEvent good = receipt(lot, BigDecimal.TEN, Map.of());
    TraceEvent negative = receipt(lot + "-n", new BigDecimal("-1"), Map.of());
    assertThatThrownBy(() -> append(cepicafe, List.of(good, negative)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.problems().getFirst().field())
                    .isEqualTo("events[1].quantityList[0].quantity"));
    assertThat(log.naming(OrganisationScope.everything(), lot)).isEmpty();

    // The projection sees only the new events; its index is mapped back to the list given.
    append(cepicafe, List.of(good));
    TraceEvent refused = receipt(lot + "-r", BigDecimal.ONE, Map.of("ayni:testRefusal", "rule"));
    assertThatThrownBy(() -> append(cepicafe, List.of(good, refused)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class, v -> assertThat(v.eventIndex()).isEqualTo(1));
    assertThat(log.naming(OrganisationScope.everything(), lot + "-r")).isEmpty();
  }
}
