package org.ayni.access;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A user as an administrator sees them: who they are, whether they may sign in, and the roles they
 * were given directly in the organisations the viewer administers (all of them for a platform
 * administrator).
 */
public record UserSummary(
    UUID id,
    String username,
    String displayName,
    String email,
    boolean platformAdmin,
    boolean enabled,
    OffsetDateTime createdAt,
    List<RoleGrant> roles) {

  public UserSummary {
    roles = List.copyOf(roles);
  }

  /** A role given directly in one organisation. */
  public record RoleGrant(
      org.ayni.shared.OrganisationId organisationId, String organisationName, Role role) {}
}
