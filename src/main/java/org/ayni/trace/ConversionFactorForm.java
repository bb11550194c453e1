package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;
import org.ayni.reference.Verification;

/**
 * An organisation's own maximum yield for one of its products in a step (from its own weighings),
 * which takes precedence over the platform default.
 */
public class ConversionFactorForm {

  private UUID organisationId;
  private UUID productId;
  private TraceStep step;
  private BigDecimal maxYield;
  private String source;
  private Verification verification = Verification.U;
  private String note;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public UUID getProductId() {
    return productId;
  }

  public void setProductId(UUID productId) {
    this.productId = productId;
  }

  public TraceStep getStep() {
    return step;
  }

  public void setStep(TraceStep step) {
    this.step = step;
  }

  public BigDecimal getMaxYield() {
    return maxYield;
  }

  public void setMaxYield(BigDecimal maxYield) {
    this.maxYield = maxYield;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public Verification getVerification() {
    return verification;
  }

  public void setVerification(Verification verification) {
    this.verification = verification;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }
}
