package org.ayni.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ayni.access.CurrentUser;
import org.ayni.access.SignedIn;
import org.ayni.shared.Languages;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Puts what the layout needs into every page's model: the user, the languages, the current path.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutAdvice {

  private final SignedIn signedIn;

  LayoutAdvice(SignedIn signedIn) {
    this.signedIn = signedIn;
  }

  @ModelAttribute("me")
  CurrentUser me() {
    return signedIn.current().orElse(null);
  }

  @ModelAttribute("languages")
  List<Locale> languages() {
    return Languages.SUPPORTED;
  }

  @ModelAttribute("currentPath")
  String currentPath(HttpServletRequest request) {
    return request.getRequestURI();
  }

  /**
   * The current URL with {@code lang} replaced, for the language switch links. A page answering a
   * form sent (a refusal shown beside its fields) has the address of the form's action, which takes
   * no GET: its links lead back to the page the form was sent from (its {@code Referer}, on this
   * site), or else to the start page.
   */
  @ModelAttribute("langUrl")
  LanguageLinks langUrl(HttpServletRequest request) {
    return language ->
        (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())
                ? ServletUriComponentsBuilder.fromRequest(request)
                : formPage(request))
            .replaceQueryParam("lang", language)
            .build()
            .toUriString();
  }

  private static UriComponentsBuilder formPage(HttpServletRequest request) {
    UriComponentsBuilder site = ServletUriComponentsBuilder.fromContextPath(request);
    String referer = request.getHeader(HttpHeaders.REFERER);
    if (referer != null) {
      try {
        UriComponents from = UriComponentsBuilder.fromUriString(referer).build();
        UriComponents here = site.build();
        if (Objects.equals(from.getHost(), here.getHost())
            && from.getPort() == here.getPort()
            && from.getPath() != null
            && from.getPath().startsWith(request.getContextPath() + "/")) {
          return site.replacePath(from.getPath()).replaceQuery(from.getQuery());
        }
      } catch (IllegalArgumentException notAUri) {
        // the start page
      }
    }
    return site.path("/");
  }

  /** The current URL with {@code page} replaced, for pagers. */
  @ModelAttribute("pageUrl")
  PageLinks pageUrl(HttpServletRequest request) {
    return page ->
        ServletUriComponentsBuilder.fromRequest(request)
            .replaceQueryParam("page", page)
            .build()
            .toUriString();
  }

  /** The current URL's query with the path replaced, for export links that keep the filters. */
  @ModelAttribute("withQuery")
  PathLinks withQuery(HttpServletRequest request) {
    return path -> path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
  }

  /** Builds the link to another page of a list. */
  @FunctionalInterface
  interface PageLinks {
    String to(int page);
  }

  /** Builds a link to another path with the current query. */
  @FunctionalInterface
  interface PathLinks {
    String to(String path);
  }

  /** Builds the link that switches the current page to a language. */
  @FunctionalInterface
  interface LanguageLinks {
    String to(String language);
  }
}
