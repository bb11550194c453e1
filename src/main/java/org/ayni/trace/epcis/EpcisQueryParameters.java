package org.ayni.trace.epcis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventFilter.Criterion;
import org.ayni.trace.internal.EventFilter.SensorColumn;
import org.ayni.trace.internal.FieldValue;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SimpleEventQuery of the EPCIS 2.0 REST binding ({@code GET /events}) as an {@link
 * EventFilter}. List values are separated by {@code |} (or the parameter is repeated). A parameter
 * the repository does not support, or a value it cannot read, is a QueryParameterException.
 */
final class EpcisQueryParameters {

  static final int DEFAULT_PER_PAGE = 30;
  static final int MAX_PER_PAGE = 1000;

  private static final Set<String> EPC_ROLES_ANY = Set.of("epc", "parent", "input", "output");
  private static final Set<String> CLASS_ROLES_ANY = Set.of("quantity", "input", "output");

  /** The comparisons of {@code EQ/GT/GE/LT/LE_quantity}, by prefix. */
  private static final Map<String, String> OPERATORS =
      Map.of("EQ", "=", "GT", ">", "GE", ">=", "LT", "<", "LE", "<=");

  /**
   * The parsed query: the filter (for the page asked for), the page size, the events returned on
   * the pages before, whether this page is the last one {@code eventCountLimit} allows, and {@code
   * maxEventCount} (or null).
   */
  /**
   * A parsed query.
   *
   * @param fingerprint what its criteria are (parameters but the page's, and the resource's own),
   *     written into its page tokens: a token is for the query that made it
   */
  record Query(
      EventFilter filter,
      int perPage,
      int returned,
      boolean lastAllowed,
      Integer maxEventCount,
      String fingerprint) {}

  private EpcisQueryParameters() {}

  static Query parse(MultiValueMap<String, String> parameters) {
    return parse(parameters, List.of(), EpcisContext.STANDARD);
  }

  /**
   * The query, the given criteria (of the resource it is asked of) added to its parameters'; the
   * context declares the prefixes field parameters may use beyond the standard ones (those of the
   * request's {@code GS1-Extensions} header, {@link #extensions}).
   */
  static Query parse(
      MultiValueMap<String, String> parameters, List<Criterion> fixed, EpcisContext context) {
    List<Criterion> criteria = new ArrayList<>(fixed);
    EventFilter.Order order = EventFilter.Order.LOG;
    Boolean descending = null;
    int perPage = DEFAULT_PER_PAGE;
    String token = null;
    OffsetDateTime[] eventTime = new OffsetDateTime[2];
    OffsetDateTime[] recordTime = new OffsetDateTime[2];
    OffsetDateTime[] declarationTime = new OffsetDateTime[2];
    Integer eventCountLimit = null;
    Integer maxEventCount = null;
    Map<String, List<String>> identifiers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      List<String> values = values(name, parameter.getValue());
      if (IDENTIFIERS.contains(name)
          || VOCABULARIES.containsKey(name)
          || PARTIES_OF_A_TYPE.matcher(name).matches()) {
        identifiers.put(name, values);
      }
      switch (name) {
        case "eventType" -> {
          // an extension type by its URI, or a compact one with a prefix GS1-Extensions declares
          // (also as written: captures before 2026-12-06 kept the type as sent)
          Set<String> types = new LinkedHashSet<>();
          for (String type : values) {
            if (!EpcisReader.isStandard(type) && !context.resolves(type)) {
              throw invalid(name, type);
            }
            types.add(type);
            types.add(context.expand(type));
          }
          criteria.add(new EventFilter.In(EventFilter.Column.EVENT_TYPE, List.copyOf(types)));
        }
        case "GE_eventTime" -> eventTime[0] = microseconds(name, values);
        case "LT_eventTime" -> eventTime[1] = microseconds(name, values);
        case "GE_recordTime" -> recordTime[0] = time(name, values);
        case "LT_recordTime" -> recordTime[1] = time(name, values);
        // also as GS1's query-schema.json spells them (a named query's spelling)
        case "GE_errorDeclarationTime", "GE_errorDeclaration_Time" ->
            declarationTime[0] = microseconds(name, values);
        case "LT_errorDeclarationTime", "LT_errorDeclaration_Time" ->
            declarationTime[1] = microseconds(name, values);
        case "EQ_action" -> {
          for (String action : values) {
            if (!Set.of("ADD", "OBSERVE", "DELETE").contains(action)) {
              throw invalid(name, action);
            }
          }
          criteria.add(new EventFilter.In(EventFilter.Column.ACTION, values));
        }
        case "EQ_bizStep" ->
            criteria.add(
                new EventFilter.In(
                    EventFilter.Column.BIZ_STEP, vocabulary(Cbv.Kind.BIZ_STEP, values)));
        case "EQ_disposition" ->
            criteria.add(
                new EventFilter.In(
                    EventFilter.Column.DISPOSITION, vocabulary(Cbv.Kind.DISPOSITION, values)));
        case "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset" ->
            criteria.add(
                new EventFilter.PersistentDispositions(
                    name.substring(name.lastIndexOf('_') + 1),
                    vocabulary(Cbv.Kind.DISPOSITION, values)));
        // WD_: the location or its descendants by master data, of which the repository holds
        // none: every location is its own only descendant
        case "EQ_readPoint", "WD_readPoint" ->
            criteria.add(new EventFilter.In(EventFilter.Column.READ_POINT, values));
        case "EQ_bizLocation", "WD_bizLocation" ->
            criteria.add(new EventFilter.In(EventFilter.Column.BIZ_LOCATION, values));
        case "EQ_quantity", "GT_quantity", "GE_quantity", "LT_quantity", "LE_quantity" ->
            criteria.add(quantity(name, values, null));
        case "eventCountLimit" -> eventCountLimit = positive(name, values);
        case "maxEventCount" -> maxEventCount = positive(name, values);
        case "EQ_transformationID" ->
            criteria.add(new EventFilter.In(EventFilter.Column.TRANSFORMATION_ID, values));
        case "EQ_eventID" -> criteria.add(new EventFilter.In(EventFilter.Column.EVENT_ID, values));
        case "EQ_errorReason" ->
            criteria.add(
                new EventFilter.In(
                    EventFilter.Column.ERROR_REASON, vocabulary(Cbv.Kind.ERROR_REASON, values)));
        case "EQ_correctiveEventID" -> criteria.add(new EventFilter.Corrective(values));
        case "EXISTS_errorDeclaration" -> {
          if (flag(name, values)) {
            criteria.add(new EventFilter.ErrorDeclared(true));
          }
        }
        case "MATCH_epc" -> criteria.add(new EventFilter.Epcs(Set.of("epc"), values));
        case "MATCH_parentID" -> criteria.add(new EventFilter.Epcs(Set.of("parent"), values));
        case "MATCH_inputEPC" -> criteria.add(new EventFilter.Epcs(Set.of("input"), values));
        case "MATCH_outputEPC" -> criteria.add(new EventFilter.Epcs(Set.of("output"), values));
        case "MATCH_anyEPC" -> criteria.add(new EventFilter.Epcs(EPC_ROLES_ANY, values));
        case "MATCH_epcClass" -> criteria.add(new EventFilter.Classes(Set.of("quantity"), values));
        case "MATCH_inputEPCClass" ->
            criteria.add(new EventFilter.Classes(Set.of("input"), values));
        case "MATCH_outputEPCClass" ->
            criteria.add(new EventFilter.Classes(Set.of("output"), values));
        case "MATCH_anyEPCClass" -> criteria.add(new EventFilter.Classes(CLASS_ROLES_ANY, values));
        case "orderBy" -> {
          String by = single(name, values);
          order =
              switch (by) {
                case "eventTime" -> EventFilter.Order.EVENT_TIME;
                case "recordTime" -> EventFilter.Order.RECORD_TIME;
                default -> throw invalid(name, by);
              };
        }
        case "orderDirection" -> {
          String direction = single(name, values);
          if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw invalid(name, direction);
          }
          descending = direction.equals("DESC");
        }
        case "perPage" -> {
          String text = single(name, values);
          try {
            perPage = Integer.parseInt(text);
          } catch (NumberFormatException e) {
            throw invalid(name, text);
          }
          checkPerPage(perPage);
        }
        case "nextPageToken" -> token = single(name, values);
        case "EXISTS_sensorElementList" -> {
          if (flag(name, values)) {
            criteria.add(new EventFilter.SensorElements());
          }
        }
        case "GE_time", "LT_time" -> criteria.add(sensorTime(name, values, SensorColumn.TIME));
        case "GE_startTime", "LT_startTime" ->
            criteria.add(sensorTime(name, values, SensorColumn.START_TIME));
        case "GE_endTime", "LT_endTime" ->
            criteria.add(sensorTime(name, values, SensorColumn.END_TIME));
        case "EQ_type" ->
            criteria.add(
                sensorIn(
                    values.stream()
                        .map(v -> EpcisSensors.measurementType(v, EpcisContext.STANDARD))
                        .toList(),
                    SensorColumn.TYPE));
        case "EQ_deviceID" ->
            criteria.add(sensorIn(values, SensorColumn.META_DEVICE_ID, SensorColumn.DEVICE_ID));
        case "EQ_dataProcessingMethod" ->
            criteria.add(
                sensorIn(
                    values,
                    SensorColumn.META_DATA_PROCESSING_METHOD,
                    SensorColumn.DATA_PROCESSING_METHOD));
        case "EQ_bizRules" ->
            criteria.add(sensorIn(values, SensorColumn.META_BIZ_RULES, SensorColumn.BIZ_RULES));
        case "EQ_microorganism" -> criteria.add(sensorIn(values, SensorColumn.MICROORGANISM));
        case "EQ_chemicalSubstance" ->
            criteria.add(sensorIn(values, SensorColumn.CHEMICAL_SUBSTANCE));
        case "EQ_stringValue" -> criteria.add(sensorIn(values, SensorColumn.STRING_VALUE));
        case "EQ_uriValue" -> criteria.add(sensorIn(values, SensorColumn.URI_VALUE));
        case "EQ_hexBinaryValue" ->
            criteria.add(
                sensorIn(
                    values.stream().map(EpcisSensors::hex).toList(),
                    SensorColumn.HEX_BINARY_VALUE));
        case "EQ_booleanValue" -> {
          String value = single(name, values);
          if (!value.equals("true") && !value.equals("false")) {
            throw invalid(name, value);
          }
          criteria.add(sensorIn(List.of(Boolean.valueOf(value)), SensorColumn.BOOLEAN_VALUE));
        }
        case "GE_percRank", "GT_percRank", "LT_percRank", "LE_percRank" ->
            criteria.add(
                new EventFilter.Sensor(
                    List.of(SensorColumn.PERC_RANK),
                    OPERATORS.get(name.substring(0, 2)),
                    List.of(number(name, values)),
                    null));
        default -> {
          Criterion criterion = patterned(name, values, context);
          if (criterion != null) {
            criteria.add(criterion);
          }
        }
      }
    }
    checkIdentifiers(identifiers);
    if (eventCountLimit != null && maxEventCount != null) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.both-limits");
    }
    if (eventCountLimit != null && order == EventFilter.Order.LOG) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.limit-without-order");
    }
    range(criteria, EventFilter.TimeColumn.EVENT_TIME, eventTime);
    range(criteria, EventFilter.TimeColumn.RECORD_TIME, recordTime);
    range(criteria, EventFilter.TimeColumn.DECLARATION_TIME, declarationTime);
    // The standard's default direction is descending; the log's own order is ascending.
    boolean desc = descending != null ? descending : order != EventFilter.Order.LOG;
    String fingerprint = fingerprint(parameters, fixed);
    Position after = token == null ? null : cursor(token, order, desc, fingerprint);
    int returned = after == null ? 0 : after.returned();
    boolean lastAllowed = false;
    if (eventCountLimit != null) {
      int left = eventCountLimit - returned;
      if (left < 1) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.query.token", shortened(token));
      }
      lastAllowed = left <= perPage;
      perPage = Math.min(perPage, left);
    }
    EventFilter.Cursor position =
        after == null ? null : new EventFilter.Cursor(after.time(), after.seq());
    return new Query(
        new EventFilter(criteria, order, desc, position, perPage + 1),
        perPage,
        returned,
        lastAllowed,
        maxEventCount,
        fingerprint);
  }

  /**
   * The parameters whose values GS1's query-schema.json types as URIs (identifiers of EPCs,
   * classes, locations, events and transformations; sensors' devices, methods, rules, substances,
   * microorganisms and URI values).
   */
  private static final Set<String> IDENTIFIERS =
      Set.of(
          "EQ_readPoint",
          "WD_readPoint",
          "EQ_bizLocation",
          "WD_bizLocation",
          "EQ_transformationID",
          "EQ_eventID",
          "EQ_correctiveEventID",
          "MATCH_epc",
          "MATCH_parentID",
          "MATCH_inputEPC",
          "MATCH_outputEPC",
          "MATCH_anyEPC",
          "MATCH_epcClass",
          "MATCH_inputEPCClass",
          "MATCH_outputEPCClass",
          "MATCH_anyEPCClass",
          "EQ_deviceID",
          "EQ_dataProcessingMethod",
          "EQ_bizRules",
          "EQ_microorganism",
          "EQ_chemicalSubstance",
          "EQ_uriValue");

  /**
   * {@code EQ_source_<type>} and {@code EQ_destination_<type>} with a CBV type, whose values the
   * schema types as URIs too (a type given as a URI is no property name the schema knows).
   */
  private static final java.util.regex.Pattern PARTIES_OF_A_TYPE =
      java.util.regex.Pattern.compile("EQ_(source|destination)_[a-z][a-zA-Z0-9_]+");

  /** The parameters whose values it types as CBV words or other URIs, with their CBV kind. */
  private static final Map<String, Cbv.Kind> VOCABULARIES =
      Map.of(
          "EQ_bizStep", Cbv.Kind.BIZ_STEP,
          "EQ_disposition", Cbv.Kind.DISPOSITION,
          "EQ_persistentDisposition_set", Cbv.Kind.DISPOSITION,
          "EQ_persistentDisposition_unset", Cbv.Kind.DISPOSITION,
          "EQ_errorReason", Cbv.Kind.ERROR_REASON);

  /**
   * Checks the values of those parameters with query-schema.json, as a named query's are: a value
   * that is neither a CBV word (where one applies) nor an absolute URI (a typo: {@code
   * EQ_bizStep=Receiving}, {@code EQ_readPoint=notauri}) is a QueryParameterException rather than a
   * query that finds nothing. A CBV value spelled as a CBV 1.2 URN or a Web URI, which the schema's
   * URIs exclude, is checked as the word it stands for.
   */
  private static void checkIdentifiers(Map<String, List<String>> identifiers) {
    if (identifiers.isEmpty()) {
      return;
    }
    ObjectNode query = JsonNodeFactory.instance.objectNode();
    identifiers.forEach(
        (name, values) -> {
          Cbv.Kind kind = VOCABULARIES.get(name);
          ArrayNode array = query.putArray(name);
          values.forEach(v -> array.add(kind == null ? v : Cbv.bare(kind, v)));
        });
    List<EpcisSchema.SchemaError> errors =
        EpcisSchema.query().validate(query, LocaleContextHolder.getLocale());
    if (errors.isEmpty()) {
      return;
    }
    // at /<name>/<index>
    String[] at = errors.getFirst().pointer().split("/");
    String name = at.length > 1 && identifiers.containsKey(at[1]) ? at[1] : null;
    List<String> values = name == null ? List.of() : identifiers.get(name);
    String value =
        at.length > 2 && at[2].matches("\\d{1,9}") && Integer.parseInt(at[2]) < values.size()
            ? values.get(Integer.parseInt(at[2]))
            : String.join("|", values);
    throw new EpcisException(
        EpcisException.Type.QueryParameterException,
        name == null
            ? "epcis.query.value"
            : VOCABULARIES.containsKey(name) ? "epcis.query.word" : "epcis.query.uri",
        errors.stream()
            .map(e -> EpcisException.Problem.text(null, e.pointer(), e.message()))
            .toList(),
        name == null ? errors.getFirst().pointer() : name,
        value,
        name != null && VOCABULARIES.containsKey(name) ? EXAMPLES.get(VOCABULARIES.get(name)) : "");
  }

  /** A word of each vocabulary, for the message that asks for one. */
  private static final Map<Cbv.Kind, String> EXAMPLES =
      Map.of(
          Cbv.Kind.BIZ_STEP, "receiving",
          Cbv.Kind.DISPOSITION, "in_transit",
          Cbv.Kind.ERROR_REASON, "did_not_occur");

  /** A short digest of a query's parameters (but its page's) and fixed criteria, in any order. */
  private static String fingerprint(
      MultiValueMap<String, String> parameters, List<Criterion> fixed) {
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<>(parameters)
        .forEach(
            (name, values) -> {
              if (!name.equals("nextPageToken") && !name.equals("perPage")) {
                text.append(name).append('=').append(values).append('&');
              }
            });
    // criteria print their values in a fixed order (sets of roles sorted)
    text.append(fixed);
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The page size a {@code perPage} parameter asks for ({@link #DEFAULT_PER_PAGE} without one). */
  static int pageSize(Integer perPage) {
    return checkPerPage(perPage == null ? DEFAULT_PER_PAGE : perPage);
  }

  /**
   * {@code EQ_value_<uom>} (a list) and {@code GT/GE/LT/LE_<value|minValue|maxValue|meanValue|sDev|
   * percValue>_<uom>}: the readings in that unit (UN/ECE Rec 20 code) compared.
   */
  private static final Pattern MEASURED =
      Pattern.compile(
          "(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percValue)_([A-Z0-9]{2,4})");

  private static final Map<String, SensorColumn> MEASURED_COLUMNS =
      Map.of(
          "value", SensorColumn.VALUE,
          "minValue", SensorColumn.MIN_VALUE,
          "maxValue", SensorColumn.MAX_VALUE,
          "meanValue", SensorColumn.MEAN_VALUE,
          "sDev", SensorColumn.S_DEV,
          "percValue", SensorColumn.PERC_VALUE);

  private static EventFilter.Criterion measured(String name, Matcher m, List<String> values) {
    SensorColumn column = MEASURED_COLUMNS.get(m.group(2));
    String uom = m.group(3);
    if (m.group(1).equals("EQ")) {
      if (column != SensorColumn.VALUE) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.query.unknown", name);
      }
      return new EventFilter.Sensor(List.of(column), "in", List.copyOf(numbers(name, values)), uom);
    }
    return new EventFilter.Sensor(
        List.of(column), OPERATORS.get(m.group(1)), List.of(number(name, values)), uom);
  }

  /**
   * The parameters on extension fields: {@code EQ_}, {@code GT/GE/LT/LE_} and {@code EXISTS_}, each
   * also with {@code INNER_} (nested fields) and {@code ILMD_} or {@code ERROR_DECLARATION_}
   * (fields of the ilmd or of the error declaration), then the field as a compact URI of a prefix
   * the standard context, Ayni or the request's {@code GS1-Extensions} header declares ({@code
   * ayni:moisturePercent}, {@code cbvmda:lotNumber}) or as a full URI.
   */
  private static final Pattern FIELD =
      Pattern.compile("(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_|ERROR_DECLARATION_)?(.+:.+)");

  private static EventFilter.Criterion field(
      String name, Matcher m, List<String> values, EpcisContext context) {
    String written = m.group(4);
    if (!context.resolves(written)) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.unknown", name);
    }
    String field = context.expand(written);
    String scope =
        m.group(3) == null
            ? FieldValue.EVENT
            : m.group(3).equals("ILMD_") ? FieldValue.ILMD : FieldValue.ERROR;
    boolean inner = m.group(2) != null;
    String kind = m.group(1);
    if (kind.equals("EXISTS")) {
      return flag(name, values)
          ? new EventFilter.Field(scope, inner, field, "exists", List.of(), List.of(), List.of())
          : null;
    }
    if (kind.equals("EQ")) {
      List<BigDecimal> numbers = new ArrayList<>();
      List<OffsetDateTime> times = new ArrayList<>();
      for (String value : values) {
        BigDecimal number = IndexedValues.number(value);
        if (number != null) {
          numbers.add(number);
        }
        OffsetDateTime time = IndexedValues.time(value);
        if (time != null && time.getNano() % 1000 == 0) {
          // the log indexes times truncated to the microsecond: a finer value is matched as text
          times.add(time);
        }
      }
      return new EventFilter.Field(scope, inner, field, "in", values, numbers, times);
    }
    String value = single(name, values);
    BigDecimal number = IndexedValues.bound(value);
    OffsetDateTime time = number == null ? IndexedValues.time(value) : null;
    if (number == null && time == null) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.number-or-time", name, value);
    }
    if (time != null) {
      microseconds(name, values);
    }
    return new EventFilter.Field(
        scope,
        inner,
        field,
        OPERATORS.get(kind),
        List.of(),
        number == null ? List.of() : List.of(number),
        time == null ? List.of() : List.of(time));
  }

  /** A prefix of the {@code GS1-Extensions} header. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

  /**
   * The context a {@code GS1-Extensions} header declares ({@code ex=https://ns.example.com/epcis/,
   * ex2=…}): the standard one and those prefixes. A QueryParameterException for a header that
   * declares none that way.
   */
  static EpcisContext extensions(String header) {
    if (header == null || header.isBlank()) {
      return EpcisContext.STANDARD;
    }
    ObjectNode prefixes = JsonNodeFactory.instance.objectNode();
    for (String declaration : header.split(",")) {
      String[] parts = declaration.strip().split("=", 2);
      if (parts.length != 2
          || !PREFIX.matcher(parts[0].strip()).matches()
          || !EpcisContext.STANDARD.resolves(parts[1].strip())) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.query.extensions", header);
      }
      prefixes.put(parts[0].strip(), parts[1].strip());
    }
    return EpcisContext.of(prefixes);
  }

  /** {@code EQ/GT/GE/LT/LE_quantity_<uom>}: quantities in that unit (UN/ECE Rec 20 code). */
  private static final Pattern QUANTITY_IN =
      Pattern.compile("(?:EQ|GT|GE|LT|LE)_quantity_([A-Z0-9]{2,4})");

  /**
   * {@code EQ_quantity} (a list: any of the values) or a comparison with one value, for quantities
   * in the unit (any unit when null).
   */
  private static EventFilter.Criterion quantity(String name, List<String> values, String uom) {
    if (name.startsWith("EQ_")) {
      return new EventFilter.Quantity("in", numbers(name, values), uom);
    }
    return new EventFilter.Quantity(
        OPERATORS.get(name.substring(0, 2)), List.of(number(name, values)), uom);
  }

  private static EventFilter.Criterion sensorIn(List<?> values, SensorColumn... columns) {
    return new EventFilter.Sensor(List.of(columns), "in", List.copyOf(values), null);
  }

  private static EventFilter.Criterion sensorTime(
      String name, List<String> values, SensorColumn column) {
    return new EventFilter.Sensor(
        List.of(column),
        name.startsWith("GE_") ? ">=" : "<",
        List.of(microseconds(name, values)),
        null);
  }

  /**
   * A parameter whose name carries a value of its own (a type, a unit, a field); null for an {@code
   * EXISTS_} field parameter that is {@code false} (no condition); a QueryParameterException for a
   * name no pattern knows.
   */
  private static Criterion patterned(String name, List<String> values, EpcisContext context) {
    Matcher m = MEASURED.matcher(name);
    if (m.matches()) {
      return measured(name, m, values);
    }
    m = QUANTITY_IN.matcher(name);
    if (m.matches()) {
      return quantity(name, values, m.group(1));
    }
    if (name.startsWith("EQ_bizTransaction_")) {
      String type = typeOf(name, "EQ_bizTransaction_", Cbv.Kind.BIZ_TRANSACTION_TYPE);
      return new EventFilter.BizTransactions(type, values);
    }
    if (name.startsWith("EQ_source_")) {
      String type = typeOf(name, "EQ_source_", Cbv.Kind.SOURCE_DESTINATION_TYPE);
      return new EventFilter.Parties("source", type, values);
    }
    if (name.startsWith("EQ_destination_")) {
      String type = typeOf(name, "EQ_destination_", Cbv.Kind.SOURCE_DESTINATION_TYPE);
      return new EventFilter.Parties("destination", type, values);
    }
    m = FIELD.matcher(name);
    if (m.matches()) {
      return field(name, m, values, context);
    }
    throw new EpcisException(
        EpcisException.Type.QueryParameterException, "epcis.query.unknown", name);
  }

  /** A page size, if it is one the repository serves (1 to {@link #MAX_PER_PAGE}). */
  static int checkPerPage(int perPage) {
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.per-page", 1, MAX_PER_PAGE);
    }
    return perPage;
  }

  /** Every value a number (an {@code EQ_} list); a QueryParameterException for one that is not. */
  private static List<BigDecimal> numbers(String name, List<String> values) {
    return values.stream().map(value -> number(name, List.of(value))).toList();
  }

  private static BigDecimal number(String name, List<String> values) {
    String text = single(name, values);
    BigDecimal number = IndexedValues.bound(text);
    if (number == null) {
      throw invalid(name, text);
    }
    return number;
  }

  private static int positive(String name, List<String> values) {
    String text = single(name, values);
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw invalid(name, text);
  }

  private static void range(
      List<Criterion> criteria, EventFilter.TimeColumn column, OffsetDateTime[] range) {
    if (range[0] != null || range[1] != null) {
      criteria.add(new EventFilter.Between(column, range[0], range[1]));
    }
  }

  private static List<String> values(String name, List<String> raw) {
    List<String> values = new ArrayList<>();
    for (String value : raw) {
      for (String part : value.split("\\|")) {
        if (!part.isEmpty()) {
          values.add(part);
        }
      }
    }
    if (values.isEmpty() && !name.startsWith("EXISTS_")) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.empty", name);
    }
    return List.copyOf(new LinkedHashSet<>(values));
  }

  /**
   * An {@code EXISTS_} parameter the OpenAPI types boolean: present without a value or {@code
   * true}, the condition holds; {@code false}, the parameter is as if omitted (no condition); any
   * other value is a QueryParameterException.
   */
  private static boolean flag(String name, List<String> values) {
    if (values.isEmpty()) {
      return true;
    }
    String value = single(name, values);
    if (!value.equals("true") && !value.equals("false")) {
      throw invalid(name, value);
    }
    return value.equals("true");
  }

  private static String single(String name, List<String> values) {
    if (values.size() != 1) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.single", name);
    }
    return values.getFirst();
  }

  private static OffsetDateTime time(String name, List<String> values) {
    String text = single(name, values);
    OffsetDateTime time = IndexedValues.time(text);
    if (time == null && text.contains(" ")) {
      // An unencoded "+" of the offset arrives as a space.
      time = IndexedValues.time(text.replace(' ', '+'));
    }
    if (time == null) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.time", name, text);
    }
    return time;
  }

  /**
   * A bound on times the log indexes (event, declaration, sensor and extension field times), which
   * it indexes truncated to the microsecond ({@link org.ayni.trace.internal.EventStore#indexed}):
   * compared with a bound of whole microseconds the answer is exact, with a finer one it could not
   * be, so a bound with a digit beyond the sixth that is not 0 is a QueryParameterException.
   */
  private static OffsetDateTime microseconds(String name, List<String> values) {
    OffsetDateTime time = time(name, values);
    if (time.getNano() % 1000 != 0) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException,
          "epcis.query.time-precision",
          name,
          values.getFirst());
    }
    return time;
  }

  private static List<String> vocabulary(Cbv.Kind kind, List<String> values) {
    return values.stream()
        .map(v -> EpcisReader.vocabulary(kind, v, EpcisContext.STANDARD))
        .toList();
  }

  private static String typeOf(String name, String prefix, Cbv.Kind kind) {
    String type = name.substring(prefix.length());
    if (type.isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.unknown", name);
    }
    return EpcisReader.vocabulary(kind, type, EpcisContext.STANDARD);
  }

  private static EpcisException invalid(String name, String value) {
    return new EpcisException(
        EpcisException.Type.QueryParameterException, "epcis.query.value", name, value);
  }

  // ------------------------------------------------------------------------------- page tokens

  /**
   * The token of the page after the given last event, {@code returned} events having been returned
   * up to it (on this page and those before).
   */
  static String token(Query query, OffsetDateTime time, long seq, int returned) {
    EventFilter filter = query.filter();
    String text =
        "v3|"
            + filter.order().name()
            + "|"
            + (filter.descending() ? "d" : "a")
            + "|"
            + (filter.order() == EventFilter.Order.LOG || time == null
                ? ""
                : time.toInstant().toString())
            + "|"
            + seq
            + "|"
            + returned
            + "|"
            + query.fingerprint();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token of the page of a collection after the given last value. */
  static String valueToken(String last) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("c1|" + last).getBytes(StandardCharsets.UTF_8));
  }

  /** The last value of the page before, from a collection's page token. */
  static String valueAfter(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith("c1|") && text.length() > 3) {
        return text.substring(3);
      }
    } catch (IllegalArgumentException e) {
      // not Base64: refused below
    }
    throw new EpcisException(
        EpcisException.Type.QueryParameterException, "epcis.query.token", shortened(token));
  }

  /** Where a page token says the page starts, and how many events the pages before returned. */
  private record Position(OffsetDateTime time, long seq, int returned) {}

  private static Position cursor(
      String token, EventFilter.Order order, boolean desc, String fingerprint) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split("\\|", -1);
      // the earlier forms (v1, v2) did not name their query: a client paging still starts again
      if (parts.length != 7
          || !parts[0].equals("v3")
          || !parts[6].equals(fingerprint)
          || !parts[1].equals(order.name())
          || !parts[2].equals(desc ? "d" : "a")) {
        throw new IllegalArgumentException(text);
      }
      OffsetDateTime time =
          parts[3].isEmpty() ? null : Instant.parse(parts[3]).atOffset(ZoneOffset.UTC);
      int returned = Integer.parseInt(parts[5]);
      if (returned < 0) {
        throw new IllegalArgumentException(text);
      }
      return new Position(time, Long.parseLong(parts[4]), returned);
    } catch (RuntimeException e) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.token", shortened(token));
    }
  }

  static String shortened(String token) {
    return token.length() > 40 ? token.substring(0, 40) : token;
  }
}
