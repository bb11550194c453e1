package org.ayni.trace.epcis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ayni.trace.internal.FieldValue;
import tools.jackson.databind.JsonNode;

/**
 * The values of an EPCIS event's extension fields as the log indexes them ({@link FieldValue}): the
 * prefixed keys at the top level, every key of {@code ilmd}, the prefixed keys of the error
 * declaration, and, below any of them, the prefixed keys of nested objects (marked inner). A list
 * gives a value per element; an object is recorded as present (for {@code EXISTS_}) and its own
 * fields follow; a JSON-LD value object counts as its {@code @value}.
 */
final class EpcisFields {

  private static final int FIELD_CHARS = 500;
  private static final int TEXT_CHARS = 1000;

  private EpcisFields() {}

  static List<FieldValue> values(JsonNode event, EpcisContext context) {
    List<FieldValue> values = new ArrayList<>();
    collect(values, FieldValue.EVENT, false, event, context, true);
    if (event.path("ilmd").isObject()) {
      collect(values, FieldValue.ILMD, false, event.get("ilmd"), context, false);
    }
    if (event.path("errorDeclaration").isObject()) {
      collect(values, FieldValue.ERROR, false, event.get("errorDeclaration"), context, true);
    }
    return values;
  }

  /** The fields of an object: its prefixed keys ({@code prefixedOnly}) or all but JSON-LD's. */
  private static void collect(
      List<FieldValue> values,
      String scope,
      boolean inner,
      JsonNode object,
      EpcisContext context,
      boolean prefixedOnly) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      if (key.startsWith("@") || (prefixedOnly && !key.contains(":"))) {
        continue;
      }
      String field = context.expand(key);
      if (field.length() <= FIELD_CHARS) {
        add(values, scope, inner, field, property.getValue(), context);
      }
    }
  }

  private static void add(
      List<FieldValue> values,
      String scope,
      boolean inner,
      String field,
      JsonNode value,
      EpcisContext context) {
    if (value.isArray()) {
      value.forEach(element -> add(values, scope, inner, field, element, context));
    } else if (value.isObject() && value.has("@value")) {
      add(values, scope, inner, field, value.get("@value"), context);
    } else if (value.isObject()) {
      values.add(new FieldValue(scope, inner, field, null, null, null));
      collect(values, scope, true, value, context, true);
    } else if (value.isNumber()) {
      // a number as a number only: equal however it is written, and never written out in full
      // (1E+999999999 would be a billion digits)
      values.add(
          new FieldValue(
              scope, inner, field, null, IndexedValues.number(value.decimalValue()), null));
    } else if (value.isString() || value.isBoolean()) {
      String text = value.asString();
      values.add(
          new FieldValue(
              scope,
              inner,
              field,
              IndexedValues.text(text, TEXT_CHARS),
              null,
              value.isString() ? IndexedValues.time(text) : null));
    }
  }
}
