package org.ayni.trace.epcis;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ayni.shared.FieldProblem;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.Action;
import org.ayni.trace.TraceEvent.EventType;
import org.ayni.trace.TraceIds;
import org.ayni.trace.internal.EventRules;
import org.ayni.trace.internal.LogEntry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads EPCIS 2.0 JSON-LD: capture documents (EPCISDocument, EPCISQueryDocument) and bare events,
 * validated against the GS1 JSON schema, into log entries; and stored bodies back into {@link
 * TraceEvent}s. CBV 1.2 URN values ({@code urn:epcglobal:cbv:bizstep:receiving}), which the schema
 * forbids, are read as the CBV 2.0 bare words they stand for.
 */
@Component
class EpcisReader {

  static final String DOCUMENT = "EPCISDocument";
  static final String QUERY_DOCUMENT = "EPCISQueryDocument";
  private static final String DOCUMENT_EVENTS = "/epcisBody/eventList";
  private static final String QUERY_DOCUMENT_EVENTS =
      "/epcisBody/queryResults/resultsBody/eventList";

  private final EpcisSchema schema;
  private final EventHasher hasher;
  private final JsonMapper json;
  private final EpcisJson epcisJson;

  EpcisReader(EpcisSchema schema, EventHasher hasher, EpcisJson json) {
    this.schema = schema;
    this.hasher = hasher;
    this.json = json.mapper();
    this.epcisJson = json;
  }

  /**
   * A capture document read: the events that can be stored (in document order, with their index)
   * and the problems of the others, by event index.
   */
  record ReadDocument(
      int eventCount, List<LogEntry> entries, Map<Integer, List<EpcisException.Problem>> refused) {}

  /**
   * Reads a capture document. Throws a ValidationException when the document itself is unusable
   * (not JSON, not a document, its envelope invalid), a CaptureLimitExceededException above the
   * event limit; problems of single events are returned.
   */
  ReadDocument readDocument(byte[] body, Locale locale, int maxEvents) {
    JsonNode root = epcisJson.read(body);
    String type = root.path("type").asString("");
    if (!root.isObject() || !(DOCUMENT.equals(type) || QUERY_DOCUMENT.equals(type))) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.capture.not-a-document");
    }
    String eventsPointer = DOCUMENT.equals(type) ? DOCUMENT_EVENTS : QUERY_DOCUMENT_EVENTS;
    JsonNode events = root.at(eventsPointer);
    int count = events.isArray() ? events.size() : 0;
    if (count > maxEvents) {
      throw new EpcisException(
          EpcisException.Type.CaptureLimitExceededException,
          "epcis.capture.too-many",
          count,
          maxEvents);
    }
    // The schema sees the CBV 1.2 spellings as the bare words they stand for.
    JsonNode checked = root;
    for (int i = 0; i < count; i++) {
      if (events.get(i).isObject() && needsBareWords(events.get(i))) {
        if (checked == root) {
          checked = root.deepCopy();
        }
        toBareWords((ObjectNode) checked.at(eventsPointer).get(i));
      }
    }
    Map<Integer, List<EpcisException.Problem>> refused = new TreeMap<>();
    List<EpcisException.Problem> documentProblems = new ArrayList<>();
    for (EpcisSchema.SchemaError error : schema.validate(withoutCommonEvents(checked), locale)) {
      Integer index = eventIndex(error.pointer(), eventsPointer);
      EpcisException.Problem problem =
          EpcisException.Problem.text(index, error.pointer(), error.message());
      if (index == null) {
        documentProblems.add(problem);
      } else {
        refused.computeIfAbsent(index, i -> new ArrayList<>()).add(problem);
      }
    }
    if (!documentProblems.isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.capture.invalid", documentProblems);
    }
    EpcisContext context = EpcisContext.of(root.get("@context"));
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (refused.containsKey(i)) {
        continue;
      }
      List<EpcisException.Problem> problems = new ArrayList<>();
      LogEntry entry =
          entry(i, (ObjectNode) events.get(i), context, eventsPointer + "/" + i + "/", problems);
      if (problems.isEmpty()) {
        entries.add(entry);
      } else {
        refused.put(i, problems);
      }
    }
    return new ReadDocument(count, entries, refused);
  }

  /**
   * The document as the schema validator must see it: when every event is one {@link
   * CommonEventCheck} finds valid, only its envelope (the same document with an empty event list),
   * else the whole document, so that the validator reports the problems of invalid events as
   * always.
   */
  private static JsonNode withoutCommonEvents(JsonNode document) {
    JsonNode body = document.get("epcisBody");
    if (!DOCUMENT.equals(document.path("type").asString(""))
        || body == null
        || !body.isObject()
        || !body.path("eventList").isArray()) {
      return document;
    }
    for (JsonNode event : body.get("eventList")) {
      if (!CommonEventCheck.valid(event)) {
        return document;
      }
    }
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> property : document.properties()) {
      envelope.set(property.getKey(), property.getValue());
    }
    ObjectNode emptied = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> property : body.properties()) {
      emptied.set(property.getKey(), property.getValue());
    }
    emptied.set("eventList", JsonNodeFactory.instance.arrayNode());
    envelope.set("epcisBody", emptied);
    return envelope;
  }

  /** Reads one bare event (with its own {@code @context}); any problem refuses it. */
  LogEntry readEvent(byte[] body, Locale locale) {
    JsonNode root = epcisJson.read(body);
    String type = root.path("type").asString("");
    if (!root.isObject() || DOCUMENT.equals(type) || QUERY_DOCUMENT.equals(type)) {
      throw new EpcisException(EpcisException.Type.ValidationException, "epcis.event.not-an-event");
    }
    JsonNode checked = root;
    if (needsBareWords(root)) {
      checked = root.deepCopy();
      toBareWords((ObjectNode) checked);
    }
    List<EpcisException.Problem> problems = new ArrayList<>();
    for (EpcisSchema.SchemaError error : schema.validate(checked, locale)) {
      problems.add(EpcisException.Problem.text(0, error.pointer(), error.message()));
    }
    LogEntry entry = null;
    if (problems.isEmpty()) {
      entry = entry(0, (ObjectNode) root, EpcisContext.STANDARD, "/", problems);
    }
    if (!problems.isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.event.invalid", problems);
    }
    return entry;
  }

  /** The event a stored body describes; empty for an extension event type. */
  Optional<TraceEvent> read(String body) {
    ObjectNode node = (ObjectNode) json.readTree(body);
    if (!isStandard(node.path("type").asString(""))) {
      return Optional.empty();
    }
    EpcisContext context = EpcisContext.STANDARD.with(node.get("@context"));
    return Optional.of(traceEvent(node, context, node.path("eventID").asString(null), body));
  }

  private static Integer eventIndex(String pointer, String eventsPointer) {
    if (!pointer.startsWith(eventsPointer + "/")) {
      return null;
    }
    String rest = pointer.substring(eventsPointer.length() + 1);
    int slash = rest.indexOf('/');
    try {
      return Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isStandard(String type) {
    for (EventType t : EventType.values()) {
      if (t.name().equals(type)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------ CBV 1.2 spellings

  private static boolean needsBareWords(JsonNode event) {
    if (Cbv.isUrn(event.path("bizStep").asString(null))
        || Cbv.isUrn(event.path("disposition").asString(null))
        || Cbv.isUrn(event.path("errorDeclaration").path("reason").asString(null))) {
      return true;
    }
    for (String list : List.of("bizTransactionList", "sourceList", "destinationList")) {
      for (JsonNode item : event.path(list)) {
        if (Cbv.isUrn(item.path("type").asString(null))) {
          return true;
        }
      }
    }
    for (String list : List.of("set", "unset")) {
      for (JsonNode item : event.path("persistentDisposition").path(list)) {
        if (Cbv.isUrn(item.asString(null))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void toBareWords(ObjectNode event) {
    bare(event, "bizStep", Cbv.Kind.BIZ_STEP);
    bare(event, "disposition", Cbv.Kind.DISPOSITION);
    if (event.path("errorDeclaration").isObject()) {
      bare((ObjectNode) event.get("errorDeclaration"), "reason", Cbv.Kind.ERROR_REASON);
    }
    for (String list : List.of("bizTransactionList", "sourceList", "destinationList")) {
      for (JsonNode item : event.path(list)) {
        if (item.isObject()) {
          bare(
              (ObjectNode) item,
              "type",
              list.startsWith("biz")
                  ? Cbv.Kind.BIZ_TRANSACTION_TYPE
                  : Cbv.Kind.SOURCE_DESTINATION_TYPE);
        }
      }
    }
    if (event.path("persistentDisposition").isObject()) {
      for (String list : List.of("set", "unset")) {
        JsonNode values = event.path("persistentDisposition").path(list);
        if (values.isArray()) {
          ArrayNode array = (ArrayNode) values;
          for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isString()) {
              array.set(i, Cbv.bare(Cbv.Kind.DISPOSITION, array.get(i).asString()));
            }
          }
        }
      }
    }
  }

  private static void bare(ObjectNode node, String field, Cbv.Kind kind) {
    if (node.path(field).isString()) {
      node.put(field, Cbv.bare(kind, node.get(field).asString()));
    }
  }

  // -------------------------------------------------------------------------------- events

  /**
   * The log entry of a schema-valid event: its eventID (the CBV 2.0 hash when it has none), the
   * {@link TraceEvent} of a standard type, and the body to store (the event as sent, with the
   * extension entries of the context that applies to it, its eventID, and no recordTime: that is
   * the log's to set). Problems the schema cannot see are added to {@code problems}.
   */
  private LogEntry entry(
      int index,
      ObjectNode event,
      EpcisContext documentContext,
      String pointer,
      List<EpcisException.Problem> problems) {
    EpcisContext context = documentContext.with(event.get("@context"));
    String type = event.path("type").asString("");
    boolean standard = isStandard(type);
    if (!standard && !context.resolves(type)) {
      problems.add(EpcisException.Problem.key(index, pointer + "type", "epcis.type.unknown", type));
    }
    for (String key : event.propertyNames()) {
      if (key.contains(":") && !context.resolves(key)) {
        problems.add(
            EpcisException.Problem.key(index, pointer + key, "epcis.prefix.undeclared", key));
      }
    }
    for (String key : event.path("ilmd").propertyNames()) {
      if (!context.resolves(key)) {
        problems.add(
            EpcisException.Problem.key(
                index, pointer + "ilmd/" + key, "epcis.prefix.undeclared", key));
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    String eventId = event.path("eventID").asString(null);
    if (eventId == null) {
      eventId = hasher.hash(event, context.declaredPrefixes());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    JsonNode extras = context.extrasNode();
    if (extras != null) {
      body.set("@context", extras);
    }
    for (Map.Entry<String, JsonNode> property : event.properties()) {
      String key = property.getKey();
      if (!key.equals("@context") && !key.equals("recordTime")) {
        body.set(key, property.getValue());
      }
    }
    if (!body.has("eventID")) {
      body.put("eventID", eventId);
    }
    String text = json.writeValueAsString(body);
    TraceEvent.ErrorDeclaration error = errorDeclaration(event.path("errorDeclaration"));
    OffsetDateTime eventTime = time(event.path("eventTime").asString(null));
    if (eventTime == null) {
      problems.add(EpcisException.Problem.key(index, pointer + "eventTime", "epcis.time.invalid"));
      return null;
    }
    TraceEvent trace = null;
    if (standard) {
      trace = traceEvent(event, context, eventId, text);
      for (FieldProblem p : EventRules.problems(trace, "")) {
        // a field path (sourceList[0].type) as the JSON pointer the problems give
        // (sourceList/0/type)
        String field = p.field().replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        problems.add(
            new EpcisException.Problem(
                index, pointer + field, p.messageKey(), p.arguments(), null));
      }
    }
    return new LogEntry(
        index,
        // an extension type as the URI it stands for: found by eventType however it is spelled
        standard ? type : context.expand(type),
        eventId,
        eventTime,
        event.path("eventTimeZoneOffset").asString(null),
        error,
        trace,
        text,
        EpcisSensors.readings(event, context),
        EpcisFields.values(event, context));
  }

  private static TraceEvent traceEvent(
      JsonNode e, EpcisContext context, String eventId, String body) {
    EventType type = EventType.valueOf(e.path("type").asString());
    boolean children = type == EventType.AggregationEvent || type == EventType.AssociationEvent;
    String action = e.path("action").asString(null);
    return new TraceEvent(
        eventId,
        type,
        action == null || type == EventType.TransformationEvent ? null : Action.valueOf(action),
        time(e.path("eventTime").asString(null)),
        e.path("eventTimeZoneOffset").asString(null),
        vocabulary(Cbv.Kind.BIZ_STEP, e.path("bizStep").asString(null), context),
        vocabulary(Cbv.Kind.DISPOSITION, e.path("disposition").asString(null), context),
        e.path("readPoint").path("id").asString(null),
        e.path("bizLocation").path("id").asString(null),
        e.path("transformationID").asString(null),
        TraceIds.canonical(e.path("parentID").asString(null)),
        identifiers(e.path(children ? "childEPCs" : "epcList")),
        quantities(e.path(children ? "childQuantityList" : "quantityList")),
        identifiers(e.path("inputEPCList")),
        quantities(e.path("inputQuantityList")),
        identifiers(e.path("outputEPCList")),
        quantities(e.path("outputQuantityList")),
        parties(e.path("sourceList"), "source", context),
        parties(e.path("destinationList"), "destination", context),
        transactions(e.path("bizTransactionList"), context),
        errorDeclaration(e.path("errorDeclaration")),
        extensions(e, context),
        body,
        new TraceEvent.PersistentDisposition(
            dispositions(e.path("persistentDisposition").path("set"), context),
            dispositions(e.path("persistentDisposition").path("unset"), context)));
  }

  private static List<String> dispositions(JsonNode array, EpcisContext context) {
    return strings(array).stream().map(d -> vocabulary(Cbv.Kind.DISPOSITION, d, context)).toList();
  }

  /** A CBV value as its bare word, any other value as a full URI. */
  static String vocabulary(Cbv.Kind kind, String value, EpcisContext context) {
    if (value == null) {
      return null;
    }
    String bare = Cbv.bare(kind, value);
    return bare.contains(":") ? context.expand(bare) : bare;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode item : array) {
      if (item.isString()) {
        values.add(item.asString());
      }
    }
    return values;
  }

  /**
   * The identifiers of a list, GS1 trade items in their canonical spelling (the body keeps them as
   * sent): what lots, the query indexes and the rules work with.
   */
  private static List<String> identifiers(JsonNode array) {
    List<String> values = strings(array);
    values.replaceAll(TraceIds::canonical);
    return values;
  }

  private static List<TraceEvent.QuantityElement> quantities(JsonNode array) {
    List<TraceEvent.QuantityElement> values = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode quantity = item.path("quantity");
      BigDecimal amount = quantity.isNumber() ? quantity.decimalValue() : null;
      values.add(
          new TraceEvent.QuantityElement(
              TraceIds.canonical(item.path("epcClass").asString(null)),
              amount,
              item.path("uom").asString(null)));
    }
    return values;
  }

  private static List<TraceEvent.Party> parties(
      JsonNode array, String field, EpcisContext context) {
    List<TraceEvent.Party> values = new ArrayList<>();
    for (JsonNode item : array) {
      values.add(
          new TraceEvent.Party(
              vocabulary(
                  Cbv.Kind.SOURCE_DESTINATION_TYPE, item.path("type").asString(null), context),
              item.path(field).asString(null)));
    }
    return values;
  }

  private static List<TraceEvent.BizTransaction> transactions(
      JsonNode array, EpcisContext context) {
    List<TraceEvent.BizTransaction> values = new ArrayList<>();
    for (JsonNode item : array) {
      values.add(
          new TraceEvent.BizTransaction(
              vocabulary(Cbv.Kind.BIZ_TRANSACTION_TYPE, item.path("type").asString(null), context),
              item.path("bizTransaction").asString(null)));
    }
    return values;
  }

  private static TraceEvent.ErrorDeclaration errorDeclaration(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    return new TraceEvent.ErrorDeclaration(
        time(node.path("declarationTime").asString(null)),
        vocabulary(
            Cbv.Kind.ERROR_REASON, node.path("reason").asString(null), EpcisContext.STANDARD),
        strings(node.path("correctiveEventIDs")));
  }

  /**
   * Top-level extension fields and ILMD entries with a scalar value, by key (an {@code ayni:} key
   * under whatever prefix the sender declared for Ayni's vocabulary); top-level fields win.
   */
  private static Map<String, String> extensions(JsonNode e, EpcisContext context) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : e.path("ilmd").properties()) {
      scalar(entry.getValue()).ifPresent(v -> values.put(context.extensionKey(entry.getKey()), v));
    }
    for (Map.Entry<String, JsonNode> entry : e.properties()) {
      if (entry.getKey().contains(":") && !entry.getKey().startsWith("@")) {
        scalar(entry.getValue())
            .ifPresent(v -> values.put(context.extensionKey(entry.getKey()), v));
      }
    }
    return values;
  }

  private static Optional<String> scalar(JsonNode value) {
    if (value.isString()) {
      return Optional.of(value.asString());
    }
    if (value.isNumber()) {
      return Optional.of(value.decimalValue().toPlainString());
    }
    if (value.isBoolean()) {
      return Optional.of(Boolean.toString(value.asBoolean()));
    }
    return Optional.empty();
  }

  /**
   * RFC 3339's date-time (section 5.6): seconds always, a fraction of at least one digit, an offset
   * of hours and minutes or Z. Java's ISO parser alone also takes times without seconds, an empty
   * fraction ({@code 10:00:00.Z}) and offsets with seconds.
   */
  private static final java.util.regex.Pattern RFC_3339 =
      java.util.regex.Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

  /** An RFC 3339 time with its offset; null when there is none or it is not one. */
  static OffsetDateTime time(String text) {
    if (text == null || !RFC_3339.matcher(text).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
