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
  OTHER
}
