package org.ayni.trace.epcis;

import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.UriFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The GS1 schema's rules for the common events of a capture document (Object and Transformation
 * events with identifiers, quantities, CBV values, places, business transactions, sources,
 * destinations and extension fields), checked directly: the schema validator spends most of its
 * time dispatching through the schema's alternatives, this takes a few microseconds. It only ever
 * says "valid" for an event the schema accepts (the formats are checked by the validator's own
 * format classes, the patterns and word lists are the schema's); for anything else, any event of
 * another shape included, it says "not sure" and {@link EpcisReader} lets the schema validator
 * check the document as before, so problems are reported exactly as they were.
 */
final class CommonEventCheck {

  private static final UriFormat URI = new UriFormat();
  private static final DateTimeFormat DATE_TIME = new DateTimeFormat();
  private static final Pattern OFFSET =
      Pattern.compile("^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$");
  private static final Pattern UOM = Pattern.compile("^[A-Z0-9]{2,3}$");
  private static final Pattern OTHER_URI =
      Pattern.compile("^(?!(urn:epcglobal:cbv|https?:\\/\\/ns\\.gs1\\.org/cbv\\/))");

  private static final Set<String> COMMON =
      Set.of("type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID");
  private static final Set<String> OBJECT =
      Set.of(
          "action",
          "epcList",
          "quantityList",
          "bizStep",
          "disposition",
          "readPoint",
          "bizLocation",
          "bizTransactionList",
          "sourceList",
          "destinationList");
  private static final Set<String> TRANSFORMATION =
      Set.of(
          "inputEPCList",
          "inputQuantityList",
          "outputEPCList",
          "outputQuantityList",
          "transformationID",
          "bizStep",
          "disposition",
          "readPoint",
          "bizLocation",
          "bizTransactionList",
          "sourceList",
          "destinationList");

  // The schema's word lists (definitions bizStep, disposition, bizTransaction-type,
  // source-dest-type).
  private static final Set<String> BIZ_STEPS =
      Set.of(
          "accepting",
          "arriving",
          "assembling",
          "collecting",
          "commissioning",
          "consigning",
          "creating_class_instance",
          "cycle_counting",
          "decommissioning",
          "departing",
          "destroying",
          "disassembling",
          "dispensing",
          "encoding",
          "entering_exiting",
          "holding",
          "inspecting",
          "installing",
          "killing",
          "loading",
          "other",
          "packing",
          "picking",
          "receiving",
          "removing",
          "repackaging",
          "repairing",
          "replacing",
          "reserving",
          "retail_selling",
          "shipping",
          "staging_outbound",
          "stock_taking",
          "stocking",
          "storing",
          "transporting",
          "unloading",
          "unpacking",
          "void_shipping",
          "sensor_reporting",
          "sampling");
  private static final Set<String> DISPOSITIONS =
      Set.of(
          "active",
          "container_closed",
          "damaged",
          "destroyed",
          "dispensed",
          "disposed",
          "encoded",
          "expired",
          "in_progress",
          "in_transit",
          "inactive",
          "no_pedigree_match",
          "non_sellable_other",
          "partially_dispensed",
          "recalled",
          "reserved",
          "retail_sold",
          "returned",
          "sellable_accessible",
          "sellable_not_accessible",
          "stolen",
          "unknown",
          "available",
          "completeness_verified",
          "completeness_inferred",
          "conformant",
          "container_open",
          "mismatch_instance",
          "mismatch_class",
          "mismatch_quantity",
          "needs_replacement",
          "non_conformant",
          "unavailable");
  private static final Set<String> TRANSACTION_TYPES =
      Set.of(
          "bol",
          "cert",
          "desadv",
          "inv",
          "pedigree",
          "po",
          "poc",
          "prodorder",
          "recadv",
          "rma",
          "testprd",
          "testres",
          "upevt");
  private static final Set<String> PARTY_TYPES =
      Set.of("owning_party", "possessing_party", "location");

  private CommonEventCheck() {}

  /** True only when the schema accepts the event as an element of a document's eventList. */
  static boolean valid(JsonNode event) {
    if (!event.isObject()) {
      return false;
    }
    String type = event.path("type").asString("");
    boolean object = type.equals("ObjectEvent");
    if (!object && !type.equals("TransformationEvent")) {
      return false;
    }
    Set<String> own = object ? OBJECT : TRANSFORMATION;
    for (Map.Entry<String, JsonNode> field : event.properties()) {
      String key = field.getKey();
      if (!COMMON.contains(key) && !own.contains(key) && !(key.contains(":") && uri(key))) {
        return false;
      }
    }
    if (!time(event.get("eventTime"))
        || !text(event.get("eventTimeZoneOffset"), OFFSET)
        || (event.has("recordTime") && !time(event.get("recordTime")))
        || (event.has("eventID") && !uri(event.get("eventID")))
        || !vocabulary(event.get("bizStep"), BIZ_STEPS)
        || !vocabulary(event.get("disposition"), DISPOSITIONS)
        || !place(event.get("readPoint"))
        || !place(event.get("bizLocation"))
        || !transactions(event.get("bizTransactionList"))
        || !parties(event.get("sourceList"), "source")
        || !parties(event.get("destinationList"), "destination")) {
      return false;
    }
    if (object) {
      String action = event.path("action").asString("");
      return (action.equals("ADD") || action.equals("OBSERVE") || action.equals("DELETE"))
          && event.get("action").isString()
          && epcs(event.get("epcList"))
          && quantities(event.get("quantityList"))
          && (event.has("epcList") || nonEmpty(event.get("quantityList")));
    }
    return epcs(event.get("inputEPCList"))
        && epcs(event.get("outputEPCList"))
        && quantities(event.get("inputQuantityList"))
        && quantities(event.get("outputQuantityList"))
        && (event.get("transformationID") == null || uri(event.get("transformationID")))
        // the schema's first alternative: inputs and outputs, each a non-empty list
        && (nonEmpty(event.get("inputEPCList")) || nonEmpty(event.get("inputQuantityList")))
        && (nonEmpty(event.get("outputEPCList")) || nonEmpty(event.get("outputQuantityList")));
  }

  private static boolean nonEmpty(JsonNode list) {
    return list != null && list.isArray() && !list.isEmpty();
  }

  private static boolean uri(JsonNode value) {
    return value != null && value.isString() && uri(value.asString());
  }

  private static boolean uri(String value) {
    return URI.matches(null, value);
  }

  private static boolean time(JsonNode value) {
    return value != null && value.isString() && DATE_TIME.matches(null, value.asString());
  }

  private static boolean text(JsonNode value, Pattern pattern) {
    return value != null && value.isString() && pattern.matcher(value.asString()).find();
  }

  /** Absent, a word of the list, or a URI outside the CBV 1.2 and old GS1 namespaces. */
  private static boolean vocabulary(JsonNode value, Set<String> words) {
    if (value == null) {
      return true;
    }
    if (!value.isString()) {
      return false;
    }
    String text = value.asString();
    return words.contains(text) || (OTHER_URI.matcher(text).find() && uri(text));
  }

  private static boolean place(JsonNode value) {
    return value == null || (value.isObject() && value.size() == 1 && uri(value.get("id")));
  }

  private static boolean epcs(JsonNode list) {
    if (list == null) {
      return true;
    }
    if (!list.isArray()) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode epc : list) {
      if (!uri(epc) || !seen.add(epc.asString())) {
        return false;
      }
    }
    return true;
  }

  private static boolean quantities(JsonNode list) {
    if (list == null) {
      return true;
    }
    if (!list.isArray()) {
      return false;
    }
    for (JsonNode q : list) {
      if (!q.isObject() || !uri(q.get("epcClass"))) {
        return false;
      }
      int known = 1;
      JsonNode quantity = q.get("quantity");
      if (quantity != null) {
        if (!quantity.isNumber()) {
          return false;
        }
        known++;
      }
      JsonNode uom = q.get("uom");
      if (uom != null) {
        if (!text(uom, UOM)) {
          return false;
        }
        known++;
      }
      if (q.size() != known) {
        return false;
      }
    }
    return true;
  }

  private static boolean transactions(JsonNode list) {
    if (list == null) {
      return true;
    }
    if (!list.isArray()) {
      return false;
    }
    for (JsonNode t : list) {
      if (!t.isObject() || !uri(t.get("bizTransaction"))) {
        return false;
      }
      JsonNode type = t.get("type");
      if (t.size() != (type == null ? 1 : 2)
          || (type != null && !vocabulary(type, TRANSACTION_TYPES))) {
        return false;
      }
    }
    return true;
  }

  private static boolean parties(JsonNode list, String key) {
    if (list == null) {
      return true;
    }
    if (!list.isArray()) {
      return false;
    }
    for (JsonNode p : list) {
      if (!p.isObject()
          || p.size() != 2
          || !uri(p.get(key))
          || p.get("type") == null
          || !vocabulary(p.get("type"), PARTY_TYPES)) {
        return false;
      }
    }
    return true;
  }
}
