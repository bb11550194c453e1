package org.ayni.trace.internal;

/**
 * A projection refused an event of an append (a {@link org.ayni.trace.TraceRuleViolation} or an
 * {@link org.ayni.shared.InvalidInputException}): the cause, and the index of the event in what was
 * submitted (-1 when only the batch as a whole was refused).
 */
public class EventRefused extends RuntimeException {

  private final int eventIndex;

  public EventRefused(int eventIndex, RuntimeException cause) {
    super("event " + eventIndex + " refused: " + cause.getMessage(), cause);
    this.eventIndex = eventIndex;
  }

  public int eventIndex() {
    return eventIndex;
  }

  /** The projection's own exception. */
  public RuntimeException reason() {
    return (RuntimeException) getCause();
  }
}
