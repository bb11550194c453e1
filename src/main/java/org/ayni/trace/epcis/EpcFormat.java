package org.ayni.trace.epcis;

/**
 * The {@code GS1-EPC-Format} header of a query: whether the EPCs of the answer's events are written
 * as GS1 Digital Links, as EPC URNs, or as they were captured ({@link EpcTranslator}).
 *
 * <p>Without the header the events come as they were captured. The OpenAPI of the standard makes
 * {@code Always_GS1_Digital_Link} the default instead; Ayni keeps the captured spelling so that
 * querying a captured document back returns the same events (issue 3), and says what it did in the
 * answer's own {@code GS1-EPC-Format} header (ADR 0016).
 */
enum EpcFormat {
  NO_PREFERENCE("No_Preference"),
  ALWAYS_GS1_DIGITAL_LINK("Always_GS1_Digital_Link"),
  ALWAYS_EPC_URN("Always_EPC_URN"),
  NEVER_TRANSLATES("Never_Translates");

  static final String HEADER = "GS1-EPC-Format";

  /** The formats a client may ask for, as OPTIONS announces them. */
  static final String SUPPORTED =
      "No_Preference, Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates";

  final String value;

  EpcFormat(String value) {
    this.value = value;
  }

  /**
   * The format a request's header asks for: none or empty as captured; a value the standard does
   * not name is a QueryParameterException.
   */
  static EpcFormat of(String header) {
    if (header == null || header.isBlank()) {
      return NEVER_TRANSLATES;
    }
    for (EpcFormat format : values()) {
      if (format.value.equalsIgnoreCase(header.strip())) {
        return format;
      }
    }
    throw new EpcisException(
        EpcisException.Type.QueryParameterException, "epcis.epc-format.unknown", header, SUPPORTED);
  }

  /** Whether the answer's EPCs are written again. */
  boolean translates() {
    return this == ALWAYS_GS1_DIGITAL_LINK || this == ALWAYS_EPC_URN;
  }

  /** The header of the answer: what was done (no preference is answered as captured). */
  String answered() {
    return translates() ? value : NEVER_TRANSLATES.value;
  }
}
