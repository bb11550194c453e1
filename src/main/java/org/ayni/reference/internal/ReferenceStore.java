package org.ayni.reference.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.ayni.reference.ReferenceValue;
import org.ayni.reference.Verification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reference values in table {@code reference_value}; rows are only ever added. */
@Repository
public class ReferenceStore {

  private static final String COLUMNS =
      """
      id, value_key, numeric_value, text_value, unit, valid_from, valid_to, verification, source,
      note, recorded_at, recorded_by""";

  private final JdbcClient jdbc;

  ReferenceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<String> keys() {
    return jdbc.sql("select distinct value_key from reference_value order by value_key")
        .query(String.class)
        .list();
  }

  /** Every version of a key, latest start first. */
  public List<ReferenceValue> history(String key) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from reference_value where value_key = ? order by valid_from desc")
        .param(key)
        .query(
            (rs, n) ->
                new ReferenceValue(
                    rs.getObject("id", UUID.class),
                    rs.getString("value_key"),
                    rs.getObject("numeric_value", BigDecimal.class),
                    rs.getString("text_value"),
                    rs.getString("unit"),
                    rs.getObject("valid_from", LocalDate.class),
                    rs.getObject("valid_to", LocalDate.class),
                    Verification.valueOf(rs.getString("verification")),
                    rs.getString("source"),
                    rs.getString("note"),
                    rs.getObject("recorded_at", OffsetDateTime.class),
                    rs.getString("recorded_by")))
        .list();
  }

  public void insert(ReferenceValue v) {
    jdbc.sql("insert into reference_value (" + COLUMNS + ") values (" + "?, ".repeat(11) + "?)")
        .params(
            v.id(),
            v.key(),
            v.numericValue(),
            v.textValue(),
            v.unit(),
            v.validFrom(),
            v.validTo(),
            v.verification().name(),
            v.source(),
            v.note(),
            v.recordedAt(),
            v.recordedBy())
        .update();
  }
}
