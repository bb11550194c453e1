package org.ayni.access;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A token just created, with its secret: the only time the secret is known, since only its hash is
 * stored.
 */
public record IssuedToken(
    UUID id,
    String name,
    String prefix,
    String secret,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt) {}
