package org.ayni.shared;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The organisations whose data a caller may see or change. Every repository query that reads tenant
 * data takes one first, so that no query can forget the tenant.
 *
 * @param all true for a platform administrator, who sees every organisation
 * @param organisations the organisations in scope when {@code all} is false
 */
public record OrganisationScope(boolean all, Set<OrganisationId> organisations) {

  public OrganisationScope {
    organisations = Set.copyOf(organisations);
  }

  public static OrganisationScope everything() {
    return new OrganisationScope(true, Set.of());
  }

  public static OrganisationScope of(Collection<OrganisationId> organisations) {
    return new OrganisationScope(false, Set.copyOf(organisations));
  }

  public static OrganisationScope none() {
    return new OrganisationScope(false, Set.of());
  }

  public boolean includes(OrganisationId organisation) {
    return all || organisations.contains(organisation);
  }

  public boolean isEmpty() {
    return !all && organisations.isEmpty();
  }

  /** The raw ids, for an SQL {@code IN} list; never empty, so the SQL stays valid. */
  public Set<UUID> uuids() {
    if (organisations.isEmpty()) {
      return Set.of(new UUID(0, 0));
    }
    return organisations.stream().map(OrganisationId::value).collect(Collectors.toSet());
  }

  /** Narrows this scope to one organisation when it is in scope, or to nothing. */
  public OrganisationScope narrowTo(OrganisationId organisation) {
    return includes(organisation) ? of(Set.of(organisation)) : none();
  }

  /** Narrows this scope to those of the organisations that are in it (perhaps none). */
  public OrganisationScope narrowTo(Collection<OrganisationId> organisations) {
    return of(organisations.stream().filter(this::includes).toList());
  }
}
