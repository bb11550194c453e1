package org.ayni.trace.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.ayni.trace.TraceEvent;

/**
 * One event on its way into the log: what the table's columns need, the {@link TraceEvent} the
 * projections see (null for an EPCIS extension event type, which the log stores and returns but no
 * projection reads) and the JSON-LD body as queries will return it.
 *
 * @param index the event's position in what was submitted (a document's eventList or a list given
 *     to {@link org.ayni.trace.EventLog#append}), for error messages
 * @param eventType one of the five EPCIS event types, or the extension type's URI
 * @param sensors the event's sensor reports, for the log's sensor index
 * @param fields the values of the event's extension fields, for the log's field index
 */
public record LogEntry(
    int index,
    String eventType,
    String eventId,
    OffsetDateTime eventTime,
    String eventTimeZoneOffset,
    TraceEvent.ErrorDeclaration errorDeclaration,
    TraceEvent event,
    String body,
    List<SensorReading> sensors,
    List<FieldValue> fields) {

  public LogEntry {
    sensors = sensors == null ? List.of() : List.copyOf(sensors);
    fields = fields == null ? List.of() : List.copyOf(fields);
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(body, "body");
  }

  /** Events are the same for the log when eventID and being an error declaration agree. */
  public Key key() {
    return new Key(eventId, errorDeclaration != null);
  }

  /** The identity of an event within an organisation's log. */
  public record Key(String eventId, boolean errorDeclared) {}
}
