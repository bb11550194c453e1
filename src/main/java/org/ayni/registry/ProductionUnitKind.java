package org.ayni.registry;

/** What kind of place a production unit is. */
public enum ProductionUnitKind {
  /** A farm plot: cacao, coffee, physalis and the like. */
  FARM_PLOT,
  /** A forest management unit, often of a community rather than of one member. */
  FOREST_UNIT,
  /** A workshop or home where artisans work. */
  WORKSHOP,
  /** A mining claim or working of artisanal miners. */
  MINING_CLAIM;

  /** The kind an organisation of this kind most often records, as the default of a new unit. */
  public static ProductionUnitKind usualFor(OrganisationKind organisation) {
    return switch (organisation) {
      case COMMUNITY, COMMUNITY_ENTERPRISE -> FOREST_UNIT;
      case ARTISAN_NETWORK -> WORKSHOP;
      case MINERS_ORGANISATION -> MINING_CLAIM;
      default -> FARM_PLOT;
    };
  }
}
