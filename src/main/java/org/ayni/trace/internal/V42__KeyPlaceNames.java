package org.ayni.trace.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ayni.trace.TraceIds;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration V42 (a Flyway Java migration, as V24): an organisation's places are told apart by their
 * names as forms write them ({@link TraceIds#slug}: "almacen nana" names "Almacén Ñaña"), and the
 * database now keeps two of its places from having one name: each place gets its name's key, unique
 * within the organisation. Two places that came to share a name before (two writings racing a
 * rename) keep their names; the first by URN gets the key, the other none, until it is renamed.
 */
@Component
class V42__KeyPlaceNames extends BaseJavaMigration {

  @Override
  public void migrate(Context context) {
    JdbcTemplate template =
        new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
    template.execute("alter table trace_place add column name_key varchar(500)");
    key(template);
    template.execute(
        "create unique index ux_trace_place_name_key on trace_place (organisation_id, name_key)");
  }

  /**
   * Gives each place without a key its name's key, but where another place of the organisation has
   * that key already (or got it first, by URN); how many it keyed.
   */
  int key(JdbcTemplate template) {
    List<Map<String, Object>> places =
        template.queryForList(
            "select organisation_id, location, name, name_key from trace_place"
                + " order by organisation_id, location");
    Set<String> taken = new HashSet<>();
    for (Map<String, Object> place : places) {
      if (place.get("name_key") != null) {
        taken.add(place.get("organisation_id") + " " + place.get("name_key"));
      }
    }
    int keyed = 0;
    for (Map<String, Object> place : places) {
      String key = TraceIds.slug((String) place.get("name"));
      if (place.get("name_key") != null || !taken.add(place.get("organisation_id") + " " + key)) {
        continue;
      }
      keyed +=
          template.update(
              "update trace_place set name_key = ? where organisation_id = ? and location = ?",
              key,
              place.get("organisation_id"),
              place.get("location"));
    }
    return keyed;
  }
}
