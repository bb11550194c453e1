package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.ayni.trace.TraceIds;

/**
 * What a query of the log asks for, in terms of the log's columns and index tables: every criterion
 * must hold (and), the values within one criterion are alternatives (or). Built by the EPCIS query
 * interface from its parameters.
 *
 * @param after the position after which to continue (from a page token), or null
 * @param limit the most events to return
 */
public record EventFilter(
    List<Criterion> criteria, Order order, boolean descending, Cursor after, int limit) {

  public EventFilter {
    criteria = List.copyOf(criteria);
  }

  /** How results are ordered; ties are broken by log position. */
  public enum Order {
    LOG,
    EVENT_TIME,
    RECORD_TIME
  }

  /** The last event of a page: its time in the order's column (null for LOG) and position. */
  public record Cursor(OffsetDateTime time, long seq) {}

  /** One condition on the events. */
  public sealed interface Criterion {}

  /** Columns compared with a list of values. */
  public enum Column {
    EVENT_TYPE("event_type"),
    ACTION("action"),
    BIZ_STEP("biz_step"),
    DISPOSITION("disposition"),
    READ_POINT("read_point"),
    BIZ_LOCATION("biz_location"),
    TRANSFORMATION_ID("transformation_id"),
    EVENT_ID("event_id"),
    ERROR_REASON("error_reason");

    final String sql;

    Column(String sql) {
      this.sql = sql;
    }
  }

  /** Time columns compared with a range. */
  public enum TimeColumn {
    EVENT_TIME("event_time"),
    RECORD_TIME("record_time"),
    DECLARATION_TIME("declaration_time");

    final String sql;

    TimeColumn(String sql) {
      this.sql = sql;
    }
  }

  /** The column has one of the values. */
  public record In(Column column, List<String> values) implements Criterion {}

  /** The time is at or after {@code from} (if given) and before {@code until} (if given). */
  public record Between(TimeColumn column, OffsetDateTime from, OffsetDateTime until)
      implements Criterion {}

  /** The event is at one of these positions of the log (what an EPCIS subscription reports). */
  public record Positions(List<Long> seqs) implements Criterion {

    public Positions {
      seqs = List.copyOf(seqs);
      if (seqs.isEmpty()) {
        throw new IllegalArgumentException("no positions");
      }
    }
  }

  /** The event is at this position of the log or before it. */
  public record PositionAtMost(long seq) implements Criterion {}

  /** The event is (or is not) an error declaration. */
  public record ErrorDeclared(boolean declared) implements Criterion {}

  /**
   * The event names one of the identifiers in one of the roles (epc, parent, input, output); a
   * value {@code urn:epc:idpat:…} is a pattern. GS1 trade items match however either side spelled
   * them (the values are kept canonical, as the index is).
   */
  public record Epcs(Set<String> roles, List<String> values) implements Criterion {

    public Epcs {
      roles = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(roles));
      values = canonical(values.stream().map(Epcs::exact).toList());
    }

    /** A pattern without a wildcard is the one EPC it spells (TDS: every field given). */
    private static String exact(String value) {
      return value.startsWith("urn:epc:idpat:") && !value.contains("*")
          ? "urn:epc:id:" + value.substring("urn:epc:idpat:".length())
          : value;
    }
  }

  /**
   * The event has a quantity of one of the classes in one of the roles (quantity, input, output); a
   * value {@code urn:epc:idpat:…} also matches the classes it covers.
   */
  public record Classes(Set<String> roles, List<String> values) implements Criterion {

    public Classes {
      roles = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(roles));
      values = canonical(values);
    }
  }

  /**
   * The event names one of the identifiers anywhere: as an EPC in any role (epc, parent, input,
   * output) or as a class in any (quantity, input, output). What {@code /epcs/{epc}/events} asks.
   */
  public record Named(List<String> identifiers) implements Criterion {

    public Named {
      identifiers = canonical(identifiers);
    }
  }

  /** Identifiers as the index keeps them: GS1 trade items in their canonical spelling. */
  private static List<String> canonical(List<String> identifiers) {
    return identifiers.stream().map(TraceIds::canonical).toList();
  }

  /** A source or destination (kind) of the type (a CBV word or URI) is one of the ids. */
  public record Parties(String kind, String type, List<String> ids) implements Criterion {}

  /** A business transaction of the type (a CBV word or URI) is one of the ids. */
  public record BizTransactions(String type, List<String> ids) implements Criterion {}

  /**
   * A quantity element of the event (in any of its lists) is one of the values ({@code in}) or
   * compares with the one given ({@code >}, {@code >=}, {@code <}, {@code <=}); with a unit, only
   * quantities in that unit count.
   */
  public record Quantity(String operator, List<BigDecimal> values, String uom)
      implements Criterion {

    public Quantity {
      values = List.copyOf(values);
      if (!Set.of("in", ">", ">=", "<", "<=").contains(operator)
          || values.isEmpty()
          || (!operator.equals("in") && values.size() != 1)) {
        throw new IllegalArgumentException(operator + " " + values);
      }
    }
  }

  /** The event's persistent disposition sets (kind "set") or unsets ("unset") one of these. */
  public record PersistentDispositions(String kind, List<String> dispositions)
      implements Criterion {

    public PersistentDispositions {
      if (!Set.of("set", "unset").contains(kind)) {
        throw new IllegalArgumentException(kind);
      }
      dispositions = List.copyOf(dispositions);
    }
  }

  /** The error declaration names one of the corrective events. */
  public record Corrective(List<String> eventIds) implements Criterion {}

  /** The columns of a sensor reading (see {@link SensorReading}). */
  public enum SensorColumn {
    TIME("reading_time"),
    START_TIME("start_time"),
    END_TIME("end_time"),
    META_DEVICE_ID("meta_device_id"),
    META_DATA_PROCESSING_METHOD("meta_data_processing_method"),
    META_BIZ_RULES("meta_biz_rules"),
    TYPE("type"),
    DEVICE_ID("device_id"),
    DATA_PROCESSING_METHOD("data_processing_method"),
    BIZ_RULES("biz_rules"),
    MICROORGANISM("microorganism"),
    CHEMICAL_SUBSTANCE("chemical_substance"),
    VALUE("num_value"),
    MIN_VALUE("min_value"),
    MAX_VALUE("max_value"),
    MEAN_VALUE("mean_value"),
    S_DEV("s_dev"),
    PERC_RANK("perc_rank"),
    PERC_VALUE("perc_value"),
    STRING_VALUE("string_value"),
    BOOLEAN_VALUE("boolean_value"),
    HEX_BINARY_VALUE("hex_binary_value"),
    URI_VALUE("uri_value");

    final String sql;

    SensorColumn(String sql) {
      this.sql = sql;
    }
  }

  /**
   * An extension field of the event ({@link FieldValue}: where, whether nested, its URI) is present
   * ({@code exists}), has one of the values as text, number or time ({@code in}), or has a number
   * or time that compares with the one given ({@code >}, {@code >=}, {@code <}, {@code <=}).
   */
  public record Field(
      String scope,
      boolean inner,
      String field,
      String operator,
      List<String> texts,
      List<BigDecimal> numbers,
      List<OffsetDateTime> times)
      implements Criterion {

    public Field {
      texts = List.copyOf(texts);
      numbers = List.copyOf(numbers);
      times = List.copyOf(times);
      boolean comparison = Set.of(">", ">=", "<", "<=").contains(operator);
      if (!Set.of(FieldValue.EVENT, FieldValue.ILMD, FieldValue.ERROR).contains(scope)
          || !(comparison || operator.equals("in") || operator.equals("exists"))
          || (operator.equals("in") && texts.isEmpty())
          || (comparison && numbers.size() + times.size() != 1)) {
        throw new IllegalArgumentException(scope + " " + operator);
      }
    }
  }

  /** The event has sensor elements. */
  public record SensorElements() implements Criterion {}

  /**
   * A sensor reading of the event has, in one of the columns, one of the values ({@code in}) or a
   * value that compares with the one given ({@code =}, {@code >}, {@code >=}, {@code <}, {@code
   * <=}); with a unit, only readings in that unit count.
   */
  public record Sensor(List<SensorColumn> columns, String operator, List<Object> values, String uom)
      implements Criterion {

    public Sensor {
      columns = List.copyOf(columns);
      values = List.copyOf(values);
      if (columns.isEmpty() || values.isEmpty()) {
        throw new IllegalArgumentException("a sensor criterion needs columns and values");
      }
      if (!Set.of("in", "=", ">", ">=", "<", "<=").contains(operator)
          || (!operator.equals("in") && values.size() != 1)) {
        throw new IllegalArgumentException(operator + " " + values);
      }
    }
  }
}
