package org.ayni.access.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their roles, in tables {@code app_user} and {@code user_role}. */
@Repository
public class UserStore {

  private static final String ROW_COLUMNS =
      "u.id, u.username, u.display_name, u.email, u.platform_admin, u.enabled, u.created_at";

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
        .query(UserStore::stored)
        .optional();
  }

  public Optional<StoredUser> byId(UUID id) {
    return jdbc.sql(
            """
            select id, username, password_hash, display_name, platform_admin, enabled
            from app_user where id = ?""")
        .param(id)
        .query(UserStore::stored)
        .optional();
  }

  /** One user as administrators see them, without their roles. */
  public Optional<UserRow> row(UUID id) {
    return jdbc.sql("select " + ROW_COLUMNS + " from app_user u where u.id = ?")
        .param(id)
        .query(UserStore::row)
        .optional();
  }

  /**
   * Users with a direct role in an organisation of the scope (every user for an unrestricted
   * scope), optionally matching a text in username, display name or e-mail; by username.
   */
  public PageResult<UserRow> search(OrganisationScope scope, String query, PageQuery page) {
    var where = new StringBuilder(" where 1 = 1");
    var params = new LinkedHashMap<String, Object>();
    if (!scope.all()) {
      where.append(
          " and exists (select 1 from user_role r where r.user_id = u.id"
              + " and r.organisation_id in (:scope))");
      params.put("scope", scope.uuids());
    }
    if (query != null && !query.isBlank()) {
      where.append(
          " and (lower(u.username) like :q or lower(u.display_name) like :q"
              + " or lower(coalesce(u.email, '')) like :q)");
      params.put("q", SearchText.containing(query));
    }
    long total =
        jdbc.sql("select count(*) from app_user u" + where)
            .params(params)
            .query(Long.class)
            .single();
    List<UserRow> rows =
        jdbc.sql(
                "select "
                    + ROW_COLUMNS
                    + " from app_user u"
                    + where
                    + " order by lower(u.username), u.id limit :limit offset :offset")
            .params(params)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(UserStore::row)
            .list();
    return new PageResult<>(rows, page.page(), page.size(), total);
  }

  /** The direct roles of some users, only in the organisations of the scope. */
  public Map<UUID, Map<OrganisationId, Role>> rolesOf(
      Collection<UUID> userIds, OrganisationScope scope) {
    Map<UUID, Map<OrganisationId, Role>> roles = new HashMap<>();
    if (userIds.isEmpty() || scope.isEmpty()) {
      return roles;
    }
    String where = scope.all() ? "" : " and organisation_id in (:scope)";
    var statement =
        jdbc.sql(
                "select user_id, organisation_id, role from user_role where user_id in (:ids)"
                    + where)
            .param("ids", userIds);
    if (!scope.all()) {
      statement = statement.param("scope", scope.uuids());
    }
    statement.query(
        rs -> {
          roles
              .computeIfAbsent(rs.getObject("user_id", UUID.class), k -> new HashMap<>())
              .put(
                  new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                  Role.valueOf(rs.getString("role")));
        });
    return roles;
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

  public boolean removeRole(UUID userId, OrganisationId organisation) {
    return jdbc.sql("delete from user_role where user_id = ? and organisation_id = ?")
            .params(userId, organisation.value())
            .update()
        == 1;
  }

  /** The language the user's pages open in on signing in. */
  public Optional<String> preferredLanguage(UUID userId) {
    return jdbc.sql("select preferred_language from app_user where id = ?")
        .param(userId)
        .query(String.class)
        .optional();
  }

  /** Stores a new password hash for the user. */
  public boolean setPasswordHash(UUID userId, String passwordHash) {
    return jdbc.sql("update app_user set password_hash = ? where id = ?")
            .params(passwordHash, userId)
            .update()
        == 1;
  }

  /** Allows or stops the user's sign-in (form, HTTP Basic and tokens alike). */
  public boolean setEnabled(UUID userId, boolean enabled) {
    return jdbc.sql("update app_user set enabled = ? where id = ?").params(enabled, userId).update()
        == 1;
  }

  private static StoredUser stored(ResultSet rs, int n) throws SQLException {
    return new StoredUser(
        rs.getObject("id", UUID.class),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getString("display_name"),
        rs.getBoolean("platform_admin"),
        rs.getBoolean("enabled"));
  }

  private static UserRow row(ResultSet rs, int n) throws SQLException {
    return new UserRow(
        rs.getObject("id", UUID.class),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("email"),
        rs.getBoolean("platform_admin"),
        rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class));
  }

  /** A user row as authentication needs it. */
  public record StoredUser(
      UUID id,
      String username,
      String passwordHash,
      String displayName,
      boolean platformAdmin,
      boolean enabled) {}

  /** A user row as administrators see it. */
  public record UserRow(
      UUID id,
      String username,
      String displayName,
      String email,
      boolean platformAdmin,
      boolean enabled,
      OffsetDateTime createdAt) {}
}
