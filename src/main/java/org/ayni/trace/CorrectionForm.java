package org.ayni.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Declares an event of the organisation erroneous (EPCIS error declaration); corrective events may
 * be named.
 */
public class CorrectionForm {

  private UUID organisationId;
  private String eventId;
  private ErrorReason reason;
  private List<String> correctiveEventIds = new ArrayList<>();

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

  public ErrorReason getReason() {
    return reason;
  }

  public void setReason(ErrorReason reason) {
    this.reason = reason;
  }

  public List<String> getCorrectiveEventIds() {
    return correctiveEventIds;
  }

  public void setCorrectiveEventIds(List<String> correctiveEventIds) {
    // JSON null (or null items) reads as none, refused as such by the operation
    this.correctiveEventIds =
        correctiveEventIds == null
            ? new ArrayList<>()
            : new ArrayList<>(
                correctiveEventIds.stream().filter(java.util.Objects::nonNull).toList());
  }
}
