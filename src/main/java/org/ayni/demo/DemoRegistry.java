package org.ayni.demo;

import java.util.Map;
import org.ayni.shared.OrganisationId;
import org.springframework.stereotype.Component;

/** Members, production units and certificates of the demo organisations. */
@Component
class DemoRegistry {

  void load(Map<String, OrganisationId> organisations) {
    // Filled in by the demo generator (members, plots, certificates).
  }
}
