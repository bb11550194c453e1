package org.ayni.registry;

import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * A member as a certificate names it: the holder of a member-held certificate, or one of the
 * members a certificate covers.
 *
 * @param organisationCode the code of the member's organisation, to tell apart equal member codes
 *     of different base organisations
 */
public record CertificateMember(
    UUID id,
    OrganisationId organisationId,
    String organisationCode,
    String memberCode,
    String name) {

  /**
   * How a form refers to the member: its code, qualified as {@code organisation-code:member-code}
   * when the member belongs to an organisation below the certificate's.
   */
  public String reference(OrganisationId certificateOrganisation) {
    return organisationId.equals(certificateOrganisation)
        ? memberCode
        : organisationCode + ":" + memberCode;
  }
}
