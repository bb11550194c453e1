package org.ayni.trace.internal;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How far the log may be read without a reader paging past events still being appended. An append
 * takes its record time when it starts and its log positions later, and commits when it is done: a
 * small capture may commit while a large one begun earlier is still running, with positions and a
 * record time after the large one's. A query that returned the small one's events would hand out a
 * page token (or a last record time for the next poll) beyond the large one's events, which would
 * then never be read. So while appends run, queries read only up to the last position allocated
 * before the oldest of them began: everything at or below it is committed or will never be, and
 * everything an append still running will write comes after it, in positions and in record time.
 *
 * <p>Appends of this process only: Ayni runs as one process per database.
 */
@Component
class LogHorizon {

  private final JdbcClient jdbc;

  /** The highest position allocated so far, as far as known; -1 until read. */
  private final AtomicLong allocated = new AtomicLong(-1);

  /** The appends running, each with the highest position allocated when it began. */
  private final Map<Object, Long> running = new ConcurrentHashMap<>();

  LogHorizon(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Notes an append beginning in the caller's transaction, until the transaction completes; to be
   * called before the append takes its record time and positions.
   */
  void begin() {
    Object append = new Object();
    running.put(append, highest());
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            running.remove(append);
          }
        });
  }

  /** Notes positions just allocated. */
  void allocated(long highest) {
    allocated.accumulateAndGet(highest, Math::max);
  }

  /** The highest position a query may read now; empty when no append runs (all of them). */
  OptionalLong horizon() {
    long lowest = Long.MAX_VALUE;
    for (long floor : running.values()) {
      lowest = Math.min(lowest, floor);
    }
    return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
  }

  private long highest() {
    long known = allocated.get();
    if (known >= 0) {
      return known;
    }
    // once per process: what earlier processes stored (a value read late only hides more)
    long stored =
        jdbc.sql("select coalesce(max(seq), 0) from epcis_event").query(Long.class).single();
    allocated.accumulateAndGet(stored, Math::max);
    return allocated.get();
  }
}
