package org.ayni.trace.epcis;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON-LD normalisation for comparing EPCIS events: documents are expanded with titanium-json-ld
 * (the GS1 context from the local copy, never the network), the expanded event nodes are then
 * written canonically (keys sorted, unordered arrays sorted, numbers by value).
 */
final class JsonLdEvents {

  static final String EVENT_TIME = "https://ref.gs1.org/epcis/eventTime";
  static final String RECORD_TIME = "https://ref.gs1.org/epcis/recordTime";

  /**
   * The GS1 context without {@code @protected}: GS1's own example
   * full-transformation_event_all_possible_fields redefines the protected prefix {@code cbvmda},
   * which a JSON-LD 1.1 processor refuses; both sides of a comparison are expanded alike.
   */
  private static final JsonObject CONTEXT = unprotect(load());

  private static JsonObject load() {
    try (InputStream in = JsonLdEvents.class.getResourceAsStream("/epcis/epcis-context.jsonld")) {
      return jakarta.json.Json.createReader(in).readObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonObject unprotect(JsonObject object) {
    var builder = jakarta.json.Json.createObjectBuilder();
    object.forEach(
        (key, value) -> {
          if (!key.equals("@protected")) {
            builder.add(key, value instanceof JsonObject o ? unprotect(o) : value);
          }
        });
    return builder.build();
  }

  /** The GS1 context under all the URLs the examples use, from src/main/resources/epcis. */
  private static final DocumentLoader LOADER =
      (url, options) -> {
        String text = url.toString();
        if (text.endsWith("/epcis-context.jsonld")
            && (text.startsWith("https://ref.gs1.org/standards/epcis/")
                || text.startsWith("https://gs1.github.io/EPCIS/"))) {
          JsonDocument document = JsonDocument.of(CONTEXT);
          document.setDocumentUrl(url);
          return document;
        }
        throw new JsonLdError(
            JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "no network in tests: " + url);
      };

  private JsonLdEvents() {}

  /** The expanded events of a document or bare event (the nodes with an epcis:eventTime). */
  static List<JsonObject> events(String json) {
    try {
      JsonArray expanded =
          JsonLd.expand(JsonDocument.of(new StringReader(json))).loader(LOADER).get();
      List<JsonObject> events = new ArrayList<>();
      collect(expanded, events);
      return events;
    } catch (JsonLdError e) {
      throw new IllegalStateException("JSON-LD expansion failed: " + e, e);
    }
  }

  private static void collect(JsonValue value, List<JsonObject> events) {
    if (value instanceof JsonArray array) {
      array.forEach(v -> collect(v, events));
    } else if (value instanceof JsonObject object) {
      if (object.containsKey(EVENT_TIME)) {
        events.add(object);
        return;
      }
      object.values().forEach(v -> collect(v, events));
    }
  }

  /** A canonical text of an expanded node, leaving out the given top-level keys. */
  static String canonical(JsonObject event, String... without) {
    Map<String, JsonValue> kept = new TreeMap<>(event);
    for (String key : without) {
      kept.remove(key);
    }
    return canonical(kept, false);
  }

  private static String canonical(Object value, boolean ordered) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      new TreeMap<>(map)
          .forEach(
              (k, v) ->
                  out.append('"')
                      .append(k)
                      .append("\":")
                      .append(canonical(v, "@list".equals(k)))
                      .append(','));
      return out.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      List<String> items = new ArrayList<>();
      array.forEach(v -> items.add(canonical(v, false)));
      if (!ordered) {
        items.sort(null);
      }
      return "[" + String.join(",", items) + "]";
    }
    if (value instanceof JsonNumber number) {
      return number.bigDecimalValue().stripTrailingZeros().toPlainString();
    }
    if (value instanceof JsonString string) {
      return "\"" + string.getString() + "\"";
    }
    return String.valueOf(value);
  }
}
