package org.ayni.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.context.MessageSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tomcat answers itself, before the application sees a request (a path with a bad escape such
 * as {@code %ZZ} or {@code %00}, a request head too large): problem JSON in the caller's language,
 * as every other error of the API, instead of Tomcat's HTML page.
 */
class ProblemJsonErrorReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MessageSource messages;

  ProblemJsonErrorReportValve(MessageSource messages) {
    this.messages = messages;
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    Locale locale = LocaleConfiguration.defaultLocale(request);
    // the bundles name the statuses the application answers; Tomcat's own are 400 as a rule
    String title =
        messages.getMessage("error.status." + status, null, String.valueOf(status), locale);
    String detail = messages.getMessage("error.request-unreadable", null, locale);
    try {
      // before the writer is taken: it keeps the encoding set then (else ISO-8859-1, accents
      // garbled)
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer == null) {
        return; // the response can no longer be written to
      }
      Map<String, Object> body = new LinkedHashMap<>();
      if (EpcisErrors.isEpcis(request.getRequestURI())) {
        // as the EPCIS interface answers: its exception's type, and its name as the title
        title = EpcisErrors.exception(status);
        body.put("type", "epcisException:" + title);
        EpcisErrors.versions(request.getRequestURI(), response::setHeader);
      }
      body.put("title", title);
      body.put("status", status);
      body.put("detail", detail);
      body.put("code", "error.request-unreadable");
      writer.write(JSON.writeValueAsString(body));
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // as Tomcat's own report: the client went away, nothing more can be said
    }
  }
}
