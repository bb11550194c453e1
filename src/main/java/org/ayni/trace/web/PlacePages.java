package org.ayni.trace.web;

import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.PlaceForm;
import org.ayni.trace.Places;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An organisation's places (those its forms named): the lots it holds at each, and for those who
 * record for it a new name for a place, or a place no longer offered on the forms (a mistyped one).
 */
@Controller
@RequestMapping("/trace/places")
class PlacePages {

  private final Places places;
  private final Organisations organisations;
  private final MessageSource messages;

  PlacePages(Places places, Organisations organisations, MessageSource messages) {
    this.places = places;
    this.organisations = organisations;
    this.messages = messages;
  }

  @GetMapping
  String list(CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    PlaceForm form = new PlaceForm();
    form.setOrganisationId(organisationId);
    return page(user, organisationId, form, false, model);
  }

  /** A new name for a place: back to the organisation's places, or the page with the message. */
  @PostMapping("/name")
  String rename(
      CurrentUser user,
      @ModelAttribute("placeForm") PlaceForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    return change(user, form, binding, model, redirect, () -> places.rename(user, form));
  }

  /** A place offered on the forms again, or no longer. */
  @PostMapping("/offered")
  String offer(
      CurrentUser user,
      @ModelAttribute("placeForm") PlaceForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    return change(user, form, binding, model, redirect, () -> places.offer(user, form));
  }

  private String change(
      CurrentUser user,
      PlaceForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect,
      Runnable change) {
    if (!binding.hasErrors()) {
      try {
        change.run();
        redirect.addFlashAttribute("saved", true);
        return "redirect:/trace/places?organisationId=" + form.getOrganisationId();
      } catch (InvalidInputException e) {
        Refusals.bind(e, binding);
      }
    }
    return page(user, form.getOrganisationId(), form, true, model);
  }

  private String page(
      CurrentUser user, UUID organisationId, PlaceForm form, boolean refused, Model model) {
    List<Organisation> readable = organisations.readable(user);
    // the organisation the user records for above the others, or the only one it reads
    UUID chosen =
        organisationId != null
            ? organisationId
            : OperationPages.startingRecorder(organisations.recordable(user));
    if (chosen == null && readable.size() == 1) {
      chosen = readable.getFirst().id().value();
    }
    OrganisationId organisation = chosen == null ? null : new OrganisationId(chosen);
    boolean reads = organisation != null && user.canRead(organisation);
    model.addAttribute("places", reads ? places.list(user, organisation) : List.of());
    model.addAttribute("organisationId", chosen);
    model.addAttribute("organisations", readable);
    model.addAttribute("manages", organisation != null && user.canRecord(organisation));
    // an organisation asked for that the user does not read: said, not an empty list
    model.addAttribute("notReadable", organisation != null && !reads);
    model.addAttribute("refused", refused);
    model.addAttribute("placeForm", form);
    model.addAttribute("view", TraceView.of(readable, messages));
    return "trace/places";
  }
}
