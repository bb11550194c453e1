package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A withdrawal of an own factor waits for a factor of the same product being recorded, and then
 * finds that the one it meant to withdraw no longer applies: it does not withdraw the new one
 * unseen (review of 2026-12-07b, item 3).
 */
@AyniIntegrationTest
class FactorWithdrawalRaceTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired DataSource dataSource;

  @Test
  void aWithdrawalWaitsForAFactorBeingRecordedAndDoesNotWithdrawItUnseen() throws Exception {
    TraceFixtures f = TraceFixtures.create(context);
    Http admin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response set =
        admin.post("/api/v1/conversion-factors", f.dryFactor("DRYING", 0.42, "Vieja " + f.tag));
    assertThat(set.status()).as(set.body()).isEqualTo(201);
    String first = set.json().path("id").asString();

    Http.Response withdrawn;
    try (Connection recording = dataSource.getConnection()) {
      // another administrator records a newer version, as ConversionFactors.set does: the
      // product locked, the row written, not committed yet
      recording.setAutoCommit(false);
      try (PreparedStatement lock =
          recording.prepareStatement("select id from trace_product where id = ? for update")) {
        lock.setObject(1, f.dry.id());
        lock.executeQuery().close();
      }
      try (PreparedStatement insert =
          recording.prepareStatement(
              "insert into conversion_factor (id, organisation_id, product_id, step, max_yield,"
                  + " verification, source, recorded_at, recorded_by, withdrawn)"
                  + " values (?, ?, ?, ?, ?, 'P', ?, ?, 'other.admin', false)")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, f.cepicafe);
        insert.setObject(3, f.dry.id());
        insert.setString(4, TraceStep.DRYING.bizStep());
        insert.setBigDecimal(5, new java.math.BigDecimal("0.41"));
        insert.setString(6, "Nueva " + f.tag);
        insert.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
        insert.executeUpdate();
      }
      CompletableFuture<Http.Response> withdrawal =
          CompletableFuture.supplyAsync(
              () -> admin.post("/api/v1/conversion-factors/" + first + "/withdrawal", Map.of()));
      Thread.sleep(1500);
      assertThat(withdrawal).as("it waits for the factor being recorded").isNotDone();
      recording.commit();
      withdrawn = withdrawal.get(30, TimeUnit.SECONDS);
    }

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(400);
    assertThat(withdrawn.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.factor.not-standing");
  }
}
