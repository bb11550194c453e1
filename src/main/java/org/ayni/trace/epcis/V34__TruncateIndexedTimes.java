package org.ayni.trace.epcis;

import java.time.OffsetDateTime;
import java.util.List;
import org.ayni.trace.internal.EventStore;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Migration V34 (a Flyway Java migration, as V18): the events stored with an eventTime or
 * declarationTime of 7 to 9 fractional digits had it indexed rounded to the microsecond by the
 * database, so that one at 23:59:59.9999997 was indexed at midnight, after {@code
 * LT_eventTime=…T00:00:00Z}; their index columns get the time of their body truncated to the
 * microsecond, as capture now indexes it ({@link EventStore#indexed}).
 */
@Component
class V34__TruncateIndexedTimes extends BaseJavaMigration {

  private final EpcisJson json;

  V34__TruncateIndexedTimes(EpcisJson json) {
    this.json = json;
  }

  @Override
  public void migrate(Context context) {
    truncate(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
  }

  /** Indexes anew the times finer than a microsecond of every stored event; how many events. */
  int truncate(JdbcTemplate template) {
    // every event: how a body spells its times cannot be told by a pattern; read once, in pages
    return V18__IndexEarlierEvents.eachStored(
        template,
        List.of("%"),
        (seq, body) -> {
          JsonNode event = json.mapper().readTree(body);
          boolean changed =
              reindex(template, seq, "event_time", event.path("eventTime").asString(null));
          String declared = event.path("errorDeclaration").path("declarationTime").asString(null);
          return reindex(template, seq, "declaration_time", declared) || changed;
        });
  }

  private static boolean reindex(JdbcTemplate template, long seq, String column, String text) {
    OffsetDateTime time = EpcisReader.time(text);
    if (time == null || time.getNano() % 1000 == 0) {
      return false;
    }
    template.update(
        "update epcis_event set " + column + " = ? where seq = ?", EventStore.indexed(time), seq);
    return true;
  }
}
