package org.ayni.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes 401 and 403 answers of the API (and 400 for a request the firewall refuses) as RFC 9457
 * problem JSON, in the caller's language. Under {@code /epcis} they carry the type EPCIS 2.0 gives
 * them ({@code epcisException:SecurityException}, the OpenAPI's 401UnauthorizedRequest and
 * 403ClientUnauthorized), and the exception's name as their title, as the interface's other errors
 * do.
 */
@Component
class ProblemResponses {

  private static final String EPCIS = "/epcis";
  private static final java.net.URI EPCIS_SECURITY =
      java.net.URI.create("epcisException:SecurityException");
  private static final java.net.URI EPCIS_INVALID =
      java.net.URI.create("epcisException:ValidationException");

  private final MessageSource messages;
  private final LocaleResolver locales;
  // With Spring's mix-in, as the API's converters write it: extra properties at the top level.
  private final JsonMapper json =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  ProblemResponses(MessageSource messages, LocaleResolver locales) {
    this.messages = messages;
    this.locales = locales;
  }

  AuthenticationEntryPoint unauthorized() {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"ayni\", Basic realm=\"ayni\"");
      String key = e instanceof LockedException ? "error.locked" : "error.unauthorized";
      write(request, response, HttpStatus.UNAUTHORIZED, key, EPCIS_SECURITY);
    };
  }

  AccessDeniedHandler forbidden() {
    return (request, response, e) ->
        write(request, response, HttpStatus.FORBIDDEN, "error.forbidden", EPCIS_SECURITY);
  }

  /**
   * A request the firewall refuses (an eventID left unencoded puts {@code //} in the path): under
   * the API a problem in the caller's language, elsewhere the error page of a bad request.
   */
  RequestRejectedHandler rejected() {
    return (request, response, e) -> {
      String path = path(request);
      if (path.startsWith("/api/") || isEpcis(path)) {
        write(request, response, HttpStatus.BAD_REQUEST, "error.request-unreadable", EPCIS_INVALID);
      } else {
        response.sendError(HttpStatus.BAD_REQUEST.value());
      }
    };
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static boolean isEpcis(String path) {
    return path.equals(EPCIS) || path.startsWith(EPCIS + "/");
  }

  private void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String key,
      java.net.URI epcisType)
      throws IOException {
    Locale locale = locales.resolveLocale(request);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, messages.getMessage(key, null, locale));
    problem.setTitle(messages.getMessage("error.status." + status.value(), null, locale));
    problem.setInstance(java.net.URI.create(request.getRequestURI()));
    problem.setProperty("code", key);
    if (isEpcis(path(request))) {
      // as the interface's other errors: the exception's type, and its name as the title
      problem.setType(epcisType);
      problem.setTitle(epcisType.getSchemeSpecificPart());
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
