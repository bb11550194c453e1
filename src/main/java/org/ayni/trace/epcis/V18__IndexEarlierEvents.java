package org.ayni.trace.epcis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
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
    // which events have rows already, read once (the disposition index is not by event)
    Set<Long> withDispositions = indexed(template, "epcis_event_persistent_disposition");
    Set<Long> withSensors = indexed(template, "epcis_event_sensor");
    return eachStored(
        template,
        List.of("%\"sensorElementList\"%", "%\"persistentDisposition\"%"),
        (seq, body) -> {
          JsonNode event = json.mapper().readTree(body);
          List<SensorReading> sensors =
              withSensors.contains(seq)
                  ? List.of()
                  : EpcisSensors.readings(event, EpcisContext.of(event.get("@context")));
          TraceEvent.PersistentDisposition disposition =
              withDispositions.contains(seq)
                  ? TraceEvent.PersistentDisposition.NONE
                  : reader
                      .read(body)
                      .map(TraceEvent::persistentDisposition)
                      .orElse(TraceEvent.PersistentDisposition.NONE);
          if (sensors.isEmpty() && disposition.set().isEmpty() && disposition.unset().isEmpty()) {
            return false;
          }
          EventStore.reindex(template, seq, disposition, sensors, List.of());
          return true;
        });
  }

  /** The events that have rows in an index table (one of the log's, named here, never input). */
  static Set<Long> indexed(JdbcTemplate template, String table) {
    return new HashSet<>(template.queryForList("select distinct seq from " + table, Long.class));
  }

  /**
   * Calls {@code index} with every stored event whose body is like one of the patterns, in the
   * order of the log and in pages; how many times it answered true (the event got rows).
   */
  static int eachStored(
      JdbcTemplate template, List<String> likes, BiPredicate<Long, String> index) {
    String where = String.join(" or ", java.util.Collections.nCopies(likes.size(), "body like ?"));
    int indexed = 0;
    long after = 0;
    while (true) {
      List<Object> arguments = new ArrayList<>();
      arguments.add(after);
      arguments.addAll(likes);
      arguments.add(PAGE);
      List<Map<String, Object>> page =
          template.queryForList(
              "select seq, body from epcis_event where seq > ? and ("
                  + where
                  + ")"
                  + " order by seq limit ?",
              arguments.toArray());
      for (Map<String, Object> row : page) {
        long seq = ((Number) row.get("seq")).longValue();
        if (index.test(seq, (String) row.get("body"))) {
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
