package org.ayni.trace;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Units of measure as UN/ECE Recommendation 20 codes, and conversion between those of one
 * dimension. A quantity without a unit (an EPCIS count) is {@link #PIECES}.
 */
public final class Units {

  /** Pieces (a count). */
  public static final String PIECES = "H87";

  /**
   * The units a product may be kept in, and the only ones a quantity recorded here (a receipt) may
   * be given in; the others known (litres, troy ounces, pounds) are there to read and convert
   * quantities of events captured from other systems.
   */
  public static final List<String> PRODUCT_UNITS = List.of("KGM", "TNE", "GRM", "MTQ", "H87");

  private record Factor(String dimension, BigDecimal toBase) {}

  private static final Map<String, Factor> FACTORS =
      Map.of(
          "KGM", new Factor("mass", BigDecimal.ONE),
          "TNE", new Factor("mass", new BigDecimal("1000")),
          "GRM", new Factor("mass", new BigDecimal("0.001")),
          "APZ", new Factor("mass", new BigDecimal("0.0311034768")),
          "LBR", new Factor("mass", new BigDecimal("0.45359237")),
          "MTQ", new Factor("volume", BigDecimal.ONE),
          "LTR", new Factor("volume", new BigDecimal("0.001")),
          "H87", new Factor("count", BigDecimal.ONE));

  /** Codes of a count other than {@link #PIECES}, read as it. */
  private static final Set<String> COUNTS = Set.of("C62", "EA");

  private Units() {}

  /**
   * Whether a quantity may be recorded in the unit (one of {@link #PRODUCT_UNITS}); else refused
   * with {@code trace.unit.unknown} and {@link #recordableCodes()} as its argument.
   */
  public static boolean recordable(String code) {
    return PRODUCT_UNITS.contains(code);
  }

  /** The units a quantity may be recorded in, as a refusal lists them: KGM, TNE, GRM… */
  public static String recordableCodes() {
    return String.join(", ", PRODUCT_UNITS);
  }

  /** Whether the text is the code of a unit this class knows (KGM, MTQ, H87…). */
  public static boolean known(Object code) {
    return code instanceof String s && FACTORS.containsKey(s);
  }

  /**
   * The unit as kept: upper case, a missing unit (a count) as {@link #PIECES}, and so the other
   * codes of Recommendation 20 for a count, C62 ("one") and EA ("each"), which other systems send
   * (QA of 2026-12-07q, F8: 4 C62 of a lot counted without a unit were refused as "kept in H87").
   */
  public static String normalise(String uom) {
    if (uom == null || uom.isBlank()) {
      return PIECES;
    }
    String code = uom.trim().toUpperCase(java.util.Locale.ROOT);
    return COUNTS.contains(code) ? PIECES : code;
  }

  /** The unit as an EPCIS quantity element carries it: none for a count. */
  public static String forEpcis(String unit) {
    return unit == null || PIECES.equals(unit) ? null : unit;
  }

  /** Whether quantities in the two units can be added (same unit, or the same dimension). */
  public static boolean comparable(String a, String b) {
    String x = normalise(a);
    String y = normalise(b);
    if (x.equals(y)) {
      return true;
    }
    Factor fx = FACTORS.get(x);
    Factor fy = FACTORS.get(y);
    return fx != null && fy != null && fx.dimension().equals(fy.dimension());
  }

  /**
   * The unit quantities of a unit's dimension are added up in: KGM for masses, MTQ for volumes, H87
   * for counts; an unknown unit is its own.
   */
  public static String base(String unit) {
    String code = normalise(unit);
    Factor factor = FACTORS.get(code);
    if (factor == null) {
      return code;
    }
    return switch (factor.dimension()) {
      case "mass" -> "KGM";
      case "volume" -> "MTQ";
      default -> PIECES;
    };
  }

  /** The quantity in another unit of the same dimension; null when they are not comparable. */
  public static BigDecimal convert(BigDecimal quantity, String from, String to) {
    if (quantity == null) {
      return null;
    }
    if (Objects.equals(from, to)) {
      return quantity; // the usual case, without normalising both (a trace converts thousands)
    }
    String x = normalise(from);
    String y = normalise(to);
    if (x.equals(y)) {
      return quantity;
    }
    if (!comparable(x, y)) {
      return null;
    }
    return quantity
        .multiply(FACTORS.get(x).toBase())
        .divide(FACTORS.get(y).toBase(), MathContext.DECIMAL64);
  }
}
