package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One value of an extension field of an EPCIS event, as the log indexes it for the query parameters
 * on fields ({@code EQ_ayni:moisturePercent}, {@code GE_ILMD_cbvmda:…}, {@code EXISTS_…}): where
 * the field is ({@code event} at the top level, {@code ilmd}, {@code error} in the error
 * declaration; {@code inner} when it is nested in another extension field), its name as a full URI,
 * and its value as text, number or time, whichever it reads as (a text longer than its column is
 * left out).
 */
public record FieldValue(
    String scope,
    boolean inner,
    String field,
    String text,
    BigDecimal number,
    OffsetDateTime time) {

  public static final String EVENT = "event";
  public static final String ILMD = "ilmd";
  public static final String ERROR = "error";
}
