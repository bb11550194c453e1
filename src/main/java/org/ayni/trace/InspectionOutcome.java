package org.ayni.trace;

import java.util.Arrays;
import java.util.List;

/** The outcome of a quality inspection: the CBV disposition the lot gets. */
public enum InspectionOutcome {
  CONFORMANT("conformant"),
  NON_CONFORMANT("non_conformant");

  private final String disposition;

  InspectionOutcome(String disposition) {
    this.disposition = disposition;
  }

  public String disposition() {
    return disposition;
  }

  /** The CBV words of the outcomes. */
  public static List<String> words() {
    return Arrays.stream(values()).map(InspectionOutcome::disposition).toList();
  }
}
