package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@AyniIntegrationTest
class MemberApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Http fieldOfficer;
  String baseOrganisation;

  @BeforeEach
  void setUp() {
    fieldOfficer = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    baseOrganisation = organisationId("cepicafe-chulucanas");
  }

  @Test
  void registersAMemberAndRecordsTheStatusHistoryAndAudit() {
    String code = "T-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Response created = fieldOfficer.post("/api/v1/members", member(code));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.path("memberCode").asString()).isEqualTo(code);
    assertThat(body.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(body.path("ageBand").asString()).isEqualTo("FROM_30_TO_44");
    String id = body.path("id").asString();
    assertThat(created.header("Location")).endsWith("/api/v1/members/" + id);

    JsonNode history = fieldOfficer.get("/api/v1/members/" + id + "/status-history").json();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("recordedBy").asString()).isEqualTo("cepicafe.campo");
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_event where entity_type = 'member' and entity_id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aDuplicateCodeAFutureBirthDateAndAnUnknownOrganisationAreRefusedAndNothingIsWritten() {
    String code = "D-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(fieldOfficer.post("/api/v1/members", member(code)).status()).isEqualTo(201);
    long before = count();

    Map<String, Object> duplicate = member(code);
    duplicate.put("birthDate", "2099-01-01");
    Http.Response refused = fieldOfficer.language("en").post("/api/v1/members", duplicate);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = refused.json().path("errors");
    assertThat(errors.findValuesAsString("field"))
        .containsExactlyInAnyOrder("memberCode", "birthDate", "joinDate");
    assertThat(errors.findValuesAsString("message"))
        .contains("Another member of the organisation already has this code.")
        .contains("The date cannot be in the future.");

    Map<String, Object> unknown = member("U-" + UUID.randomUUID().toString().substring(0, 8));
    unknown.put("organisationId", UUID.randomUUID().toString());
    Http.Response unknownOrg = fieldOfficer.language("es").post("/api/v1/members", unknown);
    assertThat(unknownOrg.status()).isEqualTo(400);
    assertThat(unknownOrg.json().path("errors").get(0).path("message").asString())
        .isEqualTo("Organización desconocida o fuera de su alcance.");
    assertThat(count()).isEqualTo(before);
  }

  private long count() {
    return jdbc.sql("select count(*) from member").query(Long.class).single();
  }

  @Test
  void membersAreFoundWithoutTheAccentsOfTheirNames() {
    String code = "ACC-" + UUID.randomUUID().toString().substring(0, 6);
    Map<String, Object> member = member(code);
    member.put("familyNames", "Sánchez Amasifuén " + code);
    assertThat(fieldOfficer.post("/api/v1/members", member).status()).isEqualTo(201);
    for (String typed :
        new String[] {"sanchez amasifuen " + code, "SANCHEZ", "Sánchez Amasifuén", "maria elena"}) {
      JsonNode found =
          fieldOfficer
              .get(
                  "/api/v1/members?size=500&q="
                      + java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8))
              .json();
      assertThat(found.path("items").findValuesAsString("memberCode")).as(typed).contains(code);
    }
    // and by community, typed without its accent or capitals
    member = member(code + "C");
    member.put("community", "Ñomala " + code);
    assertThat(fieldOfficer.post("/api/v1/members", member).status()).isEqualTo(201);
    assertThat(
            fieldOfficer
                .get(
                    "/api/v1/members?community="
                        + java.net.URLEncoder.encode(
                            "nomala " + code, java.nio.charset.StandardCharsets.UTF_8))
                .json()
                .path("items")
                .findValuesAsString("memberCode"))
        .containsExactly(code + "C");
  }

  private Map<String, Object> member(String code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", baseOrganisation);
    m.put("memberCode", code);
    m.put("kind", "HOUSEHOLD");
    m.put("givenNames", "María Elena");
    m.put("familyNames", "Sosa Jiménez");
    m.put("gender", "FEMALE");
    m.put("birthDate", java.time.LocalDate.now().minusYears(35).toString());
    m.put("community", "Pampa de los Silva");
    m.put("householdSize", 5);
    m.put("joinDate", "2019-03-01");
    m.put("consentDataUse", true);
    m.put("consentDate", "2019-03-01");
    m.put("consentMethod", "SIGNED_FORM");
    return m;
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
