package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The demo data holds Cepicafe's cacao chain from twelve deliveries to a chocolatier. */
@AyniIntegrationTest
class TraceDemoTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void theDemoChainRunsFromMembersDeliveriesToAShipmentToAChocolatier() {
    Optional<UUID> export =
        jdbc.sql(
                """
                select l.id from lot l join organisation o on o.id = l.organisation_id
                where o.code = 'cepicafe' and l.code = 'EXP-2026-001'""")
            .query(UUID.class)
            .optional();
    assertThat(export).isPresent();

    Http auditor = Http.basic(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    JsonNode back = auditor.get("/api/v1/lots/" + export.get() + "/backward").json();
    assertThat(back.path("receipts")).hasSize(12);
    assertThat(back.path("members")).hasSize(12);
    assertThat(back.path("plots")).hasSize(12);
    assertThat(back.path("receiptShare").asDouble()).isCloseTo(1.0, within(1e-9));
    assertThat(back.path("lots").findValuesAsString("code"))
        .contains("FER-01", "FER-02", "SEC-01", "SEC-02", "ENT-001", "ENT-012");
    JsonNode lot = auditor.get("/api/v1/lots/" + export.get()).json().path("lot");
    assertThat(lot.path("identifier").asString()).startsWith("https://id.gs1.org/01/0775123400001");
    assertThat(lot.path("stock").asDouble()).isZero();
    JsonNode forward =
        auditor
            .get(
                "/api/v1/lots/"
                    + back.path("receipts").get(0).path("lotId").asString()
                    + "/forward")
            .json();
    assertThat(forward.path("shipments").findValuesAsString("destinationName"))
        .containsExactly("Chocolaterie Artisanale Demo (Bruxelles)");
    JsonNode timeline = auditor.get("/api/v1/lots/" + export.get() + "/events").json();
    assertThat(timeline.findValuesAsString("bizStep"))
        .containsExactly(TraceStep.MERGING.bizStep(), "inspecting", "shipping");
    assertThat(timeline.get(1).path("measurements").path("ayni:moisturePercent").asString())
        .isEqualTo("6.9");
  }
}
