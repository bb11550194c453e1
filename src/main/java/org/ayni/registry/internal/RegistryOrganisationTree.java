package org.ayni.registry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.ayni.access.OrganisationTree;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationFilter;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.springframework.stereotype.Component;

/**
 * Gives access the organisation hierarchy, so roles held in a central hold in its base
 * organisations, and the names of organisations for its pages.
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

  @Override
  public List<Entry> list(OrganisationScope scope) {
    List<Entry> entries = new ArrayList<>();
    if (scope.isEmpty()) {
      return entries;
    }
    PageQuery page = new PageQuery(0, PageQuery.MAX_SIZE);
    while (true) {
      PageResult<Organisation> result =
          organisations.search(scope, OrganisationFilter.none(), page);
      for (Organisation o : result.items()) {
        entries.add(new Entry(o.id(), o.parentId(), o.code(), o.name(), o.active()));
      }
      if (!result.hasNext()) {
        return entries;
      }
      page = page.next();
    }
  }
}
