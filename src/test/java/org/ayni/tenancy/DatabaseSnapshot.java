package org.ayni.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The content of every table of the application's schema (all registry and access tables, and any
 * table added later): per table its row count, a hash of its content and its rows, so that two
 * snapshots show whether anything was written and, if so, which rows came and went.
 *
 * <p>Columns that reads legitimately touch (the last use of an API token) are left out.
 */
final class DatabaseSnapshot {

  /** Columns that change without a write by the caller ("table.column", lower case). */
  static final Set<String> VOLATILE_COLUMNS = Set.of("api_token.last_used_at");

  /** Tables that are not data: the migration history. */
  static final Set<String> IGNORED_TABLES = Set.of("flyway_schema_history");

  private final Map<String, Table> tables;

  private DatabaseSnapshot(Map<String, Table> tables) {
    this.tables = tables;
  }

  /** One table: its rows (each rendered as text, sorted) and a hash over them. */
  record Table(String name, List<String> rows, String hash) {

    long count() {
      return rows.size();
    }
  }

  /** Time spent taking snapshots, and how many were taken, for the walker's report. */
  static long nanos;

  static int taken;

  static DatabaseSnapshot take(DataSource dataSource) {
    long start = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      String schema = connection.getSchema();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", null)) {
        while (rs.next()) {
          String type = rs.getString("TABLE_TYPE");
          String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          boolean table = "TABLE".equalsIgnoreCase(type) || "BASE TABLE".equalsIgnoreCase(type);
          if (table && !IGNORED_TABLES.contains(name)) {
            names.add(name);
          }
        }
      }
      if (names.isEmpty()) {
        throw new IllegalStateException("no tables found in schema " + schema);
      }
      Map<String, Table> tables = new TreeMap<>();
      for (String name : names) {
        tables.put(name, read(connection, name));
      }
      return new DatabaseSnapshot(tables);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      nanos += System.nanoTime() - start;
      taken++;
    }
  }

  private static Table read(Connection connection, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select * from " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
          if (VOLATILE_COLUMNS.contains(table + "." + column)) {
            continue;
          }
          row.append(column).append('=').append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return new Table(table, List.copyOf(rows), hash(rows));
  }

  private static String hash(List<String> rows) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String row : rows) {
        digest.update(row.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Set<String> tableNames() {
    return tables.keySet();
  }

  /** Row count and hash per table, for a short comparison. */
  Map<String, String> summary() {
    Map<String, String> summary = new LinkedHashMap<>();
    tables.forEach((name, t) -> summary.put(name, t.count() + " rows, " + t.hash()));
    return summary;
  }

  /** The rows that differ from an earlier snapshot: removed ("- ") and added ("+ "), per table. */
  Map<String, List<String>> changesSince(DatabaseSnapshot before) {
    Map<String, List<String>> changes = new TreeMap<>();
    Set<String> names = new TreeSet<>(tables.keySet());
    names.addAll(before.tables.keySet());
    for (String name : names) {
      Table now = tables.get(name);
      Table then = before.tables.get(name);
      if (now != null && then != null && now.hash().equals(then.hash())) {
        continue;
      }
      List<String> nowRows = now == null ? List.of() : now.rows();
      List<String> thenRows = then == null ? List.of() : then.rows();
      List<String> diff = new ArrayList<>();
      diffInto(thenRows, nowRows, "- ", diff);
      diffInto(nowRows, thenRows, "+ ", diff);
      changes.put(name, diff);
    }
    return changes;
  }

  /** Adds to {@code out} the rows of {@code a} missing from {@code b} (as multisets). */
  private static void diffInto(List<String> a, List<String> b, String prefix, List<String> out) {
    Map<String, Integer> counts = new TreeMap<>();
    b.forEach(row -> counts.merge(row, 1, Integer::sum));
    for (String row : a) {
      Integer n = counts.get(row);
      if (n == null || n == 0) {
        out.add(prefix + row);
      } else {
        counts.put(row, n - 1);
      }
    }
  }
}
