package org.ayni.trace.internal;

import org.ayni.trace.TraceRuleViolation;

/**
 * An eventID the organisation's log holds already (or the same submission gave before) sent with
 * another event: refused, since an event is never changed (a correction declares it erroneous and
 * is a new event). The same event sent again is no refusal: it is stored once.
 */
public final class EventIdReused extends TraceRuleViolation {

  public EventIdReused(int eventIndex, String eventId) {
    super(eventIndex, "trace.event.id-reused", eventId);
  }

  private EventIdReused(int eventIndex, String key, String eventId) {
    super(eventIndex, key, eventId);
  }

  /**
   * An error declaration sent again saying something else (another reason, other corrective events,
   * other fields of its own): a declaration is not changed either (the first one stands).
   */
  public static EventIdReused declaredOtherwise(int eventIndex, String eventId) {
    return new EventIdReused(eventIndex, "trace.event.declared-otherwise", eventId);
  }
}
