package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A member's delivery received by an organisation: who, from which production unit (the member's
 * own, or one its organisation holds in common such as a community forest or a mining claim), what
 * and how much.
 */
public class ReceiptForm {

  private UUID organisationId;
  private UUID memberId;
  private UUID productionUnitId;
  private UUID productId;
  private String lotCode;
  private BigDecimal quantity;
  private String unit;
  private OffsetDateTime receivedAt;
  private String location;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public UUID getMemberId() {
    return memberId;
  }

  public void setMemberId(UUID memberId) {
    this.memberId = memberId;
  }

  public UUID getProductionUnitId() {
    return productionUnitId;
  }

  public void setProductionUnitId(UUID productionUnitId) {
    this.productionUnitId = productionUnitId;
  }

  public UUID getProductId() {
    return productId;
  }

  public void setProductId(UUID productId) {
    this.productId = productId;
  }

  public String getLotCode() {
    return lotCode;
  }

  public void setLotCode(String lotCode) {
    this.lotCode = lotCode;
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
}
