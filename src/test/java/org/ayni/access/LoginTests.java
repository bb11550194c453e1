package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The user interface's door: form login with CSRF, and how passwords are kept. */
@AyniIntegrationTest
class LoginTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PasswordEncoder passwords;

  AccessFixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
  }

  @Test
  void pagesNeedALoginAndTheLoginPageWorks() {
    Http browser = browser();
    Http.Response home = browser.get("/members");
    assertThat(home.status()).isEqualTo(302);
    assertThat(home.header("Location")).endsWith("/login");

    Http.Response login = browser.get("/login");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body())
        .contains("Ingresar a Ayni")
        .contains("name=\"username\"")
        .contains("name=\"password\"");
    assertThat(login.csrfToken()).isNotBlank();

    Http.Response signedIn =
        browser.form(
            "/login",
            Map.of("username", "cepicafe.campo", "password", DemoUsers.PASSWORD),
            login.csrfToken());
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.header("Location")).doesNotContain("error");
    assertThat(browser.get("/members").status()).isEqualTo(200);
  }

  @Test
  void aFailedLoginShowsTheMessage() {
    Http browser = browser();
    Http.Response failed =
        browser.form(
            "/login",
            Map.of("username", "cepicafe.campo", "password", "not-the-password"),
            browser.get("/login").csrfToken());
    assertThat(failed.status()).isEqualTo(302);
    assertThat(failed.header("Location")).endsWith("/login?error");

    Http.Response page = browser.get("/login?error");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Usuario o contraseña incorrectos.");
    // announced, and tied to the fields a screen reader lands on
    assertThat(page.body())
        .contains("id=\"login-error\" role=\"alert\"")
        .containsPattern(
            "id=\"username\"[^>]*aria-describedby=\"login-error\" aria-invalid=\"true\"")
        .containsPattern(
            "id=\"password\"[^>]*aria-describedby=\"login-error\" aria-invalid=\"true\"");
    assertThat(browser.get("/login").body()).doesNotContain("aria-invalid");
    assertThat(browser.get("/members").status()).isEqualTo(302);
    assertThat(browser.get("/login").body()).doesNotContain("Usuario o contraseña incorrectos.");
  }

  @Test
  void tenFailedSignInsLockTheNameForAWhileEvenForTheRightPassword() {
    String username = fixtures.user("cepicafe-canchaque", Role.FIELD_OFFICER);
    Http browser = browser();
    for (int i = 0; i < 10; i++) {
      Http.Response failed =
          browser.form(
              "/login",
              Map.of("username", username, "password", "guess-" + i),
              browser.get("/login").csrfToken());
      assertThat(failed.header("Location")).as("attempt %d", i + 1).endsWith("/login?error");
    }
    Http.Response locked =
        browser.form(
            "/login",
            Map.of("username", username, "password", AccessFixtures.PASSWORD),
            browser.get("/login").csrfToken());
    assertThat(locked.header("Location")).endsWith("/login?locked");
    assertThat(browser.get("/login?locked").body())
        .contains("Demasiados intentos fallidos con este usuario: espere unos minutos");
    assertThat(browser.get("/members").status()).as("not signed in").isEqualTo(302);
    Http.Response basic =
        Http.basic(port, username, AccessFixtures.PASSWORD).language("en").get("/api/v1/me");
    assertThat(basic.status()).as("HTTP Basic alike").isEqualTo(401);
    assertThat(basic.json().path("code").asString()).isEqualTo("error.locked");

    // a name that does not exist is locked alike: the lock does not tell which names exist
    String unknown = AccessFixtures.unique("nobody");
    for (int i = 0; i < 10; i++) {
      Http.basic(port, unknown, "guess-" + i).get("/api/v1/me");
    }
    assertThat(Http.basic(port, unknown, "guess").get("/api/v1/me").json().path("code").asString())
        .isEqualTo("error.locked");
    // another user is not concerned
    assertThat(Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/api/v1/me").status())
        .isEqualTo(200);
  }

  @Test
  void aLoginWithoutCsrfTokenIsRefused() {
    Http browser = browser();
    browser.get("/login");
    Http.Response refused =
        browser.form(
            "/login", Map.of("username", "cepicafe.campo", "password", DemoUsers.PASSWORD), null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(browser.get("/members").status()).isEqualTo(302);
  }

  @Test
  void passwordsAreStoredAsBcryptHashesNeverAsText() {
    String username = fixtures.user("agroandino", Role.AUDITOR);
    String hash =
        jdbc.sql("select password_hash from app_user where username = ?")
            .param(username)
            .query(String.class)
            .single();
    assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(AccessFixtures.PASSWORD);
    assertThat(passwords.matches(AccessFixtures.PASSWORD, hash)).isTrue();
    assertThat(passwords.matches("another-password", hash)).isFalse();

    List<String> demoHashes =
        jdbc.sql("select password_hash from app_user where username in (:names)")
            .param("names", DemoUsers.ALL.stream().map(DemoUsers.DemoUser::username).toList())
            .query(String.class)
            .list();
    assertThat(demoHashes).hasSize(DemoUsers.ALL.size());
    assertThat(demoHashes)
        .allSatisfy(h -> assertThat(h).startsWith("{bcrypt}").doesNotContain(DemoUsers.PASSWORD));
    assertThat(
            jdbc.sql("select count(*) from app_user where password_hash like ?")
                .param("%" + AccessFixtures.PASSWORD + "%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aDisabledUserCannotSignInAndLosesTheirSession() {
    String username = fixtures.user("cepicafe", Role.FIELD_OFFICER);
    Http session = Http.session(port, username, AccessFixtures.PASSWORD);
    assertThat(session.get("/members").status()).isEqualTo(200);

    assertThat(
            fixtures
                .platformAdmin()
                .post("/api/v1/users/" + fixtures.userId(username) + "/disable", "")
                .status())
        .isEqualTo(200);

    Http.Response after = session.get("/members");
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.header("Location")).endsWith("/login");
    Http browser = browser();
    Http.Response failed =
        browser.form(
            "/login",
            Map.of("username", username, "password", AccessFixtures.PASSWORD),
            browser.get("/login").csrfToken());
    assertThat(failed.header("Location")).endsWith("/login?error");
  }

  private Http browser() {
    return Http.browser(port);
  }
}
