package org.ayni.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.access.IssuedToken;
import org.ayni.access.PasswordForm;
import org.ayni.access.TokenForm;
import org.ayni.access.UserAccounts;
import org.ayni.access.UserTokens;
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

/**
 * The account page: the user's roles, password and API tokens. A new token's secret is shown in the
 * answer to the form that created it, and never again; it is not kept, not even in the session.
 */
@Controller
@RequestMapping("/account")
class TokenPages {

  private final UserTokens tokens;
  private final UserAccounts accounts;

  TokenPages(UserTokens tokens, UserAccounts accounts) {
    this.tokens = tokens;
    this.accounts = accounts;
  }

  @GetMapping("/tokens")
  String page(CurrentUser user, Model model) {
    return page(user, new TokenForm(), null, model);
  }

  @PostMapping("/tokens")
  String create(
      CurrentUser user,
      @ModelAttribute("form") TokenForm form,
      BindingResult binding,
      Model model,
      HttpServletResponse response) {
    if (binding.hasErrors()) {
      return page(user, form, null, model);
    }
    try {
      IssuedToken issued = tokens.create(user, form);
      // The secret is in this answer only: no cache may keep it.
      response.setHeader("Cache-Control", "no-store");
      return page(user, new TokenForm(), issued, model);
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return page(user, form, null, model);
    }
  }

  @PostMapping("/tokens/{id}/revoke")
  String revoke(CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
    tokens.revoke(user, id);
    redirect.addFlashAttribute("saved", true);
    return "redirect:/account/tokens";
  }

  /**
   * Changes the user's own password; refused, the page comes back with the message by its field.
   */
  @PostMapping("/password")
  String changePassword(
      CurrentUser user,
      @ModelAttribute("passwordForm") PasswordForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    try {
      accounts.changeOwnPassword(user, form);
      redirect.addFlashAttribute("passwordChanged", true);
      return "redirect:/account/tokens";
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return page(user, new TokenForm(), null, model);
    }
  }

  private String page(CurrentUser user, TokenForm form, IssuedToken issued, Model model) {
    if (!model.containsAttribute("passwordForm")) {
      model.addAttribute("passwordForm", new PasswordForm());
    }
    model.addAttribute("minPasswordLength", UserAccounts.MIN_PASSWORD_LENGTH);
    model.addAttribute("form", form);
    model.addAttribute("issued", issued);
    model.addAttribute("tokens", tokens.mine(user));
    model.addAttribute("profile", accounts.profile(user));
    return "access/tokens";
  }
}
