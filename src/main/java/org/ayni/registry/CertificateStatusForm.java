package org.ayni.registry;

import java.time.LocalDate;

/**
 * A change of a certificate's status: suspend or withdraw it (with the reason), or reactivate it.
 */
public class CertificateStatusForm {

  private CertificateStatus status;
  private LocalDate effectiveOn;
  private String reason;

  public CertificateStatus getStatus() {
    return status;
  }

  public void setStatus(CertificateStatus status) {
    this.status = status;
  }

  public LocalDate getEffectiveOn() {
    return effectiveOn;
  }

  public void setEffectiveOn(LocalDate effectiveOn) {
    this.effectiveOn = effectiveOn;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
