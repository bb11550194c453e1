package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ayni.shared.FieldProblem;
import org.ayni.trace.TraceEvent;

/**
 * The rules every event of the log keeps, whatever its source (a captured EPCIS document or a
 * domain operation): an eventTime with its offset, not more than a day ahead, an action where the
 * type needs one, no quantity below zero or beyond what the lots keep, not before 2000, identifiers
 * that fit the log's columns, an error declaration dated after its event and not ahead. The GS1
 * JSON schema checks captured documents for much more; these hold for events written from their
 * fields too.
 */
public final class EventRules {

  /** The longest identifier the log's columns hold. */
  public static final int MAX_IDENTIFIER = 500;

  /**
   * Quantities the lots and the log's index keep (numeric(18,6)): below a million million, with at
   * most six decimals. The schema allows any number; one beyond these would fail in the database.
   */
  public static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000");

  /** The decimals a quantity may have (a milligram of a kilogram, a millilitre of a litre). */
  public static final int DECIMALS = 6;

  private static final Pattern OFFSET = Pattern.compile("^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$");
  private static final Pattern UOM = Pattern.compile("^[A-Z0-9]{2,3}$");

  /**
   * How far in the future an event may be dated: a day, for clocks that are off and time zones, not
   * a year (an event of 2099 is a typing error, and would sort after every real one).
   */
  static final Duration FUTURE_SLACK = Duration.ofDays(1);

  /**
   * The earliest year an event may be dated in, where it happened (at its {@code
   * eventTimeZoneOffset}; an operation: at its organisation's clock): long before any record kept
   * here (an event of 1926 is a typing error), and before 1970 Peru's clocks were not on a
   * whole-hour offset, which an EPCIS event cannot carry.
   */
  public static final OffsetDateTime EARLIEST = OffsetDateTime.parse("2000-01-01T00:00:00Z");

  private EventRules() {}

  /**
   * The year where the event happened: at its {@code eventTimeZoneOffset} (an {@code eventTime} is
   * an instant, often written in UTC), else at the offset its time was written with.
   */
  private static int localYear(TraceEvent e) {
    String offset = e.eventTimeZoneOffset();
    if (offset != null && OFFSET.matcher(offset).matches()) {
      return e.eventTime().withOffsetSameInstant(ZoneOffset.of(offset)).getYear();
    }
    return e.eventTime().getYear();
  }

  /** The problems of one event, each field prefixed with {@code prefix} (e.g. "events[2]."). */
  public static List<FieldProblem> problems(TraceEvent e, String prefix) {
    List<FieldProblem> problems = new ArrayList<>();
    if (e.type() == null) {
      problems.add(FieldProblem.of(prefix + "type", "validation.required"));
    }
    if (e.eventTime() == null) {
      problems.add(FieldProblem.of(prefix + "eventTime", "validation.required"));
    } else if (e.eventTime().toInstant().isAfter(Instant.now().plus(FUTURE_SLACK))) {
      problems.add(FieldProblem.of(prefix + "eventTime", "epcis.event-time.future"));
    } else if (localYear(e) < EARLIEST.getYear()) {
      problems.add(
          FieldProblem.of(
              prefix + "eventTime",
              "epcis.event-time.too-old",
              String.valueOf(EARLIEST.getYear())));
    }
    if (e.eventTimeZoneOffset() == null || !OFFSET.matcher(e.eventTimeZoneOffset()).matches()) {
      problems.add(FieldProblem.of(prefix + "eventTimeZoneOffset", "epcis.offset.invalid"));
    }
    boolean transformation = e.type() == TraceEvent.EventType.TransformationEvent;
    if (e.type() != null && transformation != (e.action() == null)) {
      problems.add(
          FieldProblem.of(
              prefix + "action",
              transformation ? "epcis.action.transformation" : "validation.required"));
    }
    quantities(e.quantities(), prefix + "quantityList", problems);
    quantities(e.inputQuantities(), prefix + "inputQuantityList", problems);
    quantities(e.outputQuantities(), prefix + "outputQuantityList", problems);
    identifiers(e.epcs(), prefix + "epcList", problems);
    identifiers(e.inputEpcs(), prefix + "inputEPCList", problems);
    identifiers(e.outputEpcs(), prefix + "outputEPCList", problems);
    identifier(e.eventId(), prefix + "eventID", problems);
    identifier(e.parentId(), prefix + "parentID", problems);
    identifier(e.bizStep(), prefix + "bizStep", problems);
    identifier(e.disposition(), prefix + "disposition", problems);
    identifier(e.readPoint(), prefix + "readPoint", problems);
    identifier(e.bizLocation(), prefix + "bizLocation", problems);
    identifier(e.transformationId(), prefix + "transformationID", problems);
    for (int i = 0; i < e.sources().size(); i++) {
      identifier(e.sources().get(i).id(), prefix + "sourceList[" + i + "]", problems);
      identifier(e.sources().get(i).type(), prefix + "sourceList[" + i + "].type", problems);
    }
    for (int i = 0; i < e.destinations().size(); i++) {
      identifier(e.destinations().get(i).id(), prefix + "destinationList[" + i + "]", problems);
      identifier(
          e.destinations().get(i).type(), prefix + "destinationList[" + i + "].type", problems);
    }
    for (int i = 0; i < e.bizTransactions().size(); i++) {
      identifier(
          e.bizTransactions().get(i).id(), prefix + "bizTransactionList[" + i + "]", problems);
      identifier(
          e.bizTransactions().get(i).type(),
          prefix + "bizTransactionList[" + i + "].type",
          problems);
    }
    if (e.errorDeclaration() != null) {
      // declared when it was found out: after the event, and not ahead of the clocks either (with
      // the slack of clocks that are off: an event dated a little ahead is declared before then)
      OffsetDateTime declared = e.errorDeclaration().declarationTime();
      String field = prefix + "errorDeclaration.declarationTime";
      if (declared != null && declared.toInstant().isAfter(Instant.now().plus(FUTURE_SLACK))) {
        problems.add(FieldProblem.of(field, "epcis.declaration-time.future"));
      } else if (declared != null
          && e.eventTime() != null
          && declared.plus(FUTURE_SLACK).isBefore(e.eventTime())) {
        problems.add(FieldProblem.of(field, "epcis.declaration-time.before-event"));
      }
      identifier(e.errorDeclaration().reason(), prefix + "errorDeclaration.reason", problems);
      identifiers(
          e.errorDeclaration().correctiveEventIds(),
          prefix + "errorDeclaration.correctiveEventIDs",
          problems);
    }
    return problems;
  }

  private static void quantities(
      List<TraceEvent.QuantityElement> quantities, String field, List<FieldProblem> problems) {
    for (int i = 0; i < quantities.size(); i++) {
      TraceEvent.QuantityElement q = quantities.get(i);
      String at = field + "[" + i + "]";
      if (q.epcClass() == null || q.epcClass().isBlank()) {
        problems.add(FieldProblem.of(at + ".epcClass", "validation.required"));
      } else {
        identifier(q.epcClass(), at + ".epcClass", problems);
      }
      if (q.quantity() != null && q.quantity().compareTo(BigDecimal.ZERO) < 0) {
        problems.add(FieldProblem.of(at + ".quantity", "epcis.quantity.negative", q.quantity()));
      } else if (q.quantity() != null && q.quantity().compareTo(MAX_QUANTITY) >= 0) {
        problems.add(
            FieldProblem.of(
                at + ".quantity", "epcis.quantity.too-large", MAX_QUANTITY.toPlainString()));
      } else if (q.quantity() != null && q.quantity().stripTrailingZeros().scale() > DECIMALS) {
        problems.add(
            FieldProblem.of(
                at + ".quantity", "epcis.quantity.precision", q.quantity().toPlainString()));
      }
      if (q.uom() != null && !UOM.matcher(q.uom()).matches()) {
        problems.add(FieldProblem.of(at + ".uom", "epcis.uom.invalid", q.uom()));
      }
    }
  }

  private static void identifiers(List<String> values, String field, List<FieldProblem> problems) {
    for (int i = 0; i < values.size(); i++) {
      identifier(values.get(i), field + "[" + i + "]", problems);
    }
  }

  private static void identifier(String value, String field, List<FieldProblem> problems) {
    if (value != null && value.length() > MAX_IDENTIFIER) {
      problems.add(FieldProblem.of(field, "epcis.identifier.too-long", MAX_IDENTIFIER));
    }
  }
}
