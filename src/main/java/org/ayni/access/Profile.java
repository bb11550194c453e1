package org.ayni.access;

import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * Who the caller is and what they may do where: the effective role in each organisation, whether
 * given there directly or inherited from a central organisation above it.
 */
public record Profile(
    UUID id,
    String username,
    String displayName,
    boolean platformAdmin,
    List<EffectiveRole> roles) {

  public Profile {
    roles = List.copyOf(roles);
  }

  /**
   * The role that holds in one organisation.
   *
   * @param inherited true when it comes from a role in an organisation above this one
   */
  public record EffectiveRole(
      OrganisationId organisationId,
      String organisationCode,
      String organisationName,
      Role role,
      boolean inherited) {}
}
