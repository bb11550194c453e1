package org.ayni.trace.epcis;

import java.util.List;
import java.util.Map;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.SensorReading;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Migration V18 (a Flyway Java migration, which Spring Boot hands to Flyway as a bean): the events
 * captured before migrations V15 and V17 made the index tables of persistent dispositions and
 * sensor reports get their rows, read from their stored bodies as capture reads them now, so that
 * {@code EQ_persistentDisposition_set} and the sensor query parameters find them too. It runs once,
 * in the migration's transaction, in pages of events.
 */
@Component
class V18__IndexEarlierEvents extends BaseJavaMigration {

  private static final int PAGE = 500;

  private final EpcisReader reader;
  private final EpcisJson json;

  V18__IndexEarlierEvents(EpcisReader reader, EpcisJson json) {
    this.reader = reader;
    this.json = json;
  }

  @Override
  public void migrate(Context context) {
    reindex(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
  }

  /** Indexes every stored event that lacks its rows; how many events got rows. */
  int reindex(JdbcTemplate template) {
    int indexed = 0;
    long after = 0;
    while (true) {
      List<Map<String, Object>> page =
          template.queryForList(
              "select seq, body from epcis_event where seq > ? and (body like ? or body like ?)"
                  + " order by seq limit ?",
              after,
              "%\"sensorElementList\"%",
              "%\"persistentDisposition\"%",
              PAGE);
      for (Map<String, Object> row : page) {
        long seq = ((Number) row.get("seq")).longValue();
        String body = (String) row.get("body");
        JsonNode event = json.mapper().readTree(body);
        List<SensorReading> sensors =
            EpcisSensors.readings(event, EpcisContext.STANDARD.with(event.get("@context")));
        TraceEvent.PersistentDisposition disposition =
            reader
                .read(body)
                .map(TraceEvent::persistentDisposition)
                .orElse(TraceEvent.PersistentDisposition.NONE);
        if (EventStore.reindex(template, seq, disposition, sensors)) {
          indexed++;
        }
        after = seq;
      }
      if (page.size() < PAGE) {
        return indexed;
      }
    }
  }
}
