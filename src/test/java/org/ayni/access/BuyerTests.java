package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A buyer has a role in an organisation, but sees none of its registry. */
@AyniIntegrationTest
class BuyerTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void aBuyerSeesNoRegistryData() {
    AccessFixtures fixtures = new AccessFixtures(port, jdbc);
    String memberId = registerMember(fixtures.organisationId("cepicafe-chulucanas"));
    String cepicafe = fixtures.organisationId("cepicafe");
    Http buyer = Http.basic(port, "comprador", DemoUsers.PASSWORD);

    JsonNode members = buyer.get("/api/v1/members").json();
    assertThat(members.path("items")).isEmpty();
    assertThat(members.path("totalItems").asLong()).isZero();
    JsonNode organisations = buyer.get("/api/v1/organisations").json();
    assertThat(organisations.path("items")).isEmpty();
    assertThat(buyer.get("/api/v1/members/" + memberId).status()).isEqualTo(404);
    assertThat(buyer.get("/api/v1/organisations/" + cepicafe).status()).isEqualTo(404);
    assertThat(buyer.get("/api/v1/users").status()).isEqualTo(403);

    Http session = Http.session(port, "comprador", DemoUsers.PASSWORD);
    assertThat(session.get("/members/" + memberId).status()).isEqualTo(404);
    assertThat(session.get("/organisations/" + cepicafe).status()).isEqualTo(404);
    assertThat(session.get("/members").body()).doesNotContain(memberId);

    // The buyer role holds in the organisation itself only, and grants no reading.
    JsonNode me = buyer.get("/api/v1/me").json();
    assertThat(me.path("roles")).hasSize(1);
    assertThat(me.path("roles").get(0).path("role").asString()).isEqualTo("BUYER");
  }

  private String registerMember(String organisationId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", organisationId);
    m.put("memberCode", AccessFixtures.unique("B"));
    m.put("kind", "PERSON");
    m.put("givenNames", "Santos");
    m.put("familyNames", "Ramírez");
    m.put("gender", "MALE");
    m.put("joinDate", LocalDate.now().minusYears(2).toString());
    Http.Response created =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).post("/api/v1/members", m);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asString();
  }
}
