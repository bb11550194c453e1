package org.ayni.trace.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceIds;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event log's tables: the events with their query columns and the index tables. Rows are only
 * inserted, in JDBC batches (one statement per table and append), never updated or deleted.
 */
@Component
public class EventStore {

  /** The five standard event types: what {@link org.ayni.trace.EventLog} reads back. */
  static final List<String> STANDARD_TYPES =
      java.util.Arrays.stream(TraceEvent.EventType.values()).map(Enum::name).toList();

  private static final int IN_CHUNK = 500;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionSettings settings;
  private final LogHorizon horizon;

  /** A transaction of its own, to make an organisation's row of {@code event_id_lock}. */
  private final TransactionTemplate ownTransaction;

  EventStore(
      JdbcClient jdbc,
      JdbcTemplate template,
      TransactionSettings settings,
      LogHorizon horizon,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.template = template;
    this.settings = settings;
    this.horizon = horizon;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** A stored event as queries read it. */
  public record Row(
      long seq,
      OrganisationId organisationId,
      String eventType,
      String eventId,
      boolean errorDeclared,
      OffsetDateTime eventTime,
      OffsetDateTime recordTime,
      UUID captureId,
      String body) {}

  /** Log positions for {@code count} new events, increasing. */
  List<Long> allocate(int count) {
    if (count == 0) {
      return List.of();
    }
    List<Long> seqs =
        jdbc.sql("select nextval('epcis_event_seq') from generate_series(1, ?)")
            .param(count)
            .query(Long.class)
            .list();
    List<Long> sorted = new ArrayList<>(seqs);
    sorted.sort(null);
    horizon.allocated(sorted.getLast());
    return sorted;
  }

  /**
   * Locks the organisation's eventIDs until the end of the transaction, before an append reads
   * which are stored: shared by appends of events (on PostgreSQL; H2 knows only the exclusive
   * lock), alone by one that declares an event erroneous. So an event and its declaration sent at
   * once are taken one after the other, and the second sees the first: the declaration undoes the
   * event, or the event is undone as one declared first (QA of 2026-12-07m, F2: side by side,
   * neither saw the other, and the declaration undid nothing). The organisation's row is made on
   * its first append, in a transaction of its own, committed at once, so that the appends of that
   * moment find it to wait on (made in the append's transaction, no other could see it until the
   * append committed).
   */
  void lockEventIds(OrganisationId organisation, boolean declares) {
    String mode = declares || !settings.postgres() ? "update" : "share";
    String lock = "select organisation_id from event_id_lock where organisation_id = ? for " + mode;
    for (int attempt = 1;
        jdbc.sql(lock).param(organisation.value()).query(UUID.class).list().isEmpty();
        attempt++) {
      if (attempt > 300) {
        throw new IllegalStateException("no row of event_id_lock for " + organisation.value());
      }
      // made, or being made and committed by the append that came first (a moment, on H2)
      ownTransaction.executeWithoutResult(
          s ->
              jdbc.sql(
                      "insert into event_id_lock (organisation_id) values (?)"
                          + " on conflict do nothing")
                  .param(organisation.value())
                  .update());
      if (attempt > 1) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Which of the eventIDs the organisation stored already (as plain events or declarations), with
   * their bodies. The look-up goes by eventID alone, through its index, and keeps the
   * organisation's rows here. On PostgreSQL this one query is planned afresh each time with the
   * index imposed (in the capture's transaction): the driver prepares it on the server after a few
   * uses, and the generic plan PostgreSQL then keeps, made while the log was small (a sequential
   * scan), made every capture into a young, fast-growing log slower than the one before.
   */
  Map<LogEntry.Key, String> existing(OrganisationId organisation, Collection<String> eventIds) {
    settings.set("plan_cache_mode", "force_custom_plan", "enable_seqscan", "off");
    try {
      return existingById(organisation, eventIds);
    } finally {
      settings.set("enable_seqscan", "on", "plan_cache_mode", "auto");
    }
  }

  private Map<LogEntry.Key, String> existingById(
      OrganisationId organisation, Collection<String> eventIds) {
    Map<LogEntry.Key, String> found = new HashMap<>();
    List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(eventIds));
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
      jdbc.sql(
              "select organisation_id, event_id, error_declared, body from epcis_event"
                  + " where event_id in (:ids)")
          .param("ids", chunk)
          .query(
              rs -> {
                if (organisation.value().equals(rs.getObject(1, UUID.class))) {
                  found.put(new LogEntry.Key(rs.getString(2), rs.getBoolean(3)), rs.getString(4));
                }
              });
    }
    return found;
  }

  /** Inserts the events at the given positions, with their index rows. */
  void insert(
      OrganisationId organisation,
      UUID captureId,
      OffsetDateTime recordTime,
      List<LogEntry> entries,
      List<Long> seqs) {
    template.batchUpdate(
        """
        insert into epcis_event (seq, organisation_id, event_id, error_declared, event_type, action,
            event_time, event_time_zone_offset, record_time, biz_step, disposition, read_point,
            biz_location, transformation_id, parent_id, declaration_time, error_reason, capture_id,
            body)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            LogEntry entry = entries.get(i);
            TraceEvent e = entry.event();
            TraceEvent.ErrorDeclaration error = entry.errorDeclaration();
            ps.setLong(1, seqs.get(i));
            ps.setObject(2, organisation.value());
            ps.setString(3, entry.eventId());
            ps.setBoolean(4, error != null);
            ps.setString(5, entry.eventType());
            ps.setString(6, e == null || e.action() == null ? null : e.action().name());
            ps.setObject(7, indexed(entry.eventTime()));
            ps.setString(8, entry.eventTimeZoneOffset());
            ps.setObject(9, recordTime);
            ps.setString(10, e == null ? null : e.bizStep());
            ps.setString(11, e == null ? null : e.disposition());
            ps.setString(12, e == null ? null : e.readPoint());
            ps.setString(13, e == null ? null : e.bizLocation());
            ps.setString(14, e == null ? null : e.transformationId());
            ps.setString(15, e == null ? null : e.parentId());
            time(ps, 16, error == null ? null : indexed(error.declarationTime()));
            ps.setString(17, error == null ? null : error.reason());
            uuid(ps, 18, captureId);
            ps.setString(19, entry.body());
          }

          @Override
          public int getBatchSize() {
            return entries.size();
          }
        });
    List<Object[]> epcs = new ArrayList<>();
    List<Object[]> quantities = new ArrayList<>();
    List<Object[]> parties = new ArrayList<>();
    List<Object[]> transactions = new ArrayList<>();
    List<Object[]> corrective = new ArrayList<>();
    List<Object[]> persistent = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      long seq = seqs.get(i);
      LogEntry entry = entries.get(i);
      if (entry.errorDeclaration() != null) {
        for (String id : entry.errorDeclaration().correctiveEventIds()) {
          corrective.add(new Object[] {seq, id});
        }
      }
      TraceEvent e = entry.event();
      if (e == null) {
        continue;
      }
      e.epcs().forEach(epc -> epcs.add(new Object[] {seq, "epc", epc}));
      if (e.parentId() != null) {
        epcs.add(new Object[] {seq, "parent", e.parentId()});
      }
      e.inputEpcs().forEach(epc -> epcs.add(new Object[] {seq, "input", epc}));
      e.outputEpcs().forEach(epc -> epcs.add(new Object[] {seq, "output", epc}));
      e.quantities().forEach(q -> quantities.add(quantity(seq, "quantity", q)));
      e.inputQuantities().forEach(q -> quantities.add(quantity(seq, "input", q)));
      e.outputQuantities().forEach(q -> quantities.add(quantity(seq, "output", q)));
      e.sources().forEach(p -> parties.add(new Object[] {seq, "source", p.type(), p.id()}));
      e.destinations()
          .forEach(p -> parties.add(new Object[] {seq, "destination", p.type(), p.id()}));
      e.bizTransactions().forEach(t -> transactions.add(new Object[] {seq, t.type(), t.id()}));
      persistent.addAll(dispositionRows(seq, e.persistentDisposition()));
    }
    batch(template, "insert into epcis_event_epc (seq, role, epc) values (?, ?, ?)", epcs);
    batch(
        template,
        "insert into epcis_event_quantity (seq, role, epc_class, quantity, uom)"
            + " values (?, ?, ?, ?, ?)",
        quantities,
        Map.of(3, Types.NUMERIC));
    batch(
        template,
        "insert into epcis_event_party (seq, kind, party_type, party_id) values (?, ?, ?, ?)",
        parties);
    batch(
        template,
        "insert into epcis_event_biz_transaction (seq, biz_type, biz_transaction)"
            + " values (?, ?, ?)",
        transactions);
    batch(
        template,
        "insert into epcis_event_corrective (seq, corrective_event_id) values (?, ?)",
        corrective);
    batch(template, PERSISTENT_DISPOSITION_INSERT, persistent);
    insertSensors(template, seqs, entries.stream().map(LogEntry::sensors).toList());
    insertFields(template, seqs, entries.stream().map(LogEntry::fields).toList());
  }

  private static final String PERSISTENT_DISPOSITION_INSERT =
      "insert into epcis_event_persistent_disposition (seq, kind, disposition) values (?, ?, ?)";

  private static List<Object[]> dispositionRows(
      long seq, TraceEvent.PersistentDisposition disposition) {
    List<Object[]> rows = new ArrayList<>();
    disposition.set().forEach(d -> rows.add(new Object[] {seq, "set", d}));
    disposition.unset().forEach(d -> rows.add(new Object[] {seq, "unset", d}));
    return rows;
  }

  /**
   * Writes index rows of an event stored before its index existed (migrations V18 and V20, through
   * the migration's template): its persistent dispositions, sensor readings and extension field
   * values, each list possibly empty. The caller knows the event has none of these rows yet.
   */
  public static void reindex(
      JdbcTemplate template,
      long seq,
      TraceEvent.PersistentDisposition disposition,
      List<SensorReading> sensors,
      List<FieldValue> fields) {
    batch(template, PERSISTENT_DISPOSITION_INSERT, dispositionRows(seq, disposition));
    insertSensors(template, List.of(seq), List.of(sensors));
    insertFields(template, List.of(seq), List.of(fields));
  }

  /** Binds one index row of the event at {@code seq}. */
  @FunctionalInterface
  private interface RowBinder<T> {
    void bind(PreparedStatement ps, long seq, T row) throws SQLException;
  }

  /** The rows of each event (by position in {@code seqs}) in one batch. */
  private static <T> void insertRows(
      JdbcTemplate template,
      String sql,
      List<Long> seqs,
      List<List<T>> perEvent,
      RowBinder<T> binder) {
    List<Long> at = new ArrayList<>();
    List<T> rows = new ArrayList<>();
    for (int i = 0; i < perEvent.size(); i++) {
      for (T row : perEvent.get(i)) {
        at.add(seqs.get(i));
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    template.batchUpdate(
        sql,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            binder.bind(ps, at.get(i), rows.get(i));
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        });
  }

  private static void insertFields(
      JdbcTemplate template, List<Long> seqs, List<List<FieldValue>> perEvent) {
    insertRows(
        template,
        "insert into epcis_event_field (seq, scope, nested, field, text_value, num_value,"
            + " time_value, time_finer) values (?, ?, ?, ?, ?, ?, ?, ?)",
        seqs,
        perEvent,
        (ps, seq, v) -> {
          ps.setLong(1, seq);
          ps.setString(2, v.scope());
          ps.setBoolean(3, v.inner());
          ps.setString(4, v.field());
          ps.setString(5, v.text());
          ps.setObject(6, v.number(), Types.NUMERIC);
          time(ps, 7, indexed(v.time()));
          ps.setBoolean(8, v.time() != null && v.time().getNano() % 1000 != 0);
        });
  }

  private static void insertSensors(
      JdbcTemplate template, List<Long> seqs, List<List<SensorReading>> perEvent) {
    insertRows(
        template,
        """
        insert into epcis_event_sensor (seq, element, reading_time, start_time, end_time,
            meta_device_id, meta_data_processing_method, meta_biz_rules, type, device_id,
            data_processing_method, biz_rules, microorganism, chemical_substance, uom, num_value,
            min_value, max_value, mean_value, s_dev, perc_rank, perc_value, string_value,
            boolean_value, hex_binary_value, uri_value)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        seqs,
        perEvent,
        (ps, seq, r) -> {
          ps.setLong(1, seq);
          ps.setInt(2, r.element());
          time(ps, 3, r.time());
          time(ps, 4, r.startTime());
          time(ps, 5, r.endTime());
          ps.setString(6, r.metaDeviceId());
          ps.setString(7, r.metaDataProcessingMethod());
          ps.setString(8, r.metaBizRules());
          ps.setString(9, r.type());
          ps.setString(10, r.deviceId());
          ps.setString(11, r.dataProcessingMethod());
          ps.setString(12, r.bizRules());
          ps.setString(13, r.microorganism());
          ps.setString(14, r.chemicalSubstance());
          ps.setString(15, r.uom());
          ps.setObject(16, r.value(), Types.NUMERIC);
          ps.setObject(17, r.minValue(), Types.NUMERIC);
          ps.setObject(18, r.maxValue(), Types.NUMERIC);
          ps.setObject(19, r.meanValue(), Types.NUMERIC);
          ps.setObject(20, r.sDev(), Types.NUMERIC);
          ps.setObject(21, r.percRank(), Types.NUMERIC);
          ps.setObject(22, r.percValue(), Types.NUMERIC);
          ps.setString(23, r.stringValue());
          ps.setObject(24, r.booleanValue(), Types.BOOLEAN);
          ps.setString(25, r.hexBinaryValue());
          ps.setString(26, r.uriValue());
        });
  }

  private static Object[] quantity(long seq, String role, TraceEvent.QuantityElement q) {
    return new Object[] {seq, role, q.epcClass(), q.quantity(), q.uom()};
  }

  /** Inserts the rows in one batch: the first column is the event's position, the others text. */
  private static void batch(JdbcTemplate template, String sql, List<Object[]> rows) {
    batch(template, sql, rows, Map.of());
  }

  /**
   * Inserts the rows in one batch: the first column is the event's position, the others text,
   * except those whose SQL type is given by index (a quantity's number, which may be missing).
   */
  private static void batch(
      JdbcTemplate template, String sql, List<Object[]> rows, Map<Integer, Integer> types) {
    if (rows.isEmpty()) {
      return;
    }
    template.batchUpdate(
        sql,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            Object[] row = rows.get(i);
            ps.setLong(1, (Long) row[0]);
            for (int c = 1; c < row.length; c++) {
              ps.setObject(c + 1, row[c], types.getOrDefault(c, Types.VARCHAR));
            }
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        });
  }

  /**
   * An event or declaration time as the log's time columns keep it: truncated to the microsecond,
   * their precision, as a database would otherwise round it (an event at 23:59:59.9999997 stays
   * before midnight). Compared with bounds of whole microseconds, as queries give them, the answer
   * is that of the full time; the body keeps every digit.
   */
  public static OffsetDateTime indexed(OffsetDateTime time) {
    return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
  }

  private static void time(PreparedStatement ps, int index, OffsetDateTime value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, value);
    }
  }

  private static void uuid(PreparedStatement ps, int index, UUID value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.OTHER);
    } else {
      ps.setObject(index, value);
    }
  }

  // ---------------------------------------------------------------------------------- reading

  /** The columns of a {@link Row} (also those of the benchmark's baseline query). */
  public static final String COLUMNS =
      "e.seq, e.organisation_id, e.event_type, e.event_id, e.error_declared, e.event_time,"
          + " e.record_time, e.capture_id, e.body";

  /** A {@link Row} of the {@link #COLUMNS}. */
  public static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getLong("seq"),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("event_type"),
        rs.getString("event_id"),
        rs.getBoolean("error_declared"),
        rs.getObject("event_time", OffsetDateTime.class),
        rs.getObject("record_time", OffsetDateTime.class),
        rs.getObject("capture_id", UUID.class),
        rs.getString("body"));
  }

  /**
   * The events an organisation may read in the EPCIS interface besides its own: a shipment to it
   * and the shipper's declarations of that shipment, which the lot projection shares with it
   * ({@code epcis_event_share}).
   */
  private static final String SHARED = shared(":scope");

  /**
   * Up to how many organisations a reader's shared events in time order are read a page per
   * organisation (a branch of the union each); a reader of more reads all its shared events that
   * meet the conditions and sorts them.
   */
  private static final int SHARE_BRANCHES = 32;

  private static String shared(String scope) {
    return "e.seq in (select sh.seq from epcis_event_share sh where sh.organisation_id in ("
        + scope
        + "))";
  }

  /** The reader's own events only (the log's own reads, which must not act on another's). */
  private static String own(OrganisationScope scope, Map<String, Object> params) {
    if (scope.all()) {
      return "";
    }
    params.put("scope", scope.uuids());
    return " and e.organisation_id in (:scope)";
  }

  /**
   * The events a reader may see: its own and those shared with it ({@link #SHARED}, looked for only
   * when the reader has any, so that a reader without keeps the plan of its own events).
   */
  private String visible(OrganisationScope scope, Map<String, Object> params) {
    String own = own(scope, params);
    return sharing(scope) ? " and (e.organisation_id in (:scope) or " + SHARED + ")" : own;
  }

  /** Whether any event is shared with the reader. */
  private boolean sharing(OrganisationScope scope) {
    return !scope.all()
        && jdbc.sql("select 1 from epcis_event_share where organisation_id in (:scope) limit 1")
            .param("scope", scope.uuids())
            .query(Integer.class)
            .optional()
            .isPresent();
  }

  /**
   * A select of the columns of the events a reader may see that meet the conditions, each branch
   * followed by its {@code tail} (a cursor's condition, order and limit, on the columns of the
   * alias given) and the whole by {@code outer}. Events shared with the reader are a second branch
   * of a union: an {@code or} would keep PostgreSQL from reading the reader's events in log order
   * from its index. In time order ({@code shareTime}, {@code event_time} or {@code record_time})
   * the events shared with each of the reader's organisations are read from the share's own times
   * and their index (V39), a page at a time, in a branch per organisation (up to {@link
   * #SHARE_BRANCHES}); otherwise all that meet the conditions are. In time order the union has the
   * reader's organisations and the page's limit in its text: PostgreSQL's generic plan of a
   * prepared union, made for any organisation and limit, expected to stop early and read a small
   * reader's own events in time order by walking every organisation's ({@code ix_epcis_event_time};
   * 18 ms against 2 for the benchmark's factory). Other queries keep the prepared statement: for a
   * co-operative's {@code EQ_bizStep=shipping} in log order the plan made for its organisation and
   * limit took 488 ms against 54 (parallel workers and JIT compilation at each call). (H2 2.5
   * reused a branch's earlier result when only its limit changed: its URLs turn that reuse off,
   * {@code OPTIMIZE_REUSE_RESULTS=FALSE}.)
   */
  private String select(
      OrganisationScope scope,
      String columns,
      CharSequence conditions,
      Function<String, String> tail,
      String outer,
      String shareTime,
      boolean shares,
      Map<String, Object> params) {
    if (!shares) {
      return "select "
          + columns
          + " from epcis_event e where 1 = 1"
          + own(scope, params)
          + conditions
          + tail.apply("e");
    }
    // in time order the reader's organisations are written into the union (UUIDs the server
    // holds: nothing of the request's text), as is the page's limit (query)
    List<String> organisations = scope.uuids().stream().map(id -> "'" + id + "'").sorted().toList();
    String in;
    if (shareTime != null) {
      in = String.join(", ", organisations);
    } else {
      in = ":scope";
      params.put("scope", scope.uuids());
    }
    String own =
        "select "
            + columns
            + " from epcis_event e where e.organisation_id in ("
            + in
            + ")"
            + conditions
            + tail.apply("e");
    StringBuilder union = new StringBuilder("select * from ((").append(own).append(')');
    if (shareTime != null && organisations.size() <= SHARE_BRANCHES) {
      // a branch per organisation of the reader, each a page of its shares from their index
      for (int i = 0; i < organisations.size(); i++) {
        union
            .append(" union all (select ")
            .append(columns)
            .append(" from epcis_event_share sh join epcis_event e on e.seq = sh.seq")
            .append(" where sh.organisation_id = ")
            .append(organisations.get(i))
            .append(" and e.organisation_id not in (")
            .append(in)
            .append(')');
        if (i > 0) {
          // an event shared with two of them comes once, in the first one's branch
          union
              .append(" and not exists (select 1 from epcis_event_share d where d.seq = sh.seq")
              .append(" and d.organisation_id in (")
              .append(String.join(", ", organisations.subList(0, i)))
              .append("))");
        }
        union.append(conditions).append(tail.apply("sh")).append(')');
      }
    } else {
      union
          .append(" union all (select ")
          .append(columns)
          .append(" from epcis_event e where ")
          .append(shared(in))
          .append(" and e.organisation_id not in (")
          .append(in)
          .append(')')
          .append(conditions)
          .append(tail.apply("e"))
          .append(')');
    }
    return union.append(") e").append(outer).toString();
  }

  /** The events with the eventID the caller may see, the event before its declarations. */
  public List<Row> byEventId(OrganisationScope scope, String eventId) {
    Map<String, Object> params = new java.util.HashMap<>();
    return withEventId(eventId, visible(scope, params), params);
  }

  /** The standard events of the scope's own with the eventID, the event before its declarations. */
  List<Row> ownByEventId(OrganisationScope scope, String eventId) {
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("types", STANDARD_TYPES);
    return withEventId(eventId, " and e.event_type in (:types)" + own(scope, params), params);
  }

  private List<Row> withEventId(String eventId, String conditions, Map<String, Object> params) {
    params.put("id", eventId);
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from epcis_event e where e.event_id = :id"
                + conditions
                + " order by e.error_declared, e.seq")
        .params(params)
        .query(EventStore::row)
        .list();
  }

  /**
   * Standard events that name the identifier (EPC, class or parent): the scope's own (the log's own
   * reads, which events shared with the scope must not enter) or, {@code withShared}, also those
   * shared with it (a lot's timeline, as its EPCIS queries answer them).
   */
  List<Row> naming(OrganisationScope scope, String identifier, boolean withShared) {
    StringBuilder sql =
        new StringBuilder(
            "select "
                + COLUMNS
                + " from epcis_event e where e.event_type in (:types) and e.seq in ("
                + "select x.seq from epcis_event_epc x where x.epc = :id"
                + " union select q.seq from epcis_event_quantity q where q.epc_class = :id)");
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("types", STANDARD_TYPES);
    params.put("id", TraceIds.canonical(identifier));
    sql.append(withShared ? visible(scope, params) : own(scope, params));
    sql.append(" order by e.seq");
    return jdbc.sql(sql.toString()).params(params).query(EventStore::row).list();
  }

  /**
   * The distinct values of a column in the events the caller may see, in order, after {@code after}
   * (if given), at most {@code limit}: what {@code /epcis/bizSteps} and its kind list. A scan of
   * the caller's events: for discovery, not for every request.
   */
  public List<String> values(
      OrganisationScope scope, EventFilter.Column column, String after, int limit) {
    StringBuilder sql =
        new StringBuilder("select distinct e.")
            .append(column.sql)
            .append(" v from epcis_event e where e.")
            .append(column.sql)
            .append(" is not null");
    Map<String, Object> params = new java.util.HashMap<>();
    sql.append(visible(scope, params));
    if (after != null) {
      sql.append(" and e.").append(column.sql).append(" > :after");
      params.put("after", after);
    }
    sql.append(" order by v limit :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(String.class).list();
  }

  /**
   * The distinct identifiers (EPCs in any role and classes of quantities) the events the caller may
   * see name, in order, after {@code after} (if given), at most {@code limit}: {@code /epcis/epcs}.
   */
  public List<String> identifiers(OrganisationScope scope, String after, int limit) {
    Map<String, Object> params = new java.util.HashMap<>();
    String visible = visible(scope, params);
    StringBuilder epcs =
        new StringBuilder(
            "select x.epc v from epcis_event_epc x join epcis_event e on e.seq = x.seq"
                + " where 1 = 1"
                + visible);
    StringBuilder classes =
        new StringBuilder(
            "select q.epc_class v from epcis_event_quantity q join epcis_event e on e.seq = q.seq"
                + " where 1 = 1"
                + visible);
    if (after != null) {
      epcs.append(" and x.epc > :after");
      classes.append(" and q.epc_class > :after");
      params.put("after", after);
    }
    StringBuilder sql = new StringBuilder("select v from (" + epcs + " union " + classes + ") ids");
    sql.append(" order by v limit :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(String.class).list();
  }

  /** The events the caller may see that match the filter, in its order, at most its limit. */
  public List<Row> query(OrganisationScope scope, EventFilter filter) {
    StringBuilder conditions = new StringBuilder();
    Map<String, Object> params = new java.util.HashMap<>();
    conditions(filter, conditions, params);
    committed(filter, conditions, params);
    String time =
        switch (filter.order()) {
          case LOG -> null;
          case EVENT_TIME -> "event_time";
          case RECORD_TIME -> "record_time";
        };
    EventFilter.Cursor after = filter.after();
    if (after != null) {
      params.put("afterSeq", after.seq());
      if (time != null && after.time() != null) {
        params.put("afterTime", after.time());
      }
    }
    boolean shares = sharing(scope);
    String limit = shares && time != null ? Integer.toString(filter.limit()) : ":limit";
    params.put("limit", filter.limit());
    String sql =
        select(
            scope,
            COLUMNS,
            conditions,
            alias -> after(alias, time, filter) + order(alias, time, filter.descending(), limit),
            order("e", time, filter.descending(), limit),
            time,
            shares,
            params);
    return jdbc.sql(sql).params(params).query(EventStore::row).list();
  }

  /** The condition of a page after the filter's cursor, on the columns of the alias; or none. */
  private static String after(String alias, String time, EventFilter filter) {
    EventFilter.Cursor after = filter.after();
    if (after == null) {
      return "";
    }
    String comparison = filter.descending() ? " < " : " > ";
    String seq = alias + ".seq" + comparison + ":afterSeq";
    if (time == null || after.time() == null) {
      return " and " + seq;
    }
    String column = alias + "." + time;
    return " and ("
        + column
        + comparison
        + ":afterTime or ("
        + column
        + " = :afterTime and "
        + seq
        + "))";
  }

  /** The order (by the time column, if any, then by position) and limit of a page. */
  private static String order(String alias, String time, boolean descending, String limit) {
    String direction = descending ? " desc" : "";
    return " order by "
        + (time == null ? "" : alias + "." + time + direction + ", ")
        + alias
        + ".seq"
        + direction
        + " limit "
        + limit;
  }

  /**
   * How many events the caller may see match the filter's criteria (its order, position and limit
   * aside), counted up to {@code cap}.
   */
  public int count(OrganisationScope scope, EventFilter filter, int cap) {
    StringBuilder conditions = new StringBuilder();
    Map<String, Object> params = new java.util.HashMap<>();
    conditions(filter, conditions, params);
    committed(filter, conditions, params);
    // The cap is written into the text: H2 2.5 counted a union whose branches were limited by a
    // parameter wrongly (22 rows of 19 with a cap of 25, for a reader of two organisations with
    // shares), and answered the rows themselves right.
    String limit = " limit " + cap;
    String matching =
        select(scope, "e.seq", conditions, alias -> limit, limit, null, sharing(scope), params);
    return jdbc.sql("select count(*) from (" + matching + ") matching")
        .params(params)
        .query(Integer.class)
        .single();
  }

  /**
   * While appends run, only the events no running append can come before ({@link LogHorizon}); a
   * query of given positions (a subscription's, from the feed of committed appends) reads them all.
   */
  private void committed(EventFilter filter, StringBuilder sql, Map<String, Object> params) {
    OptionalLong most = horizon.horizon();
    if (most.isPresent()
        && filter.criteria().stream().noneMatch(c -> c instanceof EventFilter.Positions)) {
      sql.append(" and e.seq <= :horizon");
      params.put("horizon", most.getAsLong());
    }
  }

  /** Appends the filter's criteria to a query of the log ({@code and …} each). */
  private static void conditions(
      EventFilter filter, StringBuilder sql, Map<String, Object> params) {
    int n = 0;
    for (EventFilter.Criterion criterion : filter.criteria()) {
      String p = "p" + n++;
      switch (criterion) {
        case EventFilter.In in -> {
          sql.append(" and e.").append(in.column().sql).append(" in (:").append(p).append(")");
          params.put(p, in.values());
        }
        case EventFilter.Between between -> {
          String column = "e." + between.column().sql;
          if (between.from() != null) {
            sql.append(" and ").append(column).append(" >= :").append(p).append("from");
            params.put(p + "from", between.from());
          }
          if (between.until() != null) {
            sql.append(" and ").append(column).append(" < :").append(p).append("until");
            params.put(p + "until", between.until());
          }
        }
        case EventFilter.Positions positions -> {
          sql.append(" and e.seq in (:").append(p).append(")");
          params.put(p, positions.seqs());
        }
        case EventFilter.PositionAtMost most -> {
          sql.append(" and e.seq <= :").append(p);
          params.put(p, most.seq());
        }
        case EventFilter.ErrorDeclared declared ->
            sql.append(" and e.error_declared = ").append(declared.declared() ? "true" : "false");
        case EventFilter.Epcs epcs -> {
          sql.append(" and e.seq in (select x.seq from epcis_event_epc x where x.role in (:")
              .append(p)
              .append("roles) and (");
          params.put(p + "roles", epcs.roles());
          matchValues(sql, params, p, "x.epc", epcs.values(), false);
          sql.append("))");
        }
        case EventFilter.Classes classes -> {
          sql.append(" and e.seq in (select q.seq from epcis_event_quantity q where q.role in (:")
              .append(p)
              .append("roles) and (");
          params.put(p + "roles", classes.roles());
          matchValues(sql, params, p, "q.epc_class", classes.values(), true);
          sql.append("))");
        }
        case EventFilter.Named named -> {
          sql.append(" and e.seq in (select x.seq from epcis_event_epc x where x.epc in (:")
              .append(p)
              .append(") union select q.seq from epcis_event_quantity q where q.epc_class in (:")
              .append(p)
              .append("))");
          params.put(p, named.identifiers());
        }
        case EventFilter.Parties parties -> {
          sql.append(" and e.seq in (select pt.seq from epcis_event_party pt where pt.kind = :")
              .append(p)
              .append("kind and pt.party_type = :")
              .append(p)
              .append("type and pt.party_id in (:")
              .append(p)
              .append("ids))");
          params.put(p + "kind", parties.kind());
          params.put(p + "type", parties.type());
          params.put(p + "ids", parties.ids());
        }
        case EventFilter.BizTransactions transactions -> {
          sql.append(
                  " and e.seq in (select bt.seq from epcis_event_biz_transaction bt where"
                      + " bt.biz_transaction in (:")
              .append(p)
              .append("ids)");
          params.put(p + "ids", transactions.ids());
          if (transactions.type() != null) {
            sql.append(" and bt.biz_type = :").append(p).append("type");
            params.put(p + "type", transactions.type());
          }
          sql.append(")");
        }
        case EventFilter.PersistentDispositions persistent -> {
          sql.append(
                  " and e.seq in (select pd.seq from epcis_event_persistent_disposition pd where"
                      + " pd.kind = :")
              .append(p)
              .append("kind and pd.disposition in (:")
              .append(p)
              .append("))");
          params.put(p + "kind", persistent.kind());
          params.put(p, persistent.dispositions());
        }
        case EventFilter.Corrective corrective -> {
          sql.append(
                  " and e.seq in (select c.seq from epcis_event_corrective c where"
                      + " c.corrective_event_id in (:")
              .append(p)
              .append("))");
          params.put(p, corrective.eventIds());
        }
        case EventFilter.Field field -> {
          sql.append(" and e.seq in (select f.seq from epcis_event_field f where f.field = :")
              .append(p)
              .append("field and f.scope = :")
              .append(p)
              .append("scope and f.nested = ")
              .append(field.inner() ? "true" : "false");
          params.put(p + "field", field.field());
          params.put(p + "scope", field.scope());
          switch (field.operator()) {
            case "exists" -> {}
            case "in" -> {
              sql.append(" and (f.text_value in (:").append(p).append(")");
              params.put(p, field.texts());
              if (!field.numbers().isEmpty()) {
                sql.append(" or f.num_value in (:").append(p).append("num)");
                params.put(p + "num", field.numbers());
              }
              if (!field.times().isEmpty()) {
                // an indexed time that had finer digits is not the instant of its index
                sql.append(" or (f.time_value in (:")
                    .append(p)
                    .append("time) and not f.time_finer)");
                params.put(p + "time", field.times());
              }
              sql.append(")");
            }
            default -> {
              // a comparison of numbers or of times, the operator checked by the record
              boolean number = !field.numbers().isEmpty();
              params.put(p, number ? field.numbers().getFirst() : field.times().getFirst());
              if (!number && (field.operator().equals(">") || field.operator().equals("<="))) {
                // times are indexed truncated to the microsecond and bounds are whole ones: one
                // indexed at the bound is after it when it had finer digits (time_finer)
                String finer = field.operator().equals(">") ? "" : "not ";
                sql.append(" and (f.time_value ")
                    .append(field.operator().equals(">") ? ">" : "<")
                    .append(" :")
                    .append(p)
                    .append(" or (f.time_value = :")
                    .append(p)
                    .append(" and ")
                    .append(finer)
                    .append("f.time_finer))");
              } else {
                sql.append(number ? " and f.num_value " : " and f.time_value ")
                    .append(field.operator())
                    .append(" :")
                    .append(p);
              }
            }
          }
          sql.append(")");
        }
        case EventFilter.SensorElements elements ->
            sql.append(" and e.seq in (select s.seq from epcis_event_sensor s)");
        case EventFilter.Sensor sensor -> {
          // columns and operator are the filter's own (enum and checked), values are parameters
          sql.append(" and e.seq in (select s.seq from epcis_event_sensor s where (");
          for (int c = 0; c < sensor.columns().size(); c++) {
            sql.append(c == 0 ? "" : " or ").append("s.").append(sensor.columns().get(c).sql);
            if (sensor.operator().equals("in")) {
              sql.append(" in (:").append(p).append(")");
              params.put(p, sensor.values());
            } else {
              sql.append(' ').append(sensor.operator()).append(" :").append(p);
              params.put(p, sensor.values().getFirst());
            }
          }
          sql.append(")");
          if (sensor.uom() != null) {
            sql.append(" and s.uom = :").append(p).append("uom");
            params.put(p + "uom", sensor.uom());
          }
          sql.append(")");
        }
        case EventFilter.Quantity quantity -> {
          // the operator is one of five, checked by the record
          sql.append(
              " and e.seq in (select qv.seq from epcis_event_quantity qv where qv.quantity ");
          if (quantity.operator().equals("in")) {
            sql.append("in (:").append(p).append(")");
            params.put(p, quantity.values());
          } else {
            sql.append(quantity.operator()).append(" :").append(p);
            params.put(p, quantity.values().getFirst());
          }
          if (quantity.uom() != null) {
            sql.append(" and qv.uom = :").append(p).append("uom");
            params.put(p + "uom", quantity.uom());
          }
          sql.append(")");
        }
      }
    }
  }

  /**
   * Appends {@code (column in (…) or column like … )}: exact values, and for EPC patterns ({@code
   * urn:epc:idpat:scheme:…*}) the identifiers they cover; for classes also the LGTIN classes an
   * SGTIN pattern covers.
   */
  private static void matchValues(
      StringBuilder sql,
      Map<String, Object> params,
      String p,
      String column,
      List<String> values,
      boolean classes) {
    sql.append(column).append(" in (:").append(p).append("values)");
    params.put(p + "values", values);
    int k = 0;
    for (String value : values) {
      for (String like : likePatterns(value, classes)) {
        String name = p + "like" + k++;
        sql.append(" or ").append(column).append(" like :").append(name);
        params.put(name, like);
      }
    }
  }

  private static final String IDPAT = "urn:epc:idpat:";

  /** SQL LIKE patterns for an EPC pattern URI; none for a plain identifier. */
  static List<String> likePatterns(String value, boolean classes) {
    if (!value.startsWith(IDPAT) || !value.contains("*")) {
      return List.of();
    }
    String rest = value.substring(IDPAT.length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String scheme = rest.substring(0, colon);
    String parts = likeBody(rest.substring(colon + 1));
    if (!scheme.equals("sgtin")) {
      return classes ? List.of() : List.of("urn:epc:id:" + scheme + ":" + parts);
    }
    // trade items are indexed as canonical Digital Links (TraceIds.canonical); the URNs kept as
    // sent are those with no valid GTIN
    String gtin = gtinLike(rest.substring(colon + 1));
    if (classes) {
      return gtin == null
          ? List.of("urn:epc:class:lgtin:" + parts)
          : List.of("urn:epc:class:lgtin:" + parts, gtin + "/10/%", gtin);
    }
    return gtin == null
        ? List.of("urn:epc:id:sgtin:" + parts)
        : List.of("urn:epc:id:sgtin:" + parts, gtin + "/21/%");
  }

  /**
   * The canonical Digital Links of the GTINs an SGTIN pattern's {@code companyPrefix.itemReference}
   * covers, as a LIKE pattern: one GTIN, those of a company prefix (GS1 allocates prefixes so that
   * none begins another, so its position in the GTIN is enough), or any; null for no valid GTIN.
   */
  private static String gtinLike(String pattern) {
    String[] p = pattern.split("\\.", 3);
    if (p.length != 3 || !p[2].equals("*")) {
      return null;
    }
    if (p[0].equals("*")) {
      return p[1].equals("*") ? TraceIds.DIGITAL_LINK + "%" : null;
    }
    if (!p[0].matches("[0-9]{6,12}")) {
      return null;
    }
    if (p[1].equals("*")) {
      // indicator digit, company prefix, the rest of the item reference and the check digit
      return TraceIds.DIGITAL_LINK + "_" + p[0] + "_".repeat(13 - p[0].length());
    }
    String gtin = TraceIds.gtin(p[0], p[1]);
    return gtin == null ? null : TraceIds.DIGITAL_LINK + gtin;
  }

  private static String likeBody(String parts) {
    StringBuilder out = new StringBuilder();
    for (char c : parts.toCharArray()) {
      switch (c) {
        case '*' -> out.append('%');
        case '%', '_', '\\' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
