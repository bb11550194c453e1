package org.ayni.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.ayni.shared.OrganisationId;

/**
 * A lot with who holds how much of it, where it came from (receipts) and where it went (shipments).
 *
 * @param awaitingInputs the transformationIDs of transformations that made some of the lot and
 *     whose inputs were not recorded yet (EPCIS lets outputs come first): until they come, the
 *     lot's mass balance is unchecked and its origin unknown
 * @param factor the conversion factor mass balance held the transformation that made the lot to,
 *     the version then in force; null where it was held to its inputs (made of its own kind), was
 *     not made by a transformation, or the caller may not read its maker's factors
 * @param quality what its latest standing inspection found, as the caller sees the lot (its owner's
 *     inspections where the caller reads the owner, as its stock and place are the owner's; else
 *     the caller's own of its holding); null where none stands
 * @param holdingQuality each holding's verdict, of the holdings of the caller's organisations that
 *     have one: that organisation's own inspections of what it holds (each verdict names it)
 * @param receivedAs of another's lot, the product of its own the caller's one organisation that
 *     holds it chose on receiving it (the lot stays of the product it was shipped as); else null
 */
public record LotDetail(
    Lot lot,
    List<Holding> holdings,
    List<Receipt> receipts,
    List<Shipment> shipments,
    List<String> awaitingInputs,
    ConversionFactor factor,
    QualityVerdict quality,
    List<QualityVerdict> holdingQuality,
    Product receivedAs) {

  public LotDetail {
    holdings = List.copyOf(holdings);
    holdingQuality = List.copyOf(holdingQuality);
    receipts = List.copyOf(receipts);
    shipments = List.copyOf(shipments);
    awaitingInputs = List.copyOf(awaitingInputs);
  }

  /** The verdict of an organisation's holding ({@link #holdingQuality}); null without one. */
  public QualityVerdict qualityOf(OrganisationId holder) {
    return holdingQuality.stream()
        .filter(q -> q.organisationId().equals(holder))
        .findFirst()
        .orElse(null);
  }

  /**
   * The organisation that splits or inspects the lot for a user: one that holds some of it and the
   * user records for ({@code records}), the owner first (a central holding its lot, not the base
   * organisation it shipped part to); empty when there is none.
   */
  public Optional<OrganisationId> recordingHolder(Predicate<OrganisationId> records) {
    return recordingHolder(lot.organisationId(), holdings, records);
  }

  /** The same, of these holdings of a lot of that owner. */
  public static Optional<OrganisationId> recordingHolder(
      OrganisationId owner, List<Holding> holdings, Predicate<OrganisationId> records) {
    return holdings.stream()
        .filter(h -> h.tracked() && h.quantity().signum() > 0)
        .map(Holding::organisationId)
        .filter(records)
        .min(Comparator.comparing(o -> !o.equals(owner)));
  }

  /**
   * What an organisation holds of the lot. For a holder other than the owner also what it received
   * of it (in the holding's unit; null for the owner and where nothing was transferred in) and what
   * its own events last said of its holding (disposition and place; the owner's are the lot's).
   *
   * @param quantity what it holds, null where its stock is not tracked (first seen being consumed:
   *     what came in before is not known)
   */
  public record Holding(
      OrganisationId organisationId,
      BigDecimal quantity,
      String unit,
      boolean tracked,
      BigDecimal received,
      String disposition,
      String location) {}

  /**
   * How the lot came in: a member's delivery (with the production unit), another party (with its
   * name when the receipt gave one or it is an organisation on the platform), or a shipment
   * received from an organisation on the platform (a receipt of the reader's organisations only).
   */
  public record Receipt(
      UUID id,
      String eventId,
      String sourceParty,
      String sourceName,
      UUID memberId,
      String memberCode,
      String memberName,
      UUID productionUnitId,
      String productionUnitCode,
      String productionUnitName,
      BigDecimal quantity,
      String unit,
      OffsetDateTime receivedAt,
      boolean voided) {

    /** A shipment of the lot received from an organisation on the platform, as a receipt. */
    public static Receipt ofShipment(
        UUID id,
        String eventId,
        String shipperParty,
        String shipperName,
        BigDecimal quantity,
        String unit,
        OffsetDateTime receivedAt) {
      return new Receipt(
          id,
          eventId,
          shipperParty,
          shipperName,
          null,
          null,
          null,
          null,
          null,
          null,
          quantity,
          unit,
          receivedAt,
          false);
    }
  }

  /**
   * The lot (or part of it) leaving its holder.
   *
   * @param received whether the organisation it was shipped to (on the platform) received it
   * @param receivedQuantity what that organisation recorded receiving, in {@code receivedUnit}
   *     (null until it did, or when its receipt named no quantity)
   */
  public record Shipment(
      UUID id,
      String eventId,
      UUID fromOrganisationId,
      String destinationParty,
      UUID destinationOrganisationId,
      String destinationName,
      String reference,
      BigDecimal quantity,
      String unit,
      OffsetDateTime shippedAt,
      boolean received,
      BigDecimal receivedQuantity,
      String receivedUnit,
      boolean voided) {

    /**
     * What was shipped and not received (lost on the way, dried, rejected at the door), in the
     * shipment's unit: null unless a receipt of less was recorded.
     */
    @JsonProperty
    public BigDecimal shortfall() {
      if (receivedQuantity == null || quantity == null) {
        return null;
      }
      BigDecimal got = Units.convert(receivedQuantity, receivedUnit, unit);
      return got == null || got.compareTo(quantity) >= 0 ? null : quantity.subtract(got);
    }
  }
}
