package org.ayni.trace.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ayni.trace.TraceIds;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration V23 (a Flyway Java migration, as V18): GS1 trade items that events stored before it
 * named in another spelling (an LGTIN or SGTIN URN, a Digital Link of another host or GTIN length)
 * get their canonical one ({@link TraceIds#canonical}, ADR 0010) in the query indexes and as lot
 * identifiers, as capture keys them now. The events' bodies are left as they were sent.
 *
 * <p>A lot whose canonical identifier another lot already has (the same item captured in two
 * spellings, which made two lots) keeps its identifier and is logged: merging two lots' stock and
 * lineage is not something a migration should guess. The ready traces that name a renamed lot are
 * removed (a lot without one is traced from the closure, and start-up builds it again).
 */
@Component
class V23__CanonicalTradeItems extends BaseJavaMigration {

  private static final Logger log = LoggerFactory.getLogger(V23__CanonicalTradeItems.class);

  @Override
  public void migrate(Context context) {
    canonicalise(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
  }

  /** Rewrites what is spelled otherwise; how many lots kept their identifier (a collision). */
  int canonicalise(JdbcTemplate template) {
    rewrite(template, "epcis_event_epc", "epc");
    rewrite(template, "epcis_event_quantity", "epc_class");
    rewrite(template, "epcis_event", "parent_id");
    Set<String> taken = new HashSet<>();
    int kept = 0;
    for (String identifier : spelled(template, "lot", "identifier")) {
      String canonical = TraceIds.canonical(identifier);
      if (canonical.equals(identifier)) {
        continue;
      }
      boolean exists =
          taken.contains(canonical)
              || template.queryForObject(
                      "select count(*) from lot where identifier = ?", Integer.class, canonical)
                  > 0;
      if (exists) {
        log.warn(
            "Lot {} keeps its identifier: another lot is {}, the same trade item",
            identifier,
            canonical);
        kept++;
        continue;
      }
      template.update("update lot set identifier = ? where identifier = ?", canonical, identifier);
      // the ready traces that name it: its own and those of the lots made from it
      template.update(
          "delete from lot_trace where lot_id in (select id from lot where identifier = ?)"
              + " or lot_id in (select d.lot_id from lot_lineage d join lot a"
              + " on a.id = d.ancestor_id where a.identifier = ?)",
          canonical,
          canonical);
      taken.add(canonical);
    }
    return kept;
  }

  private static void rewrite(JdbcTemplate template, String table, String column) {
    for (String value : spelled(template, table, column)) {
      String canonical = TraceIds.canonical(value);
      if (!canonical.equals(value)) {
        template.update(
            "update " + table + " set " + column + " = ? where " + column + " = ?",
            canonical,
            value);
      }
    }
  }

  /**
   * The distinct values of a column (of the log's tables, named here) that may be spelled
   * otherwise: trade item URNs and Web URIs (Digital Links), in any case.
   */
  private static List<String> spelled(JdbcTemplate template, String table, String column) {
    return template.queryForList(
        "select distinct %1$s from %2$s where lower(%1$s) like 'urn:epc:class:lgtin:%%'"
                .formatted(column, table)
            + " or lower(%1$s) like 'urn:epc:id:sgtin:%%' or lower(%1$s) like 'http%%'"
                .formatted(column),
        String.class);
  }
}
