package org.ayni.shared.web;

import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.springframework.beans.NotReadablePropertyException;
import org.springframework.validation.BindingResult;

/** Puts the problems of an {@link InvalidInputException} beside the form fields they concern. */
public final class FormErrors {

  private FormErrors() {}

  public static void bind(InvalidInputException e, BindingResult result) {
    for (FieldProblem p : e.problems()) {
      Object[] arguments = p.arguments().toArray();
      try {
        result.getFieldType(p.field());
        result.rejectValue(p.field(), p.messageKey(), arguments, null);
      } catch (NotReadablePropertyException | IllegalArgumentException | IllegalStateException ex) {
        result.reject(p.messageKey(), arguments, null);
      }
    }
  }
}
