package org.ayni.trace.epcis;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.shared.ConflictException;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.TraceRuleViolation;
import org.ayni.trace.internal.EventIdReused;
import org.ayni.trace.internal.EventRefused;
import org.ayni.trace.internal.JdbcEventLog;
import org.ayni.trace.internal.LogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Captures EPCIS documents and single events into the log.
 *
 * <p>A document is read and validated in the request (a document that cannot be read, or under
 * {@code rollback} any invalid event, is refused at once with 400), then a capture job is written
 * and the events are appended on the capture executor (bounded; when it is full the request's own
 * thread does the work). Under {@code rollback} all events go in one transaction: all or nothing.
 * Under {@code proceed} they go in one transaction too, and when a projection refuses one, one
 * transaction per event, so the others are kept. Concurrent captures of the same event are
 * serialised by the log's unique key: the loser's transaction is retried and then skips the event.
 */
@Service
class EpcisCapture {

  private static final Logger log = LoggerFactory.getLogger(EpcisCapture.class);
  private static final int ATTEMPTS = 8;

  /** GS1-Capture-Error-Behaviour. */
  enum Behaviour {
    ROLLBACK,
    PROCEED;

    String header() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final EpcisReader reader;
  private final JdbcEventLog eventLog;
  private final CaptureJobs jobs;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final ExecutorService executor;
  private final MessageSource messages;
  private final EpcisWriter writer;
  private final int maxEvents;
  // the jobs this process runs, each with what ends when the job does
  private final Map<UUID, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
  private final Semaphore waiting;

  EpcisCapture(
      EpcisReader reader,
      JdbcEventLog eventLog,
      CaptureJobs jobs,
      AuditTrail audit,
      TransactionTemplate transactions,
      @Qualifier("epcisCaptureExecutor") ExecutorService executor,
      MessageSource messages,
      EpcisWriter writer,
      @Value("${ayni.epcis.capture.max-events:10000}") int maxEvents,
      @Value("${ayni.epcis.capture.max-waiting:32}") int maxWaiting) {
    this.reader = reader;
    this.eventLog = eventLog;
    this.jobs = jobs;
    this.audit = audit;
    this.transactions = transactions;
    this.executor = executor;
    this.messages = messages;
    this.writer = writer;
    this.maxEvents = maxEvents;
    this.waiting = new Semaphore(Math.max(0, maxWaiting));
  }

  int maxEvents() {
    return maxEvents;
  }

  /** Reads and validates a document, starts its capture job and returns it (still running). */
  CaptureJobs.CaptureJob capture(
      CurrentUser user,
      OrganisationId organisation,
      byte[] body,
      Behaviour behaviour,
      Locale locale) {
    EpcisReader.ReadDocument document = reader.readDocument(body, locale, maxEvents);
    if (behaviour == Behaviour.ROLLBACK && !document.refused().isEmpty()) {
      List<EpcisException.Problem> problems = new ArrayList<>();
      document.refused().values().forEach(problems::addAll);
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.capture.invalid", problems);
    }
    CaptureJobs.CaptureJob job =
        jobs.start(
            organisation,
            user.username(),
            behaviour.header(),
            document.eventCount(),
            locale.toLanguageTag());
    CompletableFuture<Void> finished = new CompletableFuture<>();
    running.put(job.id(), finished);
    try {
      executor.execute(
          () -> {
            try {
              run(job, user, organisation, document, behaviour, locale);
            } finally {
              running.remove(job.id());
              finished.complete(null);
            }
          });
    } catch (RuntimeException e) {
      running.remove(job.id());
      finished.complete(null);
      throw e;
    }
    return job;
  }

  /**
   * Waits up to {@code max} for a capture job this process runs to end (what {@code Prefer: wait=N}
   * asks of a job's read). Returns at once for a job not running here (ended, or run by another
   * process) and when {@code ayni.epcis.capture.max-waiting} requests wait already, so that waiting
   * requests cannot take every thread of the server.
   */
  void awaitEnd(UUID job, Duration max) {
    CompletableFuture<Void> finished = running.get(job);
    if (finished == null || max.isZero() || !waiting.tryAcquire()) {
      return;
    }
    try {
      finished.get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // still running: the job is answered as it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.release();
    }
  }

  /** Captures one event in the request; throws ResourceAlreadyExists when it is stored already. */
  LogEntry captureEvent(CurrentUser user, OrganisationId organisation, byte[] body, Locale locale) {
    LogEntry entry = reader.readEvent(body, locale);
    JdbcEventLog.Appended appended;
    try {
      appended = append(user, organisation, null, List.of(entry), a -> {});
    } catch (EventRefused refused) {
      if (refused.reason() instanceof EventIdReused) {
        throw new EpcisException(
                EpcisException.Type.ResourceAlreadyExistsException,
                "epcis.event.exists-other",
                refusalProblems(refused, locale),
                entry.eventId())
            .at(EpcisApi.eventPath(entry.eventId()));
      }
      throw new EpcisException(
          EpcisException.Type.ValidationException,
          "epcis.event.refused",
          refusalProblems(refused, locale));
    }
    if (!appended.duplicates().isEmpty()) {
      throw new EpcisException(
              EpcisException.Type.ResourceAlreadyExistsException,
              "epcis.event.exists",
              entry.eventId())
          .at(EpcisApi.eventPath(entry.eventId()));
    }
    return entry;
  }

  private void run(
      CaptureJobs.CaptureJob job,
      CurrentUser user,
      OrganisationId organisation,
      EpcisReader.ReadDocument document,
      Behaviour behaviour,
      Locale locale) {
    List<Map<String, Object>> errors = new ArrayList<>();
    document
        .refused()
        .forEach(
            (index, problems) ->
                errors.add(
                    problem(
                        EpcisException.Type.ValidationException,
                        "epcis.capture.event-invalid",
                        index,
                        problems,
                        locale,
                        index)));
    String invalidEvents = errors.isEmpty() ? null : writer.json(errors);
    int stored = 0;
    int duplicates = 0;
    try {
      try {
        // The usual case: every event in one transaction, the job finished in it as well.
        append(
            user,
            organisation,
            job.id(),
            document.entries(),
            appended ->
                jobs.finishWithEvents(
                    job.id(),
                    invalidEvents == null,
                    appended.stored().size(),
                    appended.duplicates().size(),
                    invalidEvents));
        return;
      } catch (EventRefused refused) {
        if (behaviour == Behaviour.ROLLBACK || document.entries().size() == 1) {
          errors.add(refusal(refused, "epcis.capture.event-refused", locale));
        } else {
          for (LogEntry entry : document.entries()) {
            try {
              JdbcEventLog.Appended appended =
                  append(user, organisation, job.id(), List.of(entry), a -> {});
              stored += appended.stored().size();
              duplicates += appended.duplicates().size();
            } catch (EventRefused one) {
              errors.add(refusal(one, "epcis.capture.event-refused-proceed", locale));
            }
          }
        }
      }
    } catch (RuntimeException e) {
      log.error("capture job {} failed", job.id(), e);
      for (SQLException hidden : hiddenCauses(e)) {
        log.error("capture job {}: the database's own error", job.id(), hidden);
      }
      errors.add(
          problem(
              EpcisException.Type.ImplementationException,
              "epcis.capture.failed",
              null,
              List.of(),
              locale));
    }
    boolean success = errors.isEmpty();
    jobs.finish(
        job.id(),
        success,
        behaviour == Behaviour.ROLLBACK && !success ? 0 : stored,
        duplicates,
        errors.isEmpty() ? null : writer.json(errors));
  }

  /**
   * Appends in one transaction (with its audit entry), retried when a concurrent capture of the
   * same event won the race, a receipt or correction committed meanwhile changed a shipment the
   * plan read, or the database gave up on a lock (H2 2.5 reports a row another transaction wrote as
   * a lock timeout, PostgreSQL as a unique violation or a serialisation failure).
   */
  private JdbcEventLog.Appended append(
      CurrentUser user,
      OrganisationId organisation,
      UUID captureId,
      List<LogEntry> entries,
      java.util.function.Consumer<JdbcEventLog.Appended> alsoInTransaction) {
    Supplier<JdbcEventLog.Appended> attempt =
        () ->
            transactions.execute(
                status -> {
                  JdbcEventLog.Appended appended =
                      eventLog.appendEntries(organisation, captureId, entries);
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("stored", appended.stored().size());
                  details.put("duplicates", appended.duplicates().size());
                  if (captureId == null && !appended.stored().isEmpty()) {
                    details.put("eventID", appended.stored().getFirst().eventId());
                  }
                  audit.record(
                      user,
                      organisation,
                      "epcis-capture",
                      captureId == null ? "event" : captureId,
                      "capture",
                      details);
                  alsoInTransaction.accept(appended);
                  return appended;
                });
    for (int i = 1; ; i++) {
      try {
        return attempt.get();
      } catch (DuplicateKeyException | TransientDataAccessException | ConflictException e) {
        // a conflict is a row another capture or operation changed since the plan read it: the
        // next attempt plans against what that one committed, and stores or refuses the event
        if (i >= ATTEMPTS) {
          throw e;
        }
        log.debug("capture attempt {} lost a race, again: {}", i, e.getMessage());
        try {
          Thread.sleep(5L * i);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The errors a JDBC batch keeps behind {@link SQLException#getNextException()}, which a logged
   * stack trace leaves out: the statement's own error is often only there.
   */
  static List<SQLException> hiddenCauses(Throwable failure) {
    List<SQLException> hidden = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException next = sql.getNextException();
            next != null && seen.add(next);
            next = next.getNextException()) {
          hidden.add(next);
        }
      }
    }
    return hidden;
  }

  /** A refusal in a capture job: {@code key} says of the event what became of the others. */
  private Map<String, Object> refusal(EventRefused refused, String key, Locale locale) {
    Integer index = refused.eventIndex() < 0 ? null : refused.eventIndex();
    return problem(
        refused.reason() instanceof EventIdReused
            ? EpcisException.Type.ResourceAlreadyExistsException
            : EpcisException.Type.ValidationException,
        index == null ? "epcis.capture.refused" : key,
        index,
        refusalProblems(refused, locale),
        locale,
        index == null ? new Object[0] : new Object[] {index});
  }

  /** A projection's refusal as problems naming the event. */
  List<EpcisException.Problem> refusalProblems(EventRefused refused, Locale locale) {
    Integer index = refused.eventIndex() < 0 ? null : refused.eventIndex();
    List<EpcisException.Problem> problems = new ArrayList<>();
    if (refused.reason() instanceof TraceRuleViolation v) {
      problems.add(new EpcisException.Problem(index, null, v.messageKey(), v.arguments(), null));
    } else if (refused.reason() instanceof InvalidInputException invalid) {
      for (FieldProblem p : invalid.problems()) {
        problems.add(
            new EpcisException.Problem(index, p.field(), p.messageKey(), p.arguments(), null));
      }
    } else {
      problems.add(EpcisException.Problem.text(index, null, refused.reason().getMessage()));
    }
    return problems;
  }

  /** An RFC 9457 problem for a capture job's {@code errors}. */
  Map<String, Object> problem(
      EpcisException.Type type,
      String key,
      Integer eventIndex,
      List<EpcisException.Problem> problems,
      Locale locale,
      Object... arguments) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.uri());
    problem.put("title", type.name());
    problem.put("status", type.status);
    problem.put("detail", messages.getMessage(key, arguments, locale));
    if (eventIndex != null) {
      problem.put("eventIndex", eventIndex);
    }
    if (!problems.isEmpty()) {
      problem.put("errors", EpcisProblems.render(problems, messages, locale));
    }
    return problem;
  }
}
