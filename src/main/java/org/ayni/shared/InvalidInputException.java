package org.ayni.shared;

import java.util.List;

/** Input that breaks a rule; thrown before anything is written, so nothing is. */
public class InvalidInputException extends RuntimeException {

  private final List<FieldProblem> problems;

  public InvalidInputException(List<FieldProblem> problems) {
    super(problems.toString());
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid input needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(FieldProblem problem) {
    this(List.of(problem));
  }

  public static InvalidInputException of(String field, String messageKey, Object... arguments) {
    return new InvalidInputException(FieldProblem.of(field, messageKey, arguments));
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
