package org.ayni.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@AyniIntegrationTest
class ReferenceDataTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ReferenceData reference;

  @Test
  void theEudrPointThresholdComesFromVersionedDataWithItsSource() {
    ReferenceValue value = reference.current("eudr.point-max-area").orElseThrow();
    assertThat(value.numericValue()).isEqualByComparingTo("4");
    assertThat(value.unit()).isEqualTo("ha");
    assertThat(value.verification()).isEqualTo(Verification.V);
    assertThat(value.source()).contains("2023/1115");
  }

  @Test
  void theVersionInForceDependsOnTheDateAndOlderVersionsAreKept() {
    String key = "cacao.wet-to-dry-factor";
    Http admin = Http.basic(port, "admin", DemoUsers.PASSWORD);
    LocalDate from = LocalDate.of(2031, 1, 1).plusDays(System.nanoTime() % 3000);
    Http.Response created =
        admin.post(
            "/api/v1/reference-values/" + key,
            Map.of(
                "numericValue",
                0.37,
                "validFrom",
                from.toString(),
                "verification",
                "P",
                "source",
                "Weighings of a Piura co-operative, 2030, 412 batches"));
    assertThat(created.status()).isEqualTo(201);

    JsonNode before =
        admin.get("/api/v1/reference-values/" + key + "?on=" + from.minusDays(1)).json();
    JsonNode after = admin.get("/api/v1/reference-values/" + key + "?on=" + from).json();
    assertThat(before.get(0).path("numericValue").decimalValue()).isEqualByComparingTo("0.40");
    assertThat(after.get(0).path("numericValue").decimalValue()).isEqualByComparingTo("0.37");
    assertThat(admin.get("/api/v1/reference-values/" + key).json().size())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void onlyAPlatformAdministratorRecordsAVersionAndBadInputWritesNothing() {
    long before = jdbc.sql("select count(*) from reference_value").query(Long.class).single();
    Http orgAdmin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response refused =
        orgAdmin.post(
            "/api/v1/reference-values/eudr.point-max-area",
            Map.of(
                "numericValue", 5, "validFrom", "2030-01-01", "verification", "U", "source", "x"));
    assertThat(refused.status()).isEqualTo(403);

    Http admin = Http.basic(port, "admin", DemoUsers.PASSWORD).language("en");
    Http.Response invalid =
        admin.post(
            "/api/v1/reference-values/eudr.point-max-area",
            Map.of("validFrom", "2023-06-29", "verification", "U"));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("numericValue", "source", "validFrom");
    assertThat(jdbc.sql("select count(*) from reference_value").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void everyValueHasALabelInEveryLanguageAndUnverifiedOnesAreFlaggedOnThePage() throws IOException {
    for (String bundle :
        new String[] {"messages.properties", "messages_en.properties", "messages_fr.properties"}) {
      Properties messages = new Properties();
      messages.load(
          new InputStreamReader(
              getClass().getResourceAsStream("/i18n/" + bundle), StandardCharsets.UTF_8));
      for (String key :
          jdbc.sql("select distinct value_key from reference_value").query(String.class).list()) {
        assertThat(messages).as("%s in %s", key, bundle).containsKey("reference.key." + key);
      }
    }
    String page = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/reference").body();
    assertThat(page).contains("Sin verificar").contains("Verificado");
  }
}
