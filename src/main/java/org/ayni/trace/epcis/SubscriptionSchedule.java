package org.ayni.trace.epcis;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;

/**
 * The schedule of an EPCIS query subscription ({@code query-schedule.json}): {@code second}, {@code
 * minute}, {@code hour}, {@code dayOfMonth}, {@code month} and {@code dayOfWeek} (1 Monday … 7
 * Sunday), each a number, a range {@code [low-high]} or a list of them ({@code 0,[10-12]}); a
 * report is due at every time (UTC) that matches all the fields given. An omitted time of day finer
 * than the coarsest field given is its first value, so that {@code {"hour":"1", "minute":"5"}}
 * means 01:05:00 once a day, as GS1's example says, not every second of that minute; other omitted
 * fields match any value. Kept as a Spring {@link CronExpression}, whose six fields are these.
 */
final class SubscriptionSchedule {

  /** The fields, coarsest last, with their bounds. */
  private enum Field {
    SECOND("second", 0, 59),
    MINUTE("minute", 0, 59),
    HOUR("hour", 0, 23),
    DAY_OF_MONTH("dayOfMonth", 1, 31),
    MONTH("month", 1, 12),
    DAY_OF_WEEK("dayOfWeek", 1, 7);

    final String json;
    final int min;
    final int max;

    Field(String json, int min, int max) {
      this.json = json;
      this.min = min;
      this.max = max;
    }
  }

  private static final Pattern ELEMENT = Pattern.compile("(\\d{1,2})|\\[(\\d{1,2})-(\\d{1,2})]");

  private final Map<String, String> fields;
  private final CronExpression cron;

  private SubscriptionSchedule(Map<String, String> fields, CronExpression cron) {
    this.fields = fields;
    this.cron = cron;
  }

  /**
   * The schedule a subscription's {@code schedule} object describes; SubscriptionControlsException
   * when it is not one.
   */
  static SubscriptionSchedule of(JsonNode schedule) {
    if (!schedule.isObject() || schedule.isEmpty()) {
      throw controls("epcis.subscription.schedule.empty");
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : schedule.properties()) {
      Field field = field(entry.getKey());
      JsonNode value = entry.getValue();
      if (field == null) {
        throw controls("epcis.subscription.schedule.field", entry.getKey());
      }
      if (!(value.isString() || value.isIntegralNumber())) {
        throw controls("epcis.subscription.schedule.value", field.json, value.toString());
      }
      given.put(field.json, value.asString());
    }
    String[] cron = new String[6];
    boolean coarserGiven = false;
    for (int i = Field.values().length - 1; i >= 0; i--) {
      Field field = Field.values()[i];
      String value = given.get(field.json);
      if (value != null) {
        cron[i] = cronField(field, value);
        coarserGiven = true;
      } else {
        boolean timeOfDay = i <= Field.HOUR.ordinal();
        cron[i] = timeOfDay && coarserGiven ? Integer.toString(field.min) : "*";
      }
    }
    CronExpression expression = CronExpression.parse(String.join(" ", cron));
    if (expression.next(OffsetDateTime.now(ZoneOffset.UTC)) == null) {
      throw controls("epcis.subscription.schedule.never", given.toString());
    }
    return new SubscriptionSchedule(given, expression);
  }

  private static Field field(String name) {
    for (Field field : Field.values()) {
      if (field.json.equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** One field in cron's terms ({@code 1,3-5}); refused when out of its bounds or malformed. */
  private static String cronField(Field field, String value) {
    List<String> elements = new ArrayList<>();
    for (String element : value.split(",", -1)) {
      Matcher m = ELEMENT.matcher(element);
      if (!m.matches()) {
        throw controls("epcis.subscription.schedule.value", field.json, value);
      }
      if (m.group(1) != null) {
        int n = bounded(field, m.group(1), value);
        elements.add(Integer.toString(n));
      } else {
        int low = bounded(field, m.group(2), value);
        int high = bounded(field, m.group(3), value);
        if (low > high) {
          throw controls("epcis.subscription.schedule.value", field.json, value);
        }
        elements.add(low + "-" + high);
      }
    }
    return String.join(",", elements);
  }

  private static int bounded(Field field, String number, String value) {
    int n = Integer.parseInt(number);
    if (n < field.min || n > field.max) {
      throw controls("epcis.subscription.schedule.value", field.json, value);
    }
    return n;
  }

  private static EpcisException controls(String key, Object... arguments) {
    return new EpcisException(EpcisException.Type.SubscriptionControlsException, key, arguments);
  }

  /** The fields as given, for the subscription's JSON. */
  Map<String, String> fields() {
    return fields;
  }

  /** The cron text that is stored. */
  String cronText() {
    return cron.toString();
  }

  /** The first time after {@code after} that the schedule (as stored) matches, in UTC. */
  static OffsetDateTime next(String cronText, OffsetDateTime after) {
    OffsetDateTime next =
        CronExpression.parse(cronText).next(after.withOffsetSameInstant(ZoneOffset.UTC));
    if (next == null) {
      throw new IllegalStateException("the schedule " + cronText + " never matches again");
    }
    return next;
  }
}
