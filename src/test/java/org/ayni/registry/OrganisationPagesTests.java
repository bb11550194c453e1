package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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

/** The organisation pages: create, validate, edit with locking, deactivate; who may do what. */
@AyniIntegrationTest
class OrganisationPagesTests {

  private static final Pattern FIELD =
      Pattern.compile("<(div|fieldset) class=\"field[^\"]*\">(.*?)</\\1>", Pattern.DOTALL);

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Http admin;
  String tag;
  String cepicafe;

  @BeforeEach
  void setUp() {
    admin = Http.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    tag = UUID.randomUUID().toString().substring(0, 8);
    cepicafe = organisationId("cepicafe");
  }

  @Test
  void aCentralsAdministratorCreatesABaseOrganisationThroughTheForm() {
    String newPage = "/organisations/new?parentId=" + cepicafe;
    Http.Response form = admin.get(newPage);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"code\"", "value=\"" + cepicafe + "\" selected");
    assertThat(fieldContainer(form.body(), "timeZone"))
        .as("the parent's clock offered, among the time zones to choose from")
        .contains("value=\"America/Lima\"", "<option value=\"Europe/Brussels\">");

    Http.Response saved =
        admin.submit(
            newPage, "/organisations/new", fields("pagebase-" + tag, "Base por página " + tag));

    assertThat(saved.status()).isEqualTo(302);
    String id = organisationId("pagebase-" + tag);
    assertThat(saved.header("Location")).endsWith("/organisations/" + id);
    Map<String, Object> row = row(id);
    assertThat(row.get("parent_id")).isEqualTo(UUID.fromString(cepicafe));
    assertThat(row.get("languages")).isEqualTo("es");
    assertThat(row.get("name")).isEqualTo("Base por página " + tag);
    assertThat(row.get("time_zone")).isEqualTo("America/Lima");
    Http.Response view = admin.get("/organisations/" + id);
    assertThat(view.body()).contains("Base por página " + tag, "role=\"status\"");
    assertThat(audit(id)).containsExactly("create by cepicafe.admin");
  }

  @Test
  void problemsShowBesideTheirFieldsAndNothingIsWritten() {
    long before = count();
    Map<String, String> bad = fields("badpage-" + tag, "Base con errores " + tag);
    bad.put("legalId", "20123456780");
    bad.put("contactEmail", "sin-arroba");
    Http.Response refused =
        admin.submit("/organisations/new?parentId=" + cepicafe, "/organisations/new", bad);

    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body()).contains("Revise los campos marcados; no se guardó nada.");
    assertThat(fieldContainer(refused.body(), "legalId"))
        .contains("has-error")
        .contains("No es un RUC válido: 11 cifras y dígito verificador de SUNAT.");
    assertThat(fieldContainer(refused.body(), "contactEmail"))
        .contains("has-error")
        .contains("Escriba un correo electrónico válido.");
    assertThat(fieldContainer(refused.body(), "name")).doesNotContain("has-error");
    assertThat(refused.body()).contains("value=\"Base con errores " + tag + "\"");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aCentralsAdministratorMayNotCreateATopLevelOrganisationNorTouchAnotherOne() {
    assertThat(admin.get("/organisations/new").status()).isEqualTo(403);
    long before = count();
    Map<String, String> topLevel = fields("toppage-" + tag, "Intento " + tag);
    topLevel.remove("parentId");
    Http.Response refused =
        admin.form("/organisations/new", topLevel, admin.get("/organisations").csrfToken());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("Solo un administrador de la plataforma puede hacer esto.");
    assertThat(count()).isEqualTo(before);

    String agroandino = organisationId("agroandino");
    Map<String, Object> unchanged = row(agroandino);
    assertThat(admin.get("/organisations/" + agroandino).status()).isEqualTo(404);
    assertThat(admin.get("/organisations/" + agroandino + "/edit").status()).isEqualTo(404);
    Map<String, String> change = fields("agroandino", "Tomada " + tag);
    change.put("version", String.valueOf(unchanged.get("version")));
    String token = admin.get("/organisations").csrfToken();
    Http.Response edit = admin.form("/organisations/" + agroandino + "/edit", change, token);
    Http.Response off =
        admin.form("/organisations/" + agroandino + "/active", Map.of("active", "false"), token);
    assertThat(edit.status()).isEqualTo(404);
    assertThat(off.status()).isEqualTo(404);
    assertThat(edit.body()).doesNotContain("AgroAndino");
    assertThat(row(agroandino)).isEqualTo(unchanged);
  }

  @Test
  void anEditOverAnotherOnesChangeIsAConflictAndDeactivationIsReversible() {
    admin.submit(
        "/organisations/new?parentId=" + cepicafe,
        "/organisations/new",
        fields("edit-" + tag, "Para editar " + tag));
    String id = organisationId("edit-" + tag);
    String editPage = "/organisations/" + id + "/edit";
    assertThat(admin.get(editPage).body()).contains("name=\"version\" value=\"0\"");

    Map<String, String> first = fields("edit-" + tag, "Editada " + tag);
    first.put("version", "0");
    Http.Response saved = admin.submit(editPage, editPage, first);
    assertThat(saved.status()).isEqualTo(302);
    assertThat(row(id).get("name")).isEqualTo("Editada " + tag);
    Map<String, Object> afterFirst = row(id);

    Map<String, String> stale = fields("edit-" + tag, "Perdida " + tag);
    stale.put("version", "0");
    Http.Response conflict = admin.submit(editPage, editPage, stale);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.body()).contains("Alguien cambió este registro mientras usted lo editaba.");
    assertThat(row(id)).isEqualTo(afterFirst);

    Http.Response off =
        admin.submit(
            "/organisations/" + id, "/organisations/" + id + "/active", Map.of("active", "false"));
    assertThat(off.status()).isEqualTo(302);
    assertThat(row(id).get("active")).isEqualTo(false);
    assertThat(admin.get("/organisations/" + id).body()).contains("badge inactive");
    Http.Response on =
        admin.submit(
            "/organisations/" + id, "/organisations/" + id + "/active", Map.of("active", "true"));
    assertThat(on.status()).isEqualTo(302);
    assertThat(row(id).get("active")).isEqualTo(true);
    assertThat(audit(id))
        .containsExactly(
            "create by cepicafe.admin",
            "update by cepicafe.admin",
            "deactivate by cepicafe.admin",
            "reactivate by cepicafe.admin");
  }

  @Test
  void anOrganisationOutsidePeruIsAskedForItsTimeZoneBesideTheField() {
    Http platform = Http.session(port, "admin", DemoUsers.PASSWORD);
    long before = count();
    Map<String, String> abroad = fields("pagebxl-" + tag, "Importadora " + tag);
    abroad.remove("parentId");
    abroad.remove("legalId");
    abroad.put("kind", "COMPANY");
    abroad.put("country", "BE");
    Http.Response refused = platform.submit("/organisations/new", "/organisations/new", abroad);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(fieldContainer(refused.body(), "timeZone"))
        .contains("has-error", "Indique la zona horaria de la organización");
    assertThat(count()).as("nothing stored").isEqualTo(before);

    abroad.put("timeZone", "Europe/Brussels");
    Http.Response saved = platform.submit("/organisations/new", "/organisations/new", abroad);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(platform.get(URI.create(saved.header("Location")).getPath()).body())
        .contains("Zona horaria", "Europe/Brussels");
  }

  @Test
  void thePlatformAdministratorCreatesATopLevelOrganisationThroughTheForm() {
    Http platform = Http.session(port, "admin", DemoUsers.PASSWORD);
    Map<String, String> top = fields("pagetop-" + tag, "Organización nueva " + tag);
    top.remove("parentId");
    top.put("kind", "ARTISAN_NETWORK");
    Http.Response saved = platform.submit("/organisations/new", "/organisations/new", top);
    assertThat(saved.status()).isEqualTo(302);
    String id = organisationId("pagetop-" + tag);
    assertThat(row(id).get("parent_id")).isNull();
    assertThat(audit(id)).containsExactly("create by admin");
  }

  private Map<String, String> fields(String code, String name) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("parentId", cepicafe);
    f.put("kind", "COOPERATIVE");
    f.put("code", code);
    f.put("name", name);
    f.put("country", "PE");
    f.put("region", "Piura – Morropón");
    f.put("legalId", OrganisationApiTests.ruc("2052519876"));
    f.put("contactEmail", "base-" + tag + "@example.org");
    f.put("languages", "es");
    f.put("_languages", "on");
    f.put("foundedYear", "1999");
    f.put("version", "");
    return f;
  }

  /** The field's container (label, input, message) of a rendered form. */
  static String fieldContainer(String page, String field) {
    Matcher m = FIELD.matcher(page);
    while (m.find()) {
      if (m.group(2).contains("id=\"" + field + "\"")
          || m.group(2).contains("name=\"" + field + "\"")) {
        return m.group();
      }
    }
    throw new AssertionError("no field container for " + field);
  }

  private List<String> audit(String id) {
    return jdbc.sql(
            """
            select action || ' by ' || actor from audit_event
            where entity_type = 'organisation' and entity_id = ? order by occurred_at, id""")
        .param(id)
        .query(String.class)
        .list();
  }

  private long count() {
    return jdbc.sql("select count(*) from organisation").query(Long.class).single();
  }

  private Map<String, Object> row(String id) {
    return jdbc.sql("select * from organisation where id = ?")
        .param(UUID.fromString(id))
        .query()
        .singleRow();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
