package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
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

@AyniIntegrationTest
class CertificatePageTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  LocalDate today;
  String chulucanas;

  @BeforeEach
  void setUp() {
    today = LocalDate.now(clock);
    chulucanas =
        jdbc.sql("select id from organisation where code = 'cepicafe-chulucanas'")
            .query(UUID.class)
            .single()
            .toString();
  }

  @Test
  void aFormWithBadInputShowsEachMessageBesideItsFieldInTheUsersLanguageAndSavesNothing() {
    Http page = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String number = unique("PG");
    long before = certificates();

    Map<String, String> fields = form(number);
    fields.put("validFrom", today.toString());
    fields.put("validTo", today.minusDays(3).toString());
    fields.put("memberCodesText", "NOBODY-" + number);
    Http.Response shown = page.submit("/certificates/new?lang=en", "/certificates/new", fields);

    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.field("validTo"))
        .contains("has-error")
        .contains("The end of validity must come after its start.");
    assertThat(shown.field("memberCodesText"))
        .contains("has-error")
        .contains("No member has the code NOBODY-" + number);
    assertThat(shown.field("certificateNumber")).doesNotContain("field-error");
    assertThat(shown.body()).contains("value=\"" + number + "\"");
    assertThat(certificates()).isEqualTo(before);

    Http.Response spanish =
        page.submit("/certificates/new?lang=es", "/certificates/new", Map.of("scheme", "WFTO"));
    assertThat(spanish.field("certifyingBody")).contains("Este dato es obligatorio.");
    assertThat(certificates()).isEqualTo(before);
  }

  @Test
  void anAdministratorRecordsViewsListsExportsAndSuspendsACertificate() {
    Http page = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String number = unique("PG");
    Map<String, String> fields = form(number);
    fields.put("scopeProductsText", "cacao blanco, café");
    fields.put("validTo", today.plusDays(20).toString());

    Http.Response created = page.submit("/certificates/new?lang=en", "/certificates/new", fields);
    assertThat(created.status()).as(created.body()).isEqualTo(302);
    String location = created.header("Location");
    assertThat(location).matches(".*/certificates/[0-9a-f-]{36}$");
    String path = location.substring(location.indexOf("/certificates/"));

    String view = page.get(path).body();
    assertThat(view).contains(number, "Fairmined", "cacao blanco, café", "Expires soon");

    String list = page.get("/certificates?q=" + number).body();
    assertThat(list).contains(number).contains(path);
    assertThat(page.get("/certificates/export.csv?q=" + number).body()).contains(number);

    Map<String, String> suspend = new LinkedHashMap<>();
    suspend.put("status", "SUSPENDED");
    suspend.put("effectiveOn", today.toString());
    suspend.put("reason", "");
    Http.Response refused = page.submit(path, path + "/status", suspend);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.field("reason"))
        .contains("Give the reason for the suspension or withdrawal.");

    suspend.put("reason", "Mercurio en el relave");
    Http.Response suspended = page.submit(path, path + "/status", suspend);
    assertThat(suspended.status()).isEqualTo(302);
    assertThat(page.get(path).body()).contains("Suspended", "Mercurio en el relave");
  }

  @Test
  void theViewListsTheCoveredMembersAndTheEditFormNamesThemByCode() {
    Http api = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String code = unique("MB");
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("organisationId", montero());
    member.put("memberCode", code);
    member.put("kind", "PERSON");
    member.put("givenNames", "Esperanza");
    member.put("familyNames", "Ramírez Zapata");
    member.put("gender", "FEMALE");
    member.put("joinDate", "2012-01-15");
    Http.Response registered = api.post("/api/v1/members", member);
    assertThat(registered.status()).isEqualTo(201);
    String memberId = registered.json().path("id").asString();
    Map<String, Object> certificate = new LinkedHashMap<>();
    certificate.put("organisationId", cepicafe());
    certificate.put("scheme", "SPP");
    certificate.put("certificateNumber", unique("SPP"));
    certificate.put("certifyingBody", "SPP Global");
    certificate.put("validFrom", today.minusYears(1).toString());
    certificate.put("validTo", today.plusYears(1).toString());
    certificate.put("memberCodes", List.of(code));
    Http.Response created = api.post("/api/v1/certificates", certificate);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String path = "/certificates/" + created.json().path("id").asString();

    Http page = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    String view = page.get(path + "?lang=en").body();
    assertThat(view).contains("Covers 1 listed members", code, "Esperanza Ramírez Zapata");
    String ofMember = page.get("/certificates?memberId=" + memberId).body();
    assertThat(ofMember).contains(path, "Esperanza Ramírez Zapata");
    String edit = page.get(path + "/edit").body();
    assertThat(edit)
        .contains("cepicafe-montero:" + code)
        .contains("value=\"" + certificate.get("validFrom") + "\"")
        .contains("value=\"" + certificate.get("validTo") + "\"");

    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("organisationId", cepicafe());
    fields.put("scheme", "SPP");
    fields.put("certificateNumber", (String) certificate.get("certificateNumber"));
    fields.put("certifyingBody", "SPP Global");
    fields.put("validFrom", (String) certificate.get("validFrom"));
    fields.put("validTo", (String) certificate.get("validTo"));
    fields.put("scopeAllMembers", "true");
    fields.put("memberCodesText", "");
    fields.put("version", "0");
    Http.Response saved = page.submit(path + "/edit", path + "/edit", fields);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(page.get(path).body()).contains("Covers all members of").doesNotContain(code);

    certificate.put("organisationId", montero());
    certificate.put("scheme", "EU_ORGANIC");
    certificate.put("memberCodes", List.of());
    certificate.put("holderMemberCode", code);
    Http.Response held = api.post("/api/v1/certificates", certificate);
    assertThat(held.status()).as(held.body()).isEqualTo(201);
    assertThat(page.get("/certificates/" + held.json().path("id").asString()).body())
        .contains("Covers the member who holds it.", "Esperanza Ramírez Zapata (" + code + ")");
  }

  @Test
  void aUserOfAnotherOrganisationGetsNotFoundAndAFieldOfficerCannotOpenTheForm() {
    Http page = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response created =
        page.submit("/certificates/new", "/certificates/new", form(unique("PG")));
    assertThat(created.status()).isEqualTo(302);
    String location = created.header("Location");
    String path = location.substring(location.indexOf("/certificates/"));

    Http other = Http.session(port, "agroandino.admin", DemoUsers.PASSWORD);
    assertThat(other.get(path).status()).isEqualTo(404);
    assertThat(other.get(path + "/edit").status()).isEqualTo(404);

    Http fieldOfficer = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(fieldOfficer.get(path).status()).isEqualTo(200);
    assertThat(fieldOfficer.get("/certificates/new").status()).isEqualTo(403);
    assertThat(fieldOfficer.get(path + "/edit").status()).isEqualTo(403);
  }

  private String cepicafe() {
    return organisation("cepicafe");
  }

  private String montero() {
    return organisation("cepicafe-montero");
  }

  private String organisation(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }

  private Map<String, String> form(String number) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("organisationId", chulucanas);
    f.put("scheme", "FAIRMINED");
    f.put("certificateNumber", number);
    f.put("certifyingBody", "FLOCERT");
    f.put("validFrom", today.minusMonths(6).toString());
    f.put("validTo", today.plusYears(2).toString());
    f.put("scopeProductsText", "");
    f.put("holderMemberCode", "");
    f.put("memberCodesText", "");
    return f;
  }

  private long certificates() {
    return jdbc.sql("select count(*) from certificate").query(Long.class).single();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }
}
