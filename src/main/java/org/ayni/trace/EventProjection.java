package org.ayni.trace;

import java.util.List;
import java.util.Set;
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

  /**
   * As {@link #check(OrganisationId, List)}, some of the events (by index) having been declared
   * erroneous before they came: they are stored and undone in the same transaction, so they take
   * nothing and must not be refused for what they would take.
   */
  default void check(OrganisationId organisation, List<TraceEvent> events, Set<Integer> declared) {
    check(organisation, events);
  }

  void apply(OrganisationId organisation, List<StoredEvent> events);
}
