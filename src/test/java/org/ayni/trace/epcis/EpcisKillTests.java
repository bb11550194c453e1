package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A process killed in the middle of a capture leaves no partial document: the application runs as a
 * separate JVM (the test classpath, demo profile) against a file H2 database (or, on a PostgreSQL
 * run, a schema of its own), a large document is captured, the process is killed with SIGKILL while
 * the job runs (on PostgreSQL, once its transaction has written into the log), and after a restart
 * the job reads failed and none of the document's events is stored. The child processes are always
 * destroyed.
 */
class EpcisKillTests {

  private static final int EVENTS = 100_000;

  private final List<Process> processes = new ArrayList<>();
  private Path directory;

  @AfterEach
  void cleanUp() throws IOException {
    for (Process process : processes) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (directory != null) {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aKilledCaptureLeavesNothingAndItsJobReadsFailed() throws Exception {
    directory = Files.createTempDirectory("ayni-kill");
    Database database = database();
    int port = freePort();
    Process first = start(database, port, "first");
    EpcisClient client = new EpcisClient(port, "cepicafe.campo", DemoUsers.PASSWORD);
    awaitUp(client, first, "first");

    String tag = EpcisFixtures.tag();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < EVENTS; i++) {
      if (i > 0) {
        events.append(',');
      }
      events
          .append("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-04T08:00:00-05:00\",")
          .append(
              "\"eventTimeZoneOffset\":\"-05:00\",\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\",")
          .append("\"epcList\":[\"urn:ayni:kill:")
          .append(tag)
          .append(':')
          .append(i)
          .append("\"]}");
    }
    String document = EpcisFixtures.document(List.of(events.toString()));
    Http.Response accepted = client.post("/epcis/capture", document);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String job = accepted.header("Location");
    Http.Response running = client.get(job);
    assertThat(running.json().path("running").asBoolean())
        .as("the job still runs when the process is killed: %s", running.body())
        .isTrue();
    if (database.schema() != null) {
      awaitUncommittedWrites(database);
    }
    first.destroyForcibly(); // SIGKILL
    first.waitFor();

    Process second = start(database, port, "second");
    awaitUp(client, second, "second");
    Http.Response afterRestart = client.get(job);
    assertThat(afterRestart.status())
        .as("the job after the restart: %s", afterRestart.body())
        .isEqualTo(200);
    JsonNode after = afterRestart.json();
    assertThat(after.path("running").asBoolean()).as("%s", after).isFalse();
    assertThat(after.path("success").asBoolean()).isFalse();
    assertThat(after.path("errors")).as("%s; log: %s", after, log("second")).hasSize(1);
    assertThat(after.path("errors").get(0).path("type").asString())
        .isEqualTo("epcisException:ImplementationException");
    assertThat(
            client.events(
                "MATCH_epc=urn:ayni:kill:"
                    + tag
                    + ":0%7Curn:ayni:kill:"
                    + tag
                    + ":"
                    + (EVENTS / 2)
                    + "%7Curn:ayni:kill:"
                    + tag
                    + ":"
                    + (EVENTS - 1)))
        .isEmpty();
    second.destroyForcibly();
    second.waitFor();

    UUID captureId = UUID.fromString(job.substring(job.lastIndexOf('/') + 1));
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        PreparedStatement count =
            connection.prepareStatement("select count(*) from epcis_event where capture_id = ?")) {
      count.setObject(1, captureId);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("events of the killed capture").isZero();
      }
    }
  }

  /**
   * Where the child processes keep their data, and how to reach it; {@code schema} on PostgreSQL
   * only.
   */
  record Database(String url, String jdbcUrl, String user, String schema, List<String> arguments) {}

  /**
   * Waits until a transaction of the child process holds the insert lock on {@code epcis_event} and
   * has written (PostgreSQL gives a transaction its id at its first write): the kill then lands
   * while the capture's rows are written and not yet committed, not before the first of them. The
   * file H2 database of the other run cannot be read from outside while the child holds it.
   */
  private static void awaitUncommittedWrites(Database database) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try (Connection connection =
            DriverManager.getConnection(TestDatabase.pgUrl(), database.user(), "");
        PreparedStatement writing =
            connection.prepareStatement(
                """
                select count(*) from pg_locks l
                join pg_class c on c.oid = l.relation
                join pg_namespace n on n.oid = c.relnamespace
                join pg_stat_activity a on a.pid = l.pid
                where n.nspname = ? and c.relname = 'epcis_event'
                  and l.mode = 'RowExclusiveLock' and l.granted
                  and a.backend_xid is not null and a.pid <> pg_backend_pid()
                """)) {
      writing.setString(1, database.schema());
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = writing.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError(
        "no transaction of the capture wrote into epcis_event within a minute");
  }

  private Database database() throws Exception {
    if (TestDatabase.postgres()) {
      String base = TestDatabase.pgUrl();
      String user = TestDatabase.pgUser();
      String schema = TestDatabase.SCHEMA + "_kill";
      try (Connection connection = DriverManager.getConnection(base, user, "");
          Statement statement = connection.createStatement()) {
        statement.execute("drop schema if exists " + schema + " cascade");
      }
      String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      return new Database(
          url,
          url,
          user,
          schema,
          List.of(
              "--spring.flyway.schemas=" + schema,
              "--spring.flyway.default-schema=" + schema,
              "--spring.flyway.create-schemas=true"));
    }
    String url =
        "jdbc:h2:file:"
            + directory.resolve("ayni")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;OPTIMIZE_REUSE_RESULTS=FALSE"
            // H2 flushes commits to the file after 500 ms by default: a SIGKILL could lose the job
            + ";WRITE_DELAY=0";
    return new Database(url, url, "sa", null, List.of());
  }

  private Process start(Database database, int port, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(classpath);
    command.add("org.ayni.AyniApplication");
    command.add("--server.port=" + port);
    command.add("--spring.profiles.active=demo");
    command.add("--spring.datasource.url=" + database.url());
    command.add("--spring.datasource.username=" + database.user());
    command.add("--spring.datasource.password=");
    command.add("--ayni.http.max-request-bytes=200000000");
    command.add("--ayni.epcis.capture.max-events=" + EVENTS);
    command.add("--logging.level.root=WARN");
    // awaitUp signs in every 250 ms from the moment the port opens, before the demo users exist:
    // those are failed sign-ins, which would lock the name (LoginThrottle) for its 15 minutes
    command.add("--ayni.login.max-failures=100000");
    command.addAll(database.arguments());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(name + ".log").toFile())
            .start();
    processes.add(process);
    return process;
  }

  private void awaitUp(EpcisClient client, Process process, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the %s process died: %s", name, log(name)).isTrue();
      try {
        if (client.get("/epcis/capture").status() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the " + name + " process did not start: " + log(name));
  }

  private String log(String name) {
    try {
      String text = Files.readString(directory.resolve(name + ".log"), StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
