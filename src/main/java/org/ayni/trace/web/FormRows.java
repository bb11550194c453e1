package org.ayni.trace.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.trace.OperationResult;

/**
 * Rows of a form of which only those filled in are sent on (lots given a quantity, parts of a
 * split): which ones those are, and the problems found with the rows sent on put back on the rows
 * of the page they came from.
 */
final class FormRows {

  private FormRows() {}

  /**
   * Runs the operation with only the rows filled in; when it is refused, puts all rows back and
   * throws its problems with those of the rows turned into the page's rows.
   */
  static <T> OperationResult filledOnly(
      List<T> rows,
      Predicate<T> filledIn,
      Consumer<List<T>> setRows,
      String field,
      Supplier<OperationResult> operation) {
    List<Integer> filled = filled(rows, filledIn);
    setRows.accept(of(rows, filled));
    try {
      return operation.get();
    } catch (InvalidInputException e) {
      setRows.accept(rows);
      throw onPage(e, field, filled);
    }
  }

  /** The indexes of the rows filled in. */
  private static <T> List<Integer> filled(List<T> rows, Predicate<T> filledIn) {
    List<Integer> filled = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i) != null && filledIn.test(rows.get(i))) {
        filled.add(i);
      }
    }
    return filled;
  }

  /** The rows filled in, in their order. */
  private static <T> List<T> of(List<T> rows, List<Integer> filled) {
    return new ArrayList<>(filled.stream().map(rows::get).toList());
  }

  /** The problems, those of {@code field[k]} of the rows sent on turned into the page's rows. */
  private static InvalidInputException onPage(
      InvalidInputException e, String field, List<Integer> filled) {
    List<FieldProblem> problems = new ArrayList<>();
    for (FieldProblem p : e.problems()) {
      String name = p.field();
      if (name != null && name.startsWith(field + "[")) {
        int end = name.indexOf(']');
        int k = Integer.parseInt(name.substring(field.length() + 1, end));
        name = field + "[" + filled.get(k) + name.substring(end);
      }
      problems.add(new FieldProblem(name, p.messageKey(), p.arguments()));
    }
    return new InvalidInputException(problems);
  }
}
