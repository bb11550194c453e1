package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Statements run once per row that name the row by its key and its organisation find it by both,
 * whatever plan the database chose (V43). On PostgreSQL a prepared statement's generic plan, made
 * while a table was empty and never analysed, once chose the index of the organisation alone for
 * the update of a lot's stock and kept it: every update of a capture then read all the holdings of
 * the organisation (about 10,000 index entries each at 200,000 events, half of PostgreSQL's time).
 */
@AyniIntegrationTest
class KeyedPlanTests {

  private static final String JOB =
      "select * from epcis_capture_job where id = ? and organisation_id in (?)";

  @Autowired DataSource dataSource;

  @Test
  void everyIndexOfTheStockAndOfTheJobsByOrganisationHoldsTheKeyToo() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      for (List<String> columns : indexes(c, "lot_stock").values()) {
        assertThat(columns).as("an index of lot_stock").contains("lot_id", "organisation_id");
      }
      for (Map.Entry<String, List<String>> index : indexes(c, "epcis_capture_job").entrySet()) {
        if (index.getValue().contains("organisation_id")) {
          assertThat(index.getValue()).as(index.getKey()).contains("id");
        }
      }
    }
  }

  @Test
  void onPostgresqlTheGenericPlansOfAnEmptyTableFindTheRowByBothColumns() throws SQLException {
    if (!TestDatabase.postgres()) {
      return; // what this guards is the generic plans of PostgreSQL's prepared statements
    }
    assertThat(genericPlan("lot_stock", LotStore.STOCK_UPDATE))
        .anyMatch(
            line ->
                line.contains("Index Cond")
                    && line.contains("lot_id = $11")
                    && line.contains("organisation_id = $12"));
    assertThat(genericPlan("epcis_capture_job", JOB))
        .anyMatch(line -> line.contains("Index Cond") && line.contains("id = $1"))
        .noneMatch(line -> line.contains("Filter") && line.contains("id = $1"));
  }

  /**
   * A lot's code in other capitals (checked for every lot made through a page) is found by the
   * index of V45, not by reading every lot: the statement's expression must be the index's.
   */
  @Test
  void onPostgresqlACodeInOtherCapitalsIsLookedUpByItsIndex() throws SQLException {
    if (!TestDatabase.postgres()) {
      return; // H2 has no index on an expression
    }
    String sql =
        TraceQueries.CODE_IN_OTHER_CAPITALS
            .replace(":org", "'" + UUID.randomUUID() + "'")
            .replace(":code", "'Ent-013'");
    List<String> plan = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        // whatever the table holds now: would the index serve the statement at all
        s.execute("set local enable_seqscan = off");
        try (ResultSet rs = s.executeQuery("explain " + sql)) {
          while (rs.next()) {
            plan.add(rs.getString(1));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
    assertThat(plan)
        .anyMatch(line -> line.contains("ix_lot_code_lower"))
        .anyMatch(line -> line.contains("Index Cond") && line.contains("lower("));
  }

  /**
   * The plan PostgreSQL keeps for the statement when it has been prepared against an empty copy of
   * the table that was never analysed (a temporary table of the same name, first on the search
   * path, with the same indexes): what a new installation's first captures cache.
   */
  private List<String> genericPlan(String table, String sql) throws SQLException {
    String numbered = numbered(sql);
    List<String> plan = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      boolean prepared = false;
      try {
        s.execute("create temporary table " + table + " (like " + table + " including all)");
        s.execute("set local plan_cache_mode = force_generic_plan");
        s.execute("prepare keyed_plan as " + numbered);
        prepared = true;
        String nulls = String.join(", ", Collections.nCopies(count(sql), "null"));
        try (ResultSet rs = s.executeQuery("explain execute keyed_plan(" + nulls + ")")) {
          while (rs.next()) {
            plan.add(rs.getString(1));
          }
        }
      } finally {
        c.rollback(); // the temporary table and the setting go; the prepared statement stays
        if (prepared) {
          s.execute("deallocate keyed_plan");
        }
        c.setAutoCommit(true);
      }
    }
    return plan;
  }

  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
    }
    return out.toString();
  }

  private static int count(String sql) {
    return (int) sql.chars().filter(ch -> ch == '?').count();
  }

  /** The columns of each index of the table, in order. */
  private static Map<String, List<String>> indexes(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    for (String name : Set.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = meta.getIndexInfo(null, c.getSchema(), name, false, false)) {
        while (rs.next()) {
          String index = rs.getString("INDEX_NAME");
          String column = rs.getString("COLUMN_NAME");
          // not H2's own index of a foreign key: the plans guarded are PostgreSQL's
          if (index != null
              && column != null
              && !index.toLowerCase(Locale.ROOT).startsWith("constraint_index")) {
            indexes
                .computeIfAbsent(index.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(column.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    assertThat(indexes).as("the indexes of " + table).isNotEmpty();
    return indexes;
  }
}
