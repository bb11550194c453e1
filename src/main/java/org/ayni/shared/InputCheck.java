package org.ayni.shared;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every problem of an input before anything is written, then throws them together, so a
 * user sees all of them at once. Messages are keys of the bundles; see {@code validation.*}.
 */
public final class InputCheck {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final List<FieldProblem> problems = new ArrayList<>();

  public InputCheck required(String field, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      add(field, "validation.required");
    }
    return this;
  }

  public InputCheck maxLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      add(field, "validation.too-long", max);
    }
    return this;
  }

  public InputCheck matches(String field, String value, String regex, String messageKey) {
    if (value != null && !value.isBlank() && !value.matches(regex)) {
      add(field, messageKey);
    }
    return this;
  }

  public InputCheck email(String field, String value) {
    if (value != null && !value.isBlank() && !EMAIL.matcher(value).matches()) {
      add(field, "validation.email");
    }
    return this;
  }

  public InputCheck range(String field, Number value, long min, long max) {
    if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
      // as text: a number argument would be written with the language's thousands separator
      // ("entre 0 y 10.000"), unlike the quantities beside it
      add(field, "validation.range", Long.toString(min), Long.toString(max));
    }
    return this;
  }

  public InputCheck notInFuture(String field, LocalDate value, LocalDate today) {
    if (value != null && value.isAfter(today)) {
      add(field, "validation.date.future");
    }
    return this;
  }

  public InputCheck check(boolean ok, String field, String messageKey, Object... arguments) {
    if (!ok) {
      add(field, messageKey, arguments);
    }
    return this;
  }

  public InputCheck add(String field, String messageKey, Object... arguments) {
    problems.add(FieldProblem.of(field, messageKey, arguments));
    return this;
  }

  public InputCheck addAll(List<FieldProblem> more) {
    problems.addAll(more);
    return this;
  }

  public boolean hasProblem(String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** Parses an enum constant, recording a problem (and returning null) when the text is not one. */
  public <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      add(field, "validation.choice");
      return null;
    }
  }
}
