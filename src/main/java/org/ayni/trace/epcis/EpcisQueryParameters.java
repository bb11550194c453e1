package org.ayni.trace.epcis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventFilter.Criterion;
import org.springframework.util.MultiValueMap;

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

  /** The parsed query: the filter (for the page asked for) and the page size. */
  record Query(EventFilter filter, int perPage) {}

  private EpcisQueryParameters() {}

  static Query parse(MultiValueMap<String, String> parameters) {
    List<Criterion> criteria = new ArrayList<>();
    EventFilter.Order order = EventFilter.Order.LOG;
    Boolean descending = null;
    int perPage = DEFAULT_PER_PAGE;
    String token = null;
    OffsetDateTime[] eventTime = new OffsetDateTime[2];
    OffsetDateTime[] recordTime = new OffsetDateTime[2];
    OffsetDateTime[] declarationTime = new OffsetDateTime[2];
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      List<String> values = values(name, parameter.getValue());
      switch (name) {
        case "eventType" -> {
          for (String type : values) {
            if (!EpcisReader.isStandard(type) && !EpcisContext.STANDARD.resolves(type)) {
              throw invalid(name, type);
            }
          }
          criteria.add(new EventFilter.In(EventFilter.Column.EVENT_TYPE, values));
        }
        case "GE_eventTime" -> eventTime[0] = time(name, values);
        case "LT_eventTime" -> eventTime[1] = time(name, values);
        case "GE_recordTime" -> recordTime[0] = time(name, values);
        case "LT_recordTime" -> recordTime[1] = time(name, values);
        case "GE_errorDeclarationTime" -> declarationTime[0] = time(name, values);
        case "LT_errorDeclarationTime" -> declarationTime[1] = time(name, values);
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
        case "EQ_readPoint" ->
            criteria.add(new EventFilter.In(EventFilter.Column.READ_POINT, values));
        case "EQ_bizLocation" ->
            criteria.add(new EventFilter.In(EventFilter.Column.BIZ_LOCATION, values));
        case "EQ_transformationID" ->
            criteria.add(new EventFilter.In(EventFilter.Column.TRANSFORMATION_ID, values));
        case "EQ_eventID" -> criteria.add(new EventFilter.In(EventFilter.Column.EVENT_ID, values));
        case "EQ_errorReason" ->
            criteria.add(
                new EventFilter.In(
                    EventFilter.Column.ERROR_REASON, vocabulary(Cbv.Kind.ERROR_REASON, values)));
        case "EQ_correctiveEventID" -> criteria.add(new EventFilter.Corrective(values));
        case "EXISTS_errorDeclaration" -> criteria.add(new EventFilter.ErrorDeclared(true));
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
          if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new EpcisException(
                EpcisException.Type.QueryParameterException,
                "epcis.query.per-page",
                1,
                MAX_PER_PAGE);
          }
        }
        case "nextPageToken" -> token = single(name, values);
        default -> {
          if (name.startsWith("EQ_bizTransaction_")) {
            String type = typeOf(name, "EQ_bizTransaction_", Cbv.Kind.BIZ_TRANSACTION_TYPE);
            criteria.add(new EventFilter.BizTransactions(type, values));
          } else if (name.startsWith("EQ_source_")) {
            String type = typeOf(name, "EQ_source_", Cbv.Kind.SOURCE_DESTINATION_TYPE);
            criteria.add(new EventFilter.Parties("source", type, values));
          } else if (name.startsWith("EQ_destination_")) {
            String type = typeOf(name, "EQ_destination_", Cbv.Kind.SOURCE_DESTINATION_TYPE);
            criteria.add(new EventFilter.Parties("destination", type, values));
          } else {
            throw new EpcisException(
                EpcisException.Type.QueryParameterException, "epcis.query.unknown", name);
          }
        }
      }
    }
    range(criteria, EventFilter.TimeColumn.EVENT_TIME, eventTime);
    range(criteria, EventFilter.TimeColumn.RECORD_TIME, recordTime);
    range(criteria, EventFilter.TimeColumn.DECLARATION_TIME, declarationTime);
    // The standard's default direction is descending; the log's own order is ascending.
    boolean desc = descending != null ? descending : order != EventFilter.Order.LOG;
    EventFilter.Cursor after = token == null ? null : cursor(token, order, desc);
    return new Query(new EventFilter(criteria, order, desc, after, perPage + 1), perPage);
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
    if (values.isEmpty() && !name.equals("EXISTS_errorDeclaration")) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.empty", name);
    }
    return List.copyOf(new LinkedHashSet<>(values));
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
    OffsetDateTime time = EpcisReader.time(text);
    if (time == null && text.contains(" ")) {
      // An unencoded "+" of the offset arrives as a space.
      time = EpcisReader.time(text.replace(' ', '+'));
    }
    if (time == null) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException, "epcis.query.time", name, text);
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

  /** The token of the page after the given last event. */
  static String token(EventFilter filter, OffsetDateTime time, long seq) {
    String text =
        "v1|"
            + filter.order().name()
            + "|"
            + (filter.descending() ? "d" : "a")
            + "|"
            + (filter.order() == EventFilter.Order.LOG || time == null
                ? ""
                : time.toInstant().toString())
            + "|"
            + seq;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static EventFilter.Cursor cursor(String token, EventFilter.Order order, boolean desc) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split("\\|", -1);
      if (parts.length != 5
          || !parts[0].equals("v1")
          || !parts[1].equals(order.name())
          || !parts[2].equals(desc ? "d" : "a")) {
        throw new IllegalArgumentException(text);
      }
      OffsetDateTime time =
          parts[3].isEmpty() ? null : Instant.parse(parts[3]).atOffset(ZoneOffset.UTC);
      return new EventFilter.Cursor(time, Long.parseLong(parts[4]));
    } catch (RuntimeException e) {
      throw new EpcisException(
          EpcisException.Type.QueryParameterException,
          "epcis.query.token",
          token.length() > 40 ? token.substring(0, 40) : token);
    }
  }
}
