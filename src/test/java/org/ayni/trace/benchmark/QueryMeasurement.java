package org.ayni.trace.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Times EPCIS queries of the log ({@link EventStore#query}, what {@code GET /epcis/events} runs
 * before writing its answer) for the chocolate factory, whose shipments received are shared with it
 * (a second branch of the query), and for a co-operative, which has none shared; against each, in
 * the same run, the query of the organisation's own events alone as it was before events were
 * shared (one branch, no look-up of shares). Each query asks for the first page of 100. For the
 * factory's query in time order, also the union as it was before the shares kept their events'
 * times (V39): the shared branch reads every shared event and sorts them.
 */
final class QueryMeasurement {

  /** One query's figures, in nanoseconds. */
  record Row(String reader, String query, int events, long[] ayni, long[] own) {

    static double p(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
  }

  private static final int PAGE = 100;

  private final EventStore events;
  private final JdbcClient jdbc;

  QueryMeasurement(EventStore events, JdbcClient jdbc) {
    this.events = events;
    this.jdbc = jdbc;
  }

  /** The factory's and the co-operative's queries, each timed in turn with its baseline. */
  List<Row> measure(UUID factory, UUID cooperative, int warmup, int repetitions) {
    List<Row> rows = new ArrayList<>();
    for (UUID reader : List.of(factory, cooperative)) {
      String who = reader.equals(factory) ? "factory" : "co-operative";
      rows.add(
          timed(
              who,
              "first page, log order",
              reader,
              new EventFilter(List.of(), EventFilter.Order.LOG, false, null, PAGE),
              "",
              "e.seq",
              warmup,
              repetitions));
      rows.add(
          timed(
              who,
              "first page, latest eventTime first",
              reader,
              new EventFilter(List.of(), EventFilter.Order.EVENT_TIME, true, null, PAGE),
              "",
              "e.event_time desc, e.seq desc",
              warmup,
              repetitions));
      if (reader.equals(factory)) {
        rows.add(
            timed(
                who,
                "first page, latest eventTime first, shares sorted whole (before V39)",
                reader,
                () -> sortedWhole(reader),
                "",
                "e.event_time desc, e.seq desc",
                warmup,
                repetitions));
      }
      rows.add(
          timed(
              who,
              "EQ_bizStep=shipping, log order",
              reader,
              new EventFilter(
                  List.of(new EventFilter.In(EventFilter.Column.BIZ_STEP, List.of("shipping"))),
                  EventFilter.Order.LOG,
                  false,
                  null,
                  PAGE),
              " and e.biz_step in ('shipping')",
              "e.seq",
              warmup,
              repetitions));
    }
    return rows;
  }

  private Row timed(
      String who,
      String name,
      UUID reader,
      EventFilter filter,
      String condition,
      String order,
      int warmup,
      int repetitions) {
    OrganisationScope scope = OrganisationScope.of(List.of(new OrganisationId(reader)));
    return timed(
        who,
        name,
        reader,
        () -> events.query(scope, filter),
        condition,
        order,
        warmup,
        repetitions);
  }

  /**
   * The first page, latest event time first, of the reader's own and shared events as the query
   * read them before V39: the shared branch finds the shared events by position and sorts them all.
   */
  private List<?> sortedWhole(UUID reader) {
    String branch =
        "select "
            + EventStore.COLUMNS
            + " from epcis_event e where %s"
            + " order by e.event_time desc, e.seq desc limit :limit";
    String shared =
        "e.seq in (select sh.seq from epcis_event_share sh where sh.organisation_id in (:scope))"
            + " and e.organisation_id not in (:scope)";
    return jdbc.sql(
            "select * from (("
                + branch.formatted("e.organisation_id in (:scope)")
                + ") union all ("
                + branch.formatted(shared)
                + ")) e order by e.event_time desc, e.seq desc limit :limit")
        .param("scope", List.of(reader))
        .param("limit", PAGE)
        .query(EventStore::row)
        .list();
  }

  private Row timed(
      String who,
      String name,
      UUID reader,
      Supplier<List<?>> ayni,
      String condition,
      String order,
      int warmup,
      int repetitions) {
    String own =
        "select "
            + EventStore.COLUMNS
            + " from epcis_event e where 1 = 1 and e.organisation_id in (:scope)"
            + condition
            + " order by "
            + order
            + " limit :limit";
    Supplier<List<?>> before =
        () ->
            jdbc.sql(own)
                .param("scope", List.of(reader))
                .param("limit", PAGE)
                .query(EventStore::row)
                .list();
    long[][] times = TraceMeasurement.inTurn(ayni, before, warmup, repetitions);
    return new Row(who, name, ayni.get().size(), times[0], times[1]);
  }

  /** The figures as a Markdown table. */
  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| reader | query | events | Ayni p50 ms | Ayni p99 ms | own events only p50 ms |"
            + " own events only p99 ms | ratio p50 | ratio p99 |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      double a50 = Row.p(r.ayni(), 0.50);
      double a99 = Row.p(r.ayni(), 0.99);
      double b50 = Row.p(r.own(), 0.50);
      double b99 = Row.p(r.own(), 0.99);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f× | %.2f× |%n",
              r.reader(),
              r.query(),
              r.events(),
              a50,
              a99,
              b50,
              b99,
              b50 / a50,
              b99 / a99));
    }
    return out.toString();
  }
}
