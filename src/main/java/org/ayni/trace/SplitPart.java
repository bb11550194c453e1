package org.ayni.trace;

import java.math.BigDecimal;

/** One part of a split lot: an optional code (one is made up when empty) and its quantity. */
public class SplitPart {

  private String lotCode;
  private BigDecimal quantity;

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
