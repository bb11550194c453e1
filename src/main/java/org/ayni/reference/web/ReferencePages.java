package org.ayni.reference.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import org.ayni.access.CurrentUser;
import org.ayni.reference.ReferenceData;
import org.ayni.reference.Verification;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.web.FormErrors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The reference data pages: what is in force, where it comes from, and its versions. */
@Controller
@RequestMapping("/reference")
class ReferencePages {

  private final ReferenceData reference;
  private final Clock clock;

  ReferencePages(ReferenceData reference, Clock clock) {
    this.reference = reference;
    this.clock = clock;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("values", reference.currentValues());
    return "reference/values";
  }

  @GetMapping("/{key}")
  String history(CurrentUser user, @PathVariable String key, Model model) {
    var history = reference.history(key);
    model.addAttribute("key", key);
    model.addAttribute("history", history);
    if (user.platformAdmin()) {
      VersionForm form = new VersionForm();
      form.setValidFrom(LocalDate.now(clock));
      form.setVerification(Verification.U);
      model.addAttribute("form", form);
    }
    model.addAttribute("numeric", history.getFirst().numericValue() != null);
    model.addAttribute("verifications", Verification.values());
    return "reference/value";
  }

  @PostMapping("/{key}")
  String supersede(
      CurrentUser user,
      @PathVariable String key,
      @ModelAttribute("form") VersionForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (!binding.hasErrors()) {
      try {
        reference.supersede(user, key, form.toVersion());
        redirect.addFlashAttribute("saved", true);
        return "redirect:/reference/" + key;
      } catch (InvalidInputException e) {
        FormErrors.bind(e, binding);
      }
    }
    var history = reference.history(key);
    model.addAttribute("key", key);
    model.addAttribute("history", history);
    model.addAttribute("numeric", history.getFirst().numericValue() != null);
    model.addAttribute("verifications", Verification.values());
    return "reference/value";
  }

  /** The form for a new version. */
  public static class VersionForm {
    private BigDecimal numericValue;
    private String textValue;
    private LocalDate validFrom;
    private Verification verification;
    private String source;
    private String note;

    ReferenceData.NewVersion toVersion() {
      return new ReferenceData.NewVersion(
          numericValue, textValue, validFrom, verification, source, note);
    }

    public BigDecimal getNumericValue() {
      return numericValue;
    }

    public void setNumericValue(BigDecimal numericValue) {
      this.numericValue = numericValue;
    }

    public String getTextValue() {
      return textValue;
    }

    public void setTextValue(String textValue) {
      this.textValue = textValue;
    }

    public LocalDate getValidFrom() {
      return validFrom;
    }

    public void setValidFrom(LocalDate validFrom) {
      this.validFrom = validFrom;
    }

    public Verification getVerification() {
      return verification;
    }

    public void setVerification(Verification verification) {
      this.verification = verification;
    }

    public String getSource() {
      return source;
    }

    public void setSource(String source) {
      this.source = source;
    }

    public String getNote() {
      return note;
    }

    public void setNote(String note) {
      this.note = note;
    }
  }
}
