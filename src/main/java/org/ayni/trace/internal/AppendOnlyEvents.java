package org.ayni.trace.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * H2's trigger of the append-only event log (migration V44 in db/vendor/h2; PostgreSQL's V44 is a
 * PL/pgSQL function with the same rule): deleting an event is refused, and so is changing its
 * sequence number, organisation, eventID, whether it declares an error, its record time or its
 * body. The columns queries filter on may be indexed anew.
 */
public class AppendOnlyEvents implements Trigger {

  /** The columns that say what an event is, who recorded it and when. */
  static final List<String> KEPT =
      List.of("SEQ", "ORGANISATION_ID", "EVENT_ID", "ERROR_DECLARED", "RECORD_TIME", "BODY");

  private final List<Integer> kept = new ArrayList<>();

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type)
      throws SQLException {
    try (PreparedStatement columns =
        conn.prepareStatement(
            "select column_name, ordinal_position from information_schema.columns"
                + " where table_schema = ? and table_name = ?")) {
      columns.setString(1, schemaName);
      columns.setString(2, tableName);
      try (ResultSet rs = columns.executeQuery()) {
        while (rs.next()) {
          if (KEPT.contains(rs.getString(1).toUpperCase(Locale.ROOT))) {
            kept.add(rs.getInt(2) - 1);
          }
        }
      }
    }
    if (kept.size() != KEPT.size()) {
      throw new SQLException("epcis_event lacks one of " + KEPT + ": found " + kept);
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if (newRow == null) {
      throw refused("DELETE");
    }
    for (int column : kept) {
      if (!Objects.deepEquals(oldRow[column], newRow[column])) {
        throw refused("UPDATE");
      }
    }
  }

  private static SQLException refused(String operation) {
    return new SQLException(
        "the event log is append-only: "
            + operation
            + " of an event is refused (correct an event by declaring it erroneous)",
        "55000");
  }
}
