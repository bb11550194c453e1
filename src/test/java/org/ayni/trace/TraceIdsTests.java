package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GS1 trade item has one spelling in Ayni however an event wrote it (ADR 0010). The expected
 * Digital Links of the URNs are GS1's own pairs: EPC Tag Data Standard's SGTIN example and the
 * LGTIN of EPCIS 2.0's example 9.6.4.
 */
class TraceIdsTests {

  static final String LOT = "https://id.gs1.org/01/04012345111118/10/4444";
  static final String ITEM = "https://id.gs1.org/01/10614141073464/21/2017";

  /** A shipment's papers as kept, read back: the type is the first word; a lone word has none. */
  @Test
  void aShipmentsPapersAreReadAsTheyAreKept() {
    assertThat(TraceIds.papers("desadv GR 001, inv F-12, FREE"))
        .containsExactly(
            new TraceIds.Paper("desadv", "GR 001"),
            new TraceIds.Paper("inv", "F-12"),
            new TraceIds.Paper(null, "FREE"));
    assertThat(TraceIds.papers("desadv GR 001").getFirst().written()).isEqualTo("desadv GR 001");
    assertThat(TraceIds.papers(null)).isEmpty();
  }

  @Test
  void urnsOfTradeItemsBecomeDigitalLinks() {
    assertThat(TraceIds.canonical("urn:epc:class:lgtin:4012345.011111.4444")).isEqualTo(LOT);
    assertThat(TraceIds.canonical("urn:epc:id:sgtin:0614141.107346.2017")).isEqualTo(ITEM);
  }

  @Test
  void digitalLinksOfAnyHostLengthOrVersionAreTheSame() {
    for (String spelling :
        List.of(
            LOT,
            "http://id.gs1.org/01/04012345111118/10/4444",
            "https://example.com/01/4012345111118/10/4444",
            "https://example.com/some/prefix/01/04012345111118/10/4444?17=271231#top",
            "https://example.com/gtin/04012345111118/lot/4444",
            "https://example.com/01/04012345111118/10/4444/",
            // schemes and hosts in any case, the short names too, digits percent-encoded
            "HTTPS://ID.GS1.ORG/01/04012345111118/10/4444",
            "https://id.gs1.org/GTIN/04012345111118/LOT/4444",
            "https://example.com/01/0401234511111%38/10/4444",
            "URN:EPC:CLASS:LGTIN:4012345.011111.4444",
            "urn:epc:class:LGTIN:4012345.011111.4444")) {
      assertThat(TraceIds.canonical(spelling)).as(spelling).isEqualTo(LOT);
    }
    assertThat(TraceIds.canonical("https://example.com/gtin/10614141073464/ser/2017"))
        .isEqualTo(ITEM);
    assertThat(TraceIds.canonical("https://example.com/01/9506000134352"))
        .as("a GTIN with no lot")
        .isEqualTo("https://id.gs1.org/01/09506000134352");
  }

  @Test
  void lotsAreEncodedOneWayAndAPlusIsNoSpace() {
    String expected = "https://id.gs1.org/01/04012345111118/10/A%2FB%2BC%20D";
    assertThat(TraceIds.canonical("urn:epc:class:lgtin:4012345.011111.A%2FB+C%20D"))
        .isEqualTo(expected);
    assertThat(TraceIds.canonical("https://example.com/01/04012345111118/10/A%2fB+C%20D"))
        .isEqualTo(expected);
    assertThat(TraceIds.parse(expected).code()).isEqualTo("A/B+C D");
    // what Ayni writes for its own lots is already canonical
    String own = TraceIds.lot("cepicafe", "04012345111118", "A/B+C D");
    assertThat(own).isEqualTo(expected);
    assertThat(TraceIds.canonical(own)).isSameAs(own);
  }

  @Test
  void placesAndPartiesAreNamedBySlugsThatTellNamesApartInAnyScript() {
    assertThat(TraceIds.slug("Almacén Ñaña – Sector 2")).isEqualTo("almacen-nana-sector-2");
    assertThat(TraceIds.slug("  ALMACEN nana, sector #2 ")).isEqualTo("almacen-nana-sector-2");
    assertThat(TraceIds.slug("Cœur de Forêt")).isEqualTo("c-ur-de-foret");
    assertThat(TraceIds.slug(" ")).isEqualTo("x");
    // other scripts were all "x" (one place for every such name): each name is its own now
    String shanghai = TraceIds.slug("上海仓库");
    String beijing = TraceIds.slug("北京仓库");
    assertThat(shanghai).matches("[0-9a-f]{10}").isNotEqualTo(beijing);
    assertThat(TraceIds.slug("上海 仓库")).isEqualTo(TraceIds.slug("上海 – 仓库")).isNotEqualTo(shanghai);
    assertThat(TraceIds.slug("Склад 2")).isEqualTo(TraceIds.slug("СКЛАД  2"));
    assertThat(TraceIds.slug("Almacén 上海"))
        .startsWith("almacen-")
        .isNotEqualTo(TraceIds.slug("Almacén 北京"));
    // full-width Latin (Chinese and Japanese keyboards) is Latin; Greek in any case and accent
    assertThat(TraceIds.slug("Ａ区仓库")).startsWith("a-").isNotEqualTo(TraceIds.slug("Ｂ区仓库"));
    assertThat(TraceIds.slug("Ａ１")).isEqualTo("a1");
    assertThat(TraceIds.slug("ΟΔΟΣ")).isEqualTo(TraceIds.slug("οδός"));
    // symbols alone are a place each, not all one
    assertThat(TraceIds.slug("🏭")).matches("[0-9a-f]{10}").isNotEqualTo(TraceIds.slug("🏠"));
    // marks of other scripts are part of their words (Devanagari vowel signs)
    assertThat(TraceIds.slug("गोदाम")).isNotEqualTo(TraceIds.slug("गदम"));
    assertThat(TraceIds.location("cepicafe", "上海仓库"))
        .isEqualTo("urn:ayni:loc:cepicafe:" + shanghai);
  }

  @Test
  void anythingElseIsKeptAsWritten() {
    for (String other :
        List.of(
            "urn:ayni:lot:cepicafe:L-1",
            "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:idpat:sgtin:4012345.011111.*",
            "urn:epc:class:lgtin:4012345.0111111.4444", // fourteen digits: no GTIN
            "urn:epc:class:lgtin:4012345.011111.",
            "urn:epc:class:lgtin:4012345.011111.A%ZZ", // a malformed escape
            "https://example.com/01/04012345111119/10/4444", // a wrong check digit
            "https://example.com/01/04012345111118/22/X/10/4444", // another key qualifier
            "https://example.com/00/106141412345678908",
            "https://example.com/products/4444")) {
      assertThat(TraceIds.canonical(other)).as(other).isEqualTo(other);
    }
    assertThat(TraceIds.canonical(null)).isNull();
  }
}
