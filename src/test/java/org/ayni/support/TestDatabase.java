package org.ayni.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test context at the database named by the system property {@code ayni.test.db}: an
 * in-memory H2 in PostgreSQL mode (default), or PostgreSQL at {@code AYNI_TEST_PG_URL} (default
 * 127.0.0.1:5432, database {@code test}), in a schema {@code ayni_test} dropped once per test run
 * so every run starts from the migrations.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String SCHEMA =
      System.getenv().getOrDefault("AYNI_TEST_PG_SCHEMA", "ayni_test");

  /**
   * A test class whose context replaces beans (so its data differs from the shared context's) sets
   * this property, e.g. {@code @TestPropertySource(properties = "ayni.test.schema-suffix=x")}, and
   * gets a PostgreSQL schema of its own.
   */
  public static final String SCHEMA_SUFFIX = "ayni.test.schema-suffix";

  private static final java.util.Set<String> resetSchemas = new java.util.HashSet<>();

  public static boolean postgres() {
    return "postgres".equals(System.getProperty("ayni.test.db"));
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, Object> properties;
    if (postgres()) {
      String suffix = context.getEnvironment().getProperty(SCHEMA_SUFFIX, "");
      String schema = suffix.isBlank() ? SCHEMA : SCHEMA + "_" + suffix;
      String base = pgUrl();
      resetPostgresOnce(base, schema);
      properties = postgresProperties(base, schema);
    } else {
      properties =
          Map.of(
              "spring.datasource.url",
              "jdbc:h2:mem:ayni-"
                  + UUID.randomUUID()
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;OPTIMIZE_REUSE_RESULTS=FALSE;DB_CLOSE_DELAY=-1",
              "spring.datasource.username",
              "sa",
              "spring.datasource.password",
              "");
    }
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("ayni-test-database", properties));
  }

  /** The datasource and Flyway settings of a PostgreSQL schema at a URL (made when missing). */
  public static Map<String, Object> postgresProperties(String url, String schema) {
    return Map.of(
        "spring.datasource.url",
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
        "spring.datasource.username",
        pgUser(),
        "spring.datasource.password",
        "",
        "spring.flyway.schemas",
        schema,
        "spring.flyway.default-schema",
        schema,
        "spring.flyway.create-schemas",
        "true");
  }

  public static String pgUrl() {
    String url = System.getenv("AYNI_TEST_PG_URL");
    return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
  }

  public static String pgUser() {
    String user = System.getenv("AYNI_TEST_PG_USER");
    return user == null || user.isBlank() ? "postgres" : user;
  }

  private static synchronized void resetPostgresOnce(String url, String schema) {
    if (resetSchemas.contains(schema)) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url, pgUser(), "");
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL tests need a server at " + url + " (set AYNI_TEST_PG_URL): " + e.getMessage(),
          e);
    }
    resetSchemas.add(schema);
  }
}
