package org.ayni.web;

import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page after login and the login page. */
@Controller
class HomePages {

  private final Organisations organisations;

  HomePages(Organisations organisations) {
    this.organisations = organisations;
  }

  @GetMapping("/")
  String home(CurrentUser user, Model model) {
    model.addAttribute("organisations", organisations.readable(user));
    return "home";
  }

  @GetMapping("/login")
  String login() {
    return "login";
  }
}
