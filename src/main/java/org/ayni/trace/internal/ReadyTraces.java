package org.ayni.trace.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.ayni.trace.internal.LineageMath.Ancestor;
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the ready traces of lots with many ancestors (ADR 0007) in the capture's transaction. A
 * lot's ready trace holds what {@link TraceQueries#backwardFromClosure} would read for it without a
 * scope; it goes stale when the lot's lineage, receipts or own columns change, and so do the ready
 * traces of every lot downstream of it. Stale ones are deleted and rebuilt upstream first, each
 * from the ready traces of its direct inputs where they have one and from the tables for the rest.
 */
@Repository
class ReadyTraces {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TraceQueries queries;
  private final LotStore store;
  private final int minAncestors;

  ReadyTraces(
      JdbcClient jdbc,
      JdbcTemplate template,
      TraceQueries queries,
      LotStore store,
      @Value("${ayni.trace.ready-trace.min-ancestors}") int minAncestors) {
    this.jdbc = jdbc;
    this.template = template;
    this.queries = queries;
    this.store = store;
    this.minAncestors = Math.max(1, minAncestors);
  }

  /**
   * Brings the ready traces up to date after a batch of events was written.
   *
   * @param touched lots whose own rows in a trace may have changed: with new or voided receipts,
   *     with changed columns, or with new or changed lineage
   * @param created those the batch created (nothing is downstream of them yet)
   * @param compositions the compositions the batch computed, by lot (others are read)
   * @param seq the log position of the batch's last event
   */
  void refresh(
      Set<UUID> touched, Set<UUID> created, Map<UUID, Map<UUID, Ancestor>> compositions, long seq) {
    Set<UUID> stale = new LinkedHashSet<>(touched);
    Set<UUID> existing = new LinkedHashSet<>(touched);
    existing.removeAll(created);
    if (!existing.isEmpty()) {
      stale.addAll(store.descendants(existing));
      Set<UUID> old = new LinkedHashSet<>(stale);
      old.removeAll(created);
      LotStore.chunks(
          old,
          part ->
              jdbc.sql("delete from lot_trace where lot_id in (:ids)").param("ids", part).update());
    }
    Map<UUID, Map<UUID, Ancestor>> ancestors = new HashMap<>();
    Set<UUID> unknown = new LinkedHashSet<>();
    for (UUID lot : stale) {
      Map<UUID, Ancestor> known = compositions.get(lot);
      if (known != null) {
        ancestors.put(lot, known);
      } else if (!created.contains(lot)) {
        unknown.add(lot);
      }
    }
    if (!unknown.isEmpty()) {
      ancestors.putAll(store.compositions(unknown));
    }
    build(ancestors, stale, seq);
  }

  /**
   * Removes the ready traces that show a product's name, after it was renamed in the catalogue and
   * in the rename's transaction: those of the product's lots and of every lot downstream of them.
   * The name is copied into each ready trace (a lot's own row, which the traces downstream reuse),
   * and no event marks these lots as changed, so they kept the old name while the closure read,
   * which joins the product, showed the new one (review of 2026-12-07o, 1). Until they are built
   * again ({@link ReadyTraceBackfill#productRenamed}, a few lots per transaction) these lots are
   * traced from the closure: rebuilding all of them here would hold the lineage lock, and every
   * capture that changes lots, for as long as a product's whole chain takes (about 27 ms a lot at
   * 1,000,000 events). The lock is taken alone before the lots are listed: a capture that made a
   * lot of the product meanwhile, with the old name, has committed by then and its lot is listed.
   *
   * @param product the product renamed
   * @return the product's lots and those downstream, whose ready traces were removed
   */
  Set<UUID> forgetProduct(UUID product) {
    store.lockLineage(true);
    Set<UUID> lots =
        new LinkedHashSet<>(
            jdbc.sql("select id from lot where product_id = ?")
                .param(product)
                .query(UUID.class)
                .list());
    if (lots.isEmpty()) {
      return Set.of();
    }
    lots.addAll(store.descendants(lots));
    LotStore.chunks(
        lots,
        part ->
            jdbc.sql("delete from lot_trace where lot_id in (:ids)").param("ids", part).update());
    return lots;
  }

  /**
   * Builds the ready traces that lots with enough ancestors lack: in a database from before ready
   * traces, or after the threshold was lowered. Upstream lots first, in transactions of {@code
   * batch} lots, so that a lot's ready trace is composed from its inputs' ones; each batch holds
   * the lineage lock alone, as a capture changing lots does, and leaves a lot that got its ready
   * trace meanwhile (a capture built it) as it is.
   *
   * @param transactions runs one batch in its own transaction
   * @return the number of ready traces built
   */
  int backfill(int batch, TransactionTemplate transactions) {
    List<UUID> missing =
        jdbc.sql(
                """
                select l.lot_id from lot_lineage l
                where not exists (select 1 from lot_trace t where t.lot_id = l.lot_id)
                group by l.lot_id having count(*) >= :min order by count(*), l.lot_id""")
            .param("min", minAncestors)
            .query(UUID.class)
            .list();
    return inBatches(missing, batch, transactions);
  }

  /**
   * Builds the ready traces that the given lots with enough ancestors lack, as {@link
   * #backfill(int, TransactionTemplate)} does for all lots: upstream first (fewer ancestors first),
   * {@code batch} lots a transaction.
   *
   * @return the number of ready traces built
   */
  int backfill(Collection<UUID> lots, int batch, TransactionTemplate transactions) {
    Map<UUID, Long> ancestors = new HashMap<>();
    LotStore.chunks(
        lots,
        part ->
            jdbc.sql(
                    "select lot_id, count(*) from lot_lineage where lot_id in (:ids)"
                        + " group by lot_id having count(*) >= :min")
                .param("ids", part)
                .param("min", minAncestors)
                .query(
                    rs -> {
                      ancestors.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    }));
    List<UUID> ordered = new ArrayList<>(ancestors.keySet());
    ordered.sort(
        Comparator.comparing((UUID lot) -> ancestors.get(lot))
            .thenComparing(Comparator.naturalOrder()));
    return inBatches(ordered, batch, transactions);
  }

  /** Builds the missing ready traces of lots in the order given, {@code batch} a transaction. */
  private int inBatches(List<UUID> missing, int batch, TransactionTemplate transactions) {
    int built = 0;
    for (int from = 0; from < missing.size(); from += batch) {
      List<UUID> part = missing.subList(from, Math.min(missing.size(), from + batch));
      built += transactions.execute(status -> backfillPart(part));
    }
    return built;
  }

  private int backfillPart(List<UUID> part) {
    store.lockLineage(true);
    Set<UUID> lots = new LinkedHashSet<>(part);
    lots.removeAll(
        jdbc.sql("select lot_id from lot_trace where lot_id in (:ids)")
            .param("ids", lots)
            .query(UUID.class)
            .list());
    if (lots.isEmpty()) {
      return 0;
    }
    long seq = lastSeq();
    store.customPlans();
    try {
      return build(store.compositions(lots), Set.of(), seq);
    } finally {
      store.genericPlans();
    }
  }

  /** The log position of the last event: what a ready trace built outside a capture reflects. */
  private long lastSeq() {
    return jdbc.sql("select coalesce(max(seq), 0) from epcis_event").query(Long.class).single();
  }

  /**
   * Builds and stores the ready traces of the lots given with their ancestors that have enough of
   * them, upstream first (a lot has more ancestors than any of its inputs), each from its inputs'
   * ready traces where they are built here or stored and not {@code stale}.
   */
  private int build(Map<UUID, Map<UUID, Ancestor>> ancestors, Set<UUID> stale, long seq) {
    List<UUID> build =
        ancestors.entrySet().stream()
            .filter(e -> e.getValue().size() >= minAncestors)
            .sorted(Comparator.comparingInt(e -> e.getValue().size()))
            .map(Map.Entry::getKey)
            .toList();
    Map<UUID, List<BackwardRow>> built = new HashMap<>();
    List<Object[]> rows = new ArrayList<>();
    for (UUID lot : build) {
      List<BackwardRow> trace = trace(lot, ancestors.get(lot), stale, built);
      built.put(lot, trace);
      rows.add(
          new Object[] {
            lot,
            ancestors.get(lot).size(),
            seq,
            ThreadLocalRandom.current().nextLong(),
            ReadyTraceCodec.encode(trace)
          });
    }
    for (Object[] row : rows) {
      template.update(
          """
          insert into lot_trace (lot_id, ancestor_count, built_seq, build_id, body)
          values (?, ?, ?, ?, ?)""",
          row);
    }
    return rows.size();
  }

  /** The unscoped trace rows of a lot, in trace order. */
  private List<BackwardRow> trace(
      UUID lot,
      Map<UUID, Ancestor> ancestors,
      Set<UUID> stale,
      Map<UUID, List<BackwardRow>> built) {
    Map<UUID, List<BackwardRow>> byLot = new LinkedHashMap<>();
    Set<UUID> stored = new HashSet<>();
    ancestors.forEach(
        (input, a) -> {
          if (a.depth() != 1) {
            return;
          }
          if (built.containsKey(input)) {
            group(byLot, built.get(input));
          } else if (!stale.contains(input)) {
            stored.add(input);
          }
        });
    LotStore.chunks(
        stored,
        part ->
            jdbc.sql("select body from lot_trace where lot_id in (:ids)")
                .param("ids", part)
                .query((rs, n) -> rs.getBytes(1))
                .list()
                .forEach(body -> group(byLot, ReadyTraceCodec.rows(body))));
    Set<UUID> missing = new LinkedHashSet<>();
    missing.add(lot);
    missing.addAll(ancestors.keySet());
    missing.removeAll(byLot.keySet());
    if (!missing.isEmpty()) {
      group(byLot, queries.lotRows(missing));
    }
    List<BackwardRow> trace = new ArrayList<>();
    for (BackwardRow r : byLot.get(lot)) {
      trace.add(r.at(1.0, 0));
    }
    ancestors.forEach(
        (ancestor, a) -> {
          for (BackwardRow r : byLot.get(ancestor)) {
            trace.add(r.at(a.share(), a.depth()));
          }
        });
    trace.sort(TraceQueries.TRACE_ORDER);
    return trace;
  }

  /** Adds the rows of every lot in a trace (or a read of lots) that is not there yet. */
  private static void group(Map<UUID, List<BackwardRow>> byLot, List<BackwardRow> rows) {
    Map<UUID, List<BackwardRow>> found = new LinkedHashMap<>();
    for (BackwardRow r : rows) {
      if (!byLot.containsKey(r.lotId())) {
        found.computeIfAbsent(r.lotId(), k -> new ArrayList<>()).add(r);
      }
    }
    byLot.putAll(found);
  }
}
