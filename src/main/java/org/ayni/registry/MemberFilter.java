package org.ayni.registry;

import org.ayni.shared.OrganisationId;

/**
 * Filters of the member list; null fields do not filter.
 *
 * @param query matches name, member code or national id (case-insensitive, partial)
 * @param organisationId members of this organisation and of those below it
 */
public record MemberFilter(
    String query, OrganisationId organisationId, String community, MemberStatus status) {

  public static MemberFilter none() {
    return new MemberFilter(null, null, null, null);
  }
}
