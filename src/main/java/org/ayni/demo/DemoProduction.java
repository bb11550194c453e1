package org.ayni.demo;

import java.util.Map;
import org.ayni.registry.Member;
import org.ayni.shared.OrganisationId;
import org.springframework.stereotype.Component;

/** Production units and certificates of the demo organisations. */
@Component
class DemoProduction {

  /** The plots, homes or claims of one member. */
  void forMember(
      String organisationCode,
      OrganisationId organisation,
      Member member,
      DemoPlaces.Place place,
      MemberGenerator generator) {
    // Production units arrive with the production-unit service.
  }

  /** Units without a member (community forests, mining concessions) and the certificates. */
  void forOrganisations(Map<String, OrganisationId> organisations) {
    // Certificates arrive with the certificate service.
  }
}
