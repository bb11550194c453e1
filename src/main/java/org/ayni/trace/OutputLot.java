package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A lot a transformation produces: its product, an optional code (one is made up when empty) and
 * quantity (in the product's unit).
 */
public class OutputLot {

  private UUID productId;
  private String lotCode;
  private BigDecimal quantity;

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
}
