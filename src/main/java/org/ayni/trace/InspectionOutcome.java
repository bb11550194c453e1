package org.ayni.trace;

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
}
