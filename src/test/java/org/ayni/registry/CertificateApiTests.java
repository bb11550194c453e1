package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;

@AyniIntegrationTest
class CertificateApiTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  Http admin;
  LocalDate today;
  String cepicafe;
  String chulucanas;
  String montero;

  @BeforeEach
  void setUp() {
    admin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);
    today = LocalDate.now(clock);
    cepicafe = organisationId("cepicafe");
    chulucanas = organisationId("cepicafe-chulucanas");
    montero = organisationId("cepicafe-montero");
  }

  @Test
  void recordsACertificateWithListedMembersThenUpdatesItWithTheVersionAndAuditsBoth() {
    String prefix = unique("FT");
    Member first = member(chulucanas, prefix + "-A");
    Member second = member(chulucanas, prefix + "-B");
    Member ofMontero = member(montero, prefix + "-C");
    Map<String, Object> body = certificate(cepicafe, "FAIRTRADE", prefix + "-2024");
    body.put("scopeProducts", List.of("cacao blanco", "café, panela", "Cacao blanco"));
    body.put("memberCodes", List.of(first.code(), "cepicafe-montero:" + ofMontero.code()));

    Http.Response created = admin.post("/api/v1/certificates", body);

    assertThat(created.status()).isEqualTo(201);
    JsonNode c = created.json();
    String id = c.path("id").asString();
    assertThat(created.header("Location")).endsWith("/api/v1/certificates/" + id);
    assertThat(c.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(c.path("recordedStatus").asString()).isEqualTo("ACTIVE");
    assertThat(c.path("expiringSoon").asBoolean()).isFalse();
    assertThat(c.path("version").asInt()).isZero();
    assertThat(strings(c.path("scopeProducts"))).containsExactly("cacao blanco", "café", "panela");
    assertThat(c.path("scopeMembers").findValuesAsString("id"))
        .containsExactlyInAnyOrder(first.id(), ofMontero.id());
    assertThat(memberRows(id)).isEqualTo(2);
    assertThat(audit(id, "create")).isEqualTo(1);

    JsonNode read = admin.get("/api/v1/certificates/" + id).json();
    assertThat(read.path("certificateNumber").asString()).isEqualTo(prefix + "-2024");
    assertThat(read.path("scopeMembers").findValuesAsString("memberCode"))
        .containsExactlyInAnyOrder(first.code(), ofMontero.code());

    Map<String, Object> change = certificate(cepicafe, "FAIRTRADE", prefix + "-2024");
    change.put("certifyingBody", "FLOCERT GmbH");
    change.put("memberCodes", List.of(second.code()));
    change.put("version", 0);
    Http.Response updated = admin.put("/api/v1/certificates/" + id, change);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("version").asInt()).isEqualTo(1);
    assertThat(updated.json().path("certifyingBody").asString()).isEqualTo("FLOCERT GmbH");
    assertThat(updated.json().path("scopeMembers").findValuesAsString("id"))
        .containsExactly(second.id());
    assertThat(memberRows(id)).isEqualTo(1);
    assertThat(audit(id, "update")).isEqualTo(1);

    Http.Response stale = admin.put("/api/v1/certificates/" + id, change);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(audit(id, "update")).isEqualTo(1);
  }

  @Test
  void aCertificateIsSuspendedWithdrawnAndReactivatedWithReasonsAndEachChangeIsAudited() {
    String id = create(certificate(chulucanas, "EU_ORGANIC", unique("ORG")));

    Http.Response noReason = admin.post(status(id), statusChange("SUSPENDED", null));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(fields(noReason)).containsExactly("reason");

    Http.Response suspended =
        admin.post(status(id), statusChange("SUSPENDED", "Residuos de cobre en la muestra"));
    assertThat(suspended.status()).isEqualTo(200);
    assertThat(suspended.json().path("status").asString()).isEqualTo("SUSPENDED");
    assertThat(suspended.json().path("statusReason").asString())
        .isEqualTo("Residuos de cobre en la muestra");
    assertThat(suspended.json().path("statusChangedOn").asString()).isEqualTo(today.toString());

    Http.Response withdrawn = admin.post(status(id), statusChange("WITHDRAWN", "Retirado"));
    assertThat(withdrawn.json().path("status").asString()).isEqualTo("WITHDRAWN");

    Http.Response reactivated = admin.post(status(id), statusChange("ACTIVE", "ignored"));
    assertThat(reactivated.status()).isEqualTo(200);
    assertThat(reactivated.json().path("status").asString()).isEqualTo("ACTIVE");
    assertThat(reactivated.json().path("statusReason").isNull()).isTrue();

    Http.Response unchanged = admin.post(status(id), statusChange("ACTIVE", null));
    assertThat(unchanged.status()).isEqualTo(400);
    assertThat(unchanged.json().path("errors").get(0).path("code").asString())
        .isEqualTo("certificate.status.unchanged");
    Http.Response expired = admin.post(status(id), statusChange("EXPIRED", "no"));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(fields(expired)).containsExactly("status");

    assertThat(audit(id, "status")).isEqualTo(3);
    assertThat(
            jdbc.sql(
                    "select details from audit_event where entity_type = 'certificate'"
                        + " and entity_id = ? and action = 'status' and details like ?")
                .params(id, "%Residuos de cobre%")
                .query(String.class)
                .list())
        .hasSize(1);
  }

  @Test
  void anActiveCertificatePastItsLastValidDayShowsAsExpiredAndOneEndingWithin60DaysIsFlagged() {
    String prefix = unique("EXP");
    String expired = create(validUntil(prefix + "-past", today.minusDays(1)));
    String lastDay = create(validUntil(prefix + "-today", today));
    String soon = create(validUntil(prefix + "-soon", today.plusDays(60)));
    String later = create(validUntil(prefix + "-later", today.plusDays(61)));

    JsonNode past = admin.get("/api/v1/certificates/" + expired).json();
    assertThat(past.path("status").asString()).isEqualTo("EXPIRED");
    assertThat(past.path("recordedStatus").asString()).isEqualTo("ACTIVE");
    assertThat(past.path("expiringSoon").asBoolean()).isFalse();
    JsonNode ending = admin.get("/api/v1/certificates/" + lastDay).json();
    assertThat(ending.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(ending.path("expiringSoon").asBoolean()).isTrue();
    assertThat(admin.get("/api/v1/certificates/" + soon).json().path("expiringSoon").asBoolean())
        .isTrue();
    assertThat(admin.get("/api/v1/certificates/" + later).json().path("expiringSoon").asBoolean())
        .isFalse();

    String list = "/api/v1/certificates?q=" + prefix + "&status=";
    assertThat(ids(admin.get(list + "EXPIRED"))).containsExactly(expired);
    assertThat(ids(admin.get(list + "ACTIVE"))).containsExactlyInAnyOrder(lastDay, soon, later);
    assertThat(ids(admin.get("/api/v1/certificates?expiringSoon=true&q=" + prefix)))
        .containsExactlyInAnyOrder(lastDay, soon);

    admin.post(status(expired), statusChange("SUSPENDED", "Auditoría pendiente"));
    assertThat(admin.get("/api/v1/certificates/" + expired).json().path("status").asString())
        .isEqualTo("SUSPENDED");
    assertThat(ids(admin.get(list + "EXPIRED"))).isEmpty();
  }

  @Test
  void theListFiltersByTextOrganisationMemberSchemeAndStatusPagesAndExportsCsv() {
    String prefix = unique("LST");
    Member listed = member(chulucanas, prefix + "-A");
    Member notListed = member(chulucanas, prefix + "-B");
    Member holder = member(montero, prefix + "-C");
    Map<String, Object> ofBase = certificate(chulucanas, "FAIRTRADE", prefix + "-1");
    ofBase.put("memberCodes", List.of(listed.code()));
    String baseCertificate = create(ofBase);
    Map<String, Object> ofCentral = certificate(cepicafe, "EU_ORGANIC", prefix + "-2");
    ofCentral.put("certifyingBody", "BodyOf" + prefix);
    ofCentral.put("scopeAllMembers", true);
    String centralCertificate = create(ofCentral);
    Map<String, Object> ofMember = certificate(montero, "EU_ORGANIC", prefix + "-3");
    ofMember.put("holderMemberCode", holder.code());
    String memberCertificate = create(ofMember);

    String q = "/api/v1/certificates?q=" + prefix;
    assertThat(ids(admin.get(q)))
        .containsExactlyInAnyOrder(baseCertificate, centralCertificate, memberCertificate);
    assertThat(ids(admin.get("/api/v1/certificates?q=bodyof" + prefix.toLowerCase())))
        .containsExactly(centralCertificate);
    assertThat(ids(admin.get(q + "&organisationId=" + cepicafe)))
        .containsExactlyInAnyOrder(baseCertificate, centralCertificate, memberCertificate);
    assertThat(ids(admin.get(q + "&organisationId=" + chulucanas)))
        .containsExactly(baseCertificate);
    assertThat(ids(admin.get(q + "&memberId=" + listed.id())))
        .containsExactlyInAnyOrder(baseCertificate, centralCertificate);
    assertThat(ids(admin.get(q + "&memberId=" + notListed.id())))
        .containsExactly(centralCertificate);
    assertThat(ids(admin.get(q + "&memberId=" + holder.id())))
        .containsExactlyInAnyOrder(centralCertificate, memberCertificate);
    assertThat(ids(admin.get(q + "&scheme=EU_ORGANIC")))
        .containsExactlyInAnyOrder(centralCertificate, memberCertificate);
    admin.post(status(memberCertificate), statusChange("WITHDRAWN", "Dejó de producir"));
    assertThat(ids(admin.get(q + "&status=WITHDRAWN"))).containsExactly(memberCertificate);
    assertThat(ids(admin.get(q + "&status=ACTIVE")))
        .containsExactlyInAnyOrder(baseCertificate, centralCertificate);
    assertThat(admin.get(q + "&status=LAPSED").status()).isEqualTo(400);

    JsonNode page = admin.get(q + "&size=2&page=1").json();
    assertThat(page.path("totalItems").asInt()).isEqualTo(3);
    assertThat(page.path("totalPages").asInt()).isEqualTo(2);
    assertThat(page.path("items")).hasSize(1);

    Http.Response csv = admin.get("/api/v1/certificates.csv?q=" + prefix + "&scheme=EU_ORGANIC");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.getFirst()).contains("certificate_number", "scope_all_members", "status");
    String central =
        lines.stream().filter(l -> l.contains(prefix + "-2")).findFirst().orElseThrow();
    assertThat(central).contains("BodyOf" + prefix, "EU_ORGANIC", "true", "ACTIVE");
    String ofHolder =
        lines.stream().filter(l -> l.contains(prefix + "-3")).findFirst().orElseThrow();
    assertThat(ofHolder).contains(holder.code(), "WITHDRAWN", "Dejó de producir");
  }

  @Test
  void badInputIsRefusedWithOneEntryPerFieldInTheCallersLanguageAndNothingIsWritten() {
    String prefix = unique("BAD");
    Member ofMontero = member(montero, prefix + "-M");
    Map<String, Object> first = certificate(chulucanas, "FAIRTRADE", prefix + "-1");
    create(first);
    long[] before = counts();

    Map<String, Object> wrong = certificate(chulucanas, "FAIRTRADE", prefix.toLowerCase() + "-1");
    wrong.put("validFrom", today.toString());
    wrong.put("validTo", today.minusDays(1).toString());
    wrong.put("memberCodes", List.of(prefix + "-NOBODY", ofMontero.code()));
    Http.Response english = admin.language("en").post("/api/v1/certificates", wrong);

    assertThat(english.status()).isEqualTo(400);
    assertThat(english.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(english))
        .containsExactlyInAnyOrder(
            "certificateNumber", "validTo", "memberCodes[0]", "memberCodes[1]");
    assertThat(message(english, "certificateNumber"))
        .isEqualTo("The organisation already has a certificate of this scheme with this number.");
    assertThat(message(english, "validTo"))
        .isEqualTo("The end of validity must come after its start.");
    assertThat(message(english, "memberCodes[0]"))
        .isEqualTo(
            "No member has the code "
                + prefix
                + "-NOBODY in this organisation or in those below it.");
    assertThat(message(english, "memberCodes[1]"))
        .isEqualTo(
            "Member "
                + ofMontero.code()
                + " belongs to another organisation, neither this one nor one below it.");

    Http.Response spanish =
        admin.language("es").post("/api/v1/certificates", Map.of("holderMemberCode", "x"));
    assertThat(spanish.status()).isEqualTo(400);
    assertThat(fields(spanish))
        .containsExactlyInAnyOrder(
            "organisationId",
            "scheme",
            "certificateNumber",
            "certifyingBody",
            "validFrom",
            "validTo");
    assertThat(message(spanish, "scheme")).isEqualTo("Este dato es obligatorio.");

    Map<String, Object> both = certificate(chulucanas, "SPP", prefix + "-2");
    both.put("scopeAllMembers", true);
    both.put("memberCodes", List.of(ofMontero.code()));
    both.put("validTo", "2025-02-30");
    Http.Response badDate = admin.language("fr").post("/api/v1/certificates", both);
    assertThat(badDate.status()).isEqualTo(400);
    assertThat(fields(badDate)).containsExactly("validTo");
    both.put("validTo", today.plusYears(1).toString());
    Http.Response french = admin.language("fr").post("/api/v1/certificates", both);
    assertThat(french.status()).isEqualTo(400);
    assertThat(fields(french)).containsExactly("memberCodes");
    assertThat(message(french, "memberCodes"))
        .isEqualTo("Choisissez tous les membres ou une liste de membres, pas les deux.");

    Map<String, Object> heldAndAll = certificate(montero, "SPP", prefix + "-3");
    heldAndAll.put("holderMemberCode", "cepicafe-montero:" + ofMontero.code());
    heldAndAll.put("scopeAllMembers", true);
    heldAndAll.put("certifyingBody", "x".repeat(201));
    Http.Response held = admin.language("en").post("/api/v1/certificates", heldAndAll);
    assertThat(fields(held)).containsExactlyInAnyOrder("scopeAllMembers", "certifyingBody");
    assertThat(message(held, "certifyingBody")).isEqualTo("Use at most 200 characters.");

    assertThat(counts()).containsExactly(before);
  }

  @Test
  void otherOrganisationsSeeNothingAndOnlyAdministratorsWrite() {
    String prefix = unique("TEN");
    String id = create(certificate(chulucanas, "FAIRTRADE", prefix + "-1"));
    long[] before = counts();

    Http other = Http.basic(port, "agroandino.admin", DemoUsers.PASSWORD);
    assertThat(other.get("/api/v1/certificates/" + id).status()).isEqualTo(404);
    assertThat(
            other.put("/api/v1/certificates/" + id, certificate(chulucanas, "SPP", "x")).status())
        .isEqualTo(404);
    assertThat(other.post(status(id), statusChange("WITHDRAWN", "x")).status()).isEqualTo(404);
    assertThat(ids(other.get("/api/v1/certificates?q=" + prefix))).isEmpty();
    assertThat(other.get("/api/v1/certificates.csv?q=" + prefix).body()).doesNotContain(prefix);
    Http.Response foreign =
        other.post("/api/v1/certificates", certificate(chulucanas, "SPP", prefix + "-2"));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(fields(foreign)).containsExactly("organisationId");

    Http fieldOfficer = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    assertThat(fieldOfficer.get("/api/v1/certificates/" + id).status()).isEqualTo(200);
    Http.Response refused =
        fieldOfficer.post("/api/v1/certificates", certificate(chulucanas, "SPP", prefix + "-3"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(
            fieldOfficer
                .put("/api/v1/certificates/" + id, certificate(chulucanas, "FAIRTRADE", "x"))
                .status())
        .isEqualTo(403);
    assertThat(fieldOfficer.post(status(id), statusChange("WITHDRAWN", "x")).status())
        .isEqualTo(403);

    Http auditor = Http.basic(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(ids(auditor.get("/api/v1/certificates?q=" + prefix))).containsExactly(id);
    assertThat(
            auditor
                .post("/api/v1/certificates", certificate(chulucanas, "SPP", prefix + "-4"))
                .status())
        .isEqualTo(403);

    assertThat(counts()).containsExactly(before);
  }

  record Member(String id, String code) {}

  private Member member(String organisation, String code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", organisation);
    m.put("memberCode", code);
    m.put("kind", "HOUSEHOLD");
    m.put("givenNames", "Santos");
    m.put("familyNames", "Chunga Ipanaqué");
    m.put("gender", "MALE");
    m.put("joinDate", "2015-06-01");
    Http.Response created = admin.post("/api/v1/members", m);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Member(created.json().path("id").asString(), code);
  }

  private Map<String, Object> certificate(String organisation, String scheme, String number) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("organisationId", organisation);
    c.put("scheme", scheme);
    c.put("certificateNumber", number);
    c.put("certifyingBody", "Control Union Perú");
    c.put("validFrom", today.minusDays(100).toString());
    c.put("validTo", today.plusYears(1).toString());
    return c;
  }

  private Map<String, Object> validUntil(String number, LocalDate validTo) {
    Map<String, Object> c = certificate(chulucanas, "EU_ORGANIC", number);
    c.put("validFrom", validTo.minusYears(1).toString());
    c.put("validTo", validTo.toString());
    return c;
  }

  private String create(Map<String, Object> body) {
    Http.Response created = admin.post("/api/v1/certificates", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  private Map<String, Object> statusChange(String status, String reason) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("status", status);
    s.put("effectiveOn", today.toString());
    s.put("reason", reason);
    return s;
  }

  private static String status(String id) {
    return "/api/v1/certificates/" + id + "/status";
  }

  private static List<String> ids(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.json().path("items").forEach(i -> ids.add(i.path("id").asString()));
    return ids;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  private static List<String> fields(Http.Response response) {
    return response.json().path("errors").findValuesAsString("field");
  }

  private static String message(Http.Response response, String field) {
    for (JsonNode e : response.json().path("errors")) {
      if (e.path("field").asString().equals(field)) {
        return e.path("message").asString();
      }
    }
    throw new AssertionError("no error for " + field + " in " + response.body());
  }

  private long[] counts() {
    return new long[] {
      count("select count(*) from certificate"),
      count("select count(*) from certificate_member"),
      count("select count(*) from audit_event")
    };
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private long memberRows(String certificate) {
    return jdbc.sql("select count(*) from certificate_member where certificate_id = ?")
        .param(UUID.fromString(certificate))
        .query(Long.class)
        .single();
  }

  private long audit(String id, String action) {
    return jdbc.sql(
            "select count(*) from audit_event where entity_type = 'certificate'"
                + " and entity_id = ? and action = ?")
        .params(id, action)
        .query(Long.class)
        .single();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
