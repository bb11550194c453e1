package org.ayni.trace;

import org.ayni.shared.OrganisationId;

/**
 * Filters of the lot list; null fields do not filter.
 *
 * @param query part of the lot's identifier, code or product (case-insensitive)
 * @param organisationId lots of this organisation and of those below it
 * @param inStock true: only lots whose owner still holds some; false: only empty ones
 * @param location only lots at this place ({@code urn:ayni:loc:…} or an SGLN) as the list shows
 *     them: its own lots there, and others' lots it holds there
 */
public record LotFilter(
    String query,
    OrganisationId organisationId,
    java.util.UUID productId,
    Boolean inStock,
    String location) {

  public static LotFilter none() {
    return new LotFilter(null, null, null, null, null);
  }
}
