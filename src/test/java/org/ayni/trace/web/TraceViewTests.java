package org.ayni.trace.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ayni.trace.TimelineEntry;
import org.ayni.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Quantities as the pages write them, with their unit's symbol in the reader's language. */
class TraceViewTests {

  final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

  TraceViewTests() {
    messages.setBasename("i18n/messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
  }

  TraceView in(Locale language) {
    return new TraceView(Map.of(), Map.of(), messages, language, ZoneOffset.UTC, Map.of());
  }

  /** One piece is one "pza", not "1 pzas" (QA of 2026-12-07f, finding 12). */
  @Test
  void onePieceIsWrittenInTheSingular() {
    TraceView es = in(Locale.of("es"));
    assertThat(es.quantity(BigDecimal.ONE, "H87")).isEqualTo("1 pza");
    assertThat(es.quantity(new BigDecimal("1.000000"), "H87")).isEqualTo("1 pza");
    assertThat(es.quantity(new BigDecimal("2"), "H87")).isEqualTo("2 pzas");
    assertThat(in(Locale.ENGLISH).quantity(BigDecimal.ONE, "H87")).isEqualTo("1 pc");
    assertThat(in(Locale.FRENCH).quantity(new BigDecimal("3"), "H87")).isEqualTo("3 pces");
    assertThat(es.quantity(BigDecimal.ONE, "KGM")).as("a symbol, not a word").isEqualTo("1 kg");
    assertThat(es.quantity(BigDecimal.ONE, "XYZ")).as("a code no bundle has").isEqualTo("1 XYZ");
  }

  /**
   * Shares of a whole add up to it as written (QA of 2026-12-07l, finding 7: six knitters' shares
   * made 99.99 % of 100.00 %).
   */
  @Test
  void sharesOfAWholeAddUpToItAsWritten() {
    TraceView es = in(Locale.of("es"));
    List<Double> knitters = List.of(11 / 45.0, 10 / 45.0, 9 / 45.0, 6 / 45.0, 5 / 45.0, 4 / 45.0);
    assertThat(knitters.stream().map(es::percent).toList())
        .as("each rounded alone: 99.99 in all")
        .containsExactly("24.44 %", "22.22 %", "20.00 %", "13.33 %", "11.11 %", "8.89 %");
    assertThat(es.percents(knitters))
        .containsExactly("24.45 %", "22.22 %", "20.00 %", "13.33 %", "11.11 %", "8.89 %");
    assertThat(es.percents(List.of(1 / 3.0, 1 / 3.0, 1 / 3.0)))
        .containsExactly("33.34 %", "33.33 %", "33.33 %");
    assertThat(es.percents(List.of(0.25, 0.25)))
        .as("half of the lot")
        .containsExactly("25.00 %", "25.00 %");
    assertThat(es.percents(List.of())).isEmpty();
  }

  /**
   * A trace's part of a count of pieces that makes no whole piece is a share, said so (QA of
   * 2026-12-07l, finding 2: "2.667 pzas" of a knitter's sweaters in a shipment).
   */
  @Test
  void aSharedOutCountOfPiecesIsMarkedApproximate() {
    TraceView es = in(Locale.of("es"));
    assertThat(es.equivalent(new BigDecimal("2.666667"), "H87")).isEqualTo("≈ 2.7 pzas");
    assertThat(es.equivalent(new BigDecimal("3.000000"), "H87")).isEqualTo("3 pzas");
    assertThat(es.equivalent(new BigDecimal("2.666667"), "KGM")).isEqualTo("2.666667 kg");
    assertThat(es.equivalent(null, "H87")).isEmpty();
    assertThat(es.equivalent(new BigDecimal("0.03"), "H87"))
        .as("a small part, not nothing")
        .isEqualTo("< 0.1 pzas");
    assertThat(es.equivalent(new BigDecimal("0.000000"), "GRM"))
        .as("a part below a millionth of a gram (QA of 2026-12-07l, finding 14: it read 0 g)")
        .isEqualTo("< 0.000001 g");
    assertThat(es.equivalent(BigDecimal.ZERO, "H87")).isEqualTo("< 0.1 pzas");
    assertThat(es.equivalent(new BigDecimal("0.000001"), "GRM")).isEqualTo("0.000001 g");
  }

  /**
   * A factor of pieces is pieces per unit of what goes in, and says so (QA of 2026-12-07l, finding
   * 12: a bare 2.5 beside "2.5 pzas por kg" in the refusal).
   */
  @Test
  void aFactorOfPiecesIsWrittenAsPiecesPerUnitOfInput() {
    assertThat(in(Locale.of("es")).maxYield(new BigDecimal("2.500000"), "H87"))
        .isEqualTo("2.5 pzas por unidad de entrada");
    assertThat(in(Locale.ENGLISH).maxYield(new BigDecimal("2.5"), "H87"))
        .isEqualTo("2.5 pcs per unit of input");
    assertThat(in(Locale.of("es")).maxYield(new BigDecimal("0.560000"), "MTQ")).isEqualTo("0.56");
    assertThat(in(Locale.of("es")).maxYield(new BigDecimal("0.25"), null))
        .as("a default of a kind, whatever unit its products have")
        .isEqualTo("0.25");
  }

  /**
   * An event in a chooser is told apart by its quantity and, a shipment, by where it went (QA of
   * 2026-12-07f, finding 15: two shipments of one minute differed only by their hashes).
   */
  @Test
  void anEventIsSummedUpByItsQuantityAndAShipmentByWhereItWent() {
    TraceView es = in(Locale.of("es"));
    TraceEvent.QuantityElement forty =
        new TraceEvent.QuantityElement("urn:ayni:lot:coop:L1", new BigDecimal("40.000000"), "KGM");
    TraceEvent.Party buyer = new TraceEvent.Party("owning_party", "urn:ayni:party:coop:tienda");
    assertThat(es.eventSummary(entry("shipping", List.of(forty), List.of(), List.of(buyer))))
        .isEqualTo("40 kg → Tienda del Norte");
    assertThat(es.eventSummary(entry("receiving", List.of(forty), List.of(), List.of(buyer))))
        .as("a receipt's destination is its receiver: not said")
        .isEqualTo("40 kg");
    assertThat(es.eventSummary(entry("drying", List.of(), List.of(forty), List.of())))
        .as("a transformation by its output")
        .isEqualTo("40 kg");
    assertThat(es.eventSummary(entry("inspecting", List.of(), List.of(), List.of()))).isEmpty();
    // pieces are written without a unit in EPCIS (a count), and a split moved all its parts (QA
    // of 2026-12-07l, finding 11: "Recepción · 4", "División · 20" for 20 + 13 sweaters)
    TraceEvent.QuantityElement four =
        new TraceEvent.QuantityElement("urn:ayni:lot:coop:K1", new BigDecimal("4"), null);
    assertThat(es.eventSummary(entry("receiving", List.of(four), List.of(), List.of())))
        .isEqualTo("4 pzas");
    TraceEvent.QuantityElement thirtyThree =
        new TraceEvent.QuantityElement("urn:ayni:lot:coop:K2", new BigDecimal("33"), null);
    List<TraceEvent.QuantityElement> parts =
        List.of(
            new TraceEvent.QuantityElement("urn:ayni:lot:coop:K3", new BigDecimal("20"), null),
            new TraceEvent.QuantityElement("urn:ayni:lot:coop:K4", new BigDecimal("13"), null));
    assertThat(
            es.eventSummary(entry("splitting", List.of(), List.of(thirtyThree), parts, List.of())))
        .isEqualTo("33 pzas");
  }

  private static TimelineEntry entry(
      String step,
      List<TraceEvent.QuantityElement> quantities,
      List<TraceEvent.QuantityElement> outputs,
      List<TraceEvent.Party> destinations) {
    return entry(step, quantities, List.of(), outputs, destinations);
  }

  private static TimelineEntry entry(
      String step,
      List<TraceEvent.QuantityElement> quantities,
      List<TraceEvent.QuantityElement> inputs,
      List<TraceEvent.QuantityElement> outputs,
      List<TraceEvent.Party> destinations) {
    return new TimelineEntry(
        1,
        "ni:///sha-256;00?ver=CBV2.0",
        "ObjectEvent",
        "OBSERVE",
        step,
        null,
        OffsetDateTime.parse("2026-05-04T08:00:00-05:00"),
        OffsetDateTime.parse("2026-05-04T13:00:01Z"),
        null,
        quantities,
        inputs,
        outputs,
        List.of(),
        destinations,
        List.of(),
        Map.of("urn:ayni:party:coop:tienda", "Tienda del Norte"),
        Map.of(),
        false,
        null,
        null,
        false,
        List.of(),
        false,
        null);
  }
}
