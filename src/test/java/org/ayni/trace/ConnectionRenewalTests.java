package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes keep passing the schema's CHECK constraints after the pool has renewed every connection,
 * as it does when connections reach their maximum lifetime (30 minutes). H2 2.4.240 bound an {@code
 * IN} check to the session that created it: once the connection Flyway migrated with was retired,
 * every insert of a lot failed with "Check constraint invalid … The database has been closed"
 * (found by the benchmark after 28 minutes of capture).
 */
@AyniIntegrationTest
class ConnectionRenewalTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  @Test
  void aLotIsStillRecordedAfterThePoolRenewedEveryConnection() throws Exception {
    TraceFixtures f = TraceFixtures.create(context);
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    // Closes every idle connection now, the others when they come back: the pool opens new ones.
    pool.getHikariPoolMXBean().softEvictConnections();

    Http.Response created =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .language("en")
            .post("/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "RENEW-" + f.tag, 40));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(
            jdbc.sql("select kind from lot where code = ?")
                .param("RENEW-" + f.tag)
                .query(String.class)
                .single())
        .isEqualTo("LOT");
  }
}
