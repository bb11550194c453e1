package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A lot received from another organisation (one on the platform that shipped it here, or a supplier
 * outside it), by its identifier; or, from a supplier outside the platform whose lot has none, as a
 * new lot of the organisation's own (a product and, optionally, a code: left empty, one is made
 * up).
 */
public class OrganisationReceiptForm {

  private UUID organisationId;
  private String lotIdentifier;
  private String lotCode;
  private BigDecimal quantity;
  private String unit;
  private UUID productId;
  private UUID supplierOrganisationId;
  private String supplierName;
  private OffsetDateTime receivedAt;
  private String location;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public String getLotIdentifier() {
    return lotIdentifier;
  }

  public void setLotIdentifier(String lotIdentifier) {
    this.lotIdentifier = lotIdentifier;
  }

  public BigDecimal getQuantity() {
    return quantity;
  }

  public void setQuantity(BigDecimal quantity) {
    this.quantity = quantity;
  }

  public String getUnit() {
    return unit;
  }

  public void setUnit(String unit) {
    this.unit = unit;
  }

  public UUID getProductId() {
    return productId;
  }

  public void setProductId(UUID productId) {
    this.productId = productId;
  }

  public UUID getSupplierOrganisationId() {
    return supplierOrganisationId;
  }

  public void setSupplierOrganisationId(UUID supplierOrganisationId) {
    this.supplierOrganisationId = supplierOrganisationId;
  }

  public String getSupplierName() {
    return supplierName;
  }

  public void setSupplierName(String supplierName) {
    this.supplierName = supplierName;
  }

  public OffsetDateTime getReceivedAt() {
    return receivedAt;
  }

  public void setReceivedAt(OffsetDateTime receivedAt) {
    this.receivedAt = receivedAt;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  /** The code of the new lot when the lot received has no identifier (then it is ours). */
  public String getLotCode() {
    return lotCode;
  }

  public void setLotCode(String lotCode) {
    this.lotCode = lotCode;
  }
}
