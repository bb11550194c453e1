package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Lots of one product put together into a new lot. */
public class MergeForm {

  private UUID organisationId;
  private List<LotQuantity> inputs = new ArrayList<>();
  private String lotCode;
  private OffsetDateTime occurredAt;
  private String location;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public List<LotQuantity> getInputs() {
    return inputs;
  }

  public void setInputs(List<LotQuantity> inputs) {
    // JSON null (or null items) reads as none, refused as such by the operation
    this.inputs =
        inputs == null
            ? new ArrayList<>()
            : new ArrayList<>(inputs.stream().filter(java.util.Objects::nonNull).toList());
  }

  public String getLotCode() {
    return lotCode;
  }

  public void setLotCode(String lotCode) {
    this.lotCode = lotCode;
  }

  public OffsetDateTime getOccurredAt() {
    return occurredAt;
  }

  public void setOccurredAt(OffsetDateTime occurredAt) {
    this.occurredAt = occurredAt;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }
}
