package org.ayni.access;

import java.util.UUID;

/** Gives a user a role in an organisation, or changes the one they have there. */
public class RoleForm {

  private UUID organisationId;
  private Role role;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public Role getRole() {
    return role;
  }

  public void setRole(Role role) {
    this.role = role;
  }
}
