package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/me: who the caller is and their effective role in each organisation. */
@AyniIntegrationTest
class MeApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void aCentralAdminInheritsTheRoleInEveryBaseOrganisation() {
    AccessFixtures fixtures = new AccessFixtures(port, jdbc);
    JsonNode me = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD).get("/api/v1/me").json();

    assertThat(me.path("username").asString()).isEqualTo("cepicafe.admin");
    assertThat(me.path("displayName").asString()).isEqualTo("Rosa Chumacero (Cepicafe)");
    assertThat(me.path("platformAdmin").asBoolean(true)).isFalse();
    JsonNode central = role(me, fixtures.organisationId("cepicafe"));
    assertThat(central.path("role").asString()).isEqualTo("ORG_ADMIN");
    assertThat(central.path("inherited").asBoolean(true)).isFalse();
    assertThat(central.path("organisationCode").asString()).isEqualTo("cepicafe");

    JsonNode base = role(me, fixtures.organisationId("cepicafe-chulucanas"));
    assertThat(base.path("role").asString()).isEqualTo("ORG_ADMIN");
    assertThat(base.path("inherited").asBoolean()).isTrue();
    assertThat(base.path("organisationName").asString()).isNotBlank();
    // Cepicafe and its base organisations (other tests may add more), nothing of anyone else.
    assertThat(me.path("roles").findValuesAsString("organisationCode"))
        .contains(
            "cepicafe-montero",
            "cepicafe-lalaquiz",
            "cepicafe-canchaque",
            "cepicafe-chulucanas",
            "cepicafe-buenos-aires",
            "cepicafe-salitral",
            "cepicafe-santa-catalina",
            "cepicafe-la-quemazon",
            "cepicafe-frias")
        .doesNotContain("agroandino", "agroandino-celendin", "red-social", "royal-knit", "tdc");
    assertThat(me.path("roles").findValuesAsString("role")).containsOnly("ORG_ADMIN");
    assertThat(me.path("roles").findValues("inherited").stream().filter(i -> !i.asBoolean()))
        .hasSize(1);
  }

  @Test
  void theHigherRoleWinsWhereADirectAndAnInheritedRoleMeet() {
    AccessFixtures fixtures = new AccessFixtures(port, jdbc);
    String username = fixtures.user("cepicafe", Role.AUDITOR);
    String base = fixtures.organisationId("cepicafe-montero");
    fixtures
        .platformAdmin()
        .put(
            "/api/v1/users/" + fixtures.userId(username) + "/roles/" + base,
            java.util.Map.of("role", "FIELD_OFFICER"));

    JsonNode me = Http.basic(port, username, AccessFixtures.PASSWORD).get("/api/v1/me").json();

    assertThat(role(me, base).path("role").asString()).isEqualTo("FIELD_OFFICER");
    assertThat(role(me, base).path("inherited").asBoolean(true)).isFalse();
    JsonNode other = role(me, fixtures.organisationId("cepicafe-frias"));
    assertThat(other.path("role").asString()).isEqualTo("AUDITOR");
    assertThat(other.path("inherited").asBoolean()).isTrue();
  }

  @Test
  void thePlatformAdminIsSaidToBeOne() {
    JsonNode me = Http.basic(port, "admin", DemoUsers.PASSWORD).get("/api/v1/me").json();
    assertThat(me.path("platformAdmin").asBoolean()).isTrue();
  }

  private static JsonNode role(JsonNode me, String organisationId) {
    for (JsonNode role : me.path("roles")) {
      if (role.path("organisationId").asString().equals(organisationId)) {
        return role;
      }
    }
    throw new AssertionError("no role in " + organisationId + ": " + me);
  }
}
