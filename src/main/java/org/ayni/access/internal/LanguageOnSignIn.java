package org.ayni.access.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.ayni.access.UserAccounts;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Signing in on the form puts the pages in the user's preferred language (set on the user's
 * account), whatever the last user of the same browser chose; the switch on the pages changes it
 * until the next sign-in. Then on to the page asked for, or home.
 */
class LanguageOnSignIn extends SavedRequestAwareAuthenticationSuccessHandler {

  private final UserStore users;
  private final LocaleResolver locales;

  LanguageOnSignIn(UserStore users, LocaleResolver locales) {
    this.users = users;
    this.locales = locales;
    setDefaultTargetUrl("/");
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws ServletException, IOException {
    if (authentication.getPrincipal() instanceof AyniPrincipal p) {
      users
          .preferredLanguage(p.id())
          .filter(UserAccounts.LANGUAGES::contains)
          .ifPresent(language -> locales.setLocale(request, response, Locale.of(language)));
    }
    super.onAuthenticationSuccess(request, response, authentication);
  }
}
