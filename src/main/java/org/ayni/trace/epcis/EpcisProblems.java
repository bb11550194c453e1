package org.ayni.trace.epcis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;

/** Renders {@link EpcisException.Problem}s as the {@code errors} entries of a problem answer. */
final class EpcisProblems {

  private EpcisProblems() {}

  static List<Map<String, Object>> render(
      List<EpcisException.Problem> problems, MessageSource messages, Locale locale) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (EpcisException.Problem p : problems) {
      Map<String, Object> error = new LinkedHashMap<>();
      if (p.eventIndex() != null) {
        error.put("eventIndex", p.eventIndex());
      }
      if (p.pointer() != null) {
        error.put("pointer", p.pointer());
      }
      if (p.messageKey() != null) {
        error.put("code", p.messageKey());
        error.put(
            "message",
            messages.getMessage(p.messageKey(), p.arguments().toArray(), p.messageKey(), locale));
      } else {
        error.put("message", p.text());
      }
      errors.add(error);
    }
    return errors;
  }
}
