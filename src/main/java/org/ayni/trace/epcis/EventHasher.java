package org.ayni.trace.epcis;

import io.openepcis.constants.CBVVersion;
import io.openepcis.epc.eventhash.EventHashGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.trace.TraceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
    ObjectNode canonical = withCanonicalLinks(event);
    String direct = CanonicalEventHash.hash(canonical, prefixes);
    if (direct != null) {
      return direct;
    }
    return generated(canonical, prefixes);
  }

  private static final List<String> IDENTIFIER_LISTS =
      List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS =
      List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");

  /**
   * The event with its trade items (LGTIN and SGTIN URNs, Digital Links) as the canonical Digital
   * Links of {@link TraceIds#canonical}, as the standard's hash wants them: the generator converts
   * URNs written in lower case but keeps their escapes as written, and leaves Digital Links of
   * another host or GTIN length as they are. The event itself when none changes.
   */
  static ObjectNode withCanonicalLinks(ObjectNode event) {
    ObjectNode copy = null;
    for (String field : IDENTIFIER_LISTS) {
      JsonNode list = event.path(field);
      for (int i = 0; i < list.size(); i++) {
        String link = link(list.get(i));
        if (link != null) {
          copy = copy == null ? event.deepCopy() : copy;
          ((ArrayNode) copy.get(field)).set(i, link);
        }
      }
    }
    for (String field : QUANTITY_LISTS) {
      JsonNode list = event.path(field);
      for (int i = 0; i < list.size(); i++) {
        String link = link(list.get(i).path("epcClass"));
        if (link != null) {
          copy = copy == null ? event.deepCopy() : copy;
          ((ObjectNode) copy.get(field).get(i)).put("epcClass", link);
        }
      }
    }
    String parent = link(event.path("parentID"));
    if (parent != null) {
      copy = copy == null ? event.deepCopy() : copy;
      copy.put("parentID", parent);
    }
    return copy == null ? event : copy;
  }

  /** A trade item's canonical Digital Link where it differs from the value, else null. */
  private static String link(JsonNode value) {
    if (!value.isString()
        || !(value.asString().regionMatches(true, 0, "http", 0, 4)
            || value.asString().regionMatches(true, 0, "urn:epc:", 0, 8))) {
      return null;
    }
    String canonical = TraceIds.canonical(value.asString());
    return canonical.equals(value.asString()) ? null : canonical;
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
