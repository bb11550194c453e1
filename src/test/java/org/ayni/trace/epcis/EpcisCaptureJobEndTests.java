package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ayni.shared.OrganisationId;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.ayni.trace.EventProjection;
import org.ayni.trace.StoredEvent;
import org.ayni.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * A capture job read as ended has its events readable. The job's row commits with its events a
 * moment before the process lets go of the append's place in the log (the log horizon, just after
 * the commit); a client polling the job without {@code Prefer: wait} could be told the job had
 * ended and then find none of its events (EpcisExamplesTests failed so now and then). A projection
 * of this test's own context makes that moment last half a second.
 */
@AyniIntegrationTest
@TestPropertySource(properties = TestDatabase.SCHEMA_SUFFIX + "=jobend")
@Import(EpcisCaptureJobEndTests.SlowAfterCommit.class)
class EpcisCaptureJobEndTests {

  static final AtomicBoolean SLOW = new AtomicBoolean();

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @TestConfiguration
  static class SlowAfterCommit {

    /** Half a second between an append's commit and the end of its transaction, when asked. */
    @Bean
    EventProjection slowAfterCommit() {
      return new EventProjection() {
        @Override
        public void check(OrganisationId organisation, List<TraceEvent> events) {}

        @Override
        public void apply(OrganisationId organisation, List<StoredEvent> events) {
          if (!SLOW.get()) {
            return;
          }
          TransactionSynchronizationManager.registerSynchronization(
              new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              });
        }
      };
    }
  }

  @Test
  void aJobReadAsEndedHasItsEventsReadable() {
    EpcisClient client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String example = EpcisFixtures.resource("examples-json/Example_9.6.1-ObjectEvent.jsonld");
    int events = Http.JSON.readTree(example).at("/epcisBody/eventList").size();
    assertThat(events).isPositive();
    SLOW.set(true);
    try {
      Http.Response accepted = client.post("/epcis/capture", example);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      // polled without Prefer: wait, every 50 ms: a read lands between the commit and the end
      JsonNode job = client.waitFor(accepted.header("Location"));
      assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
      String window =
          "perPage=1000&GE_recordTime="
              + EpcisExamplesTests.encode(job.path("createdAt").asString())
              + "&LT_recordTime="
              + EpcisExamplesTests.encode(
                  Instant.parse(job.path("finishedAt").asString()).plusMillis(1).toString());
      assertThat(client.events(window))
          .as("the job's events, once it reads as ended")
          .hasSize(events);
    } finally {
      SLOW.set(false);
    }
  }
}
