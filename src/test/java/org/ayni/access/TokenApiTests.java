package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A user's own API tokens over REST: create, list, revoke, and what is kept of them. */
@AyniIntegrationTest
class TokenApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  AccessFixtures fixtures;
  String owner;
  Http api;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
    owner = fixtures.user("cepicafe", Role.FIELD_OFFICER);
    api = Http.basic(port, owner, AccessFixtures.PASSWORD);
  }

  @Test
  void createsListsAndRevokesTokensAndAuditsBoth() {
    Http.Response created =
        api.post("/api/v1/tokens", Map.of("name", "Balanza de acopio", "expiresInDays", 90));
    assertThat(created.status()).isEqualTo(201);
    JsonNode token = created.json();
    String id = token.path("id").asString();
    assertThat(created.header("Location")).endsWith("/api/v1/tokens/" + id);
    assertThat(token.path("name").asString()).isEqualTo("Balanza de acopio");
    assertThat(token.path("secret").asString()).startsWith(token.path("prefix").asString());
    assertThat(OffsetDateTimes.daysBetween(token.path("createdAt"), token.path("expiresAt")))
        .isEqualTo(90);

    JsonNode listed = api.get("/api/v1/tokens").json();
    assertThat(listed.findValuesAsString("id")).contains(id);
    assertThat(listed.findValues("secret")).isEmpty();
    JsonNode mine = listed.get(listed.findValuesAsString("id").indexOf(id));
    assertThat(mine.path("live").asBoolean()).isTrue();

    assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    JsonNode revoked = api.get("/api/v1/tokens/" + id).json();
    assertThat(revoked.path("live").asBoolean(true)).isFalse();
    assertThat(revoked.path("revokedAt").isNull()).isFalse();
    // Revoking again changes nothing.
    assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);

    assertThat(fixtures.audits("api_token", id, "create")).isEqualTo(1);
    assertThat(fixtures.audits("api_token", id, "revoke")).isEqualTo(1);
  }

  @Test
  void someoneElsesTokenIsNotFoundAndStaysLive() {
    JsonNode token = fixtures.token(owner, null);
    String id = token.path("id").asString();
    Http other =
        Http.basic(port, fixtures.user("cepicafe", Role.ORG_ADMIN), AccessFixtures.PASSWORD);

    Http.Response refused = other.language("en").delete("/api/v1/tokens/" + id);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().path("detail").asString())
        .isEqualTo("This token does not exist or is not yours.");
    assertThat(other.get("/api/v1/tokens/" + id).status()).isEqualTo(404);
    assertThat(other.get("/api/v1/tokens").json().findValuesAsString("id")).doesNotContain(id);
    assertThat(
            Http.basic(port, "admin", org.ayni.demo.DemoUsers.PASSWORD)
                .delete("/api/v1/tokens/" + id)
                .status())
        .isEqualTo(404);

    assertThat(Http.bearer(port, token.path("secret").asString()).get("/api/v1/me").status())
        .isEqualTo(200);
  }

  @Test
  void onlyAHashOfTheSecretIsStored() throws Exception {
    JsonNode token = fixtures.token(owner, 7);
    String secret = token.path("secret").asString();

    Map<String, Object> row =
        jdbc.sql("select * from api_token where id = ?")
            .param(UUID.fromString(token.path("id").asString()))
            .query()
            .singleRow();
    for (Object value : row.values()) {
      assertThat(String.valueOf(value)).doesNotContain(secret);
    }
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
    assertThat(row.get("token_hash")).isEqualTo(sha256);
    assertThat(secret).startsWith((String) row.get("token_prefix"));
    assertThat((String) row.get("token_prefix")).hasSizeLessThan(secret.length() / 3);
  }

  @Test
  void aNamelessTokenOrABadLifetimeIsRefusedAndNothingIsWritten() {
    long before = tokensOf(owner);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", " ");
    body.put("expiresInDays", 0);

    Http.Response refused = api.language("en").post("/api/v1/tokens", body);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = refused.json().path("errors");
    assertThat(errors.findValuesAsString("field"))
        .containsExactlyInAnyOrder("name", "expiresInDays");
    assertThat(errors.findValuesAsString("message")).contains("This is required.");
    assertThat(tokensOf(owner)).isEqualTo(before);
  }

  private long tokensOf(String username) {
    return jdbc.sql("select count(*) from api_token where user_id = ?")
        .param(UUID.fromString(fixtures.userId(username)))
        .query(Long.class)
        .single();
  }

  /** Reads the timestamps of the API. */
  static final class OffsetDateTimes {
    static long daysBetween(JsonNode from, JsonNode to) {
      return java.time.Duration.between(
              java.time.OffsetDateTime.parse(from.asString()),
              java.time.OffsetDateTime.parse(to.asString()))
          .toDays();
    }
  }
}
