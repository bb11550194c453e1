package org.ayni.trace.internal;

import java.util.Locale;
import java.util.StringJoiner;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL planner settings for the current transaction only ({@code set_config(…, true)}), in
 * one round trip; nothing on H2, which has no such settings. The capture and trace paths use them
 * where the planner's general choice is measurably wrong for their reads (see the callers).
 */
@Component
class TransactionSettings {

  private final JdbcTemplate template;
  private volatile Boolean postgres;

  TransactionSettings(JdbcTemplate template) {
    this.template = template;
  }

  /** Whether the database is PostgreSQL. */
  boolean postgres() {
    Boolean known = postgres;
    if (known == null) {
      known =
          template.execute(
              (ConnectionCallback<Boolean>)
                  c ->
                      c.getMetaData()
                          .getDatabaseProductName()
                          .toLowerCase(Locale.ROOT)
                          .contains("postgres"));
      postgres = known;
    }
    return Boolean.TRUE.equals(known);
  }

  /**
   * Sets settings, given as name and value pairs, until the end of the current transaction (on
   * PostgreSQL; nothing elsewhere). Outside a transaction they would last one statement: callers
   * hold one.
   */
  void set(String... namesAndValues) {
    if (namesAndValues.length == 0 || namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("settings come as name and value pairs");
    }
    if (!postgres()) {
      return;
    }
    StringJoiner calls = new StringJoiner(", ", "select ", "");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      calls.add("set_config(?, ?, true)");
    }
    template.queryForList(calls.toString(), (Object[]) namesAndValues);
  }
}
