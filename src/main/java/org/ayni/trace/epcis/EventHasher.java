package org.ayni.trace.epcis;

import io.openepcis.constants.CBVVersion;
import io.openepcis.epc.eventhash.EventHashGenerator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CBV 2.0 event hash ({@code ni:///sha-256;…?ver=CBV2.0}, CBV 2.0 section 8.9): written out
 * directly by {@link CanonicalEventHash} for the common events it covers (Ayni's own chain), else
 * computed by OpenEPCIS's generator, which canonicalises the event (field order, EPC URN vs.
 * Digital Link, CBV URN vs. bare word) so that the same event sent twice, however written, gets the
 * same eventID. The generator works on Jackson 2 trees: the event crosses over as bytes, and
 * Jackson 2 stays here.
 */
@Component
class EventHasher {

  private static final Logger log = LoggerFactory.getLogger(EventHasher.class);

  private final EventHashGenerator generator = new EventHashGenerator(CBVVersion.VERSION_2_0_0);
  private final com.fasterxml.jackson.databind.ObjectMapper jackson2 =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final JsonMapper json;

  EventHasher(EpcisJson json) {
    this.json = json.mapper();
  }

  /**
   * The hash of an event (without its eventID, which the hash leaves out anyway), with the prefixes
   * its extension fields use.
   */
  String hash(ObjectNode event, Map<String, String> prefixes) {
    String direct = CanonicalEventHash.hash(event, prefixes);
    if (direct != null) {
      return direct;
    }
    return generated(event, prefixes);
  }

  /** The hash as OpenEPCIS's generator computes it (for any event). */
  String generated(ObjectNode event, Map<String, String> prefixes) {
    byte[] bytes = json.writeValueAsBytes(event);
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) jackson2.readTree(bytes);
      node.remove("eventID");
      node.remove("recordTime");
      String hash = generator.fromObjectNode(node, new HashMap<>(prefixes), "sha-256");
      if (hash != null && hash.startsWith("ni:///")) {
        return hash;
      }
      log.warn("the event hash generator returned {}; using a name-based UUID", hash);
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("the event hash generator failed ({}); using a name-based UUID", e.toString());
    }
    // Deterministic all the same, so that capturing the event twice still stores it once.
    return "urn:uuid:" + UUID.nameUUIDFromBytes(bytes);
  }
}
