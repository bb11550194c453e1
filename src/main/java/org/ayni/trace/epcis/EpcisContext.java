package org.ayni.trace.epcis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A JSON-LD {@code @context} as EPCIS uses it: the standard context (by one of its URLs) plus
 * extension entries, usually objects declaring prefixes ({@code {"example":
 * "http://ns.example.com/epcis/"}}). The log keeps only the extension entries with each event, so
 * that every stored event carries what its extension fields mean and query results can declare the
 * standard context once.
 */
final class EpcisContext {

  /** The empty context: the standard one only. */
  static final EpcisContext STANDARD = new EpcisContext(List.of(), Map.of());

  private final List<JsonNode> extras;
  private final Map<String, String> declared;

  private EpcisContext(List<JsonNode> extras, Map<String, String> declared) {
    this.extras = List.copyOf(extras);
    this.declared = Map.copyOf(declared);
  }

  /**
   * The context of a {@code @context} value (a URL, an object or an array of them; may be null).
   */
  static EpcisContext of(JsonNode context) {
    return STANDARD.with(context);
  }

  /**
   * This context extended by an inner {@code @context} (an event's own), which takes precedence.
   */
  EpcisContext with(JsonNode context) {
    if (context == null || context.isNull() || context.isMissingNode()) {
      return this;
    }
    List<JsonNode> entries = new ArrayList<>(extras);
    Map<String, String> prefixes = new LinkedHashMap<>(declared);
    List<JsonNode> items = new ArrayList<>();
    if (context.isArray()) {
      context.forEach(items::add);
    } else {
      items.add(context);
    }
    for (JsonNode item : items) {
      if (item.isString() && Cbv.STANDARD_CONTEXTS.contains(item.asString())) {
        continue;
      }
      if (entries.contains(item)) {
        // an event read from a query, with the entry its document declares too: kept once, as a
        // JSON-LD context lists an entry once (the GS1 schema's uniqueItems)
        continue;
      }
      entries.add(item);
      if (item.isObject()) {
        for (Map.Entry<String, JsonNode> term : item.properties()) {
          JsonNode value = term.getValue();
          String iri =
              value.isString()
                  ? value.asString()
                  : value.isObject() && value.path("@id").isString()
                      ? value.path("@id").asString()
                      : null;
          if (iri != null && !term.getKey().startsWith("@")) {
            prefixes.put(term.getKey(), iri);
          }
        }
      }
    }
    return new EpcisContext(entries, prefixes);
  }

  /** The prefixes declared by the extension entries (not the standard ones). */
  Map<String, String> declaredPrefixes() {
    return declared;
  }

  /** What a prefix stands for: declared here, or by the standard context (or Ayni's); else null. */
  String namespace(String prefix) {
    String own = declared.get(prefix);
    return own != null ? own : Cbv.STANDARD_PREFIXES.get(prefix);
  }

  /**
   * Whether a name with a colon is usable as an extension field or type: an absolute URI (http,
   * https, urn…) or a compact URI whose prefix this context declares.
   */
  boolean resolves(String name) {
    int colon = name.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String prefix = name.substring(0, colon);
    return Cbv.URI_SCHEMES.contains(prefix) || namespace(prefix) != null;
  }

  /** A compact URI written out in full (with a declared prefix); anything else unchanged. */
  String expand(String value) {
    if (value == null) {
      return null;
    }
    int colon = value.indexOf(':');
    if (colon <= 0 || value.startsWith("//", colon + 1)) {
      return value;
    }
    String prefix = value.substring(0, colon);
    if (Cbv.URI_SCHEMES.contains(prefix)) {
      return value;
    }
    String namespace = namespace(prefix);
    return namespace == null ? value : namespace + value.substring(colon + 1);
  }

  /**
   * The key under which the log keeps an extension field: {@code ayni:name} when the prefix stands
   * for Ayni's vocabulary (whatever the sender called it), else the key as sent.
   */
  String extensionKey(String key) {
    int colon = key.indexOf(':');
    if (colon > 0) {
      String namespace = namespace(key.substring(0, colon));
      if (Cbv.AYNI.equals(namespace)) {
        return "ayni:" + key.substring(colon + 1);
      }
    }
    return key;
  }

  /** The extension entries as one {@code @context} value, or null when there are none. */
  JsonNode extrasNode() {
    if (extras.isEmpty()) {
      return null;
    }
    if (extras.size() == 1) {
      return extras.getFirst().deepCopy();
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    extras.forEach(e -> array.add(e.deepCopy()));
    return array;
  }
}
