package org.ayni.registry;

import java.time.LocalDate;

/** A change of a member's status: the new status, from when, and why. */
public class StatusChangeForm {

  private MemberStatus status;
  private LocalDate effectiveOn;
  private String reason;

  public MemberStatus getStatus() {
    return status;
  }

  public void setStatus(MemberStatus status) {
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
