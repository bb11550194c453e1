package org.ayni.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.AgeBand;
import org.ayni.registry.ConsentMethod;
import org.ayni.registry.Gender;
import org.ayni.registry.Member;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.registry.MemberStatus;
import org.ayni.registry.Members;
import org.ayni.registry.Organisations;
import org.ayni.registry.StatusChangeForm;
import org.ayni.shared.InvalidInputException;
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

/** Member pages: list and search, view with status history, register, edit, change status. */
@Controller
@RequestMapping("/members")
class MemberPages {

  private final Members members;
  private final Organisations organisations;
  private final AuditTrail audit;
  private final Clock clock;

  MemberPages(Members members, Organisations organisations, AuditTrail audit, Clock clock) {
    this.members = members;
    this.organisations = organisations;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping
  String list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String community,
      @RequestParam(required = false) MemberStatus status,
      @RequestParam(required = false) Integer page,
      Model model) {
    model.addAttribute(
        "result",
        members.search(
            user,
            MemberApi.filter(q, organisationId, community, status),
            PageQuery.of(page, null)));
    model.addAttribute("q", q);
    model.addAttribute("organisationId", organisationId);
    model.addAttribute("community", community);
    model.addAttribute("status", status);
    model.addAttribute("statuses", MemberStatus.values());
    model.addAttribute("organisations", organisations.readable(user));
    model.addAttribute("communities", members.communities(user));
    model.addAttribute("canRecord", !user.recordScope().isEmpty());
    return "registry/members";
  }

  @GetMapping("/export.csv")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String community,
      @RequestParam(required = false) MemberStatus status,
      HttpServletResponse response)
      throws IOException {
    MemberApi.writeCsv(
        members, user, MemberApi.filter(q, organisationId, community, status), response);
  }

  @GetMapping("/{id}")
  String view(CurrentUser user, @PathVariable UUID id, Model model) {
    Member member = members.get(user, id);
    model.addAttribute("member", member);
    model.addAttribute(
        "organisation", organisations.find(user.readScope(), member.organisationId()).orElse(null));
    model.addAttribute("history", members.statusHistory(user, id));
    model.addAttribute("audit", audit.history(user, "member", id));
    model.addAttribute("canRecord", user.canRecord(member.organisationId()));
    StatusChangeForm statusForm = new StatusChangeForm();
    statusForm.setEffectiveOn(LocalDate.now(clock));
    model.addAttribute("statusForm", statusForm);
    model.addAttribute("statuses", MemberStatus.values());
    return "registry/member";
  }

  @GetMapping("/new")
  String createForm(
      CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    MemberForm form = new MemberForm();
    form.setOrganisationId(organisationId);
    form.setJoinDate(LocalDate.now(clock));
    return form(user, form, null, model);
  }

  @PostMapping("/new")
  String create(
      CurrentUser user,
      @ModelAttribute("form") MemberForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return form(user, form, null, model);
    }
    try {
      Member created = members.register(user, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/members/" + created.id();
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, null, model);
    }
  }

  @GetMapping("/{id}/edit")
  String editForm(CurrentUser user, @PathVariable UUID id, Model model) {
    Member member = members.get(user, id);
    user.requireRecord(member.organisationId());
    return form(user, MemberForm.of(member), member, model);
  }

  @PostMapping("/{id}/edit")
  String update(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("form") MemberForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    Member member = members.get(user, id);
    if (binding.hasErrors()) {
      return form(user, form, member, model);
    }
    try {
      members.update(user, id, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/members/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, member, model);
    }
  }

  @PostMapping("/{id}/status")
  String changeStatus(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("statusForm") StatusChangeForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (!binding.hasErrors()) {
      try {
        members.changeStatus(user, id, form);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/members/" + id;
      } catch (InvalidInputException e) {
        FormErrors.bind(e, binding);
      }
    }
    Member member = members.get(user, id);
    model.addAttribute("member", member);
    model.addAttribute(
        "organisation", organisations.find(user.readScope(), member.organisationId()).orElse(null));
    model.addAttribute("history", members.statusHistory(user, id));
    model.addAttribute("audit", audit.history(user, "member", id));
    model.addAttribute("canRecord", user.canRecord(member.organisationId()));
    model.addAttribute("statuses", MemberStatus.values());
    return "registry/member";
  }

  private String form(CurrentUser user, MemberForm form, Member existing, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("existing", existing);
    model.addAttribute("organisations", organisations.recordable(user));
    model.addAttribute("kinds", MemberKind.values());
    model.addAttribute("genders", Gender.values());
    model.addAttribute("ageBands", AgeBand.values());
    model.addAttribute("consentMethods", ConsentMethod.values());
    model.addAttribute("communities", members.communities(user));
    return "registry/member-form";
  }
}
