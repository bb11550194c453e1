package org.ayni.trace.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.ayni.shared.OrganisationScope;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.TestDatabase;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.Lineage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The benchmark's own code at a tiny size, so that it cannot rot: the generated chain passes the
 * real capture path (schema, hash, projections with mass balance) and the ready traces, the closure
 * and the recursive-SQL baseline give the same traces (the tests keep ready traces from one
 * ancestor on, so the export lot and the chocolate batch have one). A correctness check only;
 * nothing here is timed.
 */
@AyniIntegrationTest
class TraceBenchmarkSmokeTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Lineage lineage;

  @Test
  void theBenchmarkCapturesItsChainAndTheClosureAgreesWithRecursiveSql() {
    String prefix = "smk-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    CacaoChain.Config config = new CacaoChain.Config(prefix, 7, 400, 2, 12, 2, 2024, 5, 3, 20);
    String database = TestDatabase.postgres() ? "postgres" : "h2";
    BenchmarkRun.Report report = BenchmarkRun.run(context, port, database, config, 2, 1, 3);

    assertThat(report.capture().stored()).isEqualTo(400);
    assertThat(report.data().exportLots()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(report.data().chocolateLots()).isNotEmpty();
    assertThat(report.traces()).hasSize(8);
    // An export lot reaches every delivery of its 3 batches of 5, and its members and plots.
    BackwardTrace back =
        lineage.backward(OrganisationScope.everything(), report.subjects().exportLot());
    assertThat(back.receipts()).hasSize(15);
    assertThat(back.receipts()).allSatisfy(r -> assertThat(r.memberId()).isNotNull());
    assertThat(back.plots()).isNotEmpty();
    assertThat(back.receiptShare()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(back.lots()).hasSize(15 + 3 + 3);
    assertThat(back)
        .isEqualTo(
            lineage.backwardTraceFromClosure(
                OrganisationScope.everything(), report.subjects().exportLot()));
    // Its dry batches respect the cacao factor: 0.39 of the fermented mass, under 0.40.
    assertThat(back.quantity()).isPositive();
    // Forward it reaches the chocolate batches of the factory and its own shipment.
    ForwardTrace forth =
        lineage.forward(OrganisationScope.everything(), report.subjects().exportLot());
    assertThat(forth.lots()).isNotEmpty();
    assertThat(forth.shipments()).hasSize(1);
    assertThat(report.text()).contains("events/s").contains("recursive SQL p99");
  }
}
