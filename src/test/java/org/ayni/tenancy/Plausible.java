package org.ayni.tenancy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.BeanUtils;

/**
 * Plausible input for any parameter or form field, chosen by type and name, so that a request gets
 * past parsing and binding to the point where the application decides whether the caller may act.
 * Ids are chosen by name (organisationId, memberId, …) among the victims.
 */
final class Plausible {

  /** A small plot in Piura, as GeoJSON. */
  static final String POLYGON =
      "{\"type\":\"Polygon\",\"coordinates\":[[[-80.101,-5.101],[-80.099,-5.101],"
          + "[-80.099,-5.099],[-80.101,-5.099],[-80.101,-5.101]]]}";

  private final String tag;
  private final Function<String, UUID> idFor;

  /**
   * @param idFor the victim id for a field or parameter name; null when the name names no resource
   *     the walker knows
   */
  Plausible(String tag, Function<String, UUID> idFor) {
    this.tag = tag;
    this.idFor = idFor;
  }

  /** The resource a UUID-valued field or parameter points to, by its name; null if unknown. */
  static String resourceOfName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    if (n.contains("productionunit") || n.equals("unitid") || n.contains("plot")) {
      return "production-units";
    }
    if (n.contains("certificate")) {
      return "certificates";
    }
    if (n.contains("member") || n.contains("holder")) {
      return "members";
    }
    if (n.contains("organisation")
        || n.contains("organization")
        || n.startsWith("parent")
        || n.equals("orgid")) {
      return "organisations";
    }
    if (n.contains("token")) {
      return "tokens";
    }
    if (n.contains("user")) {
      return "users";
    }
    return null;
  }

  /** A value for a parameter or property of the given type; null when none can be made. */
  Object value(Class<?> type, Type generic, String name, int depth) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (type == UUID.class) {
      UUID id = idFor.apply(name == null ? "" : name);
      return id;
    }
    if (type == String.class || type == CharSequence.class) {
      return text(n);
    }
    if (type == boolean.class || type == Boolean.class) {
      return !n.contains("active") && !n.contains("enabled");
    }
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      if (n.contains("year")) {
        return 2001;
      }
      if (n.contains("version")) {
        return 0;
      }
      if (n.equals("page")) {
        return 0;
      }
      return 1;
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class
        || type == BigDecimal.class
        || type == Number.class) {
      return n.contains("lat") ? -5.1 : n.contains("lon") || n.contains("lng") ? -80.1 : 1.5;
    }
    if (type == LocalDate.class) {
      return n.contains("to") || n.contains("until") || n.contains("expir")
          ? LocalDate.now().plusDays(200).toString()
          : LocalDate.now().minusDays(30).toString();
    }
    if (type == OffsetDateTime.class || type == Instant.class) {
      return OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString();
    }
    if (type == LocalDateTime.class) {
      return LocalDateTime.now().minusDays(1).withNano(0).toString();
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      for (Object c : constants) {
        if (((Enum<?>) c).name().equals("FIELD_OFFICER")
            || ((Enum<?>) c).name().equals("FARM_PLOT")) {
          return ((Enum<?>) c).name();
        }
      }
      return constants.length == 0 ? null : ((Enum<?>) constants[constants.length - 1]).name();
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      Class<?> element = elementType(type, generic);
      Object one = value(element, element, singular(name), depth + 1);
      return one == null ? List.of() : List.of(one);
    }
    if (Map.class.isAssignableFrom(type)
        || type == Object.class
        || type.getName().startsWith("tools.jackson")
        || type.getName().startsWith("com.fasterxml")) {
      if (n.contains("geo")) {
        return Map.of(
            "type",
            "Polygon",
            "coordinates",
            List.of(
                List.of(
                    List.of(-80.101, -5.101),
                    List.of(-80.099, -5.101),
                    List.of(-80.099, -5.099),
                    List.of(-80.101, -5.099),
                    List.of(-80.101, -5.101))));
      }
      return new LinkedHashMap<>();
    }
    if (depth < 3 && !type.getName().startsWith("java.")) {
      return object(type, depth + 1);
    }
    return null;
  }

  /** A JSON object for a form or body type: every writable property (or record component). */
  Map<String, Object> object(Class<?> type, int depth) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        put(values, c.getName(), value(c.getType(), c.getGenericType(), c.getName(), depth));
      }
      return values;
    }
    for (var pd : BeanUtils.getPropertyDescriptors(type)) {
      if (pd.getWriteMethod() == null) {
        continue;
      }
      Type generic = pd.getWriteMethod().getGenericParameterTypes()[0];
      put(values, pd.getName(), value(pd.getPropertyType(), generic, pd.getName(), depth));
    }
    return values;
  }

  /** The same object as HTML form fields: nested objects as "a.b", lists as repeated fields. */
  static Map<String, Object> formFields(Map<String, Object> object) {
    Map<String, Object> fields = new LinkedHashMap<>();
    flatten("", object, fields);
    return fields;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> object, Map<String, Object> out) {
    object.forEach(
        (key, value) -> {
          String name = prefix + key;
          if (value instanceof Map<?, ?> map) {
            if (key.toLowerCase(Locale.ROOT).contains("geo")) {
              out.put(name, POLYGON);
            } else {
              flatten(name + ".", (Map<String, Object>) map, out);
            }
          } else if (value instanceof Collection<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(String.valueOf(v)));
            out.put(name, items);
          } else if (value != null) {
            out.put(name, String.valueOf(value));
          }
        });
  }

  private static void put(Map<String, Object> values, String name, Object value) {
    if (value != null) {
      values.put(name, value);
    }
  }

  private String text(String n) {
    if (n.contains("email") || n.contains("mail")) {
      return "walker." + tag + "@example.org";
    }
    if (n.contains("password")) {
      return "walker-Password-" + tag;
    }
    if (n.equals("username") || n.equals("login")) {
      return "walker." + tag;
    }
    if (n.contains("geo") || n.contains("polygon") || n.contains("shape")) {
      return POLYGON;
    }
    if (n.contains("country")) {
      return "PE";
    }
    if (n.contains("timezone")) {
      return "America/Lima";
    }
    if (n.contains("language") || n.equals("lang") || n.contains("locale")) {
      return "es";
    }
    if (n.contains("date") || n.endsWith("on") && !n.contains("reason")) {
      return LocalDate.now().minusDays(30).toString();
    }
    if (n.contains("url") || n.contains("website") || n.contains("link")) {
      return "https://example.org/walker";
    }
    if (n.contains("role")) {
      return "FIELD_OFFICER";
    }
    if (n.contains("code") || n.contains("number") || n.contains("key") || n.equals("ruc")) {
      return "w" + tag;
    }
    if (n.equals("q") || n.equals("query") || n.equals("search")) {
      return "";
    }
    return "Walker " + tag;
  }

  private static Class<?> elementType(Class<?> type, Type generic) {
    if (type.isArray()) {
      return type.getComponentType();
    }
    if (generic instanceof ParameterizedType p
        && p.getActualTypeArguments().length == 1
        && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return String.class;
  }

  private static String singular(String name) {
    if (name == null) {
      return "";
    }
    if (name.endsWith("Ids")) {
      return name.substring(0, name.length() - 1);
    }
    if (name.endsWith("ies")) {
      return name.substring(0, name.length() - 3) + "y";
    }
    return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }
}
