package org.ayni.trace.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
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
}
