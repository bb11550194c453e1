package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A quality inspection of a lot: its outcome and measurements (moisture in percent, cut test counts
 * of the beans cut, and for gold its fineness in parts per thousand: 1000 is pure gold).
 */
public class InspectionForm {

  private InspectionOutcome outcome;
  private BigDecimal moisturePercent;
  private BigDecimal finenessPerMille;
  private Integer cutTestBeans;
  private Integer wellFermented;
  private Integer partlyPurple;
  private Integer purple;
  private Integer slaty;
  private Integer mouldy;
  private Integer insectDamaged;
  private Integer germinated;
  private Integer flat;
  private String note;
  private OffsetDateTime inspectedAt;

  public InspectionOutcome getOutcome() {
    return outcome;
  }

  public void setOutcome(InspectionOutcome outcome) {
    this.outcome = outcome;
  }

  public BigDecimal getMoisturePercent() {
    return moisturePercent;
  }

  public void setMoisturePercent(BigDecimal moisturePercent) {
    this.moisturePercent = moisturePercent;
  }

  public BigDecimal getFinenessPerMille() {
    return finenessPerMille;
  }

  public void setFinenessPerMille(BigDecimal finenessPerMille) {
    this.finenessPerMille = finenessPerMille;
  }

  public Integer getCutTestBeans() {
    return cutTestBeans;
  }

  public void setCutTestBeans(Integer cutTestBeans) {
    this.cutTestBeans = cutTestBeans;
  }

  public Integer getWellFermented() {
    return wellFermented;
  }

  public void setWellFermented(Integer wellFermented) {
    this.wellFermented = wellFermented;
  }

  public Integer getPartlyPurple() {
    return partlyPurple;
  }

  public void setPartlyPurple(Integer partlyPurple) {
    this.partlyPurple = partlyPurple;
  }

  public Integer getPurple() {
    return purple;
  }

  public void setPurple(Integer purple) {
    this.purple = purple;
  }

  public Integer getSlaty() {
    return slaty;
  }

  public void setSlaty(Integer slaty) {
    this.slaty = slaty;
  }

  public Integer getMouldy() {
    return mouldy;
  }

  public void setMouldy(Integer mouldy) {
    this.mouldy = mouldy;
  }

  public Integer getInsectDamaged() {
    return insectDamaged;
  }

  public void setInsectDamaged(Integer insectDamaged) {
    this.insectDamaged = insectDamaged;
  }

  public Integer getGerminated() {
    return germinated;
  }

  public void setGerminated(Integer germinated) {
    this.germinated = germinated;
  }

  public Integer getFlat() {
    return flat;
  }

  public void setFlat(Integer flat) {
    this.flat = flat;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }

  public OffsetDateTime getInspectedAt() {
    return inspectedAt;
  }

  public void setInspectedAt(OffsetDateTime inspectedAt) {
    this.inspectedAt = inspectedAt;
  }
}
