package org.ayni.trace.web;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.ayni.registry.Organisation;
import org.springframework.validation.BindingResult;

/**
 * Times entered on the trace pages: an HTML {@code datetime-local} value, read as the local time of
 * the organisation that records (its {@link Organisation#zone()}); empty means now.
 */
final class LocalTimes {

  private LocalTimes() {}

  /**
   * The time entered, in the zone; null when nothing was entered, or when it is not a date and
   * time, which is then rejected on the form's {@code field}.
   */
  static OffsetDateTime parse(String text, ZoneId zone, BindingResult binding, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.strip()).atZone(zone).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      binding.rejectValue(field, "validation.type");
      return null;
    }
  }

  /** The zone of the organisation among those given, else UTC. */
  static ZoneId zone(List<Organisation> organisations, UUID organisationId) {
    return organisations.stream()
        .filter(o -> o.id().value().equals(organisationId))
        .findFirst()
        .map(Organisation::zone)
        .orElse(ZoneOffset.UTC);
  }

  /** Now in the zone, to the minute: the latest time a form accepts. */
  static LocalDateTime now(Clock clock, ZoneId zone) {
    return LocalDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.MINUTES);
  }
}
