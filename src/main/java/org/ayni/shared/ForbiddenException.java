package org.ayni.shared;

/** The caller may see the record but lacks the role to change it. */
public class ForbiddenException extends RuntimeException {

  private final String messageKey;

  public ForbiddenException(String messageKey) {
    super(messageKey);
    this.messageKey = messageKey;
  }

  public String messageKey() {
    return messageKey;
  }
}
