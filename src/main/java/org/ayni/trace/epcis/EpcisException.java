package org.ayni.trace.epcis;

import java.util.List;

/**
 * An error of the EPCIS interface, answered as RFC 9457 problem JSON with the standard type {@code
 * epcisException:<name>} and its status; the text comes from a message key in the caller's
 * language, with the details of each problem (a schema error, a refused event) under {@code
 * errors}.
 */
final class EpcisException extends RuntimeException {

  /** The EPCIS 2.0 exception types used here, with their HTTP status. */
  enum Type {
    ValidationException(400),
    QueryParameterException(400),
    QueryValidationException(400),
    SubscriptionControlsException(400),
    SecurityException(403),
    NoSuchResourceException(404),
    NotAcceptableException(406),
    ResourceAlreadyExistsException(409),
    CaptureLimitExceededException(413),
    QueryTooLargeException(413),
    UnsupportedMediaTypeException(415),
    ImplementationException(500);

    final int status;

    Type(int status) {
      this.status = status;
    }

    String uri() {
      return "epcisException:" + name();
    }
  }

  /**
   * One problem: where (the event's index in the document, a JSON pointer or a field name, each may
   * be null) and what (a message key with arguments, or a text already written, such as the schema
   * validator's).
   */
  record Problem(
      Integer eventIndex, String pointer, String messageKey, List<Object> arguments, String text) {

    Problem {
      arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    static Problem text(Integer eventIndex, String pointer, String text) {
      return new Problem(eventIndex, pointer, null, List.of(), text);
    }

    static Problem key(Integer eventIndex, String pointer, String key, Object... arguments) {
      return new Problem(eventIndex, pointer, key, List.of(arguments), null);
    }
  }

  private final Type type;
  private final String messageKey;
  private final List<Object> arguments;
  private final List<Problem> problems;
  private String location;

  EpcisException(Type type, String messageKey, List<Problem> problems, Object... arguments) {
    super(type.name() + ": " + messageKey + " " + problems);
    this.type = type;
    this.messageKey = messageKey;
    this.arguments = List.of(arguments);
    this.problems = List.copyOf(problems);
  }

  EpcisException(Type type, String messageKey, Object... arguments) {
    this(type, messageKey, List.of(), arguments);
  }

  Type type() {
    return type;
  }

  String messageKey() {
    return messageKey;
  }

  List<Object> arguments() {
    return arguments;
  }

  List<Problem> problems() {
    return problems;
  }

  /** The resource the error is about (the existing event of a 409), or null. */
  String location() {
    return location;
  }

  EpcisException at(String location) {
    this.location = location;
    return this;
  }
}
