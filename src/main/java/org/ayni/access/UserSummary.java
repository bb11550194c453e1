package org.ayni.access;

import java.util.Map;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/** A user as an administrator sees them: who they are and their direct roles. */
public record UserSummary(
    UUID id,
    String username,
    String displayName,
    String email,
    boolean platformAdmin,
    boolean enabled,
    Map<OrganisationId, Role> roles) {}
