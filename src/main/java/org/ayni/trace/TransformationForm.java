package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inputs with quantities turned into outputs with quantities in one processing step (fermenting,
 * drying, sawing…).
 */
public class TransformationForm {

  private UUID organisationId;
  private TraceStep step;
  private List<LotQuantity> inputs = new ArrayList<>();
  private List<OutputLot> outputs = new ArrayList<>();
  private OffsetDateTime occurredAt;
  private String location;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public TraceStep getStep() {
    return step;
  }

  public void setStep(TraceStep step) {
    this.step = step;
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

  public List<OutputLot> getOutputs() {
    return outputs;
  }

  public void setOutputs(List<OutputLot> outputs) {
    // JSON null (or null items) reads as none, refused as such by the operation
    this.outputs =
        outputs == null
            ? new ArrayList<>()
            : new ArrayList<>(outputs.stream().filter(java.util.Objects::nonNull).toList());
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
