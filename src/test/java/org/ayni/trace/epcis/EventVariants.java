package org.ayni.trace.epcis;

import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded variants of the events Ayni's chain captures (Object and Transformation events with
 * quantities, EPCs, CBV values in every spelling, places, transactions, parties and extension
 * fields), and ways to break them, for the tests of the direct hash and the direct schema check.
 */
final class EventVariants {

  private EventVariants() {}

  private static final String[] CBV_STEPS = {
    "receiving", "shipping", "inspecting", "commissioning"
  };
  private static final String[] CBV_DISPOSITIONS = {"active", "in_transit", "conformant"};
  private static final String[] CBV_PARTIES = {"owning_party", "possessing_party", "location"};
  private static final String[] CBV_TRANSACTIONS = {"po", "inv", "bol", "desadv"};

  static ObjectNode variant(JsonMapper mapper, SplittableRandom r) {
    ObjectNode e = mapper.createObjectNode();
    boolean transformation = r.nextInt(3) == 0;
    e.put("type", transformation ? "TransformationEvent" : "ObjectEvent");
    String[] fractions = {"", ".5", ".25", ".125", ".000"};
    String[] offsets = {"-05:00", "+00:00", "Z", "+05:30"};
    String offset = offsets[r.nextInt(offsets.length)];
    e.put(
        "eventTime",
        "202%d-0%d-1%dT%02d:%02d:%02d%s%s"
            .formatted(
                r.nextInt(6),
                1 + r.nextInt(9),
                r.nextInt(10),
                r.nextInt(24),
                r.nextInt(60),
                r.nextInt(60),
                fractions[r.nextInt(fractions.length)],
                offset));
    e.put("eventTimeZoneOffset", offset.equals("Z") ? "+00:00" : offset);
    if (transformation) {
      if (r.nextBoolean()) {
        e.set("inputQuantityList", quantities(mapper, r));
      }
      if (r.nextInt(4) == 0 || !e.has("inputQuantityList")) {
        e.set("inputEPCList", epcs(mapper, r));
      }
      e.set("outputQuantityList", quantities(mapper, r));
      if (r.nextInt(4) == 0) {
        e.set("outputEPCList", epcs(mapper, r));
      }
      if (r.nextInt(3) == 0) {
        e.put("transformationID", "urn:ayni:transformation:x:" + r.nextInt(100));
      }
      e.put(
          "bizStep",
          r.nextBoolean()
              ? "https://ayni.org/voc/bizstep/" + (r.nextBoolean() ? "drying" : "fermenting")
              : cbv(r, CBV_STEPS, "urn:epcglobal:cbv:bizstep:", "BizStep-"));
    } else {
      e.put("action", new String[] {"ADD", "OBSERVE", "DELETE"}[r.nextInt(3)]);
      if (r.nextInt(4) != 0) {
        e.set("quantityList", quantities(mapper, r));
      }
      if (r.nextInt(3) == 0 || !e.has("quantityList")) {
        e.set("epcList", epcs(mapper, r));
      }
      if (r.nextInt(5) != 0) {
        e.put("bizStep", cbv(r, CBV_STEPS, "urn:epcglobal:cbv:bizstep:", "BizStep-"));
      }
    }
    if (r.nextInt(5) != 0) {
      e.put(
          "disposition",
          r.nextInt(4) == 0
              ? "https://ayni.org/voc/disposition/graded"
              : cbv(r, CBV_DISPOSITIONS, "urn:epcglobal:cbv:disp:", "Disp-"));
    }
    if (r.nextBoolean()) {
      e.putObject("readPoint").put("id", "urn:ayni:loc:x:" + r.nextInt(5));
    }
    if (r.nextInt(3) == 0) {
      e.putObject("bizLocation").put("id", "urn:ayni:loc:y:" + r.nextInt(5));
    }
    if (r.nextInt(3) == 0) {
      var list = e.putArray("bizTransactionList");
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        ObjectNode t = list.addObject();
        if (r.nextInt(4) != 0) {
          t.put("type", cbv(r, CBV_TRANSACTIONS, "urn:epcglobal:cbv:btt:", "BTT-"));
        }
        t.put("bizTransaction", "urn:ayni:ref:INV-" + r.nextInt(1000));
      }
    }
    for (String kind : new String[] {"source", "destination"}) {
      if (r.nextBoolean()) {
        var list = e.putArray(kind + "List");
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          ObjectNode p = list.addObject();
          p.put("type", cbv(r, CBV_PARTIES, "urn:epcglobal:cbv:sdt:", "SDT-"));
          p.put(kind, "urn:ayni:" + (r.nextBoolean() ? "member" : "org") + ":x:" + r.nextInt(50));
        }
      }
    }
    for (int i = 0, n = r.nextInt(4); i < n; i++) {
      String[] keys = {"ayni:product", "ayni:note", "ex:zeta", "ayni:Alpha", "ex:b"};
      e.put(keys[r.nextInt(keys.length)], "value " + r.nextInt(100) + (r.nextBoolean() ? "é" : ""));
    }
    if (r.nextInt(10) == 0) {
      e.put("eventID", "urn:uuid:" + new java.util.UUID(r.nextLong(), r.nextLong()));
    }
    return e;
  }

  private static String cbv(SplittableRandom r, String[] words, String urn, String web) {
    String word = words[r.nextInt(words.length)];
    return switch (r.nextInt(3)) {
      case 0 -> word;
      case 1 -> urn + word;
      default -> "https://ref.gs1.org/cbv/" + web + word;
    };
  }

  private static ArrayNode epcs(JsonMapper mapper, SplittableRandom r) {
    var list = mapper.createArrayNode();
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      list.add("urn:ayni:item:x:" + r.nextInt(30));
    }
    return list;
  }

  private static ArrayNode quantities(JsonMapper mapper, SplittableRandom r) {
    var list = mapper.createArrayNode();
    for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
      ObjectNode q = list.addObject();
      q.put("epcClass", "urn:ayni:lot:x:" + (r.nextBoolean() ? "D" : "") + r.nextInt(30));
      if (r.nextInt(8) != 0) {
        String[] amounts = {"42.5", "42.50", "100", "1E+2", "0.0", "1000", "7.125", "12.0"};
        q.set("quantity", mapper.readTree(amounts[r.nextInt(amounts.length)]));
      }
      if (r.nextInt(6) != 0) {
        q.put("uom", r.nextBoolean() ? "KGM" : "TNE");
      }
    }
    return list;
  }

  /** The event broken in one of many ways (some of which the schema may still accept). */
  static ObjectNode mutate(JsonMapper mapper, ObjectNode event, SplittableRandom r) {
    ObjectNode e = event.deepCopy();
    switch (r.nextInt(26)) {
      case 0 -> e.put("eventTime", "2024-13-01T00:00:00Z");
      case 1 -> e.put("eventTime", "2024-01-01 10:00:00Z");
      case 2 -> e.put("eventTime", "2024-01-01T10:00:00");
      case 3 -> e.put("eventTime", 20240101);
      case 4 -> e.put("eventTimeZoneOffset", r.nextBoolean() ? "+15:00" : "-5:00");
      case 5 -> {
        if (e.has("action")) {
          e.put("action", r.nextBoolean() ? "add" : "MOVE");
        } else {
          e.put("action", "ADD");
        }
      }
      case 6 -> e.remove("action");
      case 7 ->
          e.put(
              "bizStep",
              new String[] {
                    "fermenting",
                    "urn:epcglobal:cbv:bizstep:receiving",
                    "ayni step",
                    "https://ns.gs1.org/cbv/BizStep-receiving"
                  }
                  [r.nextInt(4)]);
      case 8 -> e.put("disposition", r.nextBoolean() ? "fine" : "urn:epcglobal:cbv:disp:active");
      case 9 -> firstQuantity(e).ifPresent(q -> q.put("uom", r.nextBoolean() ? "kg" : "KGMS"));
      case 10 -> firstQuantity(e).ifPresent(q -> q.put("quantity", "5"));
      case 11 ->
          firstQuantity(e)
              .ifPresent(
                  q ->
                      q.put(
                          "epcClass",
                          new String[] {"not a uri", "urn:ayni:lot:x:ä", "lot-1"}[r.nextInt(3)]));
      case 12 -> firstQuantity(e).ifPresent(q -> q.remove("epcClass"));
      case 13 -> firstQuantity(e).ifPresent(q -> q.put("lot", "x"));
      case 14 -> {
        ArrayNode list = e.putArray(e.has("action") ? "epcList" : "inputEPCList");
        list.add("urn:ayni:item:x:1").add("urn:ayni:item:x:1");
      }
      case 15 -> e.putObject("readPoint").put("id", "x y");
      case 16 -> e.putObject("readPoint").put("id", "urn:ayni:loc:1").put("extra", 1);
      case 17 -> e.put("bizLocation", "urn:ayni:loc:1");
      case 18 ->
          e.putArray("sourceList")
              .addObject()
              .put("type", r.nextBoolean() ? "seller" : "urn:epcglobal:cbv:sdt:owning_party")
              .put("source", "urn:ayni:org:x");
      case 19 -> e.putArray("destinationList").addObject().put("destination", "urn:ayni:org:x");
      case 20 -> e.put(r.nextBoolean() ? "foo" : "ayni:bad key", "x");
      case 21 -> {
        e.remove("outputQuantityList");
        e.remove("outputEPCList");
        e.put("transformationID", "urn:ayni:t:1");
      }
      case 22 -> {
        e.remove("epcList");
        e.putArray("quantityList");
      }
      case 23 -> e.put("eventID", r.nextBoolean() ? "not uri" : "urn:uuid:1");
      case 24 -> e.putArray(e.has("action") ? "inputQuantityList" : "quantityList");
      default ->
          e.putArray("bizTransactionList")
              .addObject()
              .put("type", r.nextBoolean() ? "invoice" : "inv")
              .put("bizTransaction", r.nextBoolean() ? "INV 1" : "urn:ayni:ref:1");
    }
    return e;
  }

  private static java.util.Optional<ObjectNode> firstQuantity(ObjectNode e) {
    for (String list : new String[] {"quantityList", "inputQuantityList", "outputQuantityList"}) {
      if (e.path(list).isArray() && !e.path(list).isEmpty()) {
        return java.util.Optional.of((ObjectNode) e.get(list).get(0));
      }
    }
    return java.util.Optional.empty();
  }
}
