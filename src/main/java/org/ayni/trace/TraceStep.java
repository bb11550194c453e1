package org.ayni.trace;

import static org.ayni.trace.ProductKind.CACAO_DRY;
import static org.ayni.trace.ProductKind.CACAO_FERMENTED;
import static org.ayni.trace.ProductKind.COFFEE;
import static org.ayni.trace.ProductKind.OTHER;
import static org.ayni.trace.ProductKind.PHYSALIS_DRIED;
import static org.ayni.trace.ProductKind.PHYSALIS_FRESH;
import static org.ayni.trace.ProductKind.TIMBER_ROUNDWOOD;
import static org.ayni.trace.ProductKind.TIMBER_SAWN;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ayni.shared.InputCheck;

/**
 * The processing steps of a transformation. CBV 2.0 has no step for drying, fermenting, sawing and
 * the like, so they are URIs of ours under {@code https://ayni.org/voc/bizstep/}; a transformation
 * that is none of these is CBV's {@code commissioning}.
 */
public enum TraceStep {
  FERMENTING("fermenting", CACAO_FERMENTED, COFFEE, OTHER),
  DRYING("drying", CACAO_DRY, PHYSALIS_DRIED, COFFEE, TIMBER_SAWN, OTHER),
  SAWING("sawing", TIMBER_SAWN, TIMBER_ROUNDWOOD, OTHER),
  DEHUSKING("dehusking", COFFEE, PHYSALIS_FRESH, OTHER),
  SORTING("sorting"),
  SPLITTING("splitting"),
  MERGING("merging"),
  COMMISSIONING(null);

  /** The message key of a step that does not make a product's kind, with the step and the kind. */
  public static final String REFUSED = "trace.transformation.step";

  private final String word;

  /** The kinds of product the step makes: every kind for sorting, splitting, merging, making. */
  private final Set<ProductKind> makes;

  TraceStep(String word, ProductKind... makes) {
    this.word = word;
    this.makes =
        makes.length == 0 ? EnumSet.allOf(ProductKind.class) : EnumSet.copyOf(List.of(makes));
  }

  /**
   * Whether the step makes a product of the kind (ADR 0018): fermenting makes fermented cacao or
   * coffee, drying dry cacao, dried physalis, coffee or (kiln-dried) sawn timber, sawing sawn
   * timber or shorter logs, dehusking coffee or fresh physalis out of its husk; each also what is
   * of the kind {@link ProductKind#OTHER}. Sorting, splitting, merging and CBV's commissioning make
   * any kind. Sawn cacao would make a lot's page and every claim built on it say what never
   * happened.
   */
  public boolean makes(ProductKind kind) {
    return makes.contains(kind);
  }

  /**
   * Puts the refusal of this step for a product of the kind beside the field, if the step does not
   * make it (forms, the API and own conversion factors alike; the planner refuses captured events
   * with the same message).
   */
  public void check(InputCheck check, String field, ProductKind kind) {
    check.check(makes(kind), field, REFUSED, bizStep(), kind);
  }

  /**
   * Whether an organisation may give the step a conversion factor of its own: not a split or a
   * merge, which yield exactly what went in (QA of 2026-12-07: a merge given a yield of 5).
   */
  public boolean takesFactor() {
    return this != SPLITTING && this != MERGING;
  }

  /**
   * Whether the step only takes something away (water, husk, offcuts, rejects): out of inputs
   * measured as its output is, nothing comes out but less. Making (CBV's commissioning) may add
   * what goes unrecorded (sugar in chocolate) and is not one.
   */
  public boolean onlyTakesAway() {
    return this == FERMENTING
        || this == DRYING
        || this == SAWING
        || this == DEHUSKING
        || this == SORTING;
  }

  /** The kinds the step makes, by constant, space-separated: what the form's script narrows by. */
  public String kinds() {
    return makes.size() == ProductKind.values().length
        ? ""
        : String.join(" ", makes.stream().map(Enum::name).toList());
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
