package org.ayni.access;

import java.util.Map;
import org.ayni.shared.OrganisationId;

/**
 * Records who changed what and when. Callers write the entry inside the transaction of the change,
 * so that a change and its audit entry are kept or lost together.
 */
public interface AuditTrail {

  void record(
      CurrentUser actor,
      OrganisationId organisation,
      String entityType,
      Object entityId,
      String action,
      Map<String, ?> details);

  /** Entries for one entity, newest first, within the caller's scope. */
  java.util.List<AuditEntry> history(CurrentUser viewer, String entityType, Object entityId);

  /** One audit entry. */
  record AuditEntry(
      java.time.OffsetDateTime occurredAt,
      String actor,
      String entityType,
      String entityId,
      String action,
      String details) {}
}
