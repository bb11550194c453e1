package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ayni.support.AyniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
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
