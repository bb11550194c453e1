package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * EUDR Art. 2(28): a plot above 4 ha (reference value eudr.point-max-area, Regulation (EU)
 * 2023/1115) needs a polygon; a point is kept but flagged on its page.
 */
@AyniIntegrationTest
class EudrGeolocationTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void aPointPlotAboveTheThresholdIsFlaggedAndOneBelowItIsNot() {
    Http api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    Http pages = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).language("en");
    String big = create(api, "6.5");
    String small = create(api, "3.9");

    String flagged = pages.get("/production-units/" + big).body();
    assertThat(flagged).contains("id=\"eudr-finding\"").contains("6.5 ha").contains("4 ha");
    assertThat(pages.get("/production-units/" + small).body()).doesNotContain("eudr-finding");
  }

  private String create(Http api, String declared) {
    Map<String, Object> unit = new LinkedHashMap<>();
    unit.put(
        "organisationId",
        jdbc.sql("select id from organisation where code = 'cepicafe-salitral'")
            .query(UUID.class)
            .single()
            .toString());
    unit.put("code", "EUDR-" + UUID.randomUUID().toString().substring(0, 8));
    unit.put("name", "Parcela sin polígono");
    unit.put("kind", "FARM_PLOT");
    unit.put("geometry", Map.of("type", "Point", "coordinates", new double[] {-79.8320, -5.3403}));
    unit.put("declaredAreaHa", declared);
    Http.Response response = api.post("/api/v1/production-units", unit);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().path("id").asString();
  }
}
