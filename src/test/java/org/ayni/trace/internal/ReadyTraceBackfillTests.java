package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.support.AyniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Once the application has started, the backfill builds the ready traces lots lack in a thread of
 * its own (the tests' own context keeps it off and calls it where they need it).
 */
@AyniIntegrationTest
class ReadyTraceBackfillTests {

  @Autowired ReadyTraces readyTraces;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;

  @Test
  void onStartUpMissingReadyTracesAreBuiltInTheBackground() throws InterruptedException {
    // some of the demo's lots with a ready trace (every lot with an ancestor has one in the tests)
    Map<UUID, byte[]> before = new HashMap<>();
    jdbc
        .sql("select lot_id, body from lot_trace order by lot_id")
        .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getBytes(2)))
        .list()
        .stream()
        .limit(3)
        .forEach(e -> before.put(e.getKey(), e.getValue()));
    assertThat(before).as("the demo data has ready traces").isNotEmpty();
    List<UUID> lots = List.copyOf(before.keySet());

    delete(lots);

    new ReadyTraceBackfill(readyTraces, transactions, true).started();
    for (int i = 0; i < 200 && count(lots) < lots.size(); i++) {
      Thread.sleep(50);
    }
    assertThat(count(lots)).as("built in the background").isEqualTo(lots.size());
    for (UUID lot : lots) {
      assertThat(
              jdbc.sql("select body from lot_trace where lot_id = ?")
                  .param(lot)
                  .query(byte[].class)
                  .single())
          .isEqualTo(before.get(lot));
    }
  }

  private void delete(List<UUID> lots) {
    jdbc.sql("delete from lot_trace where lot_id in (:ids)").param("ids", lots).update();
  }

  private long count(List<UUID> lots) {
    return jdbc.sql("select count(*) from lot_trace where lot_id in (:ids)")
        .param("ids", lots)
        .query(Long.class)
        .single();
  }
}
