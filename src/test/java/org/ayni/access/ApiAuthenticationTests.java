package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The API door: bearer tokens and HTTP Basic, no session, and a 401 in problem JSON for anything
 * else.
 */
@AyniIntegrationTest
class ApiAuthenticationTests {

  private static final String UNAUTHORIZED_ES =
      "Envíe un token de API (Authorization: Bearer) o usuario y contraseña (HTTP Basic): la API"
          + " no usa la sesión de las páginas.";
  private static final String UNAUTHORIZED_EN =
      "Send an API token (Authorization: Bearer) or a username and password (HTTP Basic): the"
          + " API does not use the pages’ session.";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  AccessFixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
  }

  @Test
  void aBearerTokenActsAsItsOwnerAndRecordsItsUse() {
    String username = fixtures.user("cepicafe", Role.FIELD_OFFICER);
    JsonNode token = fixtures.token(username, null);
    String secret = token.path("secret").asString();
    assertThat(secret).startsWith("ayni_").hasSizeGreaterThan(40);

    Http bearer = Http.bearer(port, secret);
    Http.Response me = bearer.get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("username").asString()).isEqualTo(username);
    assertThat(bearer.get("/api/v1/members").status()).isEqualTo(200);

    JsonNode listed = bearer.get("/api/v1/tokens/" + token.path("id").asString()).json();
    assertThat(listed.path("lastUsedAt").isNull()).isFalse();
    assertThat(listed.has("secret")).isFalse();
  }

  @Test
  void aTokensUseIsRecordedAtMostOnceAMinute() {
    String username = fixtures.user("cepicafe", Role.FIELD_OFFICER);
    JsonNode token = fixtures.token(username, null);
    UUID id = UUID.fromString(token.path("id").asString());
    Http bearer = Http.bearer(port, token.path("secret").asString());
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);
    OffsetDateTime first = lastUsed(id);
    assertThat(first).isNotNull();

    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(lastUsed(id)).as("used again within the minute").isEqualTo(first);

    OffsetDateTime earlier = first.minusMinutes(2);
    jdbc.sql("update api_token set last_used_at = ? where id = ?").params(earlier, id).update();
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(lastUsed(id)).as("used again a minute later").isAfter(earlier.plusMinutes(1));
  }

  private OffsetDateTime lastUsed(UUID token) {
    return jdbc.sql("select last_used_at from api_token where id = ?")
        .param(token)
        .query(OffsetDateTime.class)
        .single();
  }

  @Test
  void anUnknownTokenIsRefusedWithProblemJsonInTheCallersLanguage() {
    Http.Response spanish =
        Http.bearer(port, "ayni_" + UUID.randomUUID()).language("es").get("/api/v1/me");
    assertUnauthorized(spanish, UNAUTHORIZED_ES);

    Http.Response english =
        Http.bearer(port, "ayni_" + UUID.randomUUID()).language("en").get("/api/v1/members");
    assertUnauthorized(english, UNAUTHORIZED_EN);

    assertUnauthorized(
        Http.bearer(port, "not-a-token").language("es").get("/api/v1/me"), UNAUTHORIZED_ES);
  }

  @Test
  void aRevokedTokenIsRefused() {
    String username = fixtures.user("cepicafe", Role.AUDITOR);
    JsonNode token = fixtures.token(username, 30);
    Http bearer = Http.bearer(port, token.path("secret").asString()).language("en");
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);

    Http.Response revoked = bearer.delete("/api/v1/tokens/" + token.path("id").asString());
    assertThat(revoked.status()).isEqualTo(204);

    assertUnauthorized(bearer.get("/api/v1/me"), UNAUTHORIZED_EN);
    assertUnauthorized(bearer.get("/api/v1/organisations"), UNAUTHORIZED_EN);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String username = fixtures.user("agroandino", Role.AUDITOR);
    JsonNode token = fixtures.token(username, 1);
    Http bearer = Http.bearer(port, token.path("secret").asString()).language("es");
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);

    jdbc.sql("update api_token set expires_at = ? where id = ?")
        .params(
            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
            UUID.fromString(token.path("id").asString()))
        .update();

    assertUnauthorized(bearer.get("/api/v1/me"), UNAUTHORIZED_ES);
    JsonNode listed =
        Http.basic(port, username, AccessFixtures.PASSWORD).get("/api/v1/tokens").json();
    assertThat(listed.get(0).path("live").asBoolean(true)).isFalse();
  }

  @Test
  void httpBasicWorksAndAWrongPasswordIsRefused() {
    Http.Response me = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("username").asString()).isEqualTo("cepicafe.campo");

    assertUnauthorized(
        Http.basic(port, "cepicafe.campo", "wrong-password").language("en").get("/api/v1/me"),
        UNAUTHORIZED_EN);
    assertUnauthorized(
        Http.basic(port, "nobody-" + UUID.randomUUID(), DemoUsers.PASSWORD)
            .language("en")
            .get("/api/v1/members"),
        UNAUTHORIZED_EN);
  }

  @Test
  void withoutCredentialsTheApiAnswers401AndAsksForThem() {
    Http.Response response = Http.anonymous(port).language("es").get("/api/v1/members");
    assertUnauthorized(response, UNAUTHORIZED_ES);
    assertThat(response.header("WWW-Authenticate")).contains("Bearer").contains("Basic");
  }

  @Test
  void theApiIgnoresTheSessionCookieOfTheUserInterface() {
    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    assertThat(session.get("/").status()).isEqualTo(200);

    Http.Response api = session.language("es").get("/api/v1/me");
    assertUnauthorized(api, UNAUTHORIZED_ES);
    assertThat(session.get("/api/v1/members").status()).isEqualTo(401);
    // The API creates no session either: a successful call sets no cookie.
    assertThat(
            Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
                .get("/api/v1/me")
                .header("Set-Cookie"))
        .isEmpty();
  }

  @Test
  void aDisabledUserCanUseNeitherBasicNorTokensUntilEnabledAgain() {
    String username = fixtures.user("cepicafe-chulucanas", Role.FIELD_OFFICER);
    String id = fixtures.userId(username);
    Http bearer = Http.bearer(port, fixtures.token(username, null).path("secret").asString());
    Http basic = Http.basic(port, username, AccessFixtures.PASSWORD);
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);

    Http cepicafeAdmin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response disabled = cepicafeAdmin.post("/api/v1/users/" + id + "/disable", "");
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().path("enabled").asBoolean(true)).isFalse();

    assertThat(basic.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(401);

    assertThat(cepicafeAdmin.post("/api/v1/users/" + id + "/enable", "").status()).isEqualTo(200);
    assertThat(basic.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(bearer.get("/api/v1/me").status()).isEqualTo(200);
  }

  private static void assertUnauthorized(Http.Response response, String detail) {
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.json().path("status").asInt()).isEqualTo(401);
    assertThat(response.json().path("detail").asString()).isEqualTo(detail);
  }
}
