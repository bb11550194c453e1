package org.ayni.registry.internal;

import java.util.Collection;
import java.util.Set;
import org.ayni.access.OrganisationTree;
import org.ayni.shared.OrganisationId;
import org.springframework.stereotype.Component;

/**
 * Gives access the organisation hierarchy, so roles held in a central hold in its base
 * organisations.
 */
@Component
class RegistryOrganisationTree implements OrganisationTree {

  private final OrganisationStore organisations;

  RegistryOrganisationTree(OrganisationStore organisations) {
    this.organisations = organisations;
  }

  @Override
  public Set<OrganisationId> withDescendants(Collection<OrganisationId> roots) {
    return organisations.withDescendants(roots);
  }
}
