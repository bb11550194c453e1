package org.ayni.registry;

import org.ayni.shared.OrganisationId;

/**
 * Filters of the organisation list; null fields do not filter.
 *
 * @param query matches name, short name, code or legal id (case-insensitive, partial)
 */
public record OrganisationFilter(
    String query, OrganisationKind kind, OrganisationId parentId, Boolean active) {

  public static OrganisationFilter none() {
    return new OrganisationFilter(null, null, null, null);
  }
}
