package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** A failed capture logs the database's own error, which a JDBC batch keeps out of the trace. */
class HiddenCausesTests {

  @Test
  void findsTheNextExceptionsOfABatchAnywhereInTheCauseChain() {
    SQLException own = new SQLException("value too long for column kind", "22001");
    SQLException second = new SQLException("current transaction is aborted", "25P02");
    own.setNextException(second);
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 3 was aborted", "22001", 0, new int[0]);
    batch.setNextException(own);
    RuntimeException failure =
        new IllegalStateException(
            "capture", new DataIntegrityViolationException("insert into lot", batch));

    assertThat(EpcisCapture.hiddenCauses(failure)).containsExactly(own, second);
  }

  @Test
  void findsNothingWhenNoSqlErrorIsHidden() {
    SQLException plain = new SQLException("connection refused");
    assertThat(EpcisCapture.hiddenCauses(new IllegalStateException("x", plain))).isEmpty();
    assertThat(EpcisCapture.hiddenCauses(new IllegalStateException("no database"))).isEmpty();
  }
}
