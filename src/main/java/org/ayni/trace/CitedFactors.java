package org.ayni.trace;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The conversion factors a refusal of mass balance cites, an argument of its message: the API and
 * EPCIS write them as {@link #toString} does (reference key, verification and source, as stored;
 * {@code 1} for an output held to its inputs, without a factor), the pages in the reader's language
 * (the reference value's name and the verification's).
 */
public record CitedFactors(List<Cited> factors) {

  public CitedFactors {
    factors = List.copyOf(factors);
  }

  /**
   * One factor: the reference value it comes from (null for one the organisation recorded), its
   * verification ({@code V}, {@code P} or {@code U}) and source; all null for none (a yield of 1).
   */
  public record Cited(String referenceKey, String verification, String source) {

    /** No factor: the output is held to its inputs. */
    public static final Cited NONE = new Cited(null, null, null);

    @Override
    public String toString() {
      if (verification == null) {
        return "1";
      }
      return (referenceKey == null ? "" : referenceKey + ", ") + verification + ": " + source;
    }
  }

  @Override
  public String toString() {
    return factors.stream().map(Cited::toString).collect(Collectors.joining("; "));
  }
}
