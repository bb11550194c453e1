package org.ayni.trace.epcis;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.EventType;
import org.ayni.trace.TraceIds;
import org.ayni.trace.internal.EventFormat;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.LogEntry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes EPCIS 2.0 JSON-LD: the body of an event recorded by a domain operation (from its fields),
 * and query results. As the log's {@link EventFormat} it also completes events (body, eventID as
 * the CBV 2.0 hash) and reads stored bodies back.
 *
 * <p>Extension fields of a {@link TraceEvent} are written at the top level, except {@code cbvmda:}
 * keys, which are instance/lot master data and go into {@code ilmd} where the event type allows it
 * (an ObjectEvent with action ADD, a TransformationEvent).
 */
@Component
class EpcisWriter implements EventFormat {

  /** The context of query results: the standard one, and Ayni's prefix. */
  static final String RESULT_CONTEXT = "[\"" + Cbv.CONTEXT + "\",{\"ayni\":\"" + Cbv.AYNI + "\"}]";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final EpcisSchema schema;
  private final EpcisReader reader;
  private final EventHasher hasher;
  private final JsonMapper json;
  private final EpcTranslator translator;

  EpcisWriter(
      EpcisSchema schema,
      EpcisReader reader,
      EventHasher hasher,
      EpcisJson json,
      EpcTranslator translator) {
    this.schema = schema;
    this.translator = translator;
    this.reader = reader;
    this.hasher = hasher;
    this.json = json.mapper();
  }

  /** The prefix under which a business transaction reference that is not a URI is written. */
  static final String REFERENCE_URN = "urn:ayni:ref:";

  private static final java.util.regex.Pattern ABSOLUTE_URI =
      java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$");

  @Override
  public TraceEvent complete(TraceEvent event) {
    ObjectNode node;
    EpcisContext context;
    if (event.body() == null) {
      event = withReferenceUris(event);
      node = write(event);
      context = EpcisContext.STANDARD;
      ObjectNode checked = node.deepCopy();
      checked.put("@context", Cbv.CONTEXT);
      var errors = schema.validate(checked, java.util.Locale.ENGLISH);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            errors.stream().map(x -> x.pointer() + ": " + x.message()).toList().toString());
      }
    } else {
      node = (ObjectNode) json.readTree(event.body());
      context = EpcisContext.STANDARD.with(node.get("@context"));
    }
    String eventId = event.eventId();
    if (eventId == null) {
      eventId = node.path("eventID").asString(null);
    }
    if (eventId == null) {
      eventId = hasher.hash(node, prefixes(context));
    }
    node.put("eventID", eventId);
    return new TraceEvent(
        eventId,
        event.type(),
        event.action(),
        event.eventTime(),
        event.eventTimeZoneOffset(),
        event.bizStep(),
        event.disposition(),
        event.readPoint(),
        event.bizLocation(),
        event.transformationId(),
        event.parentId(),
        event.epcs(),
        event.quantities(),
        event.inputEpcs(),
        event.inputQuantities(),
        event.outputEpcs(),
        event.outputQuantities(),
        event.sources(),
        event.destinations(),
        event.bizTransactions(),
        event.errorDeclaration(),
        event.extensions(),
        json.writeValueAsString(node),
        event.persistentDisposition());
  }

  /**
   * EPCIS wants every business transaction as a URI; a plain reference (an invoice number typed in
   * a form) is written as {@code urn:ayni:ref:<reference, percent-encoded>}.
   */
  static TraceEvent withReferenceUris(TraceEvent e) {
    boolean plain =
        e.bizTransactions().stream().anyMatch(t -> !ABSOLUTE_URI.matcher(t.id()).matches());
    if (!plain) {
      return e;
    }
    List<TraceEvent.BizTransaction> transactions =
        e.bizTransactions().stream()
            .map(
                t ->
                    ABSOLUTE_URI.matcher(t.id()).matches()
                        ? t
                        : new TraceEvent.BizTransaction(
                            t.type(),
                            REFERENCE_URN
                                + org.springframework.web.util.UriUtils.encode(
                                    t.id().strip(), java.nio.charset.StandardCharsets.UTF_8)))
            .toList();
    return e.withBizTransactions(transactions);
  }

  @Override
  public LogEntry entry(int index, TraceEvent complete) {
    JsonNode body = json.readTree(complete.body());
    EpcisContext context = EpcisContext.of(body.get("@context"));
    return new LogEntry(
        index,
        complete.type().name(),
        complete.eventId(),
        complete.eventTime(),
        complete.eventTimeZoneOffset(),
        complete.errorDeclaration(),
        complete,
        complete.body(),
        EpcisSensors.readings(body, context),
        EpcisFields.values(body, context));
  }

  @Override
  public Sameness compare(String eventId, String body, String other) {
    if (body.equals(other)) {
      return Sameness.SAME;
    }
    JsonNode one = content(body);
    JsonNode two = content(other);
    if (one.equals(two)) {
      return Sameness.SAME;
    }
    // A hash names the content, which two spellings of one event share (another offset, order of
    // fields, URN or Digital Link): the same event if the hashes agree. The id itself proves
    // nothing: a client may send any ni: URI, or another event's. Neither the hash nor the
    // comparison of other ids looks into an error declaration, compared on its own.
    JsonNode said = declared(one);
    JsonNode saidToo = declared(two);
    boolean same = eventId.startsWith("ni:///") ? hash(body).equals(hash(other)) : one.equals(two);
    if (!same) {
      return Sameness.OTHER;
    }
    return Objects.equals(said, saidToo) ? Sameness.SAME : Sameness.DECLARED_OTHERWISE;
  }

  /**
   * Takes the error declaration out of an event's content and gives what it says, whenever it was
   * made: its reason (as a CBV word), its corrective events in any order, and its other fields
   * (extensions) as written; null for none.
   */
  private static JsonNode declared(JsonNode content) {
    JsonNode declaration = content instanceof ObjectNode o ? o.remove("errorDeclaration") : null;
    if (!(declaration instanceof ObjectNode said)) {
      return null;
    }
    said.remove("declarationTime");
    if (said.hasNonNull("reason")) {
      said.put("reason", TraceIds.cbvWord(said.get("reason").asString()));
    }
    if (said.get("correctiveEventIDs") instanceof ArrayNode ids) {
      List<String> sorted = new ArrayList<>();
      ids.forEach(id -> sorted.add(id.asString()));
      sorted.sort(null);
      ArrayNode in = said.putArray("correctiveEventIDs");
      sorted.forEach(in::add);
    }
    return said;
  }

  /**
   * The CBV 2.0 hash of a stored or captured event's body, with the prefixes its context declares.
   */
  private String hash(String body) {
    ObjectNode node = (ObjectNode) json.readTree(body);
    return hasher.hash(node, prefixes(EpcisContext.STANDARD.with(node.get("@context"))));
  }

  /** The prefixes an event's extension fields are hashed with: Ayni's and its context's. */
  private static Map<String, String> prefixes(EpcisContext context) {
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("ayni", Cbv.AYNI);
    prefixes.putAll(context.declaredPrefixes());
    return prefixes;
  }

  /**
   * A body without its {@code @context}: the document it came in may declare prefixes its members
   * do not use (they are compared as written).
   */
  private JsonNode content(String body) {
    JsonNode node = json.readTree(body);
    if (node instanceof ObjectNode o) {
      o.remove("@context");
    }
    return node;
  }

  @Override
  public Optional<TraceEvent> read(String body) {
    return reader.read(body);
  }

  /** The JSON-LD of an event from its fields (without {@code @context}: Ayni's is implied). */
  ObjectNode write(TraceEvent e) {
    ObjectNode node = NODES.objectNode();
    node.put("type", e.type().name());
    node.put("eventTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.eventTime()));
    node.put("eventTimeZoneOffset", e.eventTimeZoneOffset());
    if (e.eventId() != null) {
      node.put("eventID", e.eventId());
    }
    if (e.action() != null && e.type() != EventType.TransformationEvent) {
      node.put("action", e.action().name());
    }
    boolean children =
        e.type() == EventType.AggregationEvent || e.type() == EventType.AssociationEvent;
    if (e.parentId() != null) {
      node.put("parentID", e.parentId());
    }
    if (e.type() == EventType.TransformationEvent) {
      strings(node, "inputEPCList", e.inputEpcs());
      quantities(node, "inputQuantityList", e.inputQuantities());
      strings(node, "outputEPCList", e.outputEpcs());
      quantities(node, "outputQuantityList", e.outputQuantities());
      if (e.transformationId() != null) {
        node.put("transformationID", e.transformationId());
      }
    } else {
      String epcs = children ? "childEPCs" : "epcList";
      strings(node, epcs, e.epcs());
      quantities(node, children ? "childQuantityList" : "quantityList", e.quantities());
      if (e.epcs().isEmpty() && e.quantities().isEmpty() && e.type() == EventType.ObjectEvent) {
        node.putArray(epcs);
      }
    }
    if (e.bizStep() != null) {
      node.put("bizStep", e.bizStep());
    }
    if (e.disposition() != null) {
      node.put("disposition", e.disposition());
    }
    TraceEvent.PersistentDisposition persistent = e.persistentDisposition();
    if (!persistent.set().isEmpty() || !persistent.unset().isEmpty()) {
      ObjectNode kept = node.putObject("persistentDisposition");
      strings(kept, "set", persistent.set());
      strings(kept, "unset", persistent.unset());
    }
    if (e.readPoint() != null) {
      node.putObject("readPoint").put("id", e.readPoint());
    }
    if (e.bizLocation() != null) {
      node.putObject("bizLocation").put("id", e.bizLocation());
    }
    if (!e.bizTransactions().isEmpty()) {
      ArrayNode list = node.putArray("bizTransactionList");
      for (TraceEvent.BizTransaction t : e.bizTransactions()) {
        ObjectNode item = list.addObject();
        if (t.type() != null) {
          item.put("type", t.type());
        }
        item.put("bizTransaction", t.id());
      }
    }
    parties(node, "sourceList", "source", e.sources());
    parties(node, "destinationList", "destination", e.destinations());
    if (e.errorDeclaration() != null) {
      ObjectNode error = node.putObject("errorDeclaration");
      error.put(
          "declarationTime",
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.errorDeclaration().declarationTime()));
      if (e.errorDeclaration().reason() != null) {
        error.put("reason", e.errorDeclaration().reason());
      }
      strings(error, "correctiveEventIDs", e.errorDeclaration().correctiveEventIds());
    }
    boolean ilmdAllowed =
        e.type() == EventType.TransformationEvent
            || (e.type() == EventType.ObjectEvent && e.action() == TraceEvent.Action.ADD);
    ObjectNode ilmd = null;
    for (Map.Entry<String, String> extension : new java.util.TreeMap<>(e.extensions()).entrySet()) {
      String key = extension.getKey();
      if (!key.contains(":")) {
        throw new IllegalArgumentException("an extension field needs a prefix: " + key);
      }
      if (ilmdAllowed && key.startsWith("cbvmda:")) {
        if (ilmd == null) {
          ilmd = node.putObject("ilmd");
        }
        ilmd.put(key, extension.getValue());
      } else if (measurement(key, extension.getValue())) {
        // a number, so that GE_/LT_ queries on the field compare it as one
        node.put(key, new java.math.BigDecimal(extension.getValue()));
      } else {
        node.put(key, extension.getValue());
      }
    }
    return node;
  }

  /**
   * Whether an extension is one of Ayni's measurements (an inspection's moisture, cut test and
   * gold's fineness), written as a JSON number, with a value that reads as one.
   */
  static boolean measurement(String key, String value) {
    return (key.equals("ayni:moisturePercent")
            || key.equals("ayni:finenessPerMille")
            || key.startsWith("ayni:cutTest"))
        && value != null
        && value.matches("-?[0-9]+(\\.[0-9]+)?");
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(field);
      values.forEach(array::add);
    }
  }

  private static void quantities(
      ObjectNode node, String field, List<TraceEvent.QuantityElement> values) {
    if (values.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray(field);
    for (TraceEvent.QuantityElement q : values) {
      ObjectNode item = array.addObject();
      item.put("epcClass", q.epcClass());
      if (q.quantity() != null) {
        item.put("quantity", plain(q.quantity()));
      }
      if (q.uom() != null) {
        item.put("uom", q.uom());
      }
    }
  }

  /**
   * A quantity sent as {@code 1e1} as {@code 10}, not {@code 1E+1}; one of more than 40 digits
   * (never a real quantity: the forms and the API refuse it) as it is, not a string of zeros.
   */
  private static BigDecimal plain(BigDecimal quantity) {
    return quantity.scale() < 0 && quantity.precision() - quantity.scale() <= 40
        ? quantity.setScale(0)
        : quantity;
  }

  private static void parties(
      ObjectNode node, String list, String field, List<TraceEvent.Party> parties) {
    if (parties.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray(list);
    for (TraceEvent.Party p : parties) {
      array.addObject().put("type", p.type()).put(field, p.id());
    }
  }

  // ------------------------------------------------------------------------------ queries

  /** An EPCISQueryDocument of the rows, each event with its recordTime, for the named query. */
  String queryDocument(
      List<EventStore.Row> rows, OffsetDateTime now, String queryName, EpcFormat format) {
    return queryDocument(rows, now, queryName, null, format);
  }

  /**
   * The same, as the report of a subscription (its ID in the results) when one is given, with the
   * events' EPCs in the format asked for.
   */
  String queryDocument(
      List<EventStore.Row> rows,
      OffsetDateTime now,
      String queryName,
      String subscriptionId,
      EpcFormat format) {
    StringBuilder out = new StringBuilder(256 + rows.size() * 1024);
    out.append("{\"@context\":")
        .append(RESULT_CONTEXT)
        .append(",\"type\":\"EPCISQueryDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"")
        .append(format(now))
        .append("\",\"epcisBody\":{\"queryResults\":{\"queryName\":")
        .append(json.writeValueAsString(queryName));
    if (subscriptionId != null) {
      out.append(",\"subscriptionID\":").append(json.writeValueAsString(subscriptionId));
    }
    out.append(",\"resultsBody\":{\"eventList\":[");
    boolean first = true;
    for (EventStore.Row row : rows) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendEvent(out, row.recordTime(), translator.translate(row.body(), format));
    }
    out.append("]}}}}");
    return out.toString();
  }

  /** A stored body with the log's recordTime added (the body is one compact JSON object). */
  private static void appendEvent(StringBuilder out, OffsetDateTime recordTime, String body) {
    int brace = body.indexOf('{');
    out.append("{\"recordTime\":\"").append(format(recordTime)).append('"');
    String rest = body.substring(brace + 1).stripLeading();
    if (!rest.startsWith("}")) {
      out.append(',');
    }
    out.append(rest);
  }

  static String format(OffsetDateTime time) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** A problem list as JSON (for capture jobs). */
  String json(Object value) {
    return json.writeValueAsString(value);
  }

  JsonNode tree(String text) {
    return json.readTree(text);
  }
}
