package org.ayni.trace.epcis;

import java.util.List;
import java.util.Set;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.FieldValue;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Migration V20 (a Flyway Java migration, as V18): the events stored before migration V19 made the
 * index of extension fields get their rows, read from their stored bodies as capture reads them
 * now, so that the query parameters on fields ({@code LE_ayni:moisturePercent}, {@code
 * EQ_ILMD_cbvmda:lotNumber}, …) find them too.
 */
@Component
class V20__IndexEarlierEventFields extends BaseJavaMigration {

  private final EpcisJson json;

  V20__IndexEarlierEventFields(EpcisJson json) {
    this.json = json;
  }

  @Override
  public void migrate(Context context) {
    reindex(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
  }

  /** Indexes the fields of every stored event that has some and no rows yet; how many got rows. */
  int reindex(JdbcTemplate template) {
    Set<Long> withFields = V18__IndexEarlierEvents.indexed(template, "epcis_event_field");
    // every event: a prefixed key ("ayni:note") cannot be told from text by a pattern; the
    // bodies are read once, in pages, and those without fields write nothing
    return V18__IndexEarlierEvents.eachStored(
        template,
        List.of("%"),
        (seq, body) -> {
          if (withFields.contains(seq)) {
            return false;
          }
          JsonNode event = json.mapper().readTree(body);
          List<FieldValue> fields =
              EpcisFields.values(event, EpcisContext.of(event.get("@context")));
          if (fields.isEmpty()) {
            return false;
          }
          EventStore.reindex(
              template, seq, TraceEvent.PersistentDisposition.NONE, List.of(), fields);
          return true;
        });
  }
}
