package org.ayni.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;

/**
 * The signed-in user with the roles that hold for them in each organisation (held directly or
 * inherited from a central organisation). Controllers take it as a parameter; services ask it which
 * organisations a call may touch.
 *
 * @param roles the effective role per organisation
 * @param directOrganisations the organisations the user was given a role in (not inherited)
 */
public record CurrentUser(
    UUID userId,
    String username,
    String displayName,
    boolean platformAdmin,
    Map<OrganisationId, Role> roles,
    Set<OrganisationId> directOrganisations) {

  public CurrentUser {
    roles = Map.copyOf(roles);
    directOrganisations = Set.copyOf(directOrganisations);
  }

  /** Organisations whose registry and records the user may read. */
  public OrganisationScope readScope() {
    return scopeFor(Role.AUDITOR);
  }

  /** Organisations where the user may record members, production units and events. */
  public OrganisationScope recordScope() {
    return scopeFor(Role.FIELD_OFFICER);
  }

  /** Organisations the user administers (profile, certificates, users). */
  public OrganisationScope adminScope() {
    return scopeFor(Role.ORG_ADMIN);
  }

  public Optional<Role> roleIn(OrganisationId organisation) {
    return Optional.ofNullable(roles.get(organisation));
  }

  public boolean canRead(OrganisationId organisation) {
    return readScope().includes(organisation);
  }

  public boolean canRecord(OrganisationId organisation) {
    return recordScope().includes(organisation);
  }

  public boolean canAdminister(OrganisationId organisation) {
    return adminScope().includes(organisation);
  }

  /** Throws unless the user may record in the organisation. */
  public void requireRecord(OrganisationId organisation) {
    if (!canRecord(organisation)) {
      throw new ForbiddenException("error.forbidden.record");
    }
  }

  /** Throws unless the user administers the organisation. */
  public void requireAdmin(OrganisationId organisation) {
    if (!canAdminister(organisation)) {
      throw new ForbiddenException("error.forbidden.admin");
    }
  }

  public void requirePlatformAdmin() {
    if (!platformAdmin) {
      throw new ForbiddenException("error.forbidden.platform");
    }
  }

  private OrganisationScope scopeFor(Role minimum) {
    if (platformAdmin) {
      return OrganisationScope.everything();
    }
    return OrganisationScope.of(
        roles.entrySet().stream()
            .filter(e -> e.getValue().includes(minimum))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet()));
  }
}
