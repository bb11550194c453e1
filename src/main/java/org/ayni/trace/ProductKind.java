package org.ayni.trace;

/**
 * What a product is, so that the platform's default conversion factors (seeded from reference data)
 * apply to every organisation's product of that kind.
 */
public enum ProductKind {
  CACAO_WET,
  CACAO_FERMENTED,
  CACAO_DRY,
  COFFEE,
  PHYSALIS_FRESH,
  PHYSALIS_DRIED,
  TIMBER_ROUNDWOOD,
  TIMBER_SAWN,
  GOLD,
  FIBRE,
  TEXTILE,
  OTHER;

  /**
   * Whether a product of this kind may be made of one of the input's kind: of its own kind (sorted,
   * re-bagged, blended), of a kind before it in its value chain (wet cacao fermented and dried,
   * fresh physalis dried, roundwood sawn, fibre knitted), anything for {@link #OTHER} (chocolate,
   * sawdust, cacao shells) and of {@link #OTHER} (not classified: sacks, sugar, ore) for any kind.
   * Wet cacao made into fresh physalis, or dry cacao made wet again, would lead a lot's trace to
   * plots that never grew it.
   */
  public boolean madeOf(ProductKind input) {
    if (input == this || input == OTHER || this == OTHER) {
      return true;
    }
    return switch (this) {
      case CACAO_FERMENTED -> input == CACAO_WET;
      case CACAO_DRY -> input == CACAO_WET || input == CACAO_FERMENTED;
      case PHYSALIS_DRIED -> input == PHYSALIS_FRESH;
      case TIMBER_SAWN -> input == TIMBER_ROUNDWOOD;
      case TEXTILE -> input == FIBRE;
      default -> false;
    };
  }
}
