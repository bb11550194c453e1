package org.ayni.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's counting over time, on a clock the test moves. */
class LoginThrottleTests {

  /** A clock that stands still until the test moves it. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");

    void pass(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovingClock clock = new MovingClock();
  final LoginThrottle throttle =
      new LoginThrottle(clock, 3, Duration.ofMinutes(15), Duration.ofMinutes(10));

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed("Ana");
    }
  }

  @Test
  void theMaximumOfFailuresWithinTheWindowLocksTheNameForTheLockAfterTheLast() {
    fail(2);
    assertThat(throttle.lockedUntil("ana")).isNull();
    clock.pass(Duration.ofMinutes(5));
    fail(1);
    assertThat(throttle.lockedUntil("ANA"))
        .as("names in any case")
        .isEqualTo(clock.now.plus(Duration.ofMinutes(10)));
    clock.pass(Duration.ofMinutes(9));
    assertThat(throttle.lockedUntil("ana")).isNotNull();
    assertThat(throttle.lockedUntil("bea")).as("one name only").isNull();
    clock.pass(Duration.ofMinutes(1));
    assertThat(throttle.lockedUntil("ana")).isNull();
    fail(1);
    assertThat(throttle.lockedUntil("ana")).as("after the lock, a new count").isNull();
  }

  @Test
  void failuresOlderThanTheWindowAreForgottenAndASuccessClearsThem() {
    fail(2);
    clock.pass(Duration.ofMinutes(16));
    fail(2);
    assertThat(throttle.lockedUntil("ana")).as("a new window").isNull();
    throttle.succeeded("ana");
    fail(2);
    assertThat(throttle.lockedUntil("ana")).isNull();
    fail(1);
    assertThat(throttle.lockedUntil("ana")).isNotNull();
  }
}
