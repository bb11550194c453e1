package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;

/** A quantity taken from a lot (in the lot's unit). */
public class LotQuantity {

  private UUID lotId;
  private BigDecimal quantity;

  public UUID getLotId() {
    return lotId;
  }

  public void setLotId(UUID lotId) {
    this.lotId = lotId;
  }

  public BigDecimal getQuantity() {
    return quantity;
  }

  public void setQuantity(BigDecimal quantity) {
    this.quantity = quantity;
  }
}
