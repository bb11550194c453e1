package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.Http;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Users, tokens and lookups the access tests share; every user is new and has a unique name. */
final class AccessFixtures {

  /** The password of the users these tests create. */
  static final String PASSWORD = "correct-horse-battery";

  private final int port;
  private final JdbcClient jdbc;

  AccessFixtures(int port, JdbcClient jdbc) {
    this.port = port;
    this.jdbc = jdbc;
  }

  static String unique(String prefix) {
    return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  Http platformAdmin() {
    return Http.basic(port, "admin", DemoUsers.PASSWORD);
  }

  /** Creates a user with a role in the organisation (by code), as the platform administrator. */
  String user(String organisationCode, Role role) {
    String username = unique("t");
    Http.Response created =
        platformAdmin().post("/api/v1/users", form(username, organisationCode, role));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return username;
  }

  Map<String, Object> form(String username, String organisationCode, Role role) {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("displayName", "Prueba " + username);
    form.put("email", username + "@example.org");
    form.put("password", PASSWORD);
    form.put("organisationId", organisationCode == null ? null : organisationId(organisationCode));
    form.put("role", role == null ? null : role.name());
    return form;
  }

  /** Creates an API token for the user through the API and returns its body (with the secret). */
  tools.jackson.databind.JsonNode token(String username, Integer expiresInDays) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", unique("token"));
    body.put("expiresInDays", expiresInDays);
    Http.Response created = Http.basic(port, username, PASSWORD).post("/api/v1/tokens", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }

  String userId(String username) {
    return jdbc.sql("select id from app_user where username = ?")
        .param(username)
        .query(UUID.class)
        .single()
        .toString();
  }

  long audits(String entityType, String entityId, String action) {
    return jdbc.sql(
            "select count(*) from audit_event where entity_type = ? and entity_id = ? and action = ?")
        .params(entityType, entityId, action)
        .query(Long.class)
        .single();
  }

  long roles(String userId) {
    return jdbc.sql("select count(*) from user_role where user_id = ?")
        .param(UUID.fromString(userId))
        .query(Long.class)
        .single();
  }

  boolean enabled(String userId) {
    return jdbc.sql("select enabled from app_user where id = ?")
        .param(UUID.fromString(userId))
        .query(Boolean.class)
        .single();
  }
}
