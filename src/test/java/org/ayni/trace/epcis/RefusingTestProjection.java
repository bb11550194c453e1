package org.ayni.trace.epcis;

import java.util.List;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.EventProjection;
import org.ayni.trace.StoredEvent;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceRuleViolation;
import org.springframework.stereotype.Component;

/**
 * A projection of the tests only (scanned with the test classes): it refuses the events that carry
 * the extension {@code ayni:testRefusal} (value {@code rule}: a TraceRuleViolation, {@code input}:
 * an InvalidInputException), so that the EPCIS tests see how a projection's refusal is answered.
 * Every other event passes untouched.
 */
@Component
class RefusingTestProjection implements EventProjection {

  static final String MARK = "ayni:testRefusal";

  @Override
  public void check(OrganisationId organisation, List<TraceEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      String mark = events.get(i).extensions().get(MARK);
      if ("rule".equals(mark)) {
        throw new TraceRuleViolation(i, "test.refused", "rule");
      }
      if ("input".equals(mark)) {
        throw InvalidInputException.of("quantity", "test.refused", "input");
      }
    }
  }

  @Override
  public void apply(OrganisationId organisation, List<StoredEvent> events) {}
}
