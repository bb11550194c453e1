package org.ayni.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.internal.ApiTokens;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API tokens a user creates for their scripts and revokes. A token acts as its owner, with the
 * owner's roles; its secret is shown once, at creation, and only a hash of it is stored. Each user
 * sees and revokes only their own tokens.
 */
@Service
public class UserTokens {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_DAYS = 3650;

  private final ApiTokens tokens;
  private final AuditTrail audit;

  UserTokens(ApiTokens tokens, AuditTrail audit) {
    this.tokens = tokens;
    this.audit = audit;
  }

  /** The caller's tokens, live and dead, newest first. */
  public List<ApiToken> mine(CurrentUser user) {
    return tokens.of(user.userId());
  }

  /** One of the caller's tokens; someone else's reads as "not found". */
  public ApiToken get(CurrentUser user, UUID id) {
    return tokens
        .find(user.userId(), id)
        .orElseThrow(() -> new NotFoundException("token.not-found"));
  }

  /** Creates a token for the caller and returns it with its secret, which is not kept. */
  @Transactional
  public IssuedToken create(CurrentUser user, TokenForm form) {
    InputCheck check = new InputCheck();
    check.required("name", form.getName()).maxLength("name", form.getName(), MAX_NAME_LENGTH);
    check.range("expiresInDays", form.getExpiresInDays(), 1, MAX_DAYS);
    check.throwIfAny();
    Duration lifetime =
        form.getExpiresInDays() == null ? null : Duration.ofDays(form.getExpiresInDays());
    IssuedToken issued = tokens.issue(user.userId(), form.getName().trim(), lifetime);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", issued.name());
    details.put("prefix", issued.prefix());
    details.put("expiresAt", issued.expiresAt() == null ? null : issued.expiresAt().toString());
    audit.record(user, null, "api_token", issued.id(), "create", details);
    return issued;
  }

  /**
   * Revokes one of the caller's tokens; revoking a revoked token changes nothing. Someone else's
   * token reads as "not found".
   */
  @Transactional
  public ApiToken revoke(CurrentUser user, UUID id) {
    ApiToken token = get(user, id);
    if (token.revokedAt() == null && tokens.revoke(user.userId(), id)) {
      audit.record(
          user,
          null,
          "api_token",
          id,
          "revoke",
          Map.of("name", token.name(), "prefix", token.prefix()));
    }
    return tokens.find(user.userId(), id).orElseThrow();
  }
}
