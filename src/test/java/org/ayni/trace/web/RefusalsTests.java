package org.ayni.trace.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceStep;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;

/** A refused form's messages, their arguments written as the pages write them. */
class RefusalsTests {

  /** The form a refusal is bound to: one field. */
  public static class Form {
    private String step;

    public String getStep() {
      return step;
    }

    public void setStep(String step) {
      this.step = step;
    }
  }

  final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

  RefusalsTests() {
    messages.setBasename("i18n/messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    messages.setAlwaysUseMessageFormat(true);
  }

  private String written(FieldProblem problem) {
    BindingResult binding = new BeanPropertyBindingResult(new Form(), "form");
    Refusals.bind(new InvalidInputException(problem), binding);
    return messages.getMessage(binding.getAllErrors().getFirst(), Locale.forLanguageTag("es"));
  }

  @Test
  void aStepAndAKindAreWrittenByTheirNames() {
    assertThat(
            written(
                FieldProblem.of(
                    "step",
                    "trace.transformation.step",
                    TraceStep.SAWING.bizStep(),
                    ProductKind.CACAO_DRY)))
        .startsWith("«Aserrío» no hace «Cacao seco»");
  }

  /**
   * A lot of a product with a GTIN, named by its Digital Link, by its code as the pages show it (QA
   * of 2026-12-07: "Del lote https://id.gs1.org/01/07751234000016/10/SEC-03 se le enviaron…").
   */
  @Test
  void aLotOfAGtinIsWrittenByItsCode() {
    String message =
        written(
            FieldProblem.of(
                "quantity",
                "trace.receipt.exceeds-shipment",
                "https://id.gs1.org/01/07751234000016/10/SEC-03",
                "70",
                "KGM",
                "60",
                "KGM"));
    assertThat(message).contains("SEC-03").doesNotContain("id.gs1.org", "KGM");
  }

  @Test
  void aRefusalToldWithinAnotherHasItsArgumentsWrittenTheSameWay() {
    // an origin that breaks a transformation which used its lot: the lot by its code, and the
    // transformation's own refusal with the units' symbols
    String message =
        written(
            FieldProblem.of(
                "step",
                "trace.origin.consumed-as",
                "urn:ayni:lot:cepicafe:ENT-7",
                "2026-03-02 09:00",
                new DefaultMessageSourceResolvable(
                    new String[] {"trace.mass-balance.no-factor"},
                    new Object[] {"40", "KGM", "30"},
                    "trace.mass-balance.no-factor")));
    assertThat(message)
        .startsWith("Este evento hace de ENT-7 un lote")
        .contains("del 2026-03-02 09:00", "40 kg")
        .doesNotContain("KGM", "urn:ayni");
  }
}
