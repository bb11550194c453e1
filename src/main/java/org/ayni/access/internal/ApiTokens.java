package org.ayni.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.ApiToken;
import org.ayni.access.IssuedToken;
import org.ayni.shared.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API bearer tokens. The secret is shown once, at creation; only its SHA-256 hash is stored, so a
 * database leak reveals no usable token.
 */
@Repository
public class ApiTokens {

  static final String PREFIX = "ayni_";
  private static final int PREFIX_LENGTH = 12;
  private static final String COLUMNS =
      "id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);

  private final JdbcClient jdbc;

  ApiTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates a token living for {@code lifetime} (null: until revoked) and returns its secret, which
   * is not kept.
   */
  public IssuedToken issue(UUID userId, String name, Duration lifetime) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String prefix = secret.substring(0, PREFIX_LENGTH);
    UUID id = Ids.newUuid();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime expiresAt = lifetime == null ? null : now.plus(lifetime);
    jdbc.sql(
            """
            insert into api_token (id, user_id, name, token_hash, token_prefix, created_at, expires_at)
            values (?, ?, ?, ?, ?, ?, ?)""")
        .params(id, userId, name, hash(secret), prefix, now, expiresAt)
        .update();
    return new IssuedToken(id, name, prefix, secret, now, expiresAt);
  }

  /**
   * The user a live token belongs to; records its use to the minute (the token page shows no
   * finer), so that a client calling many times a minute, such as one polling its capture jobs,
   * does not write to the database on every request.
   */
  public Optional<UUID> userOf(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String hash = hash(secret);
    Optional<UUID> user =
        jdbc.sql(
                """
                select user_id from api_token
                where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > ?)""")
            .params(hash, now)
            .query(UUID.class)
            .optional();
    user.ifPresent(
        u ->
            jdbc.sql(
                    """
                    update api_token set last_used_at = ?
                    where token_hash = ? and (last_used_at is null or last_used_at < ?)""")
                .params(now, hash, now.minus(USE_RECORDED_EVERY))
                .update());
    return user;
  }

  /** The user's tokens, newest first. */
  public List<ApiToken> of(UUID userId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from api_token where user_id = ? order by created_at desc, id desc")
        .param(userId)
        .query(ApiTokens::map)
        .list();
  }

  /** One of the user's tokens; empty when the user has no such token. */
  public Optional<ApiToken> find(UUID userId, UUID tokenId) {
    return jdbc.sql("select " + COLUMNS + " from api_token where id = ? and user_id = ?")
        .params(tokenId, userId)
        .query(ApiTokens::map)
        .optional();
  }

  /** Revokes one of the user's tokens; false when the user has no such live token. */
  public boolean revoke(UUID userId, UUID tokenId) {
    return jdbc.sql(
                "update api_token set revoked_at = ? where id = ? and user_id = ? and revoked_at is null")
            .params(OffsetDateTime.now(ZoneOffset.UTC), tokenId, userId)
            .update()
        == 1;
  }

  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiToken map(ResultSet rs, int n) throws SQLException {
    return new ApiToken(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("token_prefix"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("last_used_at", OffsetDateTime.class),
        rs.getObject("revoked_at", OffsetDateTime.class));
  }
}
