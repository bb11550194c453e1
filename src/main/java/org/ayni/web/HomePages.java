package org.ayni.web;

import org.ayni.access.CurrentUser;
import org.ayni.registry.RegistrySummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The start page after login and the login page. */
@Controller
class HomePages {

  private final RegistrySummary summary;

  HomePages(RegistrySummary summary) {
    this.summary = summary;
  }

  @GetMapping("/")
  String home(CurrentUser user, Model model) {
    model.addAttribute("organisations", summary.of(user));
    return "home";
  }

  /**
   * The sign-in page; after a refusal ({@code ?error}, {@code ?locked}) its message is what the
   * fields are described by ({@code refusal}: the message's id).
   */
  @GetMapping("/login")
  String login(
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String locked,
      Model model) {
    model.addAttribute(
        "refusal", error != null ? "login-error" : locked != null ? "login-locked" : null);
    return "login";
  }
}
