package org.ayni.trace.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
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
 * the same form sent again (a second click, the browser's back button and send, a reloaded POST)
 * finds where its first sending led, and goes there, instead of recording the operation a second
 * time with a later "now". A form without a token (a page older than this) is recorded as sent.
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
      UUID token = token();
      String target = token == null ? recording.get() : once(token, recording);
      redirect.addFlashAttribute("saved", true);
      return target;
    } catch (InvalidInputException e) {
      Refusals.bind(e, binding);
      return null;
    }
  }

  /**
   * Records in one transaction with the token, so that the token is kept only with what was
   * recorded. A second sending waits for the first (the token's key) and then finds its target; if
   * the first was refused, nothing of it is kept and the second is recorded as any other.
   */
  private String once(UUID token, Supplier<String> recording) {
    prune();
    try {
      return transactions.execute(
          status -> {
            jdbc.sql("insert into trace_submission (token, submitted_at) values (?, ?)")
                .params(token, OffsetDateTime.now(clock))
                .update();
            String target = recording.get();
            jdbc.sql("update trace_submission set target = ? where token = ?")
                .params(target, token)
                .update();
            return target;
          });
    } catch (DuplicateKeyException | TransientDataAccessException e) {
      return jdbc.sql("select target from trace_submission where token = ?")
          .param(token)
          .query(String.class)
          .optional()
          .orElseThrow(() -> e);
    }
  }

  /** Forgets tokens older than two days, at most once an hour. */
  private void prune() {
    OffsetDateTime now = OffsetDateTime.now(clock);
    OffsetDateTime last = pruned.get();
    if (last.isAfter(now.minusHours(1)) || !pruned.compareAndSet(last, now)) {
      return;
    }
    jdbc.sql("delete from trace_submission where submitted_at < ?").param(now.minus(KEPT)).update();
  }

  private static UUID token() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
      return null;
    }
    HttpServletRequest request = a.getRequest();
    String sent = request.getParameter(TOKEN);
    try {
      return sent == null || sent.isBlank() ? null : UUID.fromString(sent.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Gives every page of the trace controllers a fresh token for its forms. */
  @ControllerAdvice(basePackageClasses = Recording.class)
  static class Tokens {

    @ModelAttribute(TOKEN)
    UUID token() {
      return UUID.randomUUID();
    }
  }
}
