package org.ayni.trace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.ayni.trace.Lineage;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.ReadyTraceBackfill;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One run of the traceability benchmark, shared by the benchmark command and its smoke test: make
 * the registry, generate the data set, capture it over HTTP (timed), then time backward and forward
 * traces against the recursive-SQL baseline on the same tables, and print a report.
 */
public final class BenchmarkRun {

  /** What a run measured. */
  public record Report(
      CacaoChain.DataSet data,
      CaptureRunner.Result capture,
      TraceMeasurement.Subjects subjects,
      List<TraceMeasurement.Row> traces,
      String text) {}

  private BenchmarkRun() {}

  public static Report run(
      ApplicationContext context,
      int port,
      String database,
      CacaoChain.Config config,
      int clients,
      int warmup,
      int repetitions) {
    return run(context, port, database, config, null, clients, warmup, repetitions);
  }

  /**
   * A run; {@code warming}, when given, is a data set of its own (another prefix) captured first
   * and not timed, so that the timed capture runs on compiled code as a long-running server does.
   */
  public static Report run(
      ApplicationContext context,
      int port,
      String database,
      CacaoChain.Config config,
      CacaoChain.Config warming,
      int clients,
      int warmup,
      int repetitions) {
    StringBuilder text = new StringBuilder();
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    boolean postgres = database.startsWith("postgres");

    line(text, "database: %s", settings(jdbc, postgres));
    long t0 = System.nanoTime();
    CacaoChain.DataSet data = CacaoChain.generate(config);
    long bytes = data.documents().stream().mapToLong(d -> d.json().length).sum();
    line(
        text,
        "data set: %,d events in %,d documents (%,d MB), %d co-operatives + 1 factory, %,d members,"
            + " %,d deliveries, %,d export lots, %,d chocolate batches; generated in %.1f s",
        data.events(),
        data.documents().size(),
        bytes >> 20,
        config.cooperatives(),
        config.members(),
        data.deliveries(),
        data.exportLots().size(),
        data.chocolateLots().size(),
        (System.nanoTime() - t0) / 1e9);

    long t1 = System.nanoTime();
    BenchmarkSetup.Made made = BenchmarkSetup.make(context, port, config);
    line(
        text,
        "registry (organisations, members, plots, products) made in %.1f s",
        (System.nanoTime() - t1) / 1e9);

    if (warming != null) {
      long tw = System.nanoTime();
      CacaoChain.DataSet warm = CacaoChain.generate(warming);
      BenchmarkSetup.Made warmMade = BenchmarkSetup.make(context, port, warming);
      CaptureRunner.Result result =
          new CaptureRunner(port, warmMade.tokens()).run(warm.documents(), clients, false);
      line(
          text,
          "warm-up (not timed): %,d events of another data set captured in %.1f s (%,.0f events/s)",
          result.stored(),
          (System.nanoTime() - tw) / 1e9,
          result.eventsPerSecond());
    }

    double jvmBefore = CpuTime.jvm();
    double pgBefore = CpuTime.postgres();
    CaptureRunner.Result capture =
        new CaptureRunner(port, made.tokens()).run(data.documents(), clients, repetitions > 10);
    double jvm = CpuTime.jvm() - jvmBefore;
    // The documents are the benchmark's, not the application's: let them go before timing traces.
    data = data.withoutDocuments();
    System.gc();
    double pg = CpuTime.postgres() - pgBefore;
    long stored =
        jdbc.sql(
                "select count(*) from epcis_event e join organisation o on o.id = e.organisation_id"
                    + " where o.code like ?")
            .param(config.prefix() + "%")
            .query(Long.class)
            .single();
    if (stored != data.events()) {
      throw new IllegalStateException("stored " + stored + " events of " + data.events());
    }
    line(
        text,
        "capture: %,d events in %,d documents of up to %d events, %d clients, %.1f s wall:"
            + " %,.0f events/s (%,d job polls)",
        capture.stored(),
        capture.documents(),
        config.docSize(),
        clients,
        capture.seconds(),
        capture.eventsPerSecond(),
        capture.polls());
    if (jvm > 0 && postgres) {
      line(
          text,
          "CPU during capture: application JVM (server and HTTP clients) %.0f s, PostgreSQL"
              + " processes %.0f s, of %.0f s wall on %d cores",
          jvm,
          pg,
          capture.seconds(),
          Runtime.getRuntime().availableProcessors());
    } else if (jvm > 0) {
      line(
          text,
          "CPU during capture: application JVM (server, embedded database and HTTP clients) %.0f"
              + " s, of %.0f s wall on %d cores",
          jvm,
          capture.seconds(),
          Runtime.getRuntime().availableProcessors());
    }

    long t2 = System.nanoTime();
    JdbcTemplate template = context.getBean(JdbcTemplate.class);
    template.execute(postgres ? "vacuum analyze" : "analyze");
    line(
        text,
        "%s after the load: %.1f s",
        postgres ? "vacuum analyze" : "analyze",
        (System.nanoTime() - t2) / 1e9);
    for (String table : List.of("epcis_event", "lot", "lot_edge", "lot_lineage", "lot_receipt")) {
      line(
          text,
          "  %s: %,d rows",
          table,
          jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }

    TraceMeasurement measurement = new TraceMeasurement(context.getBean(Lineage.class), jdbc);
    TraceMeasurement.Subjects subjects = measurement.subjects(data);
    line(
        text,
        "traces: %s (export lot), %s (chocolate batch), %s (delivery); %d warm-up and %d timed"
            + " calls of each, closure and recursive SQL in turn, one thread",
        code(jdbc, subjects.exportLot()),
        subjects.chocolateLot() == null ? "-" : code(jdbc, subjects.chocolateLot()),
        code(jdbc, subjects.deliveryLot()),
        warmup,
        repetitions);
    List<TraceMeasurement.Row> rows =
        new ArrayList<>(measurement.measure(subjects, warmup, repetitions));
    text.append('\n').append(TraceMeasurement.table(rows));
    System.out.println(text);
    String queries = queries(context, config, subjects, warmup, repetitions);
    text.append('\n').append(queries);
    return new Report(data, capture, subjects, rows, text.toString());
  }

  /** The settings of the server that move the figures, so that a report says what it ran on. */
  static String settings(JdbcClient jdbc, boolean postgres) {
    if (!postgres) {
      return "H2 "
          + jdbc.sql("select h2version()").query(String.class).single()
          + " (embedded, in the application's JVM)";
    }
    StringBuilder text =
        new StringBuilder(jdbc.sql("show server_version").query(String.class).single());
    jdbc.sql(
            """
            select name, current_setting(name) as setting from pg_settings
            where name in ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'fsync',
                           'autovacuum', 'jit', 'work_mem', 'max_connections')
            order by name""")
        .query((rs, n) -> rs.getString("name") + "=" + rs.getString("setting"))
        .list()
        .forEach(setting -> text.append(", ").append(setting));
    return "PostgreSQL " + text;
  }

  /**
   * Times the traces only, on a data set captured before (same configuration), after building the
   * ready traces it lacks (none, unless a migration removed them or the threshold is lower).
   */
  public static List<TraceMeasurement.Row> traces(
      ApplicationContext context, CacaoChain.Config config, int warmup, int repetitions) {
    long start = System.nanoTime();
    int built = context.getBean(ReadyTraceBackfill.class).run();
    System.out.printf(
        Locale.ROOT,
        "ready traces built by the backfill: %,d in %.1f s%n",
        built,
        (System.nanoTime() - start) / 1e9);
    CacaoChain.DataSet data = CacaoChain.generate(config).withoutDocuments();
    System.gc();
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    TraceMeasurement measurement = new TraceMeasurement(context.getBean(Lineage.class), jdbc);
    TraceMeasurement.Subjects subjects = measurement.subjects(data);
    List<TraceMeasurement.Row> rows = measurement.measure(subjects, warmup, repetitions);
    System.out.println(TraceMeasurement.table(rows));
    queries(context, config, subjects, warmup, repetitions);
    return rows;
  }

  /** Times EPCIS queries of the factory and the export lot's co-operative; prints the table. */
  private static String queries(
      ApplicationContext context,
      CacaoChain.Config config,
      TraceMeasurement.Subjects subjects,
      int warmup,
      int repetitions) {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    UUID factory =
        jdbc.sql("select id from organisation where code = ?")
            .param(CacaoChain.factory(config))
            .query(UUID.class)
            .single();
    long shared =
        jdbc.sql("select count(*) from epcis_event_share where organisation_id = ?")
            .param(factory)
            .query(Long.class)
            .single();
    String table =
        "EPCIS queries (EventStore.query, first page of 100; the factory has %,d events shared"
                .formatted(shared)
            + " with it), %d warm-up and %d timed calls of each, in turn with the query of the"
                .formatted(warmup, repetitions)
            + " organisation's own events alone\n\n"
            + QueryMeasurement.table(
                new QueryMeasurement(context.getBean(EventStore.class), jdbc)
                    .measure(factory, subjects.cooperative().value(), warmup, repetitions));
    System.out.println(table);
    return table;
  }

  /** Appends the report to a file (the benchmark's results, kept in the build directory). */
  public static void save(Report report, Path file, String header) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "\n## " + header + "\n\n" + report.text() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String code(JdbcClient jdbc, UUID lot) {
    return jdbc.sql("select identifier from lot where id = ?")
        .param(lot)
        .query(String.class)
        .single();
  }

  private static void line(StringBuilder text, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    text.append("- ").append(line).append('\n');
  }

  /** CPU seconds used so far, from /proc (Linux); 0 where it cannot be read. */
  static final class CpuTime {

    private CpuTime() {}

    static double jvm() {
      return ofProcess(Path.of("/proc/self/stat"));
    }

    /** All processes named postgres (the server and its backends). */
    static double postgres() {
      double total = 0;
      try (var dirs = Files.list(Path.of("/proc"))) {
        for (Path dir : dirs.toList()) {
          if (dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
            try {
              String comm = Files.readString(dir.resolve("comm")).trim();
              if (comm.equals("postgres")) {
                total += ofProcess(dir.resolve("stat"));
              }
            } catch (IOException gone) {
              // the process ended
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        return 0;
      }
      return total;
    }

    private static double ofProcess(Path stat) {
      try {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
