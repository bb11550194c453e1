package org.ayni.trace.internal;

import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration V32 (a Flyway Java migration, as V24): a lot that received material directly as well as
 * being made from inputs owes its inputs only the part they made ({@link LineageMath}). Its edges
 * weighed as if they had made all of it, so its inputs and its receipts each counted whole (shares
 * summing to 200 %): the lineage of such lots and their descendants is worked out again, and the
 * ready traces, which keep shares, are removed for the start-up backfill to build again.
 */
@Component
class V32__WeighInputsAgainstReceipts extends BaseJavaMigration {

  @Override
  public void migrate(Context context) {
    JdbcTemplate template =
        new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
    weigh(template);
    template.execute("delete from lot_trace");
  }

  /**
   * Weighs again the edges into lots that also have receipts, and the lineage of those lots and
   * their descendants; how many lots that was.
   */
  int weigh(JdbcTemplate template) {
    JdbcClient jdbc = JdbcClient.create(template);
    List<UUID> both =
        jdbc.sql(
                """
                select distinct e.output_lot_id from lot_edge e
                where exists (select 1 from lot_receipt r
                              where r.lot_id = e.output_lot_id and not r.voided)""")
            .query(UUID.class)
            .list();
    return both.isEmpty()
        ? 0
        : new LotStore(jdbc, template, null, null, null, java.time.Clock.systemUTC())
            .weighAgain(both);
  }
}
