package org.ayni.trace;

import java.util.List;

/**
 * An event that breaks a traceability rule (mass balance, ownership of lots, stock): refused with a
 * message key and arguments, and the index of the event in the submitted list.
 */
public class TraceRuleViolation extends RuntimeException {

  private final int eventIndex;
  private final String messageKey;
  private final List<Object> arguments;

  public TraceRuleViolation(int eventIndex, String messageKey, Object... arguments) {
    super(messageKey + " (event " + eventIndex + ")");
    this.eventIndex = eventIndex;
    this.messageKey = messageKey;
    this.arguments = List.of(arguments);
  }

  public int eventIndex() {
    return eventIndex;
  }

  public String messageKey() {
    return messageKey;
  }

  public List<Object> arguments() {
    return arguments;
  }
}
