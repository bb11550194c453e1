package org.ayni.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;

/**
 * What access needs to know of the organisations, implemented by the registry: the hierarchy (a
 * role held in a central organisation also holds in its base organisations) and, for choosers and
 * role lists, their names.
 */
public interface OrganisationTree {

  /** The given organisations and every organisation below them, at any depth. */
  Set<OrganisationId> withDescendants(Collection<OrganisationId> roots);

  /**
   * The organisations in a scope (every one for {@link OrganisationScope#everything()}), by name.
   */
  List<Entry> list(OrganisationScope scope);

  /** An organisation as access shows it. */
  record Entry(
      OrganisationId id, OrganisationId parentId, String code, String name, boolean active) {}
}
