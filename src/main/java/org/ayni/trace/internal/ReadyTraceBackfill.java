package org.ayni.trace.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the ready traces lots lack (ADR 0007) once the application has started, in the background:
 * a database from before ready traces, or one whose threshold was lowered, gets them without
 * waiting for an event to touch each lot. Captures go on meanwhile. Off with {@code
 * ayni.trace.ready-trace.backfill=false}.
 */
@Component
public class ReadyTraceBackfill {

  private static final Logger log = LoggerFactory.getLogger(ReadyTraceBackfill.class);

  /**
   * Lots built per transaction, which holds the lineage lock: few, so that captures changing lots
   * wait a fraction of a second (about 27 ms a lot at 1,000,000 events on PostgreSQL).
   */
  static final int BATCH = 10;

  private final ReadyTraces readyTraces;
  private final TransactionTemplate transactions;
  private final boolean enabled;

  ReadyTraceBackfill(
      ReadyTraces readyTraces,
      TransactionTemplate transactions,
      @Value("${ayni.trace.ready-trace.backfill}") boolean enabled) {
    this.readyTraces = readyTraces;
    this.transactions = transactions;
    this.enabled = enabled;
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    if (enabled) {
      Thread.ofVirtual().name("ready-trace-backfill").start(this::runLogged);
    }
  }

  private void runLogged() {
    long start = System.nanoTime();
    try {
      int built = run();
      if (built > 0) {
        log.info(
            "Built {} missing ready traces in {} ms",
            built,
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (RuntimeException e) {
      // Traces stay correct without them (read from the closure); the next start tries again.
      log.warn("Building missing ready traces failed", e);
    }
  }

  /** Builds every missing ready trace now; the number built. */
  public int run() {
    return readyTraces.backfill(BATCH, transactions);
  }

  /**
   * Removes, in the current transaction, the ready traces that show a product's name after a rename
   * ({@link ReadyTraces#forgetProduct}), and builds them again in the background once it has
   * committed, {@value #BATCH} lots a transaction (those of the lots that have enough ancestors),
   * whether or not the start-up backfill is enabled; until then, and if that fails, the lots are
   * traced from the closure.
   */
  public void productRenamed(UUID product) {
    rebuildAfterCommit(readyTraces.forgetProduct(product));
  }

  private void rebuildAfterCommit(Collection<UUID> lots) {
    if (lots.isEmpty()) {
      return;
    }
    List<UUID> copy = List.copyOf(lots);
    Runnable start =
        () ->
            Thread.ofVirtual()
                .name("ready-trace-rebuild")
                .start(
                    () -> {
                      try {
                        readyTraces.backfill(copy, BATCH, transactions);
                      } catch (RuntimeException e) {
                        log.warn("Building ready traces again failed", e);
                      }
                    });
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              start.run();
            }
          });
    } else {
      start.run();
    }
  }
}
