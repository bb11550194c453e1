package org.ayni.access.web;

import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.access.PasswordForm;
import org.ayni.access.Role;
import org.ayni.access.RoleForm;
import org.ayni.access.UserAccounts;
import org.ayni.access.UserForm;
import org.ayni.access.UserSummary;
import org.ayni.shared.ForbiddenException;
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

/**
 * User administration for organisation administrators (the users of their organisations) and the
 * platform administrator (everyone): list, create, give and withdraw roles, enable and disable.
 */
@Controller
@RequestMapping("/admin/users")
class UserPages {

  private final UserAccounts accounts;
  private final AuditTrail audit;

  UserPages(UserAccounts accounts, AuditTrail audit) {
    this.accounts = accounts;
    this.audit = audit;
  }

  @GetMapping
  String list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page,
      Model model) {
    model.addAttribute("result", accounts.search(user, q, PageQuery.of(page, null)));
    model.addAttribute("q", q);
    return "access/users";
  }

  @GetMapping("/new")
  String createForm(
      CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    requireAdministrator(user);
    UserForm form = new UserForm();
    form.setOrganisationId(organisationId);
    return form(user, form, model);
  }

  @PostMapping("/new")
  String create(
      CurrentUser user,
      @ModelAttribute("form") UserForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    requireAdministrator(user);
    if (binding.hasErrors()) {
      return form(user, form, model);
    }
    try {
      UserSummary created = accounts.register(user, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/admin/users/" + created.id();
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, model);
    }
  }

  @GetMapping("/{id}")
  String view(CurrentUser user, @PathVariable UUID id, Model model) {
    return view(user, id, new RoleForm(), model);
  }

  /** Sets a new password for a user who forgot theirs. */
  @PostMapping("/{id}/password")
  String resetPassword(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("passwordForm") PasswordForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    try {
      accounts.resetPassword(user, id, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/admin/users/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return view(user, id, new RoleForm(), model);
    }
  }

  @PostMapping("/{id}/roles")
  String putRole(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("roleForm") RoleForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    accounts.get(user, id);
    if (binding.hasErrors()) {
      return view(user, id, form, model);
    }
    try {
      accounts.putRole(user, id, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/admin/users/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return view(user, id, form, model);
    }
  }

  @PostMapping("/{id}/roles/{organisationId}/remove")
  String removeRole(
      CurrentUser user,
      @PathVariable UUID id,
      @PathVariable UUID organisationId,
      RedirectAttributes redirect) {
    accounts.removeRole(user, id, new OrganisationId(organisationId));
    redirect.addFlashAttribute("saved", true);
    return "redirect:/admin/users/" + id;
  }

  @PostMapping("/{id}/disable")
  String disable(CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
    accounts.setEnabled(user, id, false);
    redirect.addFlashAttribute("saved", true);
    return "redirect:/admin/users/" + id;
  }

  @PostMapping("/{id}/enable")
  String enable(CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
    accounts.setEnabled(user, id, true);
    redirect.addFlashAttribute("saved", true);
    return "redirect:/admin/users/" + id;
  }

  private String view(CurrentUser user, UUID id, RoleForm roleForm, Model model) {
    UserSummary target = accounts.get(user, id);
    boolean self = target.id().equals(user.userId());
    boolean manageable = user.platformAdmin() || (!target.platformAdmin() && !self);
    model.addAttribute("user", target);
    model.addAttribute("roleForm", roleForm);
    if (!model.containsAttribute("passwordForm")) {
      model.addAttribute("passwordForm", new PasswordForm());
    }
    model.addAttribute("minPasswordLength", UserAccounts.MIN_PASSWORD_LENGTH);
    model.addAttribute("manageable", manageable);
    model.addAttribute("canSwitch", manageable && !self);
    model.addAttribute("organisations", accounts.administrable(user));
    model.addAttribute("roles", Role.values());
    model.addAttribute("audit", audit.history(user, "user", id));
    return "access/user";
  }

  private String form(CurrentUser user, UserForm form, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("organisations", accounts.administrable(user));
    model.addAttribute("roles", Role.values());
    model.addAttribute("preferredLanguages", UserAccounts.LANGUAGES);
    model.addAttribute("minPasswordLength", UserAccounts.MIN_PASSWORD_LENGTH);
    return "access/user-form";
  }

  private static void requireAdministrator(CurrentUser user) {
    if (user.adminScope().isEmpty()) {
      throw new ForbiddenException("error.forbidden.admin");
    }
  }
}
