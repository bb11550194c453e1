package org.ayni.shared;

/**
 * What was asked for does not exist or is outside the caller's scope; both read the same, so that
 * nobody learns what another organisation holds.
 */
public class NotFoundException extends RuntimeException {

  private final String messageKey;

  public NotFoundException(String messageKey) {
    super(messageKey);
    this.messageKey = messageKey;
  }

  public String messageKey() {
    return messageKey;
  }
}
