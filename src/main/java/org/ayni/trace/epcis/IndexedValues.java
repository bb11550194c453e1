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

  /** The largest scale, either way, Jackson writes a decimal out with. */
  private static final int MAX_SCALE = 9999;

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

  /**
   * A number a query compares with, as {@link #number} keeps it; one of 10^26 or more in magnitude
   * as ±10^26, beyond every value kept, so that {@code GE_quantity=1E30} matches nothing and {@code
   * LT_quantity=1E30} everything; null for text that is no number, or one whose exponent no JSON
   * writer writes out ({@code 1E+999999999}: a named query is written back as it was given).
   */
  static BigDecimal bound(String text) {
    try {
      BigDecimal value = new BigDecimal(text);
      if (Math.abs(value.scale()) > MAX_SCALE) {
        return null;
      }
      return value.abs().compareTo(NUMBER_LIMIT) >= 0
          ? (value.signum() < 0 ? NUMBER_LIMIT.negate() : NUMBER_LIMIT)
          : number(value);
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
