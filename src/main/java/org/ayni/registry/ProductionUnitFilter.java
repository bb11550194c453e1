package org.ayni.registry;

import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * Filters of the production unit list; null fields do not filter.
 *
 * @param query matches the unit's name or code, or its member's name or code (case-insensitive,
 *     partial)
 * @param organisationId units of this organisation and of those below it
 * @param active true: only active units; false: only deactivated ones
 */
public record ProductionUnitFilter(
    String query,
    OrganisationId organisationId,
    UUID memberId,
    ProductionUnitKind kind,
    Boolean active) {

  public static ProductionUnitFilter none() {
    return new ProductionUnitFilter(null, null, null, null, null);
  }
}
