package org.ayni.shared;

/**
 * The record changed since the caller read it (optimistic locking) or the action clashes with its
 * state.
 */
public class ConflictException extends RuntimeException {

  private final String messageKey;

  public ConflictException(String messageKey) {
    super(messageKey);
    this.messageKey = messageKey;
  }

  public String messageKey() {
    return messageKey;
  }
}
