package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ayni.demo.DemoUsers;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnits;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A member's delivery recorded on the page reached from the member's trace page: a new lot with the
 * member and plot as its origin, at the local time entered; refused input is shown beside its field
 * and stores nothing; only those who record for the member's organisation may record one.
 */
@AyniIntegrationTest
class ReceiptPagesTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  TraceFixtures f;
  Http session;
  String page;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    page = "/trace/members/" + f.memberA.id() + "/receipts";
  }

  @Test
  void aFieldOfficerRecordsAMembersDeliveryAtTheLocalTimeEntered() {
    assertThat(session.get("/trace/members/" + f.memberA.id()).body())
        .contains("id=\"record-receipt\"", page)
        .as("no delivery yet, and the page says so")
        .contains("Aún no hay entregas registradas de este socio.")
        .doesNotContain("id=\"member-deliveries\"");
    assertThat(session.get("/members/" + f.memberA.id()).body())
        .as("the registry's member page leads there too")
        .contains(page);
    String form = session.get(page).body();
    assertThat(form)
        .contains("id=\"receipt-form\"", f.plotA1.code(), f.plotA2.code(), f.wet.name())
        .as("another member's plot is not offered")
        .doesNotContain(f.plotB1.code())
        .doesNotContain("??");

    assertThat(session.get("/trace/members/" + f.memberB.id() + "/receipts").body())
        .as("the only unit member B delivers from is chosen")
        .containsPattern("value=\"" + f.plotB1.id() + "\"\\s+selected");
    assertThat(form).as("member A has two").doesNotContainPattern("<option[^>]*selected[^>]*>TA");

    Http.Response saved = session.submit(page, page, delivery("12.5", "2026-11-20T07:30"));

    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    String lotPage = java.net.URI.create(saved.header("Location")).getPath();
    assertThat(lotPage).startsWith("/trace/lots/");
    assertThat(session.get(lotPage).body()).contains("RW-" + f.tag, "alert info");
    Map<String, Object> receipt =
        jdbc.sql(
                """
                select r.member_id, r.production_unit_id, r.quantity, r.unit, r.received_at,
                       l.organisation_id, l.quantity_in
                from lot_receipt r join lot l on l.id = r.lot_id where l.code = ?""")
            .param("RW-" + f.tag)
            .query()
            .singleRow();
    assertThat(receipt.get("member_id")).hasToString(f.memberA.id().toString());
    assertThat(receipt.get("production_unit_id")).hasToString(f.plotA1.id().toString());
    assertThat(receipt.get("organisation_id")).hasToString(f.cepicafe.toString());
    assertThat((BigDecimal) receipt.get("quantity_in")).isEqualByComparingTo("12.5");
    assertThat(receipt.get("unit")).isEqualTo(f.wet.unit());
    assertThat(receivedAt(receipt.get("received_at")))
        .as("07:30 in Lima is 12:30 UTC")
        .isEqualTo(OffsetDateTime.of(2026, 11, 20, 12, 30, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void aDeliveryIsPutAtAPlaceNamedAsItsPeopleWriteIt() {
    String place = "Almacén Ñaña – Sector " + f.tag;
    Map<String, String> tooLong = delivery("10", "2026-11-20T07:30");
    tooLong.put("location", "x".repeat(201));
    Http.Response refused = session.submit(page, page, tooLong);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body()).contains("has-error");
    assertThat(lots()).as("nothing stored").isZero();

    Map<String, String> first = delivery("10", "2026-11-20T07:30");
    first.put("location", place);
    Http.Response saved = session.submit(page, page, first);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    String lotPage = java.net.URI.create(saved.header("Location")).getPath();
    String html = session.get(lotPage).body();
    assertThat(html)
        .as("the lot's place and its delivery's, as written (the URN keeps it without accents)")
        .contains(">" + place + " · Cepicafe<")
        .contains("Lugar: " + place + " · Cepicafe")
        .contains("urn:ayni:loc:cepicafe:almacen-nana-sector-" + f.tag);

    // written otherwise the next time, it is the same place, still named as first written
    Map<String, String> second = delivery("5", "2026-11-20T08:30");
    second.put("lotCode", "RW2-" + f.tag);
    second.put("location", "ALMACEN NANA sector " + f.tag);
    assertThat(session.submit(page, page, second).status()).isEqualTo(302);
    assertThat(
            jdbc.sql("select count(distinct location) from lot where code in (?, ?)")
                .params("RW-" + f.tag, "RW2-" + f.tag)
                .query(Long.class)
                .single())
        .isOne();
    Map<String, String> main = delivery("5", "2026-11-20T09:30");
    main.put("lotCode", "RW3-" + f.tag);
    main.put("location", "MAIN");
    assertThat(session.submit(page, page, main).status()).isEqualTo(302);
    assertThat(session.get(page).body())
        .as("the organisation's places offered on its forms (its main one is no name to offer)")
        .contains("<option value=\"" + place + "\">")
        .doesNotContain("<option value=\"ALMACEN NANA", "<option value=\"MAIN\">");
  }

  @Test
  void refusedInputIsShownBesideItsFieldAndNothingIsStored() {
    Map<String, String> wrong = delivery("-3", "2099-01-01T08:00");
    wrong.put("productionUnitId", f.plotB1.id().toString());

    Http.Response refused = session.submit(page, page, wrong);

    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .contains("has-error", "Esta unidad productiva no es del socio ni de uso común")
        .contains("La cantidad debe ser mayor que cero.")
        .contains("La fecha no puede estar en el futuro.")
        .as("what was entered comes back")
        .contains("value=\"2099-01-01T08:00\"");
    Map<String, String> garbled = delivery("5", "ayer");
    assertThat(session.submit(page, page, garbled).body())
        .contains("has-error", "Este valor no tiene el formato esperado.");
    assertThat(session.submit(page, page, delivery("12,5", "2026-01-02T08:00")).body())
        .as("a number's message says what a number must look like")
        .contains("has-error", "Escriba un número, con punto decimal (12.5).");
    assertThat(lots()).as("nothing stored").isZero();
  }

  /**
   * The form offers the member's organisation and those above it; each product is offered for the
   * organisation it belongs to, and another's is refused naming both (QA of 2026-12-07f, finding 5:
   * an association chosen, its central's product refused as "unknown").
   */
  @Test
  void aProductOfAnotherOrganisationThanTheOneChosenIsRefusedNamingBoth() {
    String form = session.get(page).body();
    assertThat(form)
        .contains("data-owns=\"productId\"", "data-none-of=\"productId\"")
        .containsPattern(
            "value=\"" + f.wet.id() + "\"[^>]*data-organisation=\"" + f.cepicafe + "\"");
    Map<String, String> forBase = delivery("12.5", "2026-11-20T07:30");
    forBase.put("organisationId", f.base.id().value().toString());
    String refused = session.submit(page, page, forBase).body();
    assertThat(refused)
        .contains("has-error")
        .contains(
            "«" + f.wet.name() + "» es un producto de ",
            ", no de Base de trazabilidad " + f.tag + ": elija un producto de Base de");
    assertThat(lots()).as("nothing stored").isZero();
  }

  @Test
  void aMemberDeliversFromAUnitItsOrganisationHoldsInCommonButNotFromAnothers() {
    // A community forest or a mining claim belongs to the organisation, not to one member.
    ProductionUnit forest = commonUnit(f.base, "BC-" + f.tag);
    OrganisationForm other = new OrganisationForm();
    other.setParentId(f.cepicafe);
    other.setKind(OrganisationKind.COOPERATIVE);
    other.setCode("cepicafe-other-" + f.tag);
    other.setName("Otra base " + f.tag);
    other.setCountry("PE");
    other.setLanguages(List.of("es"));
    Organisation neighbour = context.getBean(Organisations.class).create(null, other);
    ProductionUnit neighbours = commonUnit(neighbour, "BN-" + f.tag);

    assertThat(session.get(page).body())
        .contains(forest.code(), f.plotA1.code())
        .doesNotContain(neighbours.code(), f.plotB1.code());

    Map<String, String> fromNeighbours = delivery("40", "2026-11-20T07:30");
    fromNeighbours.put("productionUnitId", neighbours.id().toString());
    assertThat(session.submit(page, page, fromNeighbours).body())
        .contains("has-error", "no es del socio ni de uso común de su organización");
    assertThat(lots()).as("nothing stored").isZero();

    Map<String, String> fromForest = delivery("40", "2026-11-20T07:30");
    fromForest.put("productionUnitId", forest.id().toString());
    Http.Response saved = session.submit(page, page, fromForest);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    Http api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    String lot = java.net.URI.create(saved.header("Location")).getPath().substring(12);
    JsonNode plots = api.get("/api/v1/lots/" + lot + "/backward").json().path("plots");
    assertThat(plots).hasSize(1);
    assertThat(plots.get(0).path("code").asString()).isEqualTo(forest.code());
  }

  private ProductionUnit commonUnit(Organisation organisation, String code) {
    ProductionUnitForm form = new ProductionUnitForm();
    form.setOrganisationId(organisation.id().value());
    form.setCode(code);
    form.setName("Bosque comunal " + code);
    form.setKind(ProductionUnitKind.FOREST_UNIT);
    form.setGeometry("{\"type\":\"Point\",\"coordinates\":[-79.9,-5.1]}");
    form.setDeclaredAreaHa(new BigDecimal("120"));
    form.setMainProducts("madera");
    return context.getBean(ProductionUnits.class).create(null, form);
  }

  @Test
  void onlyThoseWhoRecordForTheMembersOrganisationMayRecordADelivery() {
    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get("/trace/members/" + f.memberA.id()).body())
        .doesNotContain("record-receipt");
    assertThat(auditor.get("/members/" + f.memberA.id()).body()).doesNotContain(page);
    assertThat(auditor.get(page).body())
        .contains("alert error", "Usted no registra para la organización de este socio.")
        .as("no form to fill in and send")
        .doesNotContain("receipt-form", "name=\"quantity\"", ">Registrar la entrega<");
    assertThat(auditor.submit(page, page, delivery("5", "")).status()).isEqualTo(403);

    Http outsider = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsider.get(page).status()).isEqualTo(404);
    assertThat(outsider.submit("/trace", page, delivery("5", "")).status()).isEqualTo(404);
    assertThat(lots()).as("nothing stored").isZero();
  }

  private Map<String, String> delivery(String quantity, String receivedOn) {
    Map<String, String> fields = new HashMap<>();
    fields.put("organisationId", f.cepicafe.toString());
    fields.put("productionUnitId", f.plotA1.id().toString());
    fields.put("productId", f.wet.id().toString());
    fields.put("quantity", quantity);
    fields.put("unit", "");
    fields.put("time", receivedOn);
    fields.put("lotCode", "RW-" + f.tag);
    return fields;
  }

  private long lots() {
    return jdbc.sql("select count(*) from lot where code = ?")
        .param("RW-" + f.tag)
        .query(Long.class)
        .single();
  }

  /** A time read from the database (each driver gives its own type), in UTC. */
  static OffsetDateTime receivedAt(Object value) {
    return switch (value) {
      case OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC);
      case java.sql.Timestamp t -> t.toInstant().atOffset(ZoneOffset.UTC);
      case java.time.Instant t -> t.atOffset(ZoneOffset.UTC);
      default -> throw new IllegalStateException(value.getClass().getName());
    };
  }
}
