package org.ayni.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.web.FormErrors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Organisation pages: list, view, create, edit, deactivate. */
@Controller
@RequestMapping("/organisations")
class OrganisationPages {

  private final Organisations organisations;

  OrganisationPages(Organisations organisations) {
    this.organisations = organisations;
  }

  @GetMapping
  String list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) OrganisationKind kind,
      @RequestParam(required = false) Boolean active,
      @RequestParam(required = false) Integer page,
      Model model) {
    model.addAttribute(
        "result",
        organisations.search(
            user, OrganisationApi.filter(q, kind, null, active), PageQuery.of(page, null)));
    model.addAttribute("q", q);
    model.addAttribute("kind", kind);
    model.addAttribute("active", active);
    model.addAttribute("kinds", OrganisationKind.values());
    return "registry/organisations";
  }

  @GetMapping("/export.csv")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) OrganisationKind kind,
      @RequestParam(required = false) Boolean active,
      HttpServletResponse response)
      throws IOException {
    OrganisationApi.writeCsv(
        organisations, user, OrganisationApi.filter(q, kind, null, active), response);
  }

  @GetMapping("/{id}")
  String view(CurrentUser user, @PathVariable UUID id, Model model) {
    OrganisationId organisationId = new OrganisationId(id);
    Organisation organisation = organisations.get(user, organisationId);
    model.addAttribute("organisation", organisation);
    model.addAttribute(
        "parent",
        organisation.parentId() == null
            ? null
            : organisations.find(user.readScope(), organisation.parentId()).orElse(null));
    model.addAttribute("children", organisations.children(user, organisationId));
    model.addAttribute("canAdmin", user.canAdminister(organisationId));
    return "registry/organisation";
  }

  @GetMapping("/new")
  String createForm(CurrentUser user, @RequestParam(required = false) UUID parentId, Model model) {
    OrganisationForm form = new OrganisationForm();
    if (parentId != null) {
      Organisation parent = organisations.get(user, new OrganisationId(parentId));
      user.requireAdmin(parent.id());
      form.setParentId(parentId);
      form.setCountry(parent.country());
      form.setTimeZone(parent.timeZone());
      form.setRegion(parent.region());
      form.setKind(
          parent.kind() == OrganisationKind.COMMUNITY_ENTERPRISE
              ? OrganisationKind.COMMUNITY
              : parent.kind() == OrganisationKind.COMPANY
                  ? OrganisationKind.PRODUCER_ASSOCIATION
                  : OrganisationKind.COOPERATIVE);
    } else {
      user.requirePlatformAdmin();
      form.setCountry(Organisations.PERU);
    }
    return form(user, form, null, model);
  }

  @PostMapping("/new")
  String create(
      CurrentUser user,
      @ModelAttribute("form") OrganisationForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return form(user, form, null, model);
    }
    try {
      Organisation created = organisations.create(user, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/organisations/" + created.id();
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, null, model);
    }
  }

  @GetMapping("/{id}/edit")
  String editForm(CurrentUser user, @PathVariable UUID id, Model model) {
    Organisation organisation = organisations.get(user, new OrganisationId(id));
    user.requireAdmin(organisation.id());
    return form(user, OrganisationForm.of(organisation), organisation, model);
  }

  @PostMapping("/{id}/edit")
  String update(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("form") OrganisationForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    Organisation organisation = organisations.get(user, new OrganisationId(id));
    if (binding.hasErrors()) {
      return form(user, form, organisation, model);
    }
    try {
      organisations.update(user, organisation.id(), form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/organisations/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, organisation, model);
    }
  }

  @PostMapping("/{id}/active")
  String setActive(
      CurrentUser user,
      @PathVariable UUID id,
      @RequestParam boolean active,
      RedirectAttributes redirect) {
    organisations.setActive(user, new OrganisationId(id), active);
    redirect.addFlashAttribute("saved", true);
    return "redirect:/organisations/" + id;
  }

  private String form(CurrentUser user, OrganisationForm form, Organisation existing, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("existing", existing);
    model.addAttribute("kinds", OrganisationKind.values());
    model.addAttribute("languageChoices", Organisations.LANGUAGES);
    model.addAttribute("timeZones", Organisations.TIME_ZONES);
    model.addAttribute(
        "parents",
        organisations.readable(user).stream()
            .filter(o -> user.canAdminister(o.id()))
            .filter(o -> existing == null || !o.id().equals(existing.id()))
            .toList());
    return "registry/organisation-form";
  }
}
