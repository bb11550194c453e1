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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes 401 and 403 answers of the API as RFC 9457 problem JSON, in the caller's language. Under
 * {@code /epcis} they carry the type EPCIS 2.0 gives them ({@code
 * epcisException:SecurityException}, the OpenAPI's 401UnauthorizedRequest and
 * 403ClientUnauthorized), as the interface's other errors do.
 */
@Component
class ProblemResponses {

  private static final String EPCIS = "/epcis";
  private static final java.net.URI EPCIS_SECURITY =
      java.net.URI.create("epcisException:SecurityException");

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
      write(request, response, HttpStatus.UNAUTHORIZED, "error.unauthorized");
    };
  }

  AccessDeniedHandler forbidden() {
    return (request, response, e) ->
        write(request, response, HttpStatus.FORBIDDEN, "error.forbidden");
  }

  private void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String key)
      throws IOException {
    Locale locale = locales.resolveLocale(request);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, messages.getMessage(key, null, locale));
    problem.setTitle(messages.getMessage("error.status." + status.value(), null, locale));
    problem.setInstance(java.net.URI.create(request.getRequestURI()));
    problem.setProperty("code", key);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals(EPCIS) || path.startsWith(EPCIS + "/")) {
      problem.setType(EPCIS_SECURITY);
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
