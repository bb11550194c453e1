package org.ayni.trace;

/** Why an event is declared erroneous (CBV 2.0 error reasons). */
public enum ErrorReason {
  DID_NOT_OCCUR("did_not_occur"),
  INCORRECT_DATA("incorrect_data");

  private final String word;

  ErrorReason(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
