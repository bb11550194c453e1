package org.ayni.trace.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.Lineage;
import org.ayni.trace.LineageShare;
import org.ayni.trace.TraceLot;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backward and forward traces of a captured {@link CacaoChain} data set, each timed against the
 * same trace answered by plain recursive SQL over {@code lot_edge} on the same tables in the same
 * run: the two are called in turn (Ayni's, recursive, Ayni's, …) so that both see the same state of
 * caches and of the machine. Every pair is first checked to give the same lots and shares. Ayni's
 * backward trace is the lot's ready trace where it has one (ADR 0007); one row times the closure's
 * read without it.
 */
public final class TraceMeasurement {

  /** One scenario's figures, in nanoseconds. */
  public record Row(
      String scenario, int ancestors, int receipts, long[] closure, long[] recursive) {

    long p(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double closureP50() {
      return p(closure, 0.50) / 1e6;
    }

    public double closureP99() {
      return p(closure, 0.99) / 1e6;
    }

    public double recursiveP50() {
      return p(recursive, 0.50) / 1e6;
    }

    public double recursiveP99() {
      return p(recursive, 0.99) / 1e6;
    }
  }

  /**
   * The lots measured: an export lot, a chocolate batch it went into, one of its deliveries, and
   * the other export lots in the order of the data set.
   */
  public record Subjects(
      UUID exportLot,
      OrganisationId cooperative,
      UUID chocolateLot,
      UUID deliveryLot,
      List<UUID> otherExportLots) {}

  private final Lineage lineage;
  private final JdbcClient jdbc;

  public TraceMeasurement(Lineage lineage, JdbcClient jdbc) {
    this.lineage = lineage;
    this.jdbc = jdbc;
  }

  /**
   * The export lot in the middle of the data set (with the most deliveries of those near it), a
   * chocolate batch it went into, and its first delivery.
   */
  public Subjects subjects(CacaoChain.DataSet data) {
    List<String> exports = data.exportLots();
    String export = exports.get(exports.size() / 2);
    UUID exportId = id(export);
    OrganisationId owner =
        new OrganisationId(
            jdbc.sql("select organisation_id from lot where id = ?")
                .param(exportId)
                .query(UUID.class)
                .single());
    UUID chocolate =
        jdbc
            .sql(
                """
                select l.lot_id from lot_lineage l join lot c on c.id = l.lot_id
                where l.ancestor_id = ? and c.identifier like ? order by c.identifier""")
            .params(exportId, "%:" + data.factory() + ":%")
            .query(UUID.class)
            .list()
            .stream()
            .findFirst()
            .orElse(null);
    UUID delivery =
        jdbc.sql(
                """
                select l.ancestor_id from lot_lineage l join lot_receipt r on r.lot_id = l.ancestor_id
                where l.lot_id = ? order by r.seq""")
            .param(exportId)
            .query(UUID.class)
            .list()
            .getFirst();
    List<UUID> others = new ArrayList<>();
    for (String identifier : exports) {
      if (!identifier.equals(export)) {
        others.add(id(identifier));
      }
    }
    return new Subjects(exportId, owner, chocolate, delivery, others);
  }

  private UUID id(String identifier) {
    return jdbc.sql("select id from lot where identifier = ?")
        .param(identifier)
        .query(UUID.class)
        .single();
  }

  /** Measures every scenario with {@code warmup} and {@code repetitions} calls of each side. */
  public List<Row> measure(Subjects s, int warmup, int repetitions) {
    OrganisationScope all = OrganisationScope.everything();
    OrganisationScope own = OrganisationScope.of(Set.of(s.cooperative()));
    List<Row> rows = new ArrayList<>();
    rows.add(
        backward(
            "backward trace, export lot (platform), repeated",
            all,
            s.exportLot(),
            warmup,
            repetitions));
    rows.add(firstReads(all, s.otherExportLots(), warmup, repetitions));
    rows.add(
        backward(
            "backward trace, export lot (its co-operative), repeated",
            own,
            s.exportLot(),
            warmup,
            repetitions));
    BackwardTrace trace = lineage.backward(all, s.exportLot());
    rows.add(
        timed(
            "backward trace, export lot (platform), from the closure without its ready trace",
            trace.lots().size(),
            trace.receipts().size(),
            () -> lineage.backwardTraceFromClosure(all, s.exportLot()),
            () -> lineage.backwardTraceByRecursiveSql(all, s.exportLot()),
            warmup,
            repetitions));
    Map<UUID, LineageShare> closure = lineage.backwardShares(s.exportLot());
    check(
        "ancestor shares",
        closure,
        lineage.backwardByRecursiveSql(s.exportLot()),
        "backward shares");
    rows.add(
        timed(
            "ancestor shares only, export lot",
            closure.size(),
            trace.receipts().size(),
            () -> lineage.backwardShares(s.exportLot()),
            () -> lineage.backwardByRecursiveSql(s.exportLot()),
            warmup,
            repetitions));
    rows.add(
        forward("forward trace, export lot (platform)", all, s.exportLot(), warmup, repetitions));
    if (s.chocolateLot() != null) {
      rows.add(
          backward(
              "backward trace, chocolate batch (platform), repeated",
              all,
              s.chocolateLot(),
              warmup,
              repetitions));
    }
    rows.add(
        forward(
            "forward trace, delivery lot (platform)", all, s.deliveryLot(), warmup, repetitions));
    return rows;
  }

  private Row backward(
      String name, OrganisationScope scope, UUID lot, int warmup, int repetitions) {
    BackwardTrace closure = lineage.backward(scope, lot);
    BackwardTrace recursive = lineage.backwardTraceByRecursiveSql(scope, lot);
    check(name, shares(closure.lots()), shares(recursive.lots()), "lots");
    if (closure.receipts().size() != recursive.receipts().size()
        || Math.abs(closure.receiptShare() - recursive.receiptShare()) > 1e-9) {
      throw new IllegalStateException(name + ": receipts differ");
    }
    if (!closure.equals(lineage.backwardTraceFromClosure(scope, lot))) {
      throw new IllegalStateException(name + ": the ready trace differs from the closure's");
    }
    return timed(
        name,
        closure.lots().size(),
        closure.receipts().size(),
        () -> lineage.backward(scope, lot),
        () -> lineage.backwardTraceByRecursiveSql(scope, lot),
        warmup,
        repetitions);
  }

  /**
   * Backward traces of other export lots, a different one on every call (Ayni's side, then
   * recursive SQL on the same lot): with at least {@code warmup + repetitions} of them, every timed
   * call is the lot's first trace in the run, so nothing decoded before serves it. Each pair is
   * checked afterwards (checking first would read them; keeping the timed calls' traces for it
   * would hold some 360 MB while timing).
   */
  private Row firstReads(OrganisationScope scope, List<UUID> lots, int warmup, int repetitions) {
    int calls = warmup + repetitions;
    List<UUID> order = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      order.add(lots.get(i % lots.size()));
    }
    Iterator<UUID> ayni = order.iterator();
    Iterator<UUID> recursive = order.iterator();
    String name =
        String.format(
            Locale.ROOT,
            "backward trace, %d other export lots, each traced %s (platform)",
            Math.min(repetitions, lots.size()),
            calls <= lots.size() ? "once" : "in turn");
    Row row =
        timed(
            name,
            0,
            0,
            () -> lineage.backward(scope, ayni.next()),
            () -> lineage.backwardTraceByRecursiveSql(scope, recursive.next()),
            warmup,
            repetitions);
    int ancestors = 0;
    int receipts = 0;
    for (int i = 0; i < calls; i++) {
      BackwardTrace trace = lineage.backward(scope, order.get(i));
      BackwardTrace baseline = lineage.backwardTraceByRecursiveSql(scope, order.get(i));
      check(name, shares(trace.lots()), shares(baseline.lots()), "lots");
      if (trace.receipts().size() != baseline.receipts().size()) {
        throw new IllegalStateException(name + ": receipts differ for " + order.get(i));
      }
      if (i >= warmup) {
        ancestors += trace.lots().size();
        receipts += trace.receipts().size();
      }
    }
    return new Row(
        name, ancestors / repetitions, receipts / repetitions, row.closure(), row.recursive());
  }

  private Row forward(String name, OrganisationScope scope, UUID lot, int warmup, int repetitions) {
    ForwardTrace closure = lineage.forward(scope, lot);
    ForwardTrace recursive = lineage.forwardTraceByRecursiveSql(scope, lot);
    check(name, shares(closure.lots()), shares(recursive.lots()), "lots");
    if (closure.shipments().size() != recursive.shipments().size()) {
      throw new IllegalStateException(name + ": shipments differ");
    }
    return timed(
        name,
        closure.lots().size(),
        closure.shipments().size(),
        () -> lineage.forward(scope, lot),
        () -> lineage.forwardTraceByRecursiveSql(scope, lot),
        warmup,
        repetitions);
  }

  private static Map<UUID, LineageShare> shares(List<TraceLot> lots) {
    Map<UUID, LineageShare> shares = new HashMap<>();
    lots.forEach(l -> shares.put(l.id(), new LineageShare(l.share(), l.depth())));
    return shares;
  }

  /** Throws unless both give the same lots with the same shares (1e-9) and depths. */
  static void check(
      String name,
      Map<UUID, LineageShare> closure,
      Map<UUID, LineageShare> recursive,
      String what) {
    if (!closure.keySet().equals(recursive.keySet())) {
      throw new IllegalStateException(
          name + ": " + what + " differ: " + closure.size() + " vs " + recursive.size());
    }
    closure.forEach(
        (id, a) -> {
          LineageShare b = recursive.get(id);
          if (Math.abs(a.share() - b.share()) > 1e-9 || a.depth() != b.depth()) {
            throw new IllegalStateException(name + ": " + id + " " + a + " vs " + b);
          }
        });
  }

  private static Row timed(
      String name,
      int ancestors,
      int receipts,
      Supplier<?> closure,
      Supplier<?> recursive,
      int warmup,
      int repetitions) {
    long[][] times = inTurn(closure, recursive, warmup, repetitions);
    return new Row(name, ancestors, receipts, times[0], times[1]);
  }

  /**
   * Calls two ways of doing one thing in turn, {@code warmup} times untimed and then {@code
   * repetitions} times timed: the nanoseconds of each call of the first and of the second, sorted.
   */
  static long[][] inTurn(Supplier<?> first, Supplier<?> second, int warmup, int repetitions) {
    for (int i = 0; i < warmup; i++) {
      first.get();
      second.get();
    }
    long[] a = new long[repetitions];
    long[] b = new long[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long t0 = System.nanoTime();
      first.get();
      long t1 = System.nanoTime();
      second.get();
      long t2 = System.nanoTime();
      a[i] = t1 - t0;
      b[i] = t2 - t1;
    }
    Arrays.sort(a);
    Arrays.sort(b);
    return new long[][] {a, b};
  }

  /** The figures as a Markdown table. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| trace | lots | receipts/shipments | Ayni p50 ms | Ayni p99 ms |"
            + " recursive SQL p50 ms | recursive SQL p99 ms | ratio p50 | ratio p99 |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %.1f× | %.1f× |%n",
              r.scenario(),
              r.ancestors(),
              r.receipts(),
              r.closureP50(),
              r.closureP99(),
              r.recursiveP50(),
              r.recursiveP99(),
              r.recursiveP50() / r.closureP50(),
              r.recursiveP99() / r.closureP99()));
    }
    return out.toString();
  }
}
