package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directly written CBV 2.0 event hash ({@link CanonicalEventHash}) gives exactly what
 * OpenEPCIS's generator gives wherever it answers: for every event of the GS1 examples, and for
 * thousands of seeded variants of the events Ayni's chain captures (fields in any order, CBV values
 * in every spelling, lists in any order, several extensions, quantities written in different ways).
 */
class EventHashTests {

  private final EpcisJson json = new EpcisJson();
  private final EventHasher hasher = new EventHasher(json);

  @Test
  void theDirectHashNeverDiffersFromTheGeneratorsOnTheGs1Examples() {
    // They name EPCs as EPC URNs (the hash writes them as Digital Link) and use sensor data,
    // ILMD and error declarations: the direct hash leaves them all to the generator.
    int events = 0;
    int covered = 0;
    for (String name : EpcisFixtures.files("examples-json")) {
      JsonNode root = json.mapper().readTree(EpcisFixtures.resource("examples-json/" + name));
      EpcisContext context = EpcisContext.of(root.get("@context"));
      List<JsonNode> list = new ArrayList<>();
      root.at("/epcisBody/eventList").forEach(list::add);
      root.at("/epcisBody/queryResults/resultsBody/eventList").forEach(list::add);
      if (list.isEmpty() && root.has("eventTime")) {
        list.add(root);
        context = EpcisContext.STANDARD;
      }
      for (JsonNode event : list) {
        EpcisContext own = context.with(event.get("@context"));
        String direct = CanonicalEventHash.hash(event, own.declaredPrefixes());
        events++;
        if (direct != null) {
          covered++;
          assertThat(direct)
              .as("%s: %s", name, event)
              .isEqualTo(hasher.generated((ObjectNode) event, own.declaredPrefixes()));
        }
      }
    }
    assertThat(events).isGreaterThan(50);
    System.out.println("GS1 examples: " + covered + " of " + events + " events hashed directly");
  }

  @Test
  void theDirectHashEqualsTheGeneratorsForVariantsOfTheChainsEvents() {
    SplittableRandom random = new SplittableRandom(20261128);
    Map<String, String> prefixes =
        Map.of("ayni", "https://ayni.org/voc/", "ex", "http://example.com/ns/");
    int covered = 0;
    int variants = 3000;
    for (int i = 0; i < variants; i++) {
      ObjectNode event = EventVariants.variant(json.mapper(), random);
      String direct = CanonicalEventHash.hash(event, prefixes);
      if (direct != null) {
        covered++;
        assertThat(direct).as("%s", event).isEqualTo(hasher.generated(event.deepCopy(), prefixes));
      }
      // the same event with its fields in another order hashes the same
      ObjectNode shuffled = shuffle(event, random);
      assertThat(hasher.hash(shuffled, prefixes)).isEqualTo(hasher.hash(event, prefixes));
    }
    System.out.println("variants: " + covered + " of " + variants + " hashed directly");
    assertThat(covered).as("variants the direct hash covers").isGreaterThan(variants * 8 / 10);
  }

  /**
   * Known answers that depend on neither implementation: the pre-hash string of CBV 2.0 §8.9
   * written out by hand (fields in the standard's order, the time in UTC to the millisecond, EPC
   * URNs as GS1 Digital Link with their check digits, CBV words as their URIs, a list's entries
   * sorted), and its SHA-256. A change of the generator (a library) or of the direct hash that
   * moved any eventID, and with it every identifier captured without one, fails here.
   */
  @Test
  void theHashIsTheSha256OfThePreHashStringCbvDefines() throws Exception {
    // GS1's bare ObjectEvent (its own eventID is not the hash of it): SGTIN 0614141.107346.2017 is
    // GTIN 1 0614141 07346 + check digit 4, SGLN 0614141.07346.1234 is GLN 0614141 07346 + 7 with
    // extension 1234
    String gs1 =
        "eventType=ObjectEvent"
            + "eventTime=2005-04-04T02:33:31.116Z"
            + "eventTimeZoneOffset=-06:00"
            + "epcList"
            + "epc=https://id.gs1.org/01/10614141073464/21/2017"
            + "epc=https://id.gs1.org/01/10614141073464/21/2018"
            + "action=OBSERVE"
            + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
            + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
            + "readPointid=https://id.gs1.org/414/0614141073467/254/1234"
            + "bizTransactionList"
            + "type=https://ref.gs1.org/cbv/BTT-po"
            + "bizTransaction=http://transaction.acme.com/po/12345678";
    assertThat(ni(gs1))
        .isEqualTo(
            "ni:///sha-256;df6523665bc5e5803d6c7b84f5a04e103694d8220f2abc4f2c74310e89f31bc6"
                + "?ver=CBV2.0");
    ObjectNode example =
        (ObjectNode)
            json.mapper()
                .readTree(EpcisFixtures.resource("examples-json/bare-event-ObjectEvent.json"));
    example.remove("eventID");
    assertThat(hasher.hash(example, Map.of())).isEqualTo(ni(gs1));

    // a member's delivery as Ayni records it (the direct hash's own ground)
    String delivery =
        "eventType=ObjectEvent"
            + "eventTime=2026-11-20T15:00:00.000Z"
            + "eventTimeZoneOffset=-05:00"
            + "quantityList"
            + "quantityElementepcClass=urn:ayni:lot:cepicafe:D-1quantity=100uom=KGM"
            + "action=ADD"
            + "bizStep=https://ref.gs1.org/cbv/BizStep-receiving"
            + "disposition=https://ref.gs1.org/cbv/Disp-active"
            + "sourceList"
            + "type=https://ref.gs1.org/cbv/SDT-locationsource=urn:ayni:unit:cepicafe:P-7"
            + "type=https://ref.gs1.org/cbv/SDT-owning_partysource=urn:ayni:member:cepicafe:M-7"
            + "destinationList"
            + "type=https://ref.gs1.org/cbv/SDT-owning_partydestination=urn:ayni:org:cepicafe";
    assertThat(ni(delivery))
        .isEqualTo(
            "ni:///sha-256;6ae70b2aa19e349b58ae8669cd4f44ae8cbe37b5cc64ea162ec20df0a8595e00"
                + "?ver=CBV2.0");
    ObjectNode event =
        (ObjectNode)
            json.mapper()
                .readTree(
                    """
                    {"type": "ObjectEvent", "action": "ADD", "bizStep": "receiving",
                     "disposition": "active", "eventTime": "2026-11-20T10:00:00-05:00",
                     "eventTimeZoneOffset": "-05:00",
                     "quantityList": [
                       {"epcClass": "urn:ayni:lot:cepicafe:D-1", "quantity": 100, "uom": "KGM"}],
                     "sourceList": [
                       {"type": "owning_party", "source": "urn:ayni:member:cepicafe:M-7"},
                       {"type": "location", "source": "urn:ayni:unit:cepicafe:P-7"}],
                     "destinationList": [
                       {"type": "owning_party", "destination": "urn:ayni:org:cepicafe"}]}
                    """);
    assertThat(CanonicalEventHash.hash(event, Map.of())).isEqualTo(ni(delivery));
    assertThat(hasher.generated(event.deepCopy(), Map.of())).isEqualTo(ni(delivery));
  }

  /** The CBV 2.0 event hash of a pre-hash string. */
  private static String ni(String preHash) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(preHash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "ni:///sha-256;" + java.util.HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
  }

  @Test
  void eventsItDoesNotCoverAreLeftToTheGenerator() {
    Map<String, String> prefixes = Map.of("ayni", "https://ayni.org/voc/");
    String base =
        """
        {"type":"ObjectEvent","eventTime":"2024-03-01T10:00:00-05:00","eventTimeZoneOffset":"-05:00",
         "action":"OBSERVE","epcList":[%s],"bizStep":"shipping"%s}""";
    for (String[] uncovered :
        new String[][] {
          {"\"urn:epc:id:sgtin:0614141.107346.2017\"", ""}, // EPC URN → Digital Link
          {"\"https://id.gs1.org/01/09521141123454/21/2\"", ""}, // Web URI
          {"\"urn:ayni:lot:x:1\"", ",\"ilmd\":{\"ayni:a\":\"b\"}"},
          {"\"urn:ayni:lot:x:1\"", ",\"other:a\":\"b\""}, // undeclared prefix
          {"\"urn:ayni:lot:x:1\"", ",\"ayni:a\":{\"b\":\"c\"}"},
          {"\"urn:ayni:lot:x:1\"", ",\"ayni:a\":12"},
          {
            "\"urn:ayni:lot:x:1\"",
            ",\"errorDeclaration\":{\"declarationTime\":"
                + "\"2024-03-02T10:00:00Z\",\"reason\":\"incorrect_data\"}"
          },
          {"\"urn:ayni:lot:x:1\"", ",\"readPoint\":{\"id\":\"urn:epc:id:sgln:0012345.11111.400\"}"},
        }) {
      ObjectNode event =
          (ObjectNode) json.mapper().readTree(base.formatted(uncovered[0], uncovered[1]));
      assertThat(CanonicalEventHash.hash(event, prefixes)).as("%s", event).isNull();
      assertThat(hasher.hash(event, prefixes)).startsWith("ni:///sha-256;");
    }
  }

  @Test
  void anEventHasOneHashHoweverItSpellsItsTradeItems() {
    Map<String, String> prefixes = Map.of();
    String base =
        """
        {"type":"ObjectEvent","eventTime":"2024-03-01T10:00:00-05:00","eventTimeZoneOffset":"-05:00",
         "action":"ADD","bizStep":"receiving","epcList":["%s"],
         "quantityList":[{"epcClass":"%s","quantity":10,"uom":"KGM"}]}""";
    String canonical =
        hasher.hash(
            (ObjectNode)
                json.mapper()
                    .readTree(
                        base.formatted(
                            "https://id.gs1.org/01/10614141073464/21/2017",
                            "https://id.gs1.org/01/04012345111118/10/4444")),
            prefixes);
    for (String[] spelling :
        new String[][] {
          {"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:class:lgtin:4012345.011111.4444"},
          {
            "https://example.com/gtin/10614141073464/ser/2017",
            "https://example.com/01/4012345111118/10/4444?17=271231"
          },
          {
            "HTTPS://ID.GS1.ORG/01/10614141073464/21/2017",
            "https://id.gs1.org/01/04012345111118/10/4444"
          },
          {"URN:EPC:ID:SGTIN:0614141.107346.2017", "urn:epc:class:LGTIN:4012345.011111.44%344"},
        }) {
      ObjectNode event =
          (ObjectNode) json.mapper().readTree(base.formatted(spelling[0], spelling[1]));
      assertThat(hasher.hash(event, prefixes)).as("%s", event).isEqualTo(canonical);
      assertThat(event.toString()).as("the event itself is left as sent").contains(spelling[0]);
    }
  }

  private ObjectNode shuffle(ObjectNode event, SplittableRandom r) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(event.properties());
    Collections.shuffle(fields, new java.util.Random(r.nextLong()));
    ObjectNode copy = json.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> field : fields) {
      JsonNode value = field.getValue().deepCopy();
      if (value.isArray() && value.size() > 1) {
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        Collections.shuffle(items, new java.util.Random(r.nextLong()));
        var array = json.mapper().createArrayNode();
        items.forEach(array::add);
        value = array;
      }
      copy.set(field.getKey(), value);
    }
    return copy;
  }
}
