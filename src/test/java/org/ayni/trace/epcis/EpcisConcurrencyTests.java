package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ayni.demo.DemoUsers;
import org.ayni.shared.OrganisationId;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.trace.internal.JdbcEventLog;
import org.ayni.trace.internal.LogEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Parallel clients capturing overlapping documents into one organisation: every event ends up
 * stored exactly once, none is lost, and the jobs account for every event (stored or duplicate).
 */
@AyniIntegrationTest
class EpcisConcurrencyTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired JdbcEventLog eventLog;
  @Autowired TransactionTemplate transactions;

  @Test
  void aQueryDoesNotPassEventsAnAppendBegunEarlierIsStillWriting() throws Exception {
    String tag = EpcisFixtures.tag();
    String slow = "urn:ayni:test:" + tag + ":slow";
    String quick = "urn:ayni:test:" + tag + ":quick";
    EpcisFixtures.Tenant large = EpcisFixtures.tenant(context, "cepicafe");
    EpcisFixtures.Tenant small = EpcisFixtures.tenant(context, "cepicafe");
    LogEntry entry =
        context
            .getBean(EpcisReader.class)
            .readEvent(
                EpcisFixtures.alone(
                        EpcisFixtures.objectEvent(
                            "urn:uuid:" + UUID.randomUUID(), slow, "2026-05-04T08:00:00-05:00"))
                    .getBytes(StandardCharsets.UTF_8),
                Locale.ROOT);
    CountDownLatch began = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // a large capture, begun first, still writing (its transaction open) ...
    Future<?> writing =
        pool.submit(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      eventLog.appendEntries(new OrganisationId(large.id()), null, List.of(entry));
                      began.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    try {
      assertThat(began.await(30, TimeUnit.SECONDS)).isTrue();
      // ... while a small one, begun later, is stored and committed
      Http.Response stored =
          small
              .client(port)
              .post(
                  "/epcis/events",
                  EpcisFixtures.alone(
                      EpcisFixtures.objectEvent(
                          "urn:uuid:" + UUID.randomUUID(), quick, "2026-05-04T09:00:00-05:00")));
      assertThat(stored.status()).as(stored.body()).isEqualTo(201);
      EpcisClient reader = new EpcisClient(port, "admin", DemoUsers.PASSWORD);
      String query = "/epcis/events?perPage=1&MATCH_epc=" + slow + "%7C" + quick;
      Http.Response first = reader.get(query);
      assertThat(first.json().at("/epcisBody/queryResults/resultsBody/eventList"))
          .as("the small one waits: a token after it would pass the large one's events for good")
          .isEmpty();
      assertThat(EpcisClient.next(first)).isNull();
    } finally {
      release.countDown();
      writing.get(30, TimeUnit.SECONDS);
      pool.shutdown();
    }
    // once the large one is committed, both, in the log's order, page by page
    List<String> epcs = new ArrayList<>();
    new EpcisClient(port, "admin", DemoUsers.PASSWORD)
        .events("perPage=1&MATCH_epc=" + slow + "%7C" + quick)
        .forEach(e -> epcs.add(e.path("epcList").get(0).asString()));
    assertThat(epcs).containsExactly(slow, quick);
  }

  @Test
  void parallelCapturesLoseAndDuplicateNothing() throws Exception {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "cepicafe");
    String tag = EpcisFixtures.tag();
    int clients = 6;
    int documents = 8;
    int perDocument = 25;
    // Every document holds 10 events shared with every other client's document of the same
    // number (the same eventIDs, or the same content without eventID) and 15 of its own.
    List<List<String>> plans = new ArrayList<>();
    Set<String> expectedEpcs = new HashSet<>();
    for (int c = 0; c < clients; c++) {
      for (int d = 0; d < documents; d++) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < perDocument; i++) {
          boolean shared = i < 10;
          String epc =
              "urn:ayni:test:"
                  + tag
                  + ":"
                  + (shared ? "s" + d + "-" + i : "c" + c + "-" + d + "-" + i);
          expectedEpcs.add(epc);
          String id =
              shared && i % 2 == 0 ? null : "urn:uuid:" + UUID.nameUUIDFromBytes(epc.getBytes());
          String event =
              EpcisFixtures.objectEvent(id == null ? "x" : id, epc, "2026-05-04T08:00:00-05:00");
          events.add(id == null ? event.replace("\"eventID\":\"x\",", "") : event);
        }
        Collections.shuffle(events, new java.util.Random(c * 100L + d));
        plans.add(events);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<JsonNode>>> results = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      results.add(
          pool.submit(
              () -> {
                EpcisClient http = tenant.client(port);
                List<JsonNode> jobs = new ArrayList<>();
                for (int d = 0; d < documents; d++) {
                  jobs.add(http.capture(EpcisFixtures.document(plans.get(client * documents + d))));
                }
                return jobs;
              }));
    }
    int stored = 0;
    int duplicates = 0;
    for (Future<List<JsonNode>> result : results) {
      for (JsonNode job : result.get(5, TimeUnit.MINUTES)) {
        assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
        stored += job.path("storedCount").asInt();
        duplicates += job.path("duplicateCount").asInt();
      }
    }
    pool.shutdown();
    assertThat(stored + duplicates).isEqualTo(clients * documents * perDocument);
    assertThat(stored).isEqualTo(expectedEpcs.size());
    List<String> epcs =
        jdbc.sql(
                """
                select x.epc from epcis_event e join epcis_event_epc x on x.seq = e.seq
                where e.organisation_id = ?""")
            .param(tenant.id())
            .query(String.class)
            .list();
    assertThat(epcs).doesNotHaveDuplicates();
    assertThat(new HashSet<>(epcs)).isEqualTo(expectedEpcs);
    assertThat(tenant.client(port).events("perPage=1000")).hasSize(expectedEpcs.size());
  }
}
