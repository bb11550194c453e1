package org.ayni.shared;

import java.util.List;

/**
 * One thing wrong with one input field: the field's name as the client sent it, a message key from
 * the bundles and its arguments. The web layer turns it into text in the user's language.
 */
public record FieldProblem(String field, String messageKey, List<Object> arguments) {

  public FieldProblem {
    arguments = List.copyOf(arguments);
  }

  public static FieldProblem of(String field, String messageKey, Object... arguments) {
    return new FieldProblem(field, messageKey, List.of(arguments));
  }

  public FieldProblem under(String prefix) {
    return new FieldProblem(prefix + field, messageKey, arguments);
  }
}
