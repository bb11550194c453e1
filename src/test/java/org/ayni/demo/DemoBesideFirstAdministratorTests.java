package org.ayni.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo data loads into a database where the first platform administrator was just made from
 * {@code AYNI_ADMIN_USERNAME} (as README's PostgreSQL instructions with the demo profile do), even
 * when it has the demo administrator's name: that account keeps its own password, and the other
 * demo users are made.
 */
@AyniIntegrationTest
@TestPropertySource(
    properties = {
      TestDatabase.SCHEMA_SUFFIX + "=first_admin",
      "ayni.admin.username=admin",
      "ayni.admin.password=" + DemoBesideFirstAdministratorTests.PASSWORD
    })
class DemoBesideFirstAdministratorTests {

  static final String PASSWORD = "first administrator 2026";

  @LocalServerPort int port;

  @Test
  void theDemoLoadsAndTheFirstAdministratorKeepsItsPassword() {
    assertThat(Http.basic(port, "admin", PASSWORD).get("/api/v1/organisations").status())
        .isEqualTo(200);
    assertThat(Http.basic(port, "admin", DemoUsers.PASSWORD).get("/api/v1/organisations").status())
        .isEqualTo(401);
    assertThat(
            Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
                .get("/api/v1/organisations")
                .json()
                .path("items")
                .findValuesAsString("code"))
        .contains("cepicafe");
  }
}
