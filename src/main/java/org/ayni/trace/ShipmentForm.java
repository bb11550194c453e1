package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lots (or parts of them) shipped to a buyer: an organisation on the platform or one named here.
 */
public class ShipmentForm {

  /** The kinds of business document a shipment may name (CBV 2.0 bizTransaction types). */
  public static final List<String> REFERENCE_TYPES =
      List.of("inv", "po", "bol", "desadv", "prodorder");

  private UUID organisationId;
  private List<LotQuantity> lots = new ArrayList<>();
  private UUID buyerOrganisationId;
  private String buyerName;
  private String buyerOrganisationCode;
  // none: an invoice, where a reference is given
  private String referenceType;
  private String reference;
  private OffsetDateTime shippedAt;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public List<LotQuantity> getLots() {
    return lots;
  }

  public void setLots(List<LotQuantity> lots) {
    // JSON null (or null items) reads as none, refused as such by the operation
    this.lots =
        lots == null
            ? new ArrayList<>()
            : new ArrayList<>(lots.stream().filter(java.util.Objects::nonNull).toList());
  }

  public UUID getBuyerOrganisationId() {
    return buyerOrganisationId;
  }

  public void setBuyerOrganisationId(UUID buyerOrganisationId) {
    this.buyerOrganisationId = buyerOrganisationId;
  }

  public String getBuyerName() {
    return buyerName;
  }

  public void setBuyerName(String buyerName) {
    this.buyerName = buyerName;
  }

  /**
   * A buyer on the platform named by its code (as {@code urn:ayni:org:{code}} names it), for one
   * not offered to choose; used when no {@code buyerOrganisationId} is given.
   */
  public String getBuyerOrganisationCode() {
    return buyerOrganisationCode;
  }

  public void setBuyerOrganisationCode(String buyerOrganisationCode) {
    this.buyerOrganisationCode = buyerOrganisationCode;
  }

  public String getReferenceType() {
    return referenceType;
  }

  public void setReferenceType(String referenceType) {
    this.referenceType = referenceType;
  }

  public String getReference() {
    return reference;
  }

  public void setReference(String reference) {
    this.reference = reference;
  }

  public OffsetDateTime getShippedAt() {
    return shippedAt;
  }

  public void setShippedAt(OffsetDateTime shippedAt) {
    this.shippedAt = shippedAt;
  }
}
