package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ayni.demo.DemoUsers;
import org.ayni.registry.Organisations;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.support.Latches;
import org.ayni.trace.internal.ReadyTraceBackfill;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ready traces (ADR 0007; kept for every lot with an ancestor in the tests) answer exactly what the
 * closure and the tables answer, for every reader, after every kind of change upstream: a
 * transformation, split and merge, a late receipt into a lot already used, a receipt and a
 * transformation declared erroneous, a shipment to another organisation, a lot made downstream
 * while a receipt upstream is being written; and the backfill builds the ones missing. A ready
 * trace read again is the one decoded before until it is rebuilt, and one decoded inside a capture
 * that rolls back is not served afterwards.
 */
@AyniIntegrationTest
class ReadyTraceTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired Lineage lineage;
  @Autowired Organisations organisations;
  @Autowired EventLog eventLog;
  @Autowired TransactionTemplate transactions;
  @Autowired ReadyTraceBackfill backfill;
  @Autowired Products products;

  TraceFixtures f;
  Http campo;
  Map<String, String> ids;
  OrganisationScope cepicafe;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    campo = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).language("en");
    ids = f.chain(campo);
    cepicafe = OrganisationScope.of(organisations.withDescendants(new OrganisationId(f.cepicafe)));
  }

  @Test
  void lotsWithAncestorsHaveAReadyTraceThatEqualsTheClosures() {
    assertThat(readyTrace("D1")).as("a delivery has no ancestor").isFalse();
    for (String lot : List.of("F1", "F2", "S1", "S2", "S1A", "S1B", "E")) {
      assertThat(readyTrace(lot)).as(lot).isTrue();
    }
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);

    BackwardTrace export = lineage.backward(cepicafe, id("E"));
    assertThat(export.lots()).hasSize(8);
    assertThat(export.receipts()).hasSize(3);
    assertThat(export.receiptShare()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aTraceIsReadFromTheLotsReadyTraceNotFromTheTables() {
    // With S2's ready trace stored under E (as a build of its own), a trace of E that reads E's
    // ready trace answers S2's.
    jdbc.sql(
            """
            update lot_trace set body = (select s.body from lot_trace s where s.lot_id = ?),
                                 build_id = build_id + 1
            where lot_id = ?""")
        .params(id("S2"), id("E"))
        .update();

    assertThat(lineage.backward(cepicafe, id("E")).lotId()).isEqualTo(id("S2"));
    assertThat(lineage.backwardTraceFromClosure(cepicafe, id("E")).lotId()).isEqualTo(id("E"));
  }

  @Test
  void aTraceReadAgainIsDecodedOnceUntilItsReadyTraceIsRebuilt() {
    BackwardTrace first = lineage.backward(cepicafe, id("E"));
    assertThat(lineage.backward(cepicafe, id("E"))).isSameAs(first);
    assertThat(lineage.backward(OrganisationScope.everything(), id("E")))
        .as("every reader who sees all of it gets the same decoded trace")
        .isSameAs(first);

    String receipt = append(lateReceiptIntoD1());

    BackwardTrace rebuilt = lineage.backward(cepicafe, id("E"));
    assertThat(rebuilt.receipts()).hasSize(4).anyMatch(r -> r.eventId().equals(receipt));
    assertThat(lineage.backward(cepicafe, id("E"))).isSameAs(rebuilt);
  }

  @Test
  void aTraceReadInsideACaptureThatRollsBackIsNotServedAfterwards() {
    BackwardTrace before = lineage.backward(cepicafe, id("E"));
    transactions.executeWithoutResult(
        status -> {
          eventLog.append(new OrganisationId(f.cepicafe), null, List.of(lateReceiptIntoD1()));
          assertThat(lineage.backward(cepicafe, id("E")).receipts())
              .as("the capture sees its own receipt")
              .hasSize(4);
          status.setRollbackOnly();
        });

    assertThat(lineage.backward(cepicafe, id("E"))).isEqualTo(before);
    assertThat(lineage.backward(cepicafe, id("E")).receipts()).hasSize(3);
  }

  @Test
  void missingReadyTracesAreBuiltByTheBackfillAsACaptureWouldHaveBuiltThem() {
    List<String> chain = List.of("F1", "F2", "S1", "S2", "S1A", "S1B", "E");
    Map<String, byte[]> captured = new HashMap<>();
    chain.forEach(lot -> captured.put(lot, body(lot)));
    // A database from before ready traces (or a lowered threshold): the chain's lots have none.
    jdbc.sql("delete from lot_trace where lot_id in (:ids)")
        .param("ids", chain.stream().map(this::id).toList())
        .update();
    assertThat(readyTrace("E")).isFalse();

    assertThat(backfill.run()).isGreaterThanOrEqualTo(chain.size());

    for (String lot : chain) {
      assertThat(body(lot)).as(lot).isEqualTo(captured.get(lot));
    }
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);
    assertThat(backfill.run()).as("nothing left to build").isZero();
  }

  @Test
  void aLateReceiptIntoALotAlreadyUsedReachesEveryReadyTraceDownstreamAndItsCorrectionLeaves() {
    BackwardTrace before = lineage.backward(cepicafe, id("E"));
    long built = builtSeq("E");
    String receipt = append(lateReceiptIntoD1());

    assertThat(builtSeq("E")).as("rebuilt").isGreaterThan(built);
    BackwardTrace after = lineage.backward(cepicafe, id("E"));
    assertThat(after.receipts()).hasSize(4);
    assertThat(after.receipts()).anyMatch(r -> r.eventId().equals(receipt));
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);

    correct(receipt);
    assertThat(lineage.backward(cepicafe, id("E"))).isEqualTo(before);
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);
  }

  @Test
  void aLotMadeWhileAReceiptUpstreamIsBeingWrittenWaitsForItAndHasIt() throws Exception {
    // A late receipt into D1 (upstream of S1B) is written and not yet committed ...
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    TraceEvent lateReceipt = lateReceiptIntoD1();
    // two threads of its own: the common pool may have only one, which the receipt keeps waiting
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CompletableFuture<String> receipt =
        CompletableFuture.supplyAsync(
            () ->
                transactions.execute(
                    s -> {
                      String id =
                          eventLog
                              .append(new OrganisationId(f.cepicafe), null, List.of(lateReceipt))
                              .stored()
                              .getFirst()
                              .event()
                              .eventId();
                      written.countDown();
                      Latches.await(commit);
                      return id;
                    }),
            threads);
    Latches.await(written);
    // ... while S1B is split into a new lot, which must not be built from S1B without it.
    CompletableFuture<Http.Response> split =
        CompletableFuture.supplyAsync(
            () ->
                campo.post(
                    "/api/v1/lots/" + ids.get("S1B") + "/split",
                    Map.of(
                        "parts",
                        List.of(
                            Map.of("lotCode", "S1C-" + f.tag, "quantity", 10),
                            Map.of("lotCode", "S1D-" + f.tag, "quantity", 10)))),
            threads);
    // Without the lineage lock the split is done long before the receipt commits; with it, it
    // waits for the receipt (H2 gives up on a lock after 10 s, PostgreSQL waits).
    boolean splitBeforeCommit = finishes(split, 1000);
    commit.countDown();
    String receiptId = receipt.get(30, TimeUnit.SECONDS);
    Http.Response parts = split.get(30, TimeUnit.SECONDS);
    threads.shutdown();
    assertThat(parts.status()).as(parts.body()).isEqualTo(201);
    assertThat(splitBeforeCommit).as("the split waited for the receipt").isFalse();
    ids.put("S1C", parts.json().path("lots").get(0).path("id").asString());

    assertThat(lineage.backward(cepicafe, id("S1C")).receipts())
        .anyMatch(r -> r.eventId().equals(receiptId));
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);
  }

  @Test
  void aRequestWaitsForTheLineageLockLongerThanTheDatabasesDefaultLockTimeout() throws Exception {
    // A capture holds the lineage lock for 3 s: longer than H2's default lock timeout (2 s),
    // after which the split below would have been answered 503; the embedded database waits 10 s.
    try (LineageLockHolder lock = new LineageLockHolder(transactions, jdbc)) {
      CompletableFuture<Http.Response> parts =
          CompletableFuture.supplyAsync(
              () ->
                  campo.post(
                      "/api/v1/lots/" + ids.get("S1B") + "/split",
                      Map.of("parts", List.of(Map.of("lotCode", "S1W-" + f.tag, "quantity", 10)))));
      sleep(3000);
      assertThat(parts).as("the split waits for the lock").isNotDone();
      lock.release();
      Http.Response split = parts.get(30, TimeUnit.SECONDS);
      assertThat(split.status()).as(split.body()).isEqualTo(201);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** 100 kg more received into D1, a lot already used downstream. */
  private TraceEvent lateReceiptIntoD1() {
    return TraceFixtures.event(
        TraceEvent.EventType.ObjectEvent,
        TraceEvent.Action.ADD,
        "commissioning",
        List.of(quantity("D1", 100)),
        List.of(),
        List.of());
  }

  /** Whether the future is done within the time. */
  private static boolean finishes(CompletableFuture<?> future, long millis) {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Test
  void aTransformationIntoALotAlreadyUsedReachesEveryReadyTraceDownstreamAndItsCorrectionLeaves() {
    BackwardTrace before = lineage.backward(cepicafe, id("E"));
    String d4 = f.delivered(campo, f.memberB, f.plotB1, "D4-" + f.tag, 200);
    ids.put("D4", d4);
    String transformation =
        append(
            TraceFixtures.event(
                TraceEvent.EventType.TransformationEvent,
                null,
                TraceStep.FERMENTING.bizStep(),
                List.of(),
                List.of(quantity("D4", 200)),
                List.of(quantity("F1", 50))));

    BackwardTrace after = lineage.backward(cepicafe, id("E"));
    assertThat(after.lots()).extracting(TraceLot::id).contains(id("D4"));
    assertThat(after.receipts()).hasSize(4);
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);

    correct(transformation);
    assertThat(lineage.backward(cepicafe, id("E"))).isEqualTo(before);
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);
  }

  /**
   * A product renamed in the catalogue is renamed in the ready traces of its lots and of those
   * downstream of them at once: the name is copied into them, and the closure read, which joins the
   * product, showed the new one while they kept the old (review of 2026-12-07o, 1).
   */
  @Test
  void aProductRenamedInTheCatalogueIsRenamedInEveryReadyTraceThatNamesIt() {
    ProductForm form = new ProductForm();
    form.setName("Cacao fermentado renombrado " + f.tag);
    form.setKind(f.fermented.kind());
    form.setUnit(f.fermented.unit());
    products.update(null, f.fermented.id(), form);

    // at once (read from the closure), and once the ready traces are built again after the rename
    for (boolean rebuilt : List.of(false, true)) {
      if (rebuilt) {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> ready(id("E")) && ready(id("S2")));
      }
      TraceLot f1 = lotIn(lineage.backward(cepicafe, id("E")), "F1");
      assertThat(f1.productName()).isEqualTo("Cacao fermentado renombrado " + f.tag);
      assertThat(lotIn(lineage.backward(cepicafe, id("S2")), "F2").productName())
          .isEqualTo("Cacao fermentado renombrado " + f.tag);
      assertSameAsClosure(OrganisationScope.everything(), cepicafe);
    }
  }

  /** Whether a lot has its ready trace. */
  private boolean ready(UUID lot) {
    return jdbc.sql("select count(*) from lot_trace where lot_id = ?")
            .param(lot)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * A receipt without a quantity (valid EPCIS) into a lot already used, then declared erroneous: it
   * moved no stock, so no undoing of a movement marked its lot, and the ready traces of D1 and
   * downstream kept it, giving it half of D1's share and the real delivery the other half (review
   * of 2026-12-07o, 2).
   */
  @Test
  void aReceiptWithoutQuantityDeclaredErroneousLeavesEveryReadyTraceDownstream() {
    BackwardTrace before = lineage.backward(cepicafe, id("E"));
    String receipt =
        append(
            TraceFixtures.event(
                TraceEvent.EventType.ObjectEvent,
                TraceEvent.Action.ADD,
                "commissioning",
                List.of(new TraceEvent.QuantityElement(identifier("D1"), null, null)),
                List.of(),
                List.of()));
    assertThat(lineage.backward(cepicafe, id("E")).receipts()).hasSize(4);
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);

    correct(receipt);

    assertThat(lineage.backward(cepicafe, id("E")).receipts())
        .as("the voided receipt is gone from E's ready trace")
        .noneMatch(r -> r.eventId().equals(receipt))
        .hasSize(3);
    assertThat(lineage.backward(cepicafe, id("E"))).isEqualTo(before);
    assertSameAsClosure(OrganisationScope.everything(), cepicafe);
  }

  @Test
  void anotherOrganisationSeesOnlyWhatWasShippedToIt() {
    TraceFixtures.Outsider outsider = TraceFixtures.outsider(context, "ready-buyer");
    OrganisationScope buyer = OrganisationScope.of(Set.of(new OrganisationId(outsider.id())));
    assertThatThrownBy(() -> lineage.backward(buyer, id("S2")))
        .isInstanceOf(NotFoundException.class);

    long built = builtSeq("S1B");
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(ids.get("S1B"), 70)));
    shipment.put("buyerOrganisationId", outsider.id());
    assertThat(campo.post("/api/v1/trace/shipments", shipment).status()).isEqualTo(201);
    assertThat(builtSeq("S1B")).as("a shipment changes nothing a trace shows").isEqualTo(built);

    BackwardTrace seen = lineage.backward(buyer, id("S1B"));
    assertThat(seen.lots()).isEmpty();
    assertThat(seen.receipts()).isEmpty();
    assertThat(seen.hiddenShare()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertSameAsClosure(OrganisationScope.everything(), cepicafe, buyer);
  }

  private TraceLot lotIn(BackwardTrace trace, String lot) {
    return trace.lots().stream()
        .filter(l -> l.id().equals(id(lot)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(lot + " not in the trace of " + trace.code()));
  }

  private void assertSameAsClosure(OrganisationScope... scopes) {
    for (String lot : ids.keySet()) {
      for (OrganisationScope scope : scopes) {
        Object ready = trace(() -> lineage.backward(scope, id(lot)));
        Object closure = trace(() -> lineage.backwardTraceFromClosure(scope, id(lot)));
        assertThat(ready).as(lot + " for " + scope).isEqualTo(closure);
      }
    }
  }

  /** The trace, or the exception's class when it is refused. */
  private static Object trace(java.util.function.Supplier<BackwardTrace> read) {
    try {
      return read.get();
    } catch (NotFoundException e) {
      return e.getClass();
    }
  }

  /** Appends an event of Cepicafe's; its event id. */
  private String append(TraceEvent event) {
    return transactions.execute(
        s ->
            eventLog
                .append(new OrganisationId(f.cepicafe), null, List.of(event))
                .stored()
                .getFirst()
                .event()
                .eventId());
  }

  private TraceEvent.QuantityElement quantity(String lot, int kg) {
    return new TraceEvent.QuantityElement(identifier(lot), new BigDecimal(kg), "KGM");
  }

  private String identifier(String lot) {
    return jdbc.sql("select identifier from lot where id = ?")
        .param(id(lot))
        .query(String.class)
        .single();
  }

  private void correct(String eventId) {
    Http.Response corrected = campo.post("/api/v1/trace/corrections", correction(eventId));
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
  }

  private Map<String, Object> correction(String eventId) {
    Map<String, Object> body = new HashMap<>();
    body.put("organisationId", f.cepicafe);
    body.put("eventId", eventId);
    body.put("reason", "DID_NOT_OCCUR");
    return body;
  }

  private UUID id(String lot) {
    return UUID.fromString(ids.get(lot));
  }

  private boolean readyTrace(String lot) {
    return jdbc.sql("select count(*) from lot_trace where lot_id = ?")
            .param(id(lot))
            .query(Long.class)
            .single()
        > 0;
  }

  private byte[] body(String lot) {
    return jdbc.sql("select body from lot_trace where lot_id = ?")
        .param(id(lot))
        .query(byte[].class)
        .single();
  }

  private long builtSeq(String lot) {
    return jdbc.sql("select built_seq from lot_trace where lot_id = ?")
        .param(id(lot))
        .query(Long.class)
        .single();
  }
}
