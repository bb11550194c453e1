package org.ayni.trace.web;

import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.web.FormErrors;
import org.ayni.trace.CitedFactors;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceIds;
import org.ayni.trace.Units;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.validation.BindingResult;

/**
 * Puts a refused trace form's problems beside its fields, with the units, kinds of product, steps
 * and lots among their arguments written as the pages write them: the unit's symbol and the kind's
 * and step's names in the reader's language, a lot by its code (the API and EPCIS answer with the
 * UN/ECE codes, the kinds' constants, the steps' URIs and the lots' identifiers).
 */
final class Refusals {

  private Refusals() {}

  static void bind(InvalidInputException e, BindingResult binding) {
    FormErrors.bind(
        new InvalidInputException(
            e.problems().stream()
                .map(
                    p ->
                        new FieldProblem(
                            p.field(),
                            p.messageKey(),
                            p.arguments().stream().map(Refusals::symbol).toList()))
                .toList()),
        binding);
  }

  /**
   * A unit's code as its symbol, a kind of product and a step of ours as their names and conversion
   * factors by the names of their reference values and verification, resolved when the message is
   * written; a lot's URN of ours or Digital Link as its code; anything else as it is.
   */
  private static Object symbol(Object argument) {
    if (argument instanceof CitedFactors cited) {
      return cited.factors().stream()
          .map(Refusals::factor)
          .reduce(
              (a, b) ->
                  new DefaultMessageSourceResolvable(
                      new String[] {"trace.mass-balance.factors"}, new Object[] {a, b}, null))
          .orElse("");
    }
    if (argument instanceof String lot
        && (lot.startsWith(TraceIds.LOT) || lot.startsWith(TraceIds.DIGITAL_LINK))) {
      // ours, or a Digital Link of a product's GTIN with its lot: the code the pages show
      String code = TraceIds.parse(lot).code();
      return code == null ? lot : code;
    }
    if (argument instanceof DefaultMessageSourceResolvable nested
        && nested.getArguments() != null) {
      // another refusal told within this one, its arguments written the same way
      Object[] arguments = nested.getArguments();
      Object[] written = new Object[arguments.length];
      for (int k = 0; k < arguments.length; k++) {
        written[k] = symbol(arguments[k]);
      }
      return new DefaultMessageSourceResolvable(
          nested.getCodes(), written, nested.getDefaultMessage());
    }
    if (argument instanceof String step && step.startsWith(TraceIds.BIZSTEP)) {
      return new DefaultMessageSourceResolvable(
          new String[] {"trace.step." + step.substring(TraceIds.BIZSTEP.length())}, step);
    }
    if (argument instanceof ProductKind kind) {
      return new DefaultMessageSourceResolvable(
          new String[] {"trace.product.kind." + kind}, kind.name());
    }
    return Units.known(argument)
        ? new DefaultMessageSourceResolvable(
            new String[] {"trace.unit.symbol." + argument}, (String) argument)
        : argument;
  }

  /** One factor: its reference value's name (or "the organisation's"), verification and source. */
  private static Object factor(CitedFactors.Cited f) {
    if (f.verification() == null) {
      return new DefaultMessageSourceResolvable("trace.mass-balance.no-factor-cited");
    }
    Object name =
        f.referenceKey() == null
            ? new DefaultMessageSourceResolvable("trace.mass-balance.own-factor")
            : new DefaultMessageSourceResolvable(
                new String[] {"reference.key." + f.referenceKey()}, f.referenceKey());
    return new DefaultMessageSourceResolvable(
        new String[] {"trace.mass-balance.factor"},
        new Object[] {
          name,
          new DefaultMessageSourceResolvable(
              new String[] {"reference.verification.in-text." + f.verification()},
              f.verification()),
          f.source()
        },
        null);
  }
}
