package org.ayni.trace.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.ayni.shared.InvalidInputException;
import org.ayni.trace.OperationResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An operation a trace page posted, recorded unless the form already has errors, and recorded once
 * per sending of the page's form. Every trace page gives its forms a fresh token ({@value #TOKEN}):
 * the same form sent again with the same values (a second click, the browser's back button and
 * send, a reloaded POST) finds where its first sending led, and goes there, instead of recording
 * the operation a second time with a later "now". Another form of the page, or the same one with
 * other values, is another operation. A form without a token (a page older than this) is recorded
 * as sent.
 */
@Component
class Recording {

  /** The request parameter of a form's token. */
  static final String TOKEN = "submission";

  /** How long a token is remembered: longer than anyone keeps a form open. */
  private static final Duration KEPT = Duration.ofDays(2);

  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final AtomicReference<OffsetDateTime> pruned = new AtomicReference<>(OffsetDateTime.MIN);

  Recording(TransactionTemplate transactions, JdbcClient jdbc, Clock clock) {
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records the operation and answers the redirect to the lot it made or changed first (saying it
   * was saved); or null, with the operation's problems beside the form's fields, when it was
   * refused or the form had errors already.
   */
  String toLot(
      Supplier<OperationResult> operation, BindingResult binding, RedirectAttributes redirect) {
    return once(
        () -> "redirect:/trace/lots/" + operation.get().lots().getFirst().id(), binding, redirect);
  }

  /** Records the operation and answers the redirect to the lot's page; as {@link #toLot}. */
  String toLot(UUID lot, Runnable operation, BindingResult binding, RedirectAttributes redirect) {
    return once(
        () -> {
          operation.run();
          return "redirect:/trace/lots/" + lot;
        },
        binding,
        redirect);
  }

  private String once(
      Supplier<String> recording, BindingResult binding, RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return null;
    }
    try {
      UUID key = key();
      String target = key == null ? Races.retried(recording) : once(key, recording);
      redirect.addFlashAttribute("saved", true);
      return target;
    } catch (InvalidInputException e) {
      Refusals.bind(e, binding);
      return null;
    }
  }

  /**
   * Records in one transaction with the sending's key, so that the key is kept only with what was
   * recorded. A second sending waits for the first (on the key) and then finds its target; if the
   * first was refused, nothing of it is kept and the second is recorded as any other. One that lost
   * a race for a lot's stock or a new lot's code, nothing of it kept, is tried again as the API's
   * operations are ({@link Races}; QA of 2026-12-07m, F3).
   */
  private String once(UUID key, Supplier<String> recording) {
    prune();
    return Races.retried(() -> attempt(key, recording));
  }

  private String attempt(UUID key, Supplier<String> recording) {
    try {
      return transactions.execute(
          status -> {
            jdbc.sql("insert into trace_submission (token, submitted_at) values (?, ?)")
                .params(key, OffsetDateTime.now(clock))
                .update();
            String target = recording.get();
            jdbc.sql("update trace_submission set target = ? where token = ?")
                .params(target, key)
                .update();
            return target;
          });
    } catch (DuplicateKeyException | TransientDataAccessException e) {
      return jdbc.sql("select target from trace_submission where token = ?")
          .param(key)
          .query(String.class)
          .optional()
          .orElseThrow(() -> e);
    }
  }

  /** Forgets keys older than two days, at most once an hour. */
  private void prune() {
    OffsetDateTime now = OffsetDateTime.now(clock);
    OffsetDateTime last = pruned.get();
    if (last.isAfter(now.minusHours(1)) || !pruned.compareAndSet(last, now)) {
      return;
    }
    jdbc.sql("delete from trace_submission where submitted_at < ?").param(now.minus(KEPT)).update();
  }

  /**
   * The key of this sending: the page's token with what the form sent. The forms of a page share
   * its token, so another form of the page (or the same form filled in otherwise, after the back
   * button) is another operation with another key; the same form sent again has the same key.
   */
  private static UUID key() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
      return null;
    }
    HttpServletRequest request = a.getRequest();
    String sent = request.getParameter(TOKEN);
    if (sent == null || sent.isBlank()) {
      return null;
    }
    StringBuilder content = new StringBuilder(request.getRequestURI());
    new TreeMap<>(request.getParameterMap())
        .forEach(
            (name, values) -> {
              if (!name.equals("_csrf")) {
                content.append('\n').append(name).append('=').append(String.join("\u0000", values));
              }
            });
    return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Gives every page with operation forms a fresh token for them. */
  @ControllerAdvice(assignableTypes = {LotPages.class, OperationPages.class, ReceiptPages.class})
  static class Tokens {

    @ModelAttribute(TOKEN)
    UUID token() {
      return UUID.randomUUID();
    }
  }
}
