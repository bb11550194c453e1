package org.ayni.trace.epcis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the web server takes requests: capture jobs still marked running belong to a
 * process that ended during the capture (killed, crashed). Their events were never committed, since
 * a capture commits only at its end, so the jobs are marked failed. (One application instance per
 * database; several would need to tell their own jobs apart.)
 */
@Component
class CaptureJobRecovery implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(CaptureJobRecovery.class);

  private final CaptureJobs jobs;
  private final MessageSource messages;
  private final EpcisWriter writer;

  CaptureJobRecovery(CaptureJobs jobs, MessageSource messages, EpcisWriter writer) {
    this.jobs = jobs;
    this.messages = messages;
    this.writer = writer;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (CaptureJobs.CaptureJob job : jobs.running()) {
      Locale locale = Locale.forLanguageTag(job.language());
      Map<String, Object> problem = new LinkedHashMap<>();
      EpcisException.Type type = EpcisException.Type.ImplementationException;
      problem.put("type", type.uri());
      problem.put("title", type.name());
      problem.put("status", type.status);
      problem.put("detail", messages.getMessage("epcis.capture.interrupted", null, locale));
      jobs.finish(job.id(), false, 0, 0, writer.json(List.of(problem)));
      log.warn("capture job {} was interrupted by the end of the process: marked failed", job.id());
    }
  }
}
