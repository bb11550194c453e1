package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.ayni.reference.Verification;
import org.ayni.shared.OrganisationId;

/**
 * The most a step may yield of a product: output per unit of input (e.g. 0.40 kg of dry cacao per
 * kg of wet cacao). Either an organisation's own, for one of its products, or a platform default
 * for a kind of product seeded from reference data ({@code referenceKey}), with its source and how
 * far it was verified.
 *
 * @param step the business step URI it applies to; null for every step
 * @param withdrawn the organisation withdrew its own factor of the product and step from then on
 *     (this row repeats the withdrawn one's values); neither applies, the next most specific does
 */
public record ConversionFactor(
    UUID id,
    OrganisationId organisationId,
    UUID productId,
    ProductKind productKind,
    String step,
    BigDecimal maxYield,
    String inputUnit,
    String outputUnit,
    String referenceKey,
    Verification verification,
    String source,
    String note,
    OffsetDateTime recordedAt,
    String recordedBy,
    boolean withdrawn) {

  public boolean unverified() {
    return verification == Verification.U;
  }

  public boolean platformDefault() {
    return organisationId == null;
  }
}
