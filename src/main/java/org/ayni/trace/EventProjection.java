package org.ayni.trace;

import java.util.List;
import org.ayni.shared.OrganisationId;

/**
 * Something derived from the event log (lots and stock, lineage, mass balance), kept up to date in
 * the same transaction as the events are appended: if a projection refuses a batch (throws), the
 * whole capture rolls back and nothing is stored.
 *
 * <p>{@link #check} runs before the events are written and must refuse, with an {@link
 * org.ayni.shared.InvalidInputException} or a {@link TraceRuleViolation}, what would break a rule
 * (a lot of another organisation, outputs above inputs times the maximum yield); {@link #apply}
 * runs after, with the stored events in log order.
 */
public interface EventProjection {

  void check(OrganisationId organisation, List<TraceEvent> events);

  void apply(OrganisationId organisation, List<StoredEvent> events);
}
