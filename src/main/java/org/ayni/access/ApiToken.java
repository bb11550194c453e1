package org.ayni.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * An API token as its owner sees it after creation: never the secret, only its first characters.
 *
 * @param prefix the first characters of the secret, to tell tokens apart
 */
public record ApiToken(
    UUID id,
    String name,
    String prefix,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt,
    OffsetDateTime lastUsedAt,
    OffsetDateTime revokedAt) {

  /** Usable now: neither revoked nor expired. */
  @JsonProperty("live")
  public boolean live() {
    return revokedAt == null
        && (expiresAt == null || expiresAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC)));
  }

  /** Past its expiry date (and not revoked before). */
  @JsonProperty("expired")
  public boolean expired() {
    return revokedAt == null
        && expiresAt != null
        && !expiresAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC));
  }
}
