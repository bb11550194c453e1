package org.ayni.access.internal;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserSummary;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their roles, in tables {@code app_user} and {@code user_role}. */
@Repository
public class UserStore {

  private final JdbcClient jdbc;

  UserStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(
      UUID id,
      String username,
      String passwordHash,
      String displayName,
      String email,
      boolean platformAdmin,
      String preferredLanguage,
      OffsetDateTime createdAt) {
    jdbc.sql(
            """
            insert into app_user (id, username, password_hash, display_name, email, platform_admin,
                                  enabled, preferred_language, created_at)
            values (?, ?, ?, ?, ?, ?, true, ?, ?)""")
        .params(
            id,
            username,
            passwordHash,
            displayName,
            email,
            platformAdmin,
            preferredLanguage == null ? "es" : preferredLanguage,
            createdAt)
        .update();
  }

  public Optional<UUID> idOf(String username) {
    return jdbc.sql("select id from app_user where lower(username) = lower(?)")
        .param(username)
        .query(UUID.class)
        .optional();
  }

  public Optional<StoredUser> byUsername(String username) {
    return jdbc.sql(
            """
            select id, username, password_hash, display_name, platform_admin, enabled
            from app_user where lower(username) = lower(?)""")
        .param(username)
        .query(
            (rs, n) ->
                new StoredUser(
                    rs.getObject("id", UUID.class),
                    rs.getString("username"),
                    rs.getString("password_hash"),
                    rs.getString("display_name"),
                    rs.getBoolean("platform_admin"),
                    rs.getBoolean("enabled")))
        .optional();
  }

  public Optional<StoredUser> byId(UUID id) {
    return jdbc.sql(
            """
            select id, username, password_hash, display_name, platform_admin, enabled
            from app_user where id = ?""")
        .param(id)
        .query(
            (rs, n) ->
                new StoredUser(
                    rs.getObject("id", UUID.class),
                    rs.getString("username"),
                    rs.getString("password_hash"),
                    rs.getString("display_name"),
                    rs.getBoolean("platform_admin"),
                    rs.getBoolean("enabled")))
        .optional();
  }

  public Map<OrganisationId, Role> directRoles(UUID userId) {
    Map<OrganisationId, Role> roles = new HashMap<>();
    jdbc.sql("select organisation_id, role from user_role where user_id = ?")
        .param(userId)
        .query(
            rs -> {
              roles.put(
                  new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                  Role.valueOf(rs.getString("role")));
            });
    return roles;
  }

  public void putRole(UUID userId, OrganisationId organisation, Role role) {
    int updated =
        jdbc.sql("update user_role set role = ? where user_id = ? and organisation_id = ?")
            .params(role.name(), userId, organisation.value())
            .update();
    if (updated == 0) {
      jdbc.sql("insert into user_role (user_id, organisation_id, role) values (?, ?, ?)")
          .params(userId, organisation.value(), role.name())
          .update();
    }
  }

  public void removeRole(UUID userId, OrganisationId organisation) {
    jdbc.sql("delete from user_role where user_id = ? and organisation_id = ?")
        .params(userId, organisation.value())
        .update();
  }

  public List<UserSummary> usersWithRolesIn(OrganisationScope scope) {
    Map<UUID, UserSummary> users = new LinkedHashMap<>();
    String where = scope.all() ? "" : " where r.organisation_id in (:orgs)";
    var statement =
        jdbc.sql(
            """
            select u.id, u.username, u.display_name, u.email, u.platform_admin, u.enabled,
                   r.organisation_id, r.role
            from app_user u join user_role r on r.user_id = u.id"""
                + where
                + " order by u.username");
    if (!scope.all()) {
      statement = statement.param("orgs", scope.uuids());
    }
    statement.query(
        rs -> {
          UUID id = rs.getObject("id", UUID.class);
          UserSummary user =
              users.computeIfAbsent(
                  id,
                  k -> {
                    try {
                      return new UserSummary(
                          id,
                          rs.getString("username"),
                          rs.getString("display_name"),
                          rs.getString("email"),
                          rs.getBoolean("platform_admin"),
                          rs.getBoolean("enabled"),
                          new HashMap<>());
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          user.roles()
              .put(
                  new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                  Role.valueOf(rs.getString("role")));
        });
    return List.copyOf(users.values());
  }

  /** A user row as authentication needs it. */
  public record StoredUser(
      UUID id,
      String username,
      String passwordHash,
      String displayName,
      boolean platformAdmin,
      boolean enabled) {}
}
