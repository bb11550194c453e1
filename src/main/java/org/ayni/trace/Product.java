package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * Something an organisation handles in lots: a code unique within the organisation, a unit (UN/ECE
 * Rec 20) and, when the organisation has one, a GTIN (its lots are then GS1 Digital Link URIs).
 */
public record Product(
    UUID id,
    OrganisationId organisationId,
    String code,
    String name,
    ProductKind kind,
    String unit,
    String gtin,
    boolean active,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * Whether a transformation yields no more of this product than goes in, whatever its factor: a
   * product of a classified kind kept by weight or volume (drying, sawing or refining takes away;
   * what a recipe adds makes a product of the kind {@code OTHER}). Counts may grow (pieces per
   * kilogram of yarn).
   */
  public boolean heldToItsInputs() {
    return heldToItsInputs(kind, unit);
  }

  /** Whether a product of the kind, kept in the unit, is held to its inputs (as above). */
  public static boolean heldToItsInputs(ProductKind kind, String unit) {
    return kind != ProductKind.OTHER && !Units.PIECES.equals(Units.base(unit));
  }
}
