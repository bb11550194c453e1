package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;

/** GS1's query schedule as cron: the example of the standard, bounds, ranges and lists. */
class SubscriptionScheduleTests {

  private static SubscriptionSchedule schedule(String json) {
    return SubscriptionSchedule.of(Http.JSON.readTree(json));
  }

  private static OffsetDateTime next(String json, String after) {
    return SubscriptionSchedule.next(schedule(json).cronText(), OffsetDateTime.parse(after));
  }

  @Test
  void theStandardsExampleIsOnceADayAt0105() {
    SubscriptionSchedule schedule = schedule("{\"hour\":\"1\",\"minute\":\"5\"}");
    assertThat(schedule.cronText()).isEqualTo("0 5 1 * * *");
    assertThat(next("{\"hour\":\"1\",\"minute\":\"5\"}", "2026-12-03T10:00:00Z"))
        .isEqualTo(OffsetDateTime.parse("2026-12-04T01:05:00Z"));
    assertThat(next("{\"hour\":\"1\",\"minute\":\"5\"}", "2026-12-04T01:05:00Z"))
        .isEqualTo(OffsetDateTime.parse("2026-12-05T01:05:00Z"));
  }

  @Test
  void omittedFieldsFinerThanTheCoarsestGivenAreTheirFirstValueTheOthersAny() {
    assertThat(schedule("{\"minute\":\"0,30\"}").cronText()).isEqualTo("0 0,30 * * * *");
    assertThat(schedule("{\"dayOfWeek\":\"1\"}").cronText()).isEqualTo("0 0 0 * * 1");
    assertThat(schedule("{\"second\":\"[0-59]\"}").cronText()).isEqualTo("0-59 * * * * *");
    assertThat(schedule("{\"hour\":\"[8-17]\",\"dayOfWeek\":\"[1-5]\"}").cronText())
        .isEqualTo("0 0 8-17 * * 1-5");
    // 7 is Sunday: 2026-12-06 is one
    assertThat(next("{\"dayOfWeek\":\"7\",\"hour\":\"6\"}", "2026-12-03T10:00:00Z"))
        .isEqualTo(OffsetDateTime.parse("2026-12-06T06:00:00Z"));
    assertThat(next("{\"dayOfMonth\":\"1\",\"month\":\"[1-3],7\"}", "2026-12-03T10:00:00Z"))
        .isEqualTo(OffsetDateTime.parse("2027-01-01T00:00:00Z"));
    assertThat(schedule("{\"minute\":5}").cronText())
        .as("a number for its text")
        .isEqualTo("0 5 * * * *");
  }

  @Test
  void whatIsNotAScheduleIsASubscriptionControlsException() {
    for (String refused :
        new String[] {
          "{}",
          "[]",
          "{\"hour\":\"24\"}",
          "{\"minute\":\"60\"}",
          "{\"dayOfWeek\":\"0\"}",
          "{\"month\":\"13\"}",
          "{\"dayOfMonth\":\"0\"}",
          "{\"minute\":\"[5-1]\"}",
          "{\"minute\":\"*/5\"}",
          "{\"minute\":\"1,\"}",
          "{\"minute\":\"1-5\"}",
          "{\"hour\":true}",
          "{\"second\":[0,30]}",
          "{\"second\":null}",
          "{\"week\":\"1\"}",
          "{\"dayOfMonth\":\"30\",\"month\":\"2\"}"
        }) {
      assertThatThrownBy(() -> schedule(refused))
          .as(refused)
          .isInstanceOfSatisfying(
              EpcisException.class,
              e ->
                  assertThat(e.type())
                      .isEqualTo(EpcisException.Type.SubscriptionControlsException));
    }
  }
}
