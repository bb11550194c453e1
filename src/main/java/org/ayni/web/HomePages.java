package org.ayni.web;

import org.ayni.access.CurrentUser;
import org.ayni.registry.RegistrySummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

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

  @GetMapping("/login")
  String login() {
    return "login";
  }
}
