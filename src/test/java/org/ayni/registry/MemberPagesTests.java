package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The member pages: register through the form, status changes with history, search, paging. */
@AyniIntegrationTest
class MemberPagesTests {

  private static final Pattern ROW = Pattern.compile("<tr>\\s*<td>([^<]*)</td>");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Organisations organisations;
  @Autowired Members members;
  @Autowired java.time.Clock clock;

  Http fieldOfficer;
  String tag;
  UUID base;

  @BeforeEach
  void setUp() {
    fieldOfficer = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    tag = UUID.randomUUID().toString().substring(0, 8);
    // A base organisation of our own, so that searches and pages count only our members.
    OrganisationForm form = new OrganisationForm();
    form.setParentId(organisationId("cepicafe"));
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode("cepicafe-pages-" + tag);
    form.setName("Base de páginas " + tag);
    form.setLanguages(List.of("es"));
    base = organisations.create(null, form).id().value();
  }

  @Test
  void aMemberIsRegisteredThroughTheFormWithHistoryAndAudit() {
    Http.Response form = fieldOfficer.get("/members/new?organisationId=" + base);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("value=\"" + base + "\" selected");

    Http.Response saved =
        fieldOfficer.submit(
            "/members/new?organisationId=" + base, "/members/new", fields("PG-" + tag, "Ofelia"));

    assertThat(saved.status()).isEqualTo(302);
    UUID id = memberId("PG-" + tag);
    assertThat(saved.header("Location")).endsWith("/members/" + id);
    Map<String, Object> row =
        jdbc.sql("select * from member where id = ?").param(id).query().singleRow();
    assertThat(row.get("given_names")).isEqualTo("Ofelia");
    assertThat(row.get("community")).isEqualTo("Pampa de los Silva " + tag);
    assertThat(row.get("birth_date").toString()).isEqualTo("1980-04-12");
    assertThat(row.get("consent_method")).isEqualTo("SIGNED_FORM");
    assertThat(row.get("status")).isEqualTo("ACTIVE");
    assertThat(history(id)).containsExactly("ACTIVE");
    assertThat(audit(id)).containsExactly("create by cepicafe.campo");

    Http.Response view = fieldOfficer.get(path(saved.header("Location")));
    assertThat(view.body())
        .contains("Ofelia Quispe " + tag, "PG-" + tag, "role=\"status\"", "cepicafe.campo");
  }

  @Test
  void aDuplicateMemberCodeShowsTheMessageInTheCodeFieldAndWritesNothing() {
    assertThat(
            fieldOfficer
                .submit("/members/new", "/members/new", fields("DUP-" + tag, "Primera"))
                .status())
        .isEqualTo(302);
    long before = count();

    Http.Response refused =
        fieldOfficer.submit("/members/new", "/members/new", fields("dup-" + tag, "Segunda"));

    assertThat(refused.status()).isEqualTo(200);
    String container = OrganisationPagesTests.fieldContainer(refused.body(), "memberCode");
    assertThat(container)
        .contains("has-error")
        .contains("field-error")
        .contains("Este código ya lo tiene otro socio de la organización.")
        .contains("value=\"dup-" + tag + "\"");
    assertThat(OrganisationPagesTests.fieldContainer(refused.body(), "givenNames"))
        .doesNotContain("has-error")
        .contains("value=\"Segunda\"");
    assertThat(refused.body()).contains("Revise los campos marcados; no se guardó nada.");
    assertThat(count()).isEqualTo(before);
    assertThat(
            jdbc.sql(
                    "select count(*) from member where given_names = 'Segunda' and member_code = ?")
                .param("dup-" + tag)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aStatusChangeIsKeptInTheHistoryAndAReasonIsRequired() {
    fieldOfficer.submit("/members/new", "/members/new", fields("ST-" + tag, "Rosaura"));
    UUID id = memberId("ST-" + tag);
    String page = "/members/" + id;
    String today = LocalDate.now(clock).toString();

    Http.Response noReason =
        fieldOfficer.submit(
            page, page + "/status", Map.of("status", "SUSPENDED", "effectiveOn", today));
    assertThat(noReason.status()).isEqualTo(200);
    assertThat(OrganisationPagesTests.fieldContainer(noReason.body(), "reason"))
        .contains("has-error")
        .contains("Indique el motivo de la suspensión o salida.");
    assertThat(history(id)).containsExactly("ACTIVE");
    assertThat(status(id)).isEqualTo("ACTIVE");

    Http.Response suspended =
        fieldOfficer.submit(
            page,
            page + "/status",
            Map.of("status", "SUSPENDED", "effectiveOn", today, "reason", "Deuda " + tag));
    assertThat(suspended.status()).isEqualTo(302);
    assertThat(status(id)).isEqualTo("SUSPENDED");
    Http.Response back =
        fieldOfficer.submit(
            page, page + "/status", Map.of("status", "ACTIVE", "effectiveOn", today));
    assertThat(back.status()).isEqualTo(302);

    assertThat(history(id)).containsExactly("ACTIVE", "SUSPENDED", "ACTIVE");
    String view = fieldOfficer.get(page).body();
    assertThat(view).contains("Deuda " + tag, "Suspendido");
    assertThat(audit(id))
        .containsExactly(
            "create by cepicafe.campo", "status by cepicafe.campo", "status by cepicafe.campo");

    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(page).status()).isEqualTo(200);
    Http.Response forbidden =
        auditor.form(
            page + "/status",
            Map.of("status", "LEFT", "effectiveOn", today, "reason", "x"),
            auditor.get(page).csrfToken());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(history(id)).hasSize(3);
  }

  @Test
  void membersAreFoundByNameCodeCommunityAndStatus() {
    register("FA-" + tag, "Filomena", "Alto Chulucanas " + tag);
    register("FB-" + tag, "Eusebia", "Alto Chulucanas " + tag);
    register("FC-" + tag, "Filomena", "Bajo Piura " + tag);
    UUID left = memberId("FC-" + tag);
    StatusChangeForm leave = new StatusChangeForm();
    leave.setStatus(MemberStatus.LEFT);
    leave.setEffectiveOn(LocalDate.now(clock));
    leave.setReason("Se mudó");
    members.changeStatus(null, left, leave);

    String inBase = "/members?organisationId=" + base;
    assertThat(codes(fieldOfficer.get(inBase + "&q=filomena")))
        .containsExactlyInAnyOrder("FA-" + tag, "FC-" + tag);
    assertThat(codes(fieldOfficer.get(inBase + "&q=fb-" + tag))).containsExactly("FB-" + tag);
    assertThat(codes(fieldOfficer.get("/members?q=" + "Quispe%20" + tag)))
        .containsExactlyInAnyOrder("FA-" + tag, "FB-" + tag, "FC-" + tag);
    assertThat(codes(fieldOfficer.get(inBase + "&community=alto%20chulucanas")))
        .containsExactlyInAnyOrder("FA-" + tag, "FB-" + tag);
    assertThat(codes(fieldOfficer.get(inBase + "&status=LEFT"))).containsExactly("FC-" + tag);
    assertThat(codes(fieldOfficer.get(inBase + "&status=ACTIVE&q=filomena")))
        .containsExactly("FA-" + tag);
    Http.Response none = fieldOfficer.get(inBase + "&q=nadie-" + tag);
    assertThat(codes(none)).isEmpty();
    assertThat(none.body()).contains("No hay resultados");
  }

  @Test
  void aListOfMoreThan25MembersHasASecondPage() {
    for (int i = 1; i <= 27; i++) {
      register(String.format("PA-%s-%02d", tag, i), "Socia " + i, "Paginado " + tag);
    }
    String list = "/members?organisationId=" + base;

    Http.Response first = fieldOfficer.get(list);
    assertThat(codes(first)).hasSize(25);
    assertThat(first.body()).contains("Página 1 de 2 (27 en total)").contains("rel=\"next\"");
    Matcher next =
        Pattern.compile("href=\"([^\"]*page=1[^\"]*)\" rel=\"next\"").matcher(first.body());
    assertThat(next.find()).isTrue();

    Http.Response second = fieldOfficer.get(path(next.group(1).replace("&amp;", "&")));
    assertThat(second.status()).isEqualTo(200);
    assertThat(codes(second)).hasSize(2);
    assertThat(second.body()).contains("Página 2 de 2 (27 en total)").contains("rel=\"prev\"");
    assertThat(second.body()).doesNotContain("rel=\"next\"");
    List<String> all = new java.util.ArrayList<>(codes(first));
    all.addAll(codes(second));
    assertThat(all).doesNotHaveDuplicates().hasSize(27);
  }

  /** The path and query of a link, which the pages write absolute. */
  private static String path(String url) {
    return url.replaceFirst("^https?://[^/]+", "");
  }

  private void register(String code, String givenNames, String community) {
    MemberForm form = new MemberForm();
    form.setOrganisationId(base);
    form.setMemberCode(code);
    form.setKind(MemberKind.PERSON);
    form.setGivenNames(givenNames);
    form.setFamilyNames("Quispe " + tag);
    form.setGender(Gender.FEMALE);
    form.setCommunity(community);
    form.setJoinDate(LocalDate.of(2018, 6, 1));
    members.register(null, form);
  }

  private Map<String, String> fields(String code, String givenNames) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("organisationId", base.toString());
    f.put("memberCode", code);
    f.put("kind", "PERSON");
    f.put("givenNames", givenNames);
    f.put("familyNames", "Quispe " + tag);
    f.put("gender", "FEMALE");
    f.put("birthDate", "1980-04-12");
    f.put("nationalId", "");
    f.put("community", "Pampa de los Silva " + tag);
    f.put("householdSize", "4");
    f.put("joinDate", "2015-02-01");
    f.put("phone", "");
    f.put("consentDataUse", "true");
    f.put("_consentDataUse", "on");
    f.put("consentDate", "2015-02-01");
    f.put("consentMethod", "SIGNED_FORM");
    f.put("version", "");
    return f;
  }

  /** The member codes in the list of a page (the first column). */
  private static List<String> codes(Http.Response page) {
    assertThat(page.status()).isEqualTo(200);
    int start = page.body().indexOf("id=\"member-list\"");
    assertThat(start).isPositive();
    String table = page.body().substring(start, page.body().indexOf("</table>", start));
    List<String> codes = new java.util.ArrayList<>();
    Matcher m = ROW.matcher(table);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }

  private List<String> history(UUID id) {
    return jdbc.sql(
            "select status from member_status_change where member_id = ? order by recorded_at, id")
        .param(id)
        .query(String.class)
        .list();
  }

  private String status(UUID id) {
    return jdbc.sql("select status from member where id = ?")
        .param(id)
        .query(String.class)
        .single();
  }

  private List<String> audit(UUID id) {
    return jdbc.sql(
            """
            select action || ' by ' || actor from audit_event
            where entity_type = 'member' and entity_id = ? order by occurred_at, id""")
        .param(id.toString())
        .query(String.class)
        .list();
  }

  private long count() {
    return jdbc.sql("select count(*) from member").query(Long.class).single();
  }

  private UUID memberId(String code) {
    return jdbc.sql("select id from member where member_code = ? and organisation_id = ?")
        .params(code, base)
        .query(UUID.class)
        .single();
  }

  private UUID organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single();
  }
}
