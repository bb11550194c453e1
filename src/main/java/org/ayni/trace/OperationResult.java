package org.ayni.trace;

import java.util.List;

/** What an operation recorded: the event (its eventID) and the lots it created or changed. */
public record OperationResult(String eventId, List<Lot> lots) {

  public OperationResult {
    lots = List.copyOf(lots);
  }
}
