package org.ayni.access;

import java.util.Collection;
import java.util.Set;
import org.ayni.shared.OrganisationId;

/**
 * What access needs to know of the organisation hierarchy, implemented by the registry: a role held
 * in a central organisation also holds in its base organisations.
 */
public interface OrganisationTree {

  /** The given organisations and every organisation below them, at any depth. */
  Set<OrganisationId> withDescendants(Collection<OrganisationId> roots);
}
