package org.ayni.reference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One version of a reference value, valid from {@code validFrom} until the next version (or {@code
 * validTo}).
 */
public record ReferenceValue(
    UUID id,
    String key,
    BigDecimal numericValue,
    String textValue,
    String unit,
    LocalDate validFrom,
    LocalDate validTo,
    Verification verification,
    String source,
    String note,
    OffsetDateTime recordedAt,
    String recordedBy) {

  public boolean unverified() {
    return verification == Verification.U;
  }

  public String display() {
    return numericValue != null ? numericValue.stripTrailingZeros().toPlainString() : textValue;
  }
}
