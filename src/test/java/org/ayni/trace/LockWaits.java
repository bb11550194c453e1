package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ayni.shared.OrganisationId;
import org.ayni.support.Latches;
import org.ayni.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waiting until a request or transaction a test started waits for a lock that the test holds in an
 * uncommitted transaction: the crossing the test is about happened, not one change after the other.
 */
final class LockWaits {

  private LockWaits() {}

  /**
   * Waits until a statement (its start given) of another session waits for a lock (on H2, any
   * statement that waits for a row); fails if the request ends first (it did not wait) or never
   * waits.
   */
  static void awaitBlocked(JdbcClient jdbc, Future<?> request, String statement)
      throws InterruptedException {
    String waiting =
        TestDatabase.postgres()
            ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and query like :statement"
            // H2 says BLOCKED for a wait for a row (whatever the statement: a read may wait there
            // too), and names no blocker of a wait for a key (its statement is still RUNNING)
            : "select count(*) from information_schema.sessions where session_id <> session_id()"
                + " and (session_state = 'BLOCKED'"
                + " or session_state = 'RUNNING' and executing_statement like :statement)";
    for (int i = 0; i < 1500; i++) {
      assertThat(request).as("it waits for the uncommitted change").isNotDone();
      if (jdbc.sql(waiting).param("statement", statement + "%").query(Long.class).single() > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the request never waited for the uncommitted change");
  }

  /**
   * Sends a request while an organisation's events are appended in a transaction held open, once
   * the request waits for it at the statement given (its start; see {@link #awaitBlocked}); then
   * commits them and answers what the request answered. Threads of their own: the common pool may
   * have one thread, which the holding transaction would keep.
   */
  static <T> T whileAppending(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      EventLog eventLog,
      OrganisationId organisation,
      List<TraceEvent> events,
      Supplier<T> request,
      String waitsAt)
      throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Void> holding =
          CompletableFuture.runAsync(
              () ->
                  transaction.executeWithoutResult(
                      s -> {
                        eventLog.append(organisation, null, events);
                        appended.countDown();
                        Latches.await(commit);
                      }),
              threads);
      Latches.await(appended);
      CompletableFuture<T> sent = CompletableFuture.supplyAsync(request, threads);
      awaitBlocked(jdbc, sent, waitsAt);
      commit.countDown();
      holding.get(30, TimeUnit.SECONDS);
      return sent.get(30, TimeUnit.SECONDS);
    } finally {
      commit.countDown();
      threads.shutdown();
    }
  }
}
