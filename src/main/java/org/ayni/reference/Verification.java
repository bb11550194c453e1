package org.ayni.reference;

/** How far a reference value was checked against its source (the tags of rules.md). */
public enum Verification {
  /** Verified in the cited source. */
  V,
  /** Partly verified: a secondary source, or derived from a verified figure. */
  P,
  /** Not verified: configurable, and flagged as unverified wherever it is shown. */
  U
}
