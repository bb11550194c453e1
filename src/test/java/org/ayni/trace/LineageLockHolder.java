package org.ayni.trace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ayni.support.Latches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds the lineage lock (ADR 0007) alone, in a transaction of a thread of its own, as a capture
 * changing lots would, from construction until {@link #release()} (or {@link #close()}): what a
 * test needs to keep a capture or an operation waiting.
 */
public final class LineageLockHolder implements AutoCloseable {

  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final CompletableFuture<Void> held;

  /** Returns once the lock is taken. */
  public LineageLockHolder(TransactionTemplate transactions, JdbcClient jdbc) {
    CountDownLatch locked = new CountDownLatch(1);
    held =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      jdbc.sql("select id from lineage_lock where id = 1 for update")
                          .query(Integer.class)
                          .list();
                      locked.countDown();
                      Latches.await(release);
                    }),
            thread);
    Latches.await(locked);
  }

  /** Ends the holding transaction and waits until it has. */
  public void release() throws Exception {
    release.countDown();
    held.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    release.countDown();
    thread.shutdown();
  }
}
