package org.ayni.trace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The traceability benchmark (issue 3): generates the cacao data set, captures it through {@code
 * POST /epcis/capture} and times backward and forward traces against the recursive-SQL baseline.
 * Not part of the test suite (tag {@code benchmark}); run it with {@code ./mvnw -Pbenchmark verify}
 * and the system properties below (see docs/benchmarks.md):
 *
 * <ul>
 *   <li>{@code ayni.benchmark.db}: {@code h2} (a file database under the build directory, made
 *       afresh) or {@code postgres} (schema {@code ayni.benchmark.pg-schema}, default {@code
 *       ayni_bench}, dropped and made afresh, at {@code AYNI_TEST_PG_URL} or 127.0.0.1:5432/test);
 *   <li>{@code ayni.benchmark.events}: the data set's size (default 1,000,000);
 *   <li>{@code ayni.benchmark.clients}: capture clients sending at once (default 4);
 *   <li>{@code ayni.benchmark.repetitions}: timed calls of each trace (default 1,000);
 *   <li>{@code ayni.benchmark.reuse}: {@code true} times the traces only, on the database the last
 *       run left;
 *   <li>{@code ayni.benchmark.warmup-events}: a data set of its own captured first, not timed, so
 *       that the timed capture runs on compiled code (default 20,000; 0 for none).
 * </ul>
 */
@Tag("benchmark")
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.banner-mode=off",
      "logging.level.root=WARN",
      "ayni.demo.enabled=false",
      // the capture builds ready traces; with reuse, a start-up backfill would only compete
      "ayni.trace.ready-trace.backfill=false"
    })
@ContextConfiguration(initializers = TraceBenchmark.Database.class)
class TraceBenchmark {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  static String database() {
    return System.getProperty("ayni.benchmark.db", "h2");
  }

  static int integer(String name, int fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.replace("_", ""));
  }

  /** Whether to time the traces on what the last run left instead of loading afresh. */
  static boolean reuse() {
    return Boolean.getBoolean("ayni.benchmark.reuse");
  }

  static Path directory() {
    return Path.of(System.getProperty("ayni.benchmark.dir", "target/benchmark"));
  }

  @Test
  void captureAndTrace() {
    int events = integer("ayni.benchmark.events", 1_000_000);
    int clients = integer("ayni.benchmark.clients", 4);
    int repetitions = integer("ayni.benchmark.repetitions", 1_000);
    int warmup = integer("ayni.benchmark.warmup", Math.max(10, repetitions / 5));
    long seed = integer("ayni.benchmark.seed", 42);
    CacaoChain.Config config = CacaoChain.Config.scaled("bench-", seed, events);
    int warming = integer("ayni.benchmark.warmup-events", 20_000);
    CacaoChain.Config warm =
        warming <= 0 ? null : CacaoChain.Config.scaled("warm-", seed + 1, warming);
    if (reuse()) {
      // Traces only, on the data a previous run left (for working on the traces at full size).
      BenchmarkRun.traces(context, config, warmup, repetitions);
      return;
    }
    BenchmarkRun.Report report =
        BenchmarkRun.run(context, port, database(), config, warm, clients, warmup, repetitions);
    String header =
        "%s, %,d events, %d clients, %s"
            .formatted(
                database(),
                events,
                clients,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    BenchmarkRun.save(report, directory().resolve("results.md"), header);
  }

  /** Points the context at a fresh benchmark database. */
  static class Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      Map<String, Object> properties;
      if (database().equals("postgres")) {
        String schema = System.getProperty("ayni.benchmark.pg-schema", "ayni_bench");
        String url = TestDatabase.pgUrl();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.pgUser(), "");
            Statement s = c.createStatement()) {
          if (!reuse()) {
            s.execute("drop schema if exists " + schema + " cascade");
          }
        } catch (SQLException e) {
          throw new IllegalStateException("no PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        properties = new HashMap<>(TestDatabase.postgresProperties(url, schema));
        // as the postgres profile does: batch inserts travel as multi-row statements
        properties.put(
            "spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true");
      } else if (database().equals("h2")) {
        Path dir = directory().resolve("h2").toAbsolutePath();
        try {
          Files.createDirectories(dir);
          if (!reuse()) {
            try (var files = Files.list(dir)) {
              for (Path file : files.toList()) {
                Files.delete(file);
              }
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        properties =
            Map.of(
                "spring.datasource.url",
                "jdbc:h2:file:"
                    + dir.resolve("ayni")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;OPTIMIZE_REUSE_RESULTS=FALSE",
                "spring.datasource.username",
                "sa",
                "spring.datasource.password",
                "");
      } else {
        throw new IllegalArgumentException("ayni.benchmark.db is h2 or postgres: " + database());
      }
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("ayni-benchmark-database", properties));
    }
  }
}
