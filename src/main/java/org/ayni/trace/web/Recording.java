package org.ayni.trace.web;

import java.util.function.Supplier;
import org.ayni.shared.InvalidInputException;
import org.ayni.trace.OperationResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An operation a trace page posted, recorded unless the form already has errors. */
final class Recording {

  private Recording() {}

  /**
   * Records the operation and answers the redirect to the lot it made or changed first (saying it
   * was saved); or null, with the operation's problems beside the form's fields, when it was
   * refused or the form had errors already.
   */
  static String toLot(
      Supplier<OperationResult> operation, BindingResult binding, RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return null;
    }
    try {
      OperationResult result = operation.get();
      redirect.addFlashAttribute("saved", true);
      return "redirect:/trace/lots/" + result.lots().getFirst().id();
    } catch (InvalidInputException e) {
      Refusals.bind(e, binding);
      return null;
    }
  }
}
