package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A platform default conversion factor follows its reference value: a platform administrator who
 * records a new version in force today records the default's new version with it.
 */
@AyniIntegrationTest
class DefaultFactorTests {

  static final String KEY = "timber.sawn-yield";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void aNewVersionOfTheReferenceValueInForceTodayBecomesTheDefaultFactor() {
    Http admin = Http.basic(port, "admin", DemoUsers.PASSWORD).language("en");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode original = admin.get("/api/v1/reference-values/" + KEY + "?on=" + today).json().get(0);
    assertThat(sawn(admin).path("maxYield").decimalValue()).isEqualByComparingTo("0.56");

    // a value that cannot be a yield is refused beside it, and nothing is recorded
    int versions = admin.get("/api/v1/reference-values/" + KEY).json().size();
    Http.Response negative = admin.post("/api/v1/reference-values/" + KEY, version(-1, today, "x"));
    assertThat(negative.status()).as(negative.body()).isEqualTo(400);
    assertThat(negative.json().path("errors").get(0).path("field").asString())
        .isEqualTo("numericValue");
    assertThat(admin.get("/api/v1/reference-values/" + KEY).json().size()).isEqualTo(versions);

    try {
      Http.Response recorded =
          admin.post(
              "/api/v1/reference-values/" + KEY,
              version(0.5, today.minusDays(2), "Sawmill weighings " + today));
      assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
      JsonNode now = sawn(admin);
      assertThat(now.path("maxYield").decimalValue()).isEqualByComparingTo("0.5");
      assertThat(now.path("source").asString()).isEqualTo("Sawmill weighings " + today);
      assertThat(now.path("verification").asString()).isEqualTo("P");
    } finally {
      // the value as it was, in force from the day after
      Http.Response restored =
          admin.post(
              "/api/v1/reference-values/" + KEY,
              Map.of(
                  "numericValue",
                  original.path("numericValue").decimalValue(),
                  "validFrom",
                  today.minusDays(1).toString(),
                  "verification",
                  original.path("verification").asString(),
                  "source",
                  original.path("source").asString()));
      assertThat(restored.status()).as(restored.body()).isEqualTo(201);
    }
    assertThat(sawn(admin).path("maxYield").decimalValue()).isEqualByComparingTo("0.56");

    // one dated ahead is the default from its first day, not before
    LocalDate ahead = today.plusYears(20);
    Http.Response later = admin.post("/api/v1/reference-values/" + KEY, version(0.6, ahead, "x"));
    assertThat(later.status()).as(later.body()).isEqualTo(201);
    assertThat(sawn(admin).path("maxYield").decimalValue()).isEqualByComparingTo("0.56");
    assertThat(
            jdbc.sql(
                    "select max_yield from conversion_factor where reference_key = ?"
                        + " and recorded_at = ?")
                .params(KEY, ahead.atStartOfDay().atOffset(ZoneOffset.UTC))
                .query(java.math.BigDecimal.class)
                .single())
        .isEqualByComparingTo("0.6");
  }

  /** The newest platform default for sawn timber. */
  static JsonNode sawn(Http admin) {
    for (JsonNode f : admin.get("/api/v1/conversion-factors").json()) {
      if ("TIMBER_SAWN".equals(f.path("productKind").asString())) {
        return f;
      }
    }
    throw new AssertionError("no default factor for sawn timber");
  }

  static Map<String, Object> version(Number value, LocalDate from, String source) {
    return Map.of(
        "numericValue", value, "validFrom", from.toString(), "verification", "P", "source", source);
  }
}
