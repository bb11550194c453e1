package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The account page: the user's roles and tokens, a new token's secret shown once, CSRF. */
@AyniIntegrationTest
class TokenPagesTests {

  private static final Pattern SECRET = Pattern.compile("id=\"token-secret\">(ayni_[^<]+)<");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  AccessFixtures fixtures;
  String owner;
  Http session;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
    owner = fixtures.user("cepicafe", Role.ORG_ADMIN);
    session = Http.session(port, owner, AccessFixtures.PASSWORD);
  }

  @Test
  void showsTheRolesIncludingInheritedOnesAndTheTokens() {
    Http.Response page = session.get("/account/tokens");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(owner)
        .contains("Administrador/a de la organización")
        .contains("Heredado de la organización superior")
        .contains("Aún no ha creado ningún token.");
  }

  @Test
  void aNewTokensSecretIsShownOnceAndWorks() {
    String name = AccessFixtures.unique("Script");
    Http.Response created =
        session.submit(
            "/account/tokens", "/account/tokens", Map.of("name", name, "expiresInDays", "30"));

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body()).contains("no se volverá a mostrar");
    assertThat(created.header("Cache-Control")).contains("no-store");
    Matcher matcher = SECRET.matcher(created.body());
    assertThat(matcher.find()).isTrue();
    String secret = matcher.group(1);
    assertThat(tokensNamed(name)).isEqualTo(1);

    Http.Response later = session.get("/account/tokens");
    assertThat(later.body())
        .contains(name)
        .contains(secret.substring(0, 12))
        .doesNotContain(secret);
    assertThat(later.body()).doesNotContain("token-secret");

    Http.Response me = Http.bearer(port, secret).get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("username").asString()).isEqualTo(owner);
  }

  @Test
  void aTokenIsRevokedFromThePage() {
    String id = fixtures.token(owner, null).path("id").asString();

    Http.Response revoked =
        session.submit("/account/tokens", "/account/tokens/" + id + "/revoke", Map.of());

    assertThat(revoked.status()).isEqualTo(302);
    assertThat(revoked.header("Location")).endsWith("/account/tokens");
    assertThat(
            jdbc.sql("select revoked_at is not null from api_token where id = ?")
                .param(UUID.fromString(id))
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(session.get("/account/tokens").body()).contains("Revocado el");
  }

  @Test
  void aPostWithoutCsrfTokenIsForbiddenAndWritesNothing() {
    String name = AccessFixtures.unique("NoCsrf");
    Http.Response refused = session.form("/account/tokens", Map.of("name", name), null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(tokensNamed(name)).isZero();

    String id = fixtures.token(owner, null).path("id").asString();
    Http.Response revoke = session.form("/account/tokens/" + id + "/revoke", Map.of(), null);
    assertThat(revoke.status()).isEqualTo(403);
    assertThat(
            jdbc.sql("select revoked_at is null from api_token where id = ?")
                .param(UUID.fromString(id))
                .query(Boolean.class)
                .single())
        .isTrue();

    Http.Response withToken =
        session.submit("/account/tokens", "/account/tokens", Map.of("name", name));
    assertThat(withToken.status()).isEqualTo(200);
    assertThat(tokensNamed(name)).isEqualTo(1);
  }

  @Test
  void problemsAreShownBesideTheFieldsAndNothingIsWritten() {
    long before = tokensNamed("");
    Http.Response refused =
        session.submit(
            "/account/tokens", "/account/tokens", Map.of("name", "", "expiresInDays", "99999"));
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .contains("Este dato es obligatorio.")
        .contains("Debe estar entre 1 y")
        .doesNotContain("token-secret");
    assertThat(tokensNamed("")).isEqualTo(before);
  }

  private long tokensNamed(String name) {
    return jdbc.sql("select count(*) from api_token where name = ?")
        .param(name)
        .query(Long.class)
        .single();
  }
}
