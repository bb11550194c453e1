package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * Organisation administrators manage the users of their organisations, and only those; the platform
 * administrator manages everyone. Every change is audited.
 */
@AyniIntegrationTest
class UserAdministrationTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  AccessFixtures fixtures;
  Http cepicafeAdmin;

  @BeforeEach
  void setUp() {
    fixtures = new AccessFixtures(port, jdbc);
    cepicafeAdmin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
  }

  @Test
  void anOrganisationAdminCreatesAUserInABaseOrganisationFromThePage() {
    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String username = AccessFixtures.unique("promotora");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("displayName", "Promotora de Chulucanas");
    form.put("email", username + "@example.org");
    form.put("password", AccessFixtures.PASSWORD);
    form.put("organisationId", fixtures.organisationId("cepicafe-chulucanas"));
    form.put("role", "FIELD_OFFICER");
    form.put("preferredLanguage", "fr");

    Http.Response withoutCsrf = session.form("/admin/users/new", form, null);
    assertThat(withoutCsrf.status()).isEqualTo(403);
    assertThat(
            jdbc.sql("select count(*) from app_user where username = ?")
                .param(username)
                .query(Long.class)
                .single())
        .isZero();

    Http.Response created = session.submit("/admin/users/new", "/admin/users/new", form);

    assertThat(created.status()).as(created.body()).isEqualTo(302);
    String id = fixtures.userId(username);
    assertThat(created.header("Location")).endsWith("/admin/users/" + id);
    Http.Response page = session.get("/admin/users/" + id);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Promotora de Chulucanas")
        .contains("Técnico/a de campo (registra datos)")
        .contains("Creación");
    assertThat(fixtures.audits("user", id, "create")).isEqualTo(1);
    assertThat(
            jdbc.sql("select actor from audit_event where entity_type = 'user' and entity_id = ?")
                .param(id)
                .query(String.class)
                .list())
        .containsOnly("cepicafe.admin");

    Http.Response me = Http.basic(port, username, AccessFixtures.PASSWORD).get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("roles").findValuesAsString("role")).containsExactly("FIELD_OFFICER");

    // signed in on the form, the user's pages are in the language chosen for them
    String home = Http.session(port, username, AccessFixtures.PASSWORD).get("/").body();
    assertThat(home).contains("<html lang=\"fr\"");
    assertThat(session.get("/").body())
        .as("the administrator's stay Spanish")
        .contains("<html lang=\"es\"");
  }

  @Test
  void problemsAreShownBesideTheFieldsOnThePageAndAsProblemJsonAndNothingIsWritten() {
    long before = users();
    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", "x");
    form.put("displayName", "");
    form.put("email", "not-an-email");
    form.put("password", "short");
    form.put("organisationId", "");
    form.put("role", "");

    Http.Response page = session.submit("/admin/users/new", "/admin/users/new", form);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Use de 3 a 100 letras")
        .contains("La contraseña debe tener al menos 10 caracteres.")
        .contains("Escriba un correo electrónico válido.")
        .contains("Este dato es obligatorio.")
        .contains("field-error");

    Map<String, Object> body = fixtures.form("cepicafe.admin", null, null);
    body.put("password", "123456789");
    Http.Response api = cepicafeAdmin.language("en").post("/api/v1/users", body);
    assertThat(api.status()).isEqualTo(400);
    assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = api.json().path("errors");
    assertThat(errors.findValuesAsString("field"))
        .containsExactlyInAnyOrder("username", "password", "organisationId", "role");
    assertThat(errors.findValuesAsString("message"))
        .contains("The password must have at least 10 characters.");
    assertThat(users()).isEqualTo(before);
  }

  @Test
  void anOrganisationAdminCannotGiveRolesInAnotherOrganisation() {
    String username = fixtures.user("cepicafe", Role.AUDITOR);
    String id = fixtures.userId(username);
    String agroandino = fixtures.organisationId("agroandino");

    Http.Response api =
        cepicafeAdmin.put(
            "/api/v1/users/" + id + "/roles/" + agroandino, Map.of("role", "ORG_ADMIN"));
    assertThat(api.status()).isIn(403, 404);
    assertThat(api.header("Content-Type")).startsWith("application/problem+json");

    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response page =
        session.submit(
            "/admin/users/" + id,
            "/admin/users/" + id + "/roles",
            Map.of("organisationId", agroandino, "role", "ORG_ADMIN"));
    assertThat(page.status()).isIn(403, 404);

    Map<String, Object> elsewhere =
        fixtures.form(AccessFixtures.unique("t"), "agroandino", Role.FIELD_OFFICER);
    Http.Response create = cepicafeAdmin.language("en").post("/api/v1/users", elsewhere);
    assertThat(create.status()).isEqualTo(400);
    assertThat(create.json().path("errors").findValuesAsString("field"))
        .containsExactly("organisationId");

    assertThat(fixtures.roles(id)).isEqualTo(1);
    assertThat(
            jdbc.sql("select count(*) from app_user where username = ?")
                .param(elsewhere.get("username"))
                .query(Long.class)
                .single())
        .isZero();
    assertThat(fixtures.audits("user", id, "grant")).isZero();
  }

  @Test
  void usersOfOtherOrganisationsAreOutOfReach() {
    String outsider = fixtures.userId("agroandino.campo");

    assertThat(cepicafeAdmin.get("/api/v1/users/" + outsider).status()).isEqualTo(404);
    assertThat(
            cepicafeAdmin
                .put(
                    "/api/v1/users/" + outsider + "/roles/" + fixtures.organisationId("cepicafe"),
                    Map.of("role", "AUDITOR"))
                .status())
        .isEqualTo(404);
    assertThat(cepicafeAdmin.post("/api/v1/users/" + outsider + "/disable", "").status())
        .isEqualTo(404);
    assertThat(fixtures.enabled(outsider)).isTrue();
    assertThat(fixtures.roles(outsider)).isEqualTo(1);

    JsonNode list = cepicafeAdmin.get("/api/v1/users?q=.campo&size=500").json();
    assertThat(list.path("items").findValuesAsString("username"))
        .contains("cepicafe.campo")
        .doesNotContain("agroandino.campo", "royalknit.campo");
    Http.Response page =
        Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD).get("/admin/users?q=.campo");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("cepicafe.campo").doesNotContain("agroandino.campo");
  }

  @Test
  void onlyAdministratorsReachUserAdministration() {
    Http fieldOfficer = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(fieldOfficer.get("/api/v1/users").status()).isEqualTo(403);
    assertThat(
            fieldOfficer
                .post(
                    "/api/v1/users",
                    fixtures.form(AccessFixtures.unique("t"), "cepicafe", Role.BUYER))
                .status())
        .isEqualTo(403);
    Http session = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(session.get("/admin/users").status()).isEqualTo(403);
    assertThat(session.get("/admin/users/new").status()).isEqualTo(403);
    assertThat(session.get("/").body()).doesNotContain("/admin/users");
    assertThat(Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD).get("/").body())
        .contains("/admin/users");
  }

  @Test
  void onlyAPlatformAdminCreatesAPlatformAdmin() {
    Map<String, Object> form = fixtures.form(AccessFixtures.unique("root"), null, null);
    form.put("platformAdmin", true);

    Http.Response refused = cepicafeAdmin.post("/api/v1/users", form);
    assertThat(refused.status()).isEqualTo(403);
    form.put("organisationId", fixtures.organisationId("cepicafe"));
    form.put("role", "ORG_ADMIN");
    assertThat(cepicafeAdmin.post("/api/v1/users", form).status()).isEqualTo(403);
    assertThat(
            jdbc.sql("select count(*) from app_user where username = ?")
                .param(form.get("username"))
                .query(Long.class)
                .single())
        .isZero();

    form.put("organisationId", null);
    form.put("role", null);
    Http.Response created = fixtures.platformAdmin().post("/api/v1/users", form);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("platformAdmin").asBoolean()).isTrue();
    Http.Response me =
        Http.basic(port, (String) form.get("username"), AccessFixtures.PASSWORD).get("/api/v1/me");
    assertThat(me.json().path("platformAdmin").asBoolean()).isTrue();
    // An organisation admin cannot touch a platform admin's account.
    String id = created.json().path("id").asString();
    fixtures
        .platformAdmin()
        .put(
            "/api/v1/users/" + id + "/roles/" + fixtures.organisationId("cepicafe"),
            Map.of("role", "AUDITOR"));
    assertThat(cepicafeAdmin.post("/api/v1/users/" + id + "/disable", "").status()).isEqualTo(403);
    assertThat(fixtures.enabled(id)).isTrue();
  }

  @Test
  void rolesAreChangedAndRemovedAndEveryChangeIsAudited() {
    String username = fixtures.user("cepicafe", Role.AUDITOR);
    String id = fixtures.userId(username);
    String chulucanas = fixtures.organisationId("cepicafe-chulucanas");
    String cepicafe = fixtures.organisationId("cepicafe");

    JsonNode granted =
        cepicafeAdmin
            .put("/api/v1/users/" + id + "/roles/" + chulucanas, Map.of("role", "FIELD_OFFICER"))
            .json();
    assertThat(granted.path("roles").findValuesAsString("role"))
        .containsExactlyInAnyOrder("AUDITOR", "FIELD_OFFICER");

    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response changed =
        session.submit(
            "/admin/users/" + id,
            "/admin/users/" + id + "/roles",
            Map.of("organisationId", cepicafe, "role", "ORG_ADMIN"));
    assertThat(changed.status()).isEqualTo(302);
    assertThat(role(id, cepicafe)).isEqualTo("ORG_ADMIN");

    Http.Response removed =
        session.submit(
            "/admin/users/" + id,
            "/admin/users/" + id + "/roles/" + chulucanas + "/remove",
            Map.of());
    assertThat(removed.status()).isEqualTo(302);
    assertThat(fixtures.roles(id)).isEqualTo(1);
    assertThat(cepicafeAdmin.delete("/api/v1/users/" + id + "/roles/" + chulucanas).status())
        .isEqualTo(404);

    assertThat(fixtures.audits("user", id, "grant")).isEqualTo(2);
    assertThat(fixtures.audits("user", id, "revoke")).isEqualTo(1);
    assertThat(
            jdbc.sql(
                    "select details from audit_event where entity_type = 'user' and entity_id = ?"
                        + " and action = 'grant' and actor = 'cepicafe.admin' and organisation_id = ?")
                .params(id, UUID.fromString(cepicafe))
                .query(String.class)
                .single())
        .contains("ORG_ADMIN")
        .contains("AUDITOR");
  }

  @Test
  void anAdminDisablesAndEnablesAUserFromThePage() {
    String username = fixtures.user("cepicafe-frias", Role.FIELD_OFFICER);
    String id = fixtures.userId(username);
    Http session = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);

    Http.Response disabled =
        session.submit("/admin/users/" + id, "/admin/users/" + id + "/disable", Map.of());
    assertThat(disabled.status()).isEqualTo(302);
    assertThat(fixtures.enabled(id)).isFalse();
    assertThat(session.get("/admin/users/" + id).body()).contains("Deshabilitado");
    assertThat(Http.basic(port, username, AccessFixtures.PASSWORD).get("/api/v1/me").status())
        .isEqualTo(401);

    session.submit("/admin/users/" + id, "/admin/users/" + id + "/enable", Map.of());
    assertThat(fixtures.enabled(id)).isTrue();
    assertThat(fixtures.audits("user", id, "disable")).isEqualTo(1);
    assertThat(fixtures.audits("user", id, "enable")).isEqualTo(1);

    // Nobody disables themselves.
    String self = fixtures.userId("cepicafe.admin");
    assertThat(cepicafeAdmin.post("/api/v1/users/" + self + "/disable", "").status())
        .isEqualTo(403);
    assertThat(fixtures.enabled(self)).isTrue();
  }

  @Test
  void anOrganisationAdminCannotDisableAUserWhoAlsoWorksElsewhere() {
    String username = fixtures.user("cepicafe", Role.FIELD_OFFICER);
    String id = fixtures.userId(username);
    fixtures
        .platformAdmin()
        .put(
            "/api/v1/users/" + id + "/roles/" + fixtures.organisationId("agroandino"),
            Map.of("role", "AUDITOR"));
    assertThat(fixtures.roles(id)).isEqualTo(2);

    Http.Response refused = cepicafeAdmin.post("/api/v1/users/" + id + "/disable", "");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(fixtures.enabled(id)).isTrue();
    // The organisation admin sees only the role in their own organisation.
    assertThat(
            cepicafeAdmin
                .get("/api/v1/users/" + id)
                .json()
                .path("roles")
                .findValuesAsString("role"))
        .containsExactly("FIELD_OFFICER");
    assertThat(fixtures.platformAdmin().post("/api/v1/users/" + id + "/disable", "").status())
        .isEqualTo(200);
    assertThat(fixtures.enabled(id)).isFalse();
  }

  private long users() {
    return jdbc.sql("select count(*) from app_user").query(Long.class).single();
  }

  private String role(String userId, String organisationId) {
    return jdbc.sql("select role from user_role where user_id = ? and organisation_id = ?")
        .params(UUID.fromString(userId), UUID.fromString(organisationId))
        .query(String.class)
        .single();
  }
}
