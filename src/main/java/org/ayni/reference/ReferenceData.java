package org.ayni.reference;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.reference.internal.ReferenceStore;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Looks up reference values as of a date, and records new versions. */
@Service
public class ReferenceData {

  private final ReferenceStore store;
  private final AuditTrail audit;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  ReferenceData(
      ReferenceStore store, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
  }

  /** The version in force on a date, if any. */
  public Optional<ReferenceValue> on(String key, LocalDate date) {
    return store.history(key).stream()
        .filter(v -> !v.validFrom().isAfter(date))
        .filter(v -> v.validTo() == null || !v.validTo().isBefore(date))
        .findFirst();
  }

  /** The version in force today. */
  public Optional<ReferenceValue> current(String key) {
    return on(key, LocalDate.now(clock));
  }

  /** The numeric value in force today; a missing value is a configuration error. */
  public BigDecimal number(String key) {
    return current(key)
        .map(ReferenceValue::numericValue)
        .orElseThrow(() -> new IllegalStateException("no reference value " + key));
  }

  /** The version of every key in force today, by key. */
  public List<ReferenceValue> currentValues() {
    LocalDate today = LocalDate.now(clock);
    return store.keys().stream().map(k -> on(k, today)).flatMap(Optional::stream).toList();
  }

  public List<ReferenceValue> history(String key) {
    List<ReferenceValue> history = store.history(key);
    if (history.isEmpty()) {
      throw new NotFoundException("reference.not-found");
    }
    return history;
  }

  /**
   * Records a new version of a value from a date on (platform administrators only). The previous
   * versions stay; the one in force on a date is the latest that started on or before it. What
   * other modules keep of the value follows in the same transaction ({@link
   * ReferenceValueRecorded}).
   */
  @Transactional
  public ReferenceValue supersede(CurrentUser user, String key, NewVersion version) {
    user.requirePlatformAdmin();
    List<ReferenceValue> history = history(key);
    ReferenceValue latest = history.getFirst();
    InputCheck check = new InputCheck();
    check.required("validFrom", version.validFrom());
    boolean numeric = latest.numericValue() != null;
    if (numeric) {
      check.required("numericValue", version.numericValue());
    } else {
      check
          .required("textValue", version.textValue())
          .maxLength("textValue", version.textValue(), 200);
    }
    check.required("source", version.source()).maxLength("source", version.source(), 1000);
    check.maxLength("note", version.note(), 1000);
    check.required("verification", version.verification());
    check.check(
        version.validFrom() == null
            || history.stream().noneMatch(v -> v.validFrom().equals(version.validFrom())),
        "validFrom",
        "reference.valid-from.taken");
    check.throwIfAny();
    ReferenceValue value =
        new ReferenceValue(
            Ids.newUuid(),
            key,
            numeric ? version.numericValue() : null,
            numeric ? null : version.textValue().trim(),
            latest.unit(),
            version.validFrom(),
            null,
            version.verification(),
            version.source().trim(),
            version.note() == null || version.note().isBlank() ? null : version.note().trim(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
            user.username());
    store.insert(value);
    audit.record(
        user,
        null,
        "reference-value",
        key,
        "create",
        Map.of("validFrom", value.validFrom().toString(), "value", value.display()));
    boolean inForce = current(key).map(v -> v.id().equals(value.id())).orElse(false);
    events.publishEvent(new ReferenceValueRecorded(value, inForce));
    return value;
  }

  /** A new version of a reference value, as a form or API body. */
  public record NewVersion(
      BigDecimal numericValue,
      String textValue,
      LocalDate validFrom,
      Verification verification,
      String source,
      String note) {}
}
