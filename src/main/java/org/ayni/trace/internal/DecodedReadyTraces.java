package org.ayni.trace.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stored ready traces (ADR 0007) as read, kept decoded in memory by lot and build. Every read asks
 * the database for the lot's build id; the body comes with the answer only when the build kept here
 * is not the stored one (none kept, or the lot's trace was rebuilt since), so a trace read again is
 * one short keyed read and no decoding, and a trace is never older than the reader's snapshot of
 * {@code lot_trace}. Entries are immutable and shared by every reader; what a reader may see is
 * checked by the caller on each read. The memory taken is bounded by {@code
 * ayni.trace.ready-trace.cache-mb} (0 keeps nothing), least recently and least often used first.
 */
@Repository
class DecodedReadyTraces {

  /**
   * Bytes of heap per byte of stored body that a ready trace decoded both ways (trace and rows) is
   * counted as, besides its body: what decoding the benchmark's export lots took, 10.9, rounded up
   * (5.8 for the trace alone; docs/benchmarks.md).
   */
  static final int HEAP_PER_BODY_BYTE = 11;

  private final JdbcClient jdbc;
  private final Cache<UUID, Decoded> cache;

  DecodedReadyTraces(JdbcClient jdbc, @Value("${ayni.trace.ready-trace.cache-mb}") long megabytes) {
    this.jdbc = jdbc;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(Math.max(0, megabytes) << 20)
            .weigher((UUID lot, Decoded d) -> d.weight())
            .build();
  }

  /** The lot's stored ready trace, or null when it has none. */
  Decoded find(UUID lot) {
    Decoded kept = cache.getIfPresent(lot);
    JdbcClient.StatementSpec read =
        kept == null
            ? jdbc.sql("select build_id, body from lot_trace where lot_id = ?").param(lot)
            : jdbc.sql(
                    """
                    select build_id, case when build_id = ? then null else body end
                    from lot_trace where lot_id = ?""")
                .params(kept.build(), lot);
    Stored stored =
        read.query((rs, n) -> new Stored(rs.getLong(1), rs.getBytes(2))).optional().orElse(null);
    if (stored == null) {
      return null;
    }
    if (stored.body() == null) {
      return kept;
    }
    Decoded decoded = new Decoded(stored.build(), stored.body());
    cache.put(lot, decoded);
    return decoded;
  }

  private record Stored(long build, byte[] body) {}

  /**
   * A ready trace as stored in one build: the organisations in it at once, the trace of a reader
   * who may see all of it and the rows others' traces are assembled from when first asked for.
   */
  static final class Decoded {

    private final long build;
    private final byte[] body;
    private final Set<UUID> organisations;
    private volatile BackwardTrace trace;
    private volatile List<BackwardRow> rows;

    private Decoded(long build, byte[] body) {
      this.build = build;
      this.body = body;
      this.organisations = Set.copyOf(ReadyTraceCodec.organisations(body));
    }

    long build() {
      return build;
    }

    /** The organisations of the lots and receipts in the trace. */
    Set<UUID> organisations() {
      return organisations;
    }

    /** The trace of a reader who may see every lot and receipt in it. */
    BackwardTrace trace() {
      BackwardTrace t = trace;
      if (t == null) {
        t = ReadyTraceCodec.trace(body);
        trace = t;
      }
      return t;
    }

    /** The rows of the trace, every one visible (see {@link ReadyTraceCodec#rows}). */
    List<BackwardRow> rows() {
      List<BackwardRow> r = rows;
      if (r == null) {
        r = List.copyOf(ReadyTraceCodec.rows(body));
        rows = r;
      }
      return r;
    }

    private int weight() {
      return (int) Math.min(Integer.MAX_VALUE, (long) body.length * (1 + HEAP_PER_BODY_BYTE));
    }
  }
}
