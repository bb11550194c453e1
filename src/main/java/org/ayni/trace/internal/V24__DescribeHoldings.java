package org.ayni.trace.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration V24 (a Flyway Java migration, as V18): a holding of a lot by an organisation other than
 * its owner (one it was shipped to and received) gets the disposition and place that holder's own
 * events last gave it, which the lot itself keeps only for its owner. Holdings recorded before get
 * them from the log, as capture describes them now.
 */
@Component
class V24__DescribeHoldings extends BaseJavaMigration {

  @Override
  public void migrate(Context context) {
    JdbcTemplate template =
        new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
    template.execute("alter table lot_stock add column disposition varchar(200)");
    template.execute("alter table lot_stock add column disposition_event_id varchar(500)");
    template.execute("alter table lot_stock add column location varchar(500)");
    describe(template);
  }

  /** Describes every holding of another's lot from its holder's events; how many it described. */
  int describe(JdbcTemplate template) {
    JdbcClient jdbc = JdbcClient.create(template);
    List<Map<String, Object>> holdings =
        template.queryForList(
            """
            select s.lot_id, s.organisation_id, l.identifier from lot_stock s
            join lot l on l.id = s.lot_id
            where s.organisation_id <> l.organisation_id""");
    int described = 0;
    for (Map<String, Object> holding : holdings) {
      OrganisationId holder = new OrganisationId((UUID) holding.get("organisation_id"));
      String identifier = (String) holding.get("identifier");
      LotState.Disposition disposition =
          LotStore.lastDisposition(jdbc, holder, identifier, Set.of());
      LotState.Place place = LotStore.lastPlace(jdbc, holder, identifier, Set.of());
      String location = place == null ? null : place.location();
      if (disposition == null && location == null) {
        continue;
      }
      template.update(
          """
          update lot_stock set disposition = ?, disposition_event_id = ?, location = ?
          where lot_id = ? and organisation_id = ?""",
          disposition == null ? null : LotStore.truncate(disposition.word(), 200),
          disposition == null ? null : disposition.eventId(),
          LotStore.truncate(location, 500),
          holding.get("lot_id"),
          holder.value());
      described++;
    }
    return described;
  }
}
