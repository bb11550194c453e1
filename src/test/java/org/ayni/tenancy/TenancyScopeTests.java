package org.ayni.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.demo.DemoUsers;
import org.ayni.registry.Gender;
import org.ayni.registry.Member;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Who sees what in the organisation tree: a central co-operative's staff see its base
 * organisations' members; someone whose only role is in one base organisation sees neither the
 * central's members nor those of the sibling base organisations.
 */
@AyniIntegrationTest
class TenancyScopeTests {

  @LocalServerPort int port;
  @Autowired Organisations organisations;
  @Autowired Members members;
  @Autowired UserAccounts accounts;
  @Autowired JdbcClient jdbc;

  String tag;
  UUID central;
  Organisation base;
  Organisation sibling;
  Member centralMember;
  Member baseMember;
  Member siblingMember;

  @BeforeEach
  void setUp() {
    tag = UUID.randomUUID().toString().substring(0, 8);
    central =
        jdbc.sql("select id from organisation where code = 'cepicafe'").query(UUID.class).single();
    base = organisation("cepicafe-scope-a-" + tag, "Scopetest Base A " + tag);
    sibling = organisation("cepicafe-scope-b-" + tag, "Scopetest Base B " + tag);
    centralMember = member(central, "SC-" + tag, "Centralina");
    baseMember = member(base.id().value(), "SA-" + tag, "Basilia");
    siblingMember = member(sibling.id().value(), "SB-" + tag, "Hermelinda");
  }

  @Test
  void theCentralsAdministratorSeesTheMembersOfItsBaseOrganisations() {
    Http admin = Http.basic(port, "cepicafe.admin", DemoUsers.PASSWORD);

    JsonNode all = admin.get("/api/v1/members?q=" + tag + "&size=100").json();
    assertThat(codes(all))
        .containsExactlyInAnyOrder(
            centralMember.memberCode(), baseMember.memberCode(), siblingMember.memberCode());
    JsonNode underCentral =
        admin.get("/api/v1/members?q=" + tag + "&organisationId=" + central).json();
    assertThat(codes(underCentral)).hasSize(3);
    JsonNode underBase =
        admin.get("/api/v1/members?q=" + tag + "&organisationId=" + base.id()).json();
    assertThat(codes(underBase)).containsExactly(baseMember.memberCode());

    Http.Response one = admin.get("/api/v1/members/" + siblingMember.id());
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("givenNames").asString()).isEqualTo("Hermelinda");

    Http page = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Http.Response list = page.get("/members?q=" + tag);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("Centralina", "Basilia", "Hermelinda");
    assertThat(page.get("/members/" + baseMember.id()).status()).isEqualTo(200);
    assertThat(page.get("/organisations/" + base.id()).body()).contains(base.name());
  }

  @Test
  void aUserOfOneBaseOrganisationSeesNeitherTheCentralNorTheSiblings() {
    String username = "scope.base." + tag;
    UUID user =
        accounts.create(
            null,
            new UserAccounts.NewUser(
                username, "scope-Password-2026", "Scope Base " + tag, null, false, "es"));
    accounts.grant(null, user, base.id(), Role.FIELD_OFFICER);
    Http api = Http.basic(port, username, "scope-Password-2026");

    JsonNode all = api.get("/api/v1/members?q=" + tag + "&size=100").json();
    assertThat(codes(all)).containsExactly(baseMember.memberCode());
    assertThat(all.path("totalItems").asLong()).isEqualTo(1);
    JsonNode underCentral =
        api.get("/api/v1/members?q=" + tag + "&organisationId=" + central).json();
    assertThat(codes(underCentral)).containsExactly(baseMember.memberCode());
    JsonNode underSibling = api.get("/api/v1/members?organisationId=" + sibling.id()).json();
    assertThat(underSibling.path("items")).isEmpty();
    assertThat(underSibling.path("totalItems").asLong()).isZero();

    assertThat(api.get("/api/v1/members/" + baseMember.id()).status()).isEqualTo(200);
    for (Member hidden : List.of(centralMember, siblingMember)) {
      Http.Response r = api.get("/api/v1/members/" + hidden.id());
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body()).doesNotContain(hidden.memberCode()).doesNotContain(hidden.givenNames());
      assertThat(api.get("/api/v1/members/" + hidden.id() + "/status-history").status())
          .isEqualTo(404);
    }
    assertThat(api.get("/api/v1/organisations/" + central).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/organisations/" + sibling.id()).status()).isEqualTo(404);
    JsonNode visible = api.get("/api/v1/organisations?size=500").json();
    assertThat(visible.path("items").findValuesAsString("code")).containsExactly(base.code());

    Http.Response csv = api.get("/api/v1/members.csv?q=" + tag);
    assertThat(csv.body())
        .contains(baseMember.memberCode())
        .doesNotContain(centralMember.memberCode())
        .doesNotContain(siblingMember.memberCode());

    Http page = Http.session(port, username, "scope-Password-2026");
    Http.Response list = page.get("/members?q=" + tag);
    assertThat(list.body())
        .contains("Basilia")
        .doesNotContain("Centralina")
        .doesNotContain("Hermelinda");
    assertThat(page.get("/members/" + siblingMember.id()).status()).isEqualTo(404);
    assertThat(page.get("/members/" + centralMember.id()).status()).isEqualTo(404);
    assertThat(page.get("/organisations/" + central).status()).isEqualTo(404);
  }

  private static List<String> codes(JsonNode page) {
    return page.path("items").findValuesAsString("memberCode");
  }

  private Organisation organisation(String code, String name) {
    OrganisationForm form = new OrganisationForm();
    form.setParentId(central);
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode(code);
    form.setName(name);
    form.setCountry("PE");
    form.setLanguages(List.of("es"));
    return organisations.create(null, form);
  }

  private Member member(UUID organisation, String code, String givenNames) {
    MemberForm form = new MemberForm();
    form.setOrganisationId(organisation);
    form.setMemberCode(code);
    form.setKind(MemberKind.PERSON);
    form.setGivenNames(givenNames);
    form.setFamilyNames("Scopetest " + tag);
    form.setGender(Gender.FEMALE);
    form.setJoinDate(LocalDate.of(2021, 3, 1));
    return members.register(null, form);
  }
}
