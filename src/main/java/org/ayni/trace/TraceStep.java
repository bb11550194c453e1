package org.ayni.trace;

/**
 * The processing steps of a transformation. CBV 2.0 has no step for drying, fermenting, sawing and
 * the like, so they are URIs of ours under {@code https://ayni.org/voc/bizstep/}; a transformation
 * that is none of these is CBV's {@code commissioning}.
 */
public enum TraceStep {
  FERMENTING("fermenting"),
  DRYING("drying"),
  SAWING("sawing"),
  DEHUSKING("dehusking"),
  SORTING("sorting"),
  SPLITTING("splitting"),
  MERGING("merging"),
  COMMISSIONING(null);

  private final String word;

  TraceStep(String word) {
    this.word = word;
  }

  /** The bizStep of the event: our URI, or CBV's bare word {@code commissioning}. */
  public String bizStep() {
    return word == null ? "commissioning" : TraceIds.bizStep(word);
  }

  /** The step a bizStep stands for, if it is one of these. */
  public static TraceStep of(String bizStep) {
    if (bizStep == null) {
      return null;
    }
    for (TraceStep s : values()) {
      if (s.bizStep().equals(bizStep) || (s.word == null && "commissioning".equals(bizStep))) {
        return s;
      }
    }
    return null;
  }
}
