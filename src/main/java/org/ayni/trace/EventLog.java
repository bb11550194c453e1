package org.ayni.trace;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;

/**
 * The append-only event log. Appending runs inside the caller's transaction (it requires one):
 * duplicates are skipped, every {@link EventProjection} checks the batch, the events are written
 * and the projections apply them, so a refusal anywhere leaves nothing behind.
 */
public interface EventLog {

  /**
   * Appends events recorded by an organisation.
   *
   * <p>An event whose {@code eventId} is null gets the CBV 2.0 event hash; an event whose {@code
   * body} is null gets its EPCIS 2.0 JSON-LD written from its fields. An event whose eventID the
   * organisation already stored is not stored again.
   *
   * @param captureId the capture job the events came with, or null
   */
  AppendResult append(OrganisationId organisation, UUID captureId, List<TraceEvent> events);

  /** One event by its eventID, within the caller's scope. */
  Optional<StoredEvent> find(OrganisationScope scope, String eventId);

  /**
   * Every event of the scope's own that names an identifier (an EPC, a lot's epcClass, or a
   * parent), in log order: what an organisation recorded of a lot.
   */
  List<StoredEvent> naming(OrganisationScope scope, String identifier);

  /**
   * The same with the events shared with the scope (a shipment to it and its shipper's declaration
   * of it, ADR 0015): a lot's timeline, as its EPCIS queries answer them.
   */
  List<StoredEvent> seenNaming(OrganisationScope scope, String identifier);

  /** What an append did. */
  record AppendResult(List<StoredEvent> stored, List<String> duplicateEventIds) {

    public AppendResult {
      stored = List.copyOf(stored);
      duplicateEventIds = List.copyOf(duplicateEventIds);
    }
  }
}
