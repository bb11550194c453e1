package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A lot divided into new lots of the same product; what is not split off stays in the lot. */
public class SplitForm {

  private List<SplitPart> parts = new ArrayList<>();
  private OffsetDateTime occurredAt;

  public List<SplitPart> getParts() {
    return parts;
  }

  public void setParts(List<SplitPart> parts) {
    // JSON null (or null items) reads as none, refused as such by the operation
    this.parts =
        parts == null
            ? new ArrayList<>()
            : new ArrayList<>(parts.stream().filter(java.util.Objects::nonNull).toList());
  }

  public OffsetDateTime getOccurredAt() {
    return occurredAt;
  }

  public void setOccurredAt(OffsetDateTime occurredAt) {
    this.occurredAt = occurredAt;
  }
}
