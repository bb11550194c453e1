package org.ayni.access.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins by username (the form and HTTP Basic alike): after {@code maxFailures} within
 * {@code window}, the name takes no password, not even the right one, until {@code lock} has passed
 * since the last failure. Names that exist and names that do not are counted alike, so that a lock
 * tells nothing of which exist. Kept in memory, per instance (a restart forgets them), at most
 * {@link #NAMES} names.
 */
@Component
class LoginThrottle {

  private static final int NAMES = 10_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Duration lock;
  private final Cache<String, Failures> failures;

  LoginThrottle(
      Clock clock,
      @Value("${ayni.login.max-failures:10}") int maxFailures,
      @Value("${ayni.login.window:15m}") Duration window,
      @Value("${ayni.login.lock:15m}") Duration lock) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.lock = lock;
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(NAMES)
            .expireAfterWrite(window.plus(lock))
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  /** Whether the name takes no password now; when, if so, it will again. */
  Instant lockedUntil(String username) {
    Failures f = failures.getIfPresent(key(username));
    if (f == null || f.count() < maxFailures) {
      return null;
    }
    Instant until = f.last().plus(lock);
    return until.isAfter(clock.instant()) ? until : null;
  }

  /** Counts a failure: the first of a new count when the last lock or the window has passed. */
  void failed(String username) {
    Instant now = clock.instant();
    failures
        .asMap()
        .compute(
            key(username),
            (k, f) -> {
              if (f == null) {
                return new Failures(1, now, now);
              }
              boolean over =
                  f.count() >= maxFailures
                      ? !f.last().plus(lock).isAfter(now)
                      : f.first().plus(window).isBefore(now);
              return over ? new Failures(1, now, now) : new Failures(f.count() + 1, f.first(), now);
            });
  }

  void succeeded(String username) {
    failures.invalidate(key(username));
  }

  private static String key(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  private record Failures(int count, Instant first, Instant last) {}
}
