package org.ayni.trace.epcis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;

/**
 * What the log's index columns keep of a value, for capture and queries alike: numbers as
 * numeric(38,12), times of four-digit years (RFC 3339's, and what both databases compare), texts up
 * to their column's length. A value beyond that is null: not indexed, or not a value a query can
 * compare with.
 */
final class IndexedValues {

  private static final BigDecimal NUMBER_LIMIT = BigDecimal.TEN.pow(26);
  private static final int DECIMALS = 12;

  private IndexedValues() {}

  /**
   * The number as numeric(38,12) keeps it (rounded to 12 decimals), or null when it is 10^26 or
   * more in magnitude. Works on the number's exponent first, so that {@code 1E-999999999} costs no
   * more than {@code 1}.
   */
  static BigDecimal number(BigDecimal value) {
    if (value == null || value.abs().compareTo(NUMBER_LIMIT) >= 0) {
      return null;
    }
    if (value.precision() - value.scale() <= -(DECIMALS + 1)) {
      return BigDecimal.ZERO.setScale(DECIMALS); // below 10^-13: zero at 12 decimals
    }
    return value.scale() > DECIMALS ? value.setScale(DECIMALS, RoundingMode.HALF_EVEN) : value;
  }

  /** A decimal number in text, as {@link #number} keeps it; null for text that is none. */
  static BigDecimal number(String text) {
    try {
      return number(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An RFC 3339 time with its offset and a four-digit year, or null. */
  static OffsetDateTime time(String text) {
    OffsetDateTime time = EpcisReader.time(text);
    return time == null || time.getYear() < 1 || time.getYear() > 9999 ? null : time;
  }

  /** The text when it fits its column, else null. */
  static String text(String value, int max) {
    return value == null || value.length() > max ? null : value;
  }
}
