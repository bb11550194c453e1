package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GS1-EPC-Format's translation of identifiers, against the pairs of GS1's Tag Data Standard and
 * Digital Link (check digits worked out by hand), and of every place of an event that holds EPCs.
 */
class EpcTranslatorTests {

  static final EpcTranslator TRANSLATOR = new EpcTranslator(new EpcisJson());

  /** EPC URN, GS1 Digital Link and whether it names a class (quantity lists), one pair a row. */
  static final String[][] PAIRS = {
    {"urn:epc:id:sgtin:0614141.812345.400", "https://id.gs1.org/01/80614141123458/21/400", ""},
    {"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908", ""},
    {"urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400", ""},
    {"urn:epc:id:sgln:0614141.12345.0", "https://id.gs1.org/414/0614141123452", ""},
    {"urn:epc:id:pgln:0614141.00000", "https://id.gs1.org/417/0614141000005", ""},
    {
      "urn:epc:class:lgtin:4012345.012345.998877",
      "https://id.gs1.org/01/04012345123456/10/998877",
      "class"
    },
    {"urn:epc:idpat:sgtin:0614141.010734.*", "https://id.gs1.org/01/00614141107346", "class"},
    // a Peruvian GTIN (prefix 775, company prefixes of 7 digits) and a lot code with a slash
    {
      "urn:epc:class:lgtin:7751234.000001.L-2024%2F1",
      "https://id.gs1.org/01/07751234000016/10/L-2024%2F1",
      "class"
    },
    // what a URN holds as it is and the Digital Link grammar percent-encodes (GS1 DL 1.2)
    {
      "urn:epc:id:sgtin:0614141.812345.A(1)*;=!',:+",
      "https://id.gs1.org/01/80614141123458/21/A%281%29%2A%3B%3D%21%27%2C%3A%2B",
      ""
    },
    {"urn:epc:id:giai:0614141.A(1)*", "https://id.gs1.org/8004/0614141A%281%29%2A", ""},
  };

  @Test
  void urnsAndDigitalLinksAreTranslatedBothWays() {
    for (String[] pair : PAIRS) {
      boolean classLevel = !pair[2].isEmpty();
      assertThat(TRANSLATOR.translate(pair[0], classLevel, false)).as(pair[0]).isEqualTo(pair[1]);
      assertThat(TRANSLATOR.translate(pair[1], classLevel, true)).as(pair[1]).isEqualTo(pair[0]);
      // what is already in the format asked for stays as it is
      assertThat(TRANSLATOR.translate(pair[0], classLevel, true)).isEqualTo(pair[0]);
      assertThat(TRANSLATOR.translate(pair[1], classLevel, false)).isEqualTo(pair[1]);
    }
  }

  @Test
  void aDigitalLinkOfAnotherHostCaseOrGtinLengthBecomesTheSameUrn() {
    for (String link :
        new String[] {
          "https://example.com/shop/01/80614141123458/21/400",
          "HTTPS://ID.GS1.ORG/01/80614141123458/21/400",
          "https://id.gs1.org/gtin/80614141123458/ser/400",
          // a trade item is one however its Digital Link ends (ADR 0010)
          "https://id.gs1.org/01/80614141123458/21/400/"
        }) {
      assertThat(TRANSLATOR.urn(link, false))
          .as(link)
          .isEqualTo("urn:epc:id:sgtin:0614141.812345.400");
    }
    // the characters GS1's grammar would have encoded, written as they are (RFC 3986 lets them)
    assertThat(TRANSLATOR.urn("https://id.gs1.org/01/80614141123458/21/A(1)*;=", false))
        .isEqualTo("urn:epc:id:sgtin:0614141.812345.A(1)*;=");
    assertThat(TRANSLATOR.urn("https://id.gs1.org/8004/0614141A(1)%2a", false))
        .isEqualTo("urn:epc:id:giai:0614141.A(1)*");
    // a GTIN-13 is a GTIN-14 with the indicator 0
    assertThat(TRANSLATOR.urn("https://id.gs1.org/01/0614141123452/21/7", false))
        .isEqualTo("urn:epc:id:sgtin:0614141.012345.7");
    assertThat(TRANSLATOR.urn("HTTPS://Id.GS1.org/00/106141412345678908", false))
        .isEqualTo("urn:epc:id:sscc:0614141.1234567890");
  }

  @Test
  void whatNoGs1KeyNamesOrTheTableCannotPlaceIsKeptAsCaptured() {
    for (String kept :
        new String[] {
          "urn:ayni:lot:cepicafe:L-1",
          "urn:uuid:6f6c2c1e-0000-4000-8000-000000000000",
          "https://ayni.org/voc/bizstep/drying",
          // prefix 02: restricted circulation, no company prefix there in GS1's table
          "https://id.gs1.org/01/02012345000018/21/7",
          "https://id.gs1.org/01/80614141123459/21/400", // wrong check digit
          "urn:epc:id:sgtin:0614141.812345", // no serial
          // GRAIs: the translator leaves out the filler digit before the key (see EpcTranslator)
          "https://id.example.com/8003/040123450007718765",
          "urn:epc:id:grai:4012345.00077.8765",
          // what would make a URN the Tag Data Standard refuses: a character outside GS1's set
          "https://id.gs1.org/01/80614141123458/21/40%C3%A9",
          // a CPI whose part holds a slash: the translator's patterns refuse it
          "urn:epc:id:cpi:0614141.5PQ7%2FZ43.12345",
          "https://id.gs1.org/00/%zz0614141234567890",
          "https://id.gs1.org/8010/06141415PQ7%2FZ43/8011/12345",
        }) {
      assertThat(TRANSLATOR.translate(kept, false, true)).as(kept).isEqualTo(kept);
      assertThat(TRANSLATOR.translate(kept, false, false)).as(kept).isEqualTo(kept);
      assertThat(TRANSLATOR.translate(kept, true, true)).as(kept).isEqualTo(kept);
    }
  }

  @Test
  void theCompanyPrefixIsTheLongestOfGs1sTableAKeyStartsWith() {
    // the GTIN's indicator digit is not part of it; a GLN starts with it
    assertThat(TRANSLATOR.companyPrefixLength("https://id.gs1.org/01/07751234000016")).isEqualTo(7);
    assertThat(TRANSLATOR.companyPrefixLength("https://id.gs1.org/414/0614141123452")).isEqualTo(7);
    assertThat(TRANSLATOR.companyPrefixLength("https://id.gs1.org/01/02012345000018")).isZero();
    assertThat(TRANSLATOR.companyPrefixLength("https://example.com/no/key/here")).isZero();
  }

  @Test
  void everyPlaceOfAnEventThatHoldsEpcsIsTranslatedAndNothingElse() {
    String urns =
        """
        {"type":"TransformationEvent","eventTime":"2026-03-01T10:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","parentID":"urn:epc:id:sscc:0614141.1234567890",
         "epcList":["urn:epc:id:sgtin:0614141.812345.400","urn:ayni:lot:x:L1"],
         "childEPCs":["urn:epc:id:sgtin:0614141.812345.400"],
         "inputEPCList":["urn:epc:id:sgtin:0614141.812345.400"],
         "outputEPCList":["urn:epc:id:sgtin:0614141.812345.400"],
         "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2}],
         "childQuantityList":[{"epcClass":"urn:epc:idpat:sgtin:0614141.010734.*"}],
         "inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877"}],
         "outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877"}],
         "readPoint":{"id":"urn:epc:id:sgln:0614141.12345.400"},
         "bizLocation":{"id":"urn:epc:id:sgln:0614141.12345.0"},
         "sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00000"}],
         "destinationList":[{"type":"location","destination":"urn:epc:id:sgln:0614141.12345.0"}],
         "ayni:note":"urn:epc:id:sgtin:0614141.812345.400"}""";
    JsonNode links =
        Http.JSON.readTree(TRANSLATOR.translate(urns, EpcFormat.ALWAYS_GS1_DIGITAL_LINK));
    String sgtin = "https://id.gs1.org/01/80614141123458/21/400";
    String lgtin = "https://id.gs1.org/01/04012345123456/10/998877";
    assertThat(links.path("parentID").asString())
        .isEqualTo("https://id.gs1.org/00/106141412345678908");
    assertThat(links.path("epcList").get(0).asString()).isEqualTo(sgtin);
    assertThat(links.path("epcList").get(1).asString()).isEqualTo("urn:ayni:lot:x:L1");
    for (String list : new String[] {"childEPCs", "inputEPCList", "outputEPCList"}) {
      assertThat(links.path(list).get(0).asString()).as(list).isEqualTo(sgtin);
    }
    for (String list : new String[] {"quantityList", "inputQuantityList", "outputQuantityList"}) {
      assertThat(links.path(list).get(0).path("epcClass").asString()).as(list).isEqualTo(lgtin);
    }
    assertThat(links.at("/quantityList/0/quantity").asInt()).isEqualTo(2);
    assertThat(links.at("/childQuantityList/0/epcClass").asString())
        .isEqualTo("https://id.gs1.org/01/00614141107346");
    assertThat(links.at("/readPoint/id").asString())
        .isEqualTo("https://id.gs1.org/414/0614141123452/254/400");
    assertThat(links.at("/bizLocation/id").asString())
        .isEqualTo("https://id.gs1.org/414/0614141123452");
    assertThat(links.at("/sourceList/0/source").asString())
        .isEqualTo("https://id.gs1.org/417/0614141000005");
    assertThat(links.at("/destinationList/0/destination").asString())
        .isEqualTo("https://id.gs1.org/414/0614141123452");
    // an extension's value is no EPC of the standard's: as captured
    assertThat(links.path("ayni:note").asString()).isEqualTo("urn:epc:id:sgtin:0614141.812345.400");

    // and back: the URNs captured
    JsonNode back =
        Http.JSON.readTree(TRANSLATOR.translate(links.toString(), EpcFormat.ALWAYS_EPC_URN));
    assertThat(back).isEqualTo(Http.JSON.readTree(urns));
  }

  @Test
  void withoutTranslationTheBodyIsTheStoredOne() {
    String body = "{\"epcList\":[\"urn:epc:id:sgtin:0614141.812345.400\"]}";
    assertThat(TRANSLATOR.translate(body, EpcFormat.NEVER_TRANSLATES)).isSameAs(body);
    assertThat(TRANSLATOR.translate(body, EpcFormat.NO_PREFERENCE)).isSameAs(body);
  }

  @Test
  void theHeaderTakesTheStandardsValuesOnly() {
    assertThat(EpcFormat.of(null)).isEqualTo(EpcFormat.NEVER_TRANSLATES);
    assertThat(EpcFormat.of(" ")).isEqualTo(EpcFormat.NEVER_TRANSLATES);
    assertThat(EpcFormat.of("Always_EPC_URN")).isEqualTo(EpcFormat.ALWAYS_EPC_URN);
    assertThat(EpcFormat.of("always_gs1_digital_link"))
        .isEqualTo(EpcFormat.ALWAYS_GS1_DIGITAL_LINK);
    assertThat(EpcFormat.NO_PREFERENCE.answered()).isEqualTo("Never_Translates");
    assertThatThrownBy(() -> EpcFormat.of("URN"))
        .isInstanceOfSatisfying(
            EpcisException.class,
            e -> assertThat(e.type()).isEqualTo(EpcisException.Type.QueryParameterException));
  }
}
