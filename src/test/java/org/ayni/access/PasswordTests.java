package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Passwords: a user changes their own with the current one, on the account page or the API; an
 * administrator sets a new one for a user of organisations they administer who forgot theirs.
 * Refusals say why beside the field and change nothing; every change is audited, without secrets.
 */
@AyniIntegrationTest
class PasswordTests {

  private static final String NEW = "a-new-long-passphrase";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  AccessFixtures fixtures;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
  }

  private int status(String username, String password) {
    return Http.basic(port, username, password).get("/api/v1/me").status();
  }

  @Test
  void aUserChangesTheirOwnPasswordOnTheAccountPageWithTheCurrentOne() {
    String username = fixtures.user("cepicafe-canchaque", Role.FIELD_OFFICER);
    Http session = Http.session(port, username, AccessFixtures.PASSWORD);
    String page = "/account/tokens";
    assertThat(session.get(page).body())
        .contains("id=\"password-form\"", "Contraseña actual", "autocomplete=\"current-password\"");

    Map<String, Map<String, String>> refusals =
        Map.of(
            "La contraseña actual no es correcta.", form("not-the-password", NEW, NEW),
            "No coincide con la contraseña nueva.", form(AccessFixtures.PASSWORD, NEW, NEW + "x"),
            "La contraseña debe tener al menos", form(AccessFixtures.PASSWORD, "short", "short"),
            "La contraseña nueva es la misma de ahora.",
                form(AccessFixtures.PASSWORD, AccessFixtures.PASSWORD, AccessFixtures.PASSWORD));
    refusals.forEach(
        (message, form) -> {
          Http.Response refused = session.submit(page, "/account/password", form);
          assertThat(refused.status()).as(message).isEqualTo(200);
          assertThat(refused.body())
              .as(message)
              .contains("has-error", message)
              .as("no password is written back into the page")
              .doesNotContain(NEW, "not-the-password");
        });
    assertThat(status(username, AccessFixtures.PASSWORD)).as("nothing changed").isEqualTo(200);

    Http.Response changed =
        session.submit(page, "/account/password", form(AccessFixtures.PASSWORD, NEW, NEW));
    assertThat(changed.status()).isEqualTo(302);
    assertThat(session.get(page).body()).contains("Su contraseña se cambió.");
    assertThat(status(username, AccessFixtures.PASSWORD)).isEqualTo(401);
    assertThat(status(username, NEW)).isEqualTo(200);
    assertThat(fixtures.audits("user", fixtures.userId(username), "password")).isOne();
    assertThat(
            jdbc.sql("select count(*) from audit_event where details like ? or details like ?")
                .params("%" + NEW + "%", "%" + AccessFixtures.PASSWORD + "%")
                .query(Long.class)
                .single())
        .as("no password in the audit trail")
        .isZero();
  }

  @Test
  void theApiChangesTheCallersPasswordWithTheCurrentOne() {
    String username = fixtures.user("cepicafe-canchaque", Role.FIELD_OFFICER);
    Http api = Http.basic(port, username, AccessFixtures.PASSWORD).language("en");
    Map<String, Object> body = new HashMap<>();
    body.put("currentPassword", "wrong-password-given");
    body.put("password", NEW);
    Http.Response refused = api.put("/api/v1/me/password", body);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("currentPassword");
    assertThat(refused.json().at("/errors/0/message").asString())
        .isEqualTo("That is not the current password.");

    body.put("currentPassword", AccessFixtures.PASSWORD);
    assertThat(api.put("/api/v1/me/password", body).status()).isEqualTo(204);
    assertThat(status(username, NEW)).isEqualTo(200);
  }

  @Test
  void anAdministratorSetsANewPasswordForAUserOfTheirOrganisationsOnly() {
    String username = fixtures.user("cepicafe-canchaque", Role.FIELD_OFFICER);
    String id = fixtures.userId(username);
    Map<String, Object> body = Map.of("password", NEW);

    // another organisation's administrator does not find the user; a field officer administers
    // nothing
    Map<String, Integer> outsiders = Map.of("agroandino.admin", 404, "cepicafe.campo", 403);
    outsiders.forEach(
        (outsider, refusal) ->
            assertThat(
                    Http.basic(port, outsider, DemoUsers.PASSWORD)
                        .put("/api/v1/users/" + id + "/password", body)
                        .status())
                .as(outsider)
                .isEqualTo(refusal));
    String self = fixtures.userId("cepicafe.admin");
    Http.Response own =
        Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD)
            .put("/api/v1/users/" + self + "/password", body);
    assertThat(own.status())
        .as("one's own, with the current one, on the account page")
        .isEqualTo(403);
    assertThat(status(username, AccessFixtures.PASSWORD)).isEqualTo(200);

    Http admin = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String page = "/admin/users/" + id;
    assertThat(admin.get(page).body()).contains("id=\"password-form\"");
    Http.Response mismatched =
        admin.submit(page, page + "/password", Map.of("password", NEW, "repeat", NEW + "x"));
    assertThat(mismatched.status()).isEqualTo(200);
    assertThat(mismatched.body()).contains("No coincide con la contraseña nueva.");
    assertThat(status(username, AccessFixtures.PASSWORD)).isEqualTo(200);

    Http.Response set =
        admin.submit(page, page + "/password", Map.of("password", NEW, "repeat", NEW));
    assertThat(set.status()).isEqualTo(302);
    assertThat(status(username, AccessFixtures.PASSWORD)).isEqualTo(401);
    assertThat(status(username, NEW)).isEqualTo(200);
    assertThat(fixtures.audits("user", id, "password")).isOne();
    assertThat(admin.get(page).body()).contains("Cambio de contraseña");
  }

  private static Map<String, String> form(String current, String password, String repeat) {
    return Map.of("currentPassword", current, "password", password, "repeat", repeat);
  }
}
