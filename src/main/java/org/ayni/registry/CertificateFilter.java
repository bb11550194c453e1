package org.ayni.registry;

import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * Filters of the certificate list; null fields do not filter.
 *
 * @param query matches the certificate number or the certifying body (case-insensitive, partial)
 * @param organisationId certificates held by this organisation or by those below it
 * @param memberId certificates held by the member or covering it (listed, or all members of its
 *     organisation or of one above it)
 * @param status as shown: EXPIRED selects active certificates whose validity has ended, ACTIVE only
 *     those still valid
 * @param expiringSoon true: only valid active certificates that expire within {@value
 *     Certificate#EXPIRY_WARNING_DAYS} days
 */
public record CertificateFilter(
    String query,
    OrganisationId organisationId,
    UUID memberId,
    CertificateScheme scheme,
    CertificateStatus status,
    Boolean expiringSoon) {

  public static CertificateFilter none() {
    return new CertificateFilter(null, null, null, null, null, null);
  }
}
