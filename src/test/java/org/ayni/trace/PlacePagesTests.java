package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ayni.demo.DemoUsers;
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
 * An organisation's places page: the places its forms named with the lots at each; a new name
 * changes what pages show (not the events' URN) and names the same place when written again; a
 * place no longer offered leaves the forms' suggestions until written again; only those who record
 * for the organisation change its places (QA of 2026-12-07, item 18).
 */
@AyniIntegrationTest
class PlacePagesTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  TraceFixtures f;
  Http api;
  Http session;
  String page;
  String place;
  String urn;
  String lot;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    session = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    page = "/trace/places?organisationId=" + f.cepicafe;
    place = "Almacen Nana mal escrito " + f.tag;
    urn = "urn:ayni:loc:cepicafe:almacen-nana-mal-escrito-" + f.tag;
    lot = delivery("PL-" + f.tag, place);
  }

  @Test
  void aPlaceRenamedIsShownByItsNewNameAndWrittenAgainIsTheSamePlace() {
    String listed = session.get(page).body();
    assertThat(listed).contains(urn, "value=\"" + place + "\"", "Se ofrece").doesNotContain("??");
    int main = listed.indexOf("urn:ayni:loc:cepicafe:main");
    assertThat(listed.substring(listed.lastIndexOf("<tr", main), main))
        .as("the main site, not renamed nor withdrawn")
        .contains(">sede principal<")
        .doesNotContain("/trace/places/name");
    int row = listed.indexOf(urn);
    assertThat(listed.substring(row, listed.indexOf("</tr>", row)))
        .as("the lot it holds there, linked to the lot list at the place")
        .contains(
            "href=\"/trace/lots?organisationId="
                + f.cepicafe
                + "&amp;location="
                + urn
                + "&amp;inStock=true\"",
            ">1</a>");
    String there =
        session.get("/trace/lots?organisationId=" + f.cepicafe + "&location=" + urn).body();
    assertThat(there)
        .contains("PL-" + f.tag, "<td class=\"place\">" + place + " · Cepicafe</td>")
        .contains("<option value=\"" + urn + "\" selected=\"selected\">" + place + "</option>");
    assertThat(
            session
                .get(
                    "/trace/lots?organisationId="
                        + f.cepicafe
                        + "&location=urn:ayni:loc:cepicafe:main&q=PL-"
                        + f.tag)
                .body())
        .as("not at the main site")
        .doesNotContain("/trace/lots/" + lot);

    String name = "Almacén Ñaña – Sector " + f.tag;
    Http.Response renamed = session.submit(page, "/trace/places/name", rename(urn, name));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(302);
    assertThat(session.get("/trace/lots/" + lot).body())
        .as("pages show the new name")
        .contains(">" + name + " · Cepicafe<");
    assertThat(location("PL-" + f.tag)).as("the lot's place is the same URN").isEqualTo(urn);
    assertThat(
            jdbc.sql("select count(*) from audit_event where action = 'rename' and details like ?")
                .param("%" + urn + "%")
                .query(Long.class)
                .single())
        .isOne();

    // written as its people now write it, without the accents, it is the same place
    delivery("PL2-" + f.tag, "ALMACEN NANA - sector " + f.tag);
    assertThat(location("PL2-" + f.tag)).isEqualTo(urn);
    assertThat(session.get(page).body()).contains(">2</a>");

    // its former name is free: written again, it is another place (QA of 2026-12-07, b2)
    delivery("PL3-" + f.tag, place);
    assertThat(location("PL3-" + f.tag)).isEqualTo(urn + "-2");
    assertThat(name(urn + "-2")).isEqualTo(place);
  }

  @Test
  void theMainSiteIsNamedAsThePagesNameItAndNoOtherPlaceTakesItsName() {
    delivery("PM-" + f.tag, "Sede principal");
    delivery("PM2-" + f.tag, "main site");
    assertThat(location("PM-" + f.tag)).isEqualTo("urn:ayni:loc:cepicafe:main");
    assertThat(location("PM2-" + f.tag)).isEqualTo("urn:ayni:loc:cepicafe:main");
    for (String main : List.of("sede principal", "Main Site", "Site principal", "MAIN")) {
      assertThat(session.submit(page, "/trace/places/name", rename(urn, main)).body())
          .as(main)
          .contains("Otro lugar de la organización, o su sede principal, ya tiene ese nombre.");
    }
    assertThat(name(urn)).isEqualTo(place);

    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, "PX-" + f.tag, 40);
    for (String noName : List.of("---", "\u200B", "###")) {
      receipt.put("location", noName);
      Http.Response refused = api.post("/api/v1/trace/receipts", receipt);
      assertThat(refused.status()).as(noName).isEqualTo(400);
      assertThat(refused.json().path("errors").get(0).path("field").asString())
          .isEqualTo("location");
    }
    assertThat(session.submit(page, "/trace/places/name", rename(urn, "\u200B")).body())
        .contains("Escriba el nombre del lugar con letras o números.");
  }

  @Test
  void aNameAnotherPlaceHasIsRefusedBesideTheFieldAndNothingChanges() {
    String other = "Bodega Norte " + f.tag;
    delivery("PN-" + f.tag, other);
    Http.Response taken =
        session.submit(page, "/trace/places/name", rename(urn, "bodega norte " + f.tag));
    assertThat(taken.status()).isEqualTo(200);
    assertThat(taken.body())
        .contains(
            "has-error", "Otro lugar de la organización, o su sede principal, ya tiene ese nombre.")
        .as("what was written comes back in its row")
        .contains("value=\"bodega norte " + f.tag + "\"");
    Http.Response empty = session.submit(page, "/trace/places/name", rename(urn, " "));
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).contains("has-error");
    Http.Response main = session.submit(page, "/trace/places/name", rename(urn, "Main"));
    assertThat(main.body())
        .contains("Otro lugar de la organización, o su sede principal, ya tiene ese nombre.");
    assertThat(name(urn)).as("nothing changed").isEqualTo(place);
  }

  @Test
  void aPlaceNoLongerOfferedLeavesTheSuggestionsUntilWrittenAgain() {
    String receipts = "/trace/members/" + f.memberA.id() + "/receipts";
    assertThat(session.get(receipts).body()).contains("<option value=\"" + place + "\">");
    Map<String, String> withdraw = new HashMap<>();
    withdraw.put("organisationId", f.cepicafe.toString());
    withdraw.put("location", urn);
    withdraw.put("offered", "false");
    assertThat(session.submit(page, "/trace/places/offered", withdraw).status()).isEqualTo(302);
    assertThat(session.get(receipts).body()).doesNotContain("<option value=\"" + place + "\">");
    assertThat(session.get(page).body()).contains("Ya no se ofrece", "Ofrecer de nuevo");
    assertThat(session.get("/trace/lots/" + lot).body())
        .as("its lots are still shown there by its name")
        .contains(">" + place + " · Cepicafe<");

    delivery("PO-" + f.tag, place);
    assertThat(session.get(receipts).body())
        .as("written again on a form, it is offered again")
        .contains("<option value=\"" + place + "\">");
  }

  @Test
  void onlyThoseWhoRecordForTheOrganisationChangeItsPlaces() {
    Http auditor = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD);
    assertThat(auditor.get(page).body())
        .as("a reader sees the places, without the forms")
        .contains(urn)
        .doesNotContain("/trace/places/name");
    assertThat(auditor.submit(page, "/trace/places/name", rename(urn, "Otro " + f.tag)).status())
        .isEqualTo(403);

    Http outsider = Http.session(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsider.get(page).body())
        .doesNotContain(urn, place)
        .contains("Usted no lee esa organización: elija una de las suyas.");
    Http.Response refused =
        outsider.submit("/trace/places", "/trace/places/name", rename(urn, "Otro " + f.tag));
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .contains("Organización desconocida o fuera de su alcance.")
        .doesNotContain(urn, place);
    // the lot list at another organisation's place: none of its lots, nor the place's name
    String there = "/trace/lots?organisationId=" + f.cepicafe + "&location=" + urn;
    assertThat(outsider.get(there).body()).doesNotContain(place, "PL-" + f.tag);
    assertThat(outsider.get("/trace/lots/export.csv?location=" + urn).body())
        .doesNotContain(place, "PL-" + f.tag);
    Http outsiderApi = Http.basic(port, "agroandino.campo", DemoUsers.PASSWORD);
    assertThat(outsiderApi.get("/api/v1/lots?location=" + urn).json().path("items")).isEmpty();
    Map<String, String> withdraw = rename(urn, null);
    withdraw.put("offered", "false");
    outsider.submit("/trace/places", "/trace/places/offered", withdraw);
    assertThat(name(urn)).isEqualTo(place);
    assertThat(
            jdbc.sql("select offered from trace_place where location = ?")
                .param(urn)
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void aCentralsPlaceCountsWhatTheListItLinksToShows() {
    // a base organisation's lot at the central's collection centre, as the base's system reports it
    String event =
        """
        {"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
         "type":"ObjectEvent","eventTime":"2026-05-04T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"receiving",
         "disposition":"active","bizLocation":{"id":"%s"},
         "quantityList":[{"epcClass":"urn:ayni:lot:%s:PB-%s","quantity":5,"uom":"KGM"}]}"""
            .formatted(urn, f.base.code(), f.tag);
    Http.Response captured =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .actingFor(f.base.code())
            .post("/epcis/events", event);
    assertThat(captured.status()).as(captured.body()).isEqualTo(201);

    // and one the base shipped its central, received at the central's place (review 2026-12-07c, 2)
    Http.Response other =
        Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD)
            .actingFor(f.base.code())
            .post(
                "/epcis/events",
                event
                    .replace(",\"bizLocation\":{\"id\":\"" + urn + "\"}", "")
                    .replace("PB-", "PC-"));
    assertThat(other.status()).as(other.body()).isEqualTo(201);
    String shipped = lotId("PC-" + f.tag);
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", f.base.id().value());
    shipment.put("lots", List.of(TraceFixtures.input(shipped, 2)));
    shipment.put("buyerOrganisationId", f.cepicafe);
    shipment.put("shippedAt", "2026-05-05T08:00:00-05:00");
    Http.Response sent = api.post("/api/v1/trace/shipments", shipment);
    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    Map<String, Object> receipt = new HashMap<>();
    receipt.put("organisationId", f.cepicafe);
    receipt.put("lotIdentifier", "urn:ayni:lot:" + f.base.code() + ":PC-" + f.tag);
    receipt.put("quantity", 2);
    receipt.put("receivedAt", "2026-05-05T10:00:00-05:00");
    receipt.put("location", place);
    Http.Response in = api.post("/api/v1/trace/organisation-receipts", receipt);
    assertThat(in.status()).as(in.body()).isEqualTo(201);

    JsonNode places = api.get("/api/v1/places?organisationId=" + f.cepicafe).json();
    long counted = 0;
    for (JsonNode p : places) {
      if (p.path("location").asString().equals(urn)) {
        counted = p.path("lots").asLong();
      }
    }
    JsonNode listed =
        api.get(
                "/api/v1/lots?inStock=true&organisationId="
                    + f.cepicafe
                    + "&location="
                    + urn
                    + "&size=100")
            .json();
    assertThat(listed.path("items").findValuesAsString("code"))
        .contains("PL-" + f.tag, "PB-" + f.tag, "PC-" + f.tag);
    assertThat(counted)
        .as("the count and the list it links to agree (QA of 2026-12-07c, 3)")
        .isEqualTo(listed.path("totalItems").asLong())
        .isEqualTo(3);
  }

  @Test
  void theApiListsRenamesAndOffersPlacesAsThePageDoes() {
    String list = "/api/v1/places?organisationId=" + f.cepicafe;
    JsonNode places = api.get(list).json();
    assertThat(places.findValuesAsString("location")).contains(urn);
    assertThat(places.get(0).path("location").asString())
        .as("the main site first, with the lots there")
        .isEqualTo("urn:ayni:loc:cepicafe:main");
    assertThat(places.get(0).path("lots").asLong()).isPositive();
    Map<String, Object> rename = new HashMap<>();
    rename.put("organisationId", f.cepicafe);
    rename.put("location", urn);
    rename.put("name", "Almacén Ñaña " + f.tag);
    Http.Response renamed = api.post("/api/v1/places/name", rename);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().path("name").asString()).isEqualTo("Almacén Ñaña " + f.tag);
    assertThat(renamed.json().path("lots").asLong()).isOne();

    Map<String, Object> offer = new HashMap<>();
    offer.put("organisationId", f.cepicafe);
    offer.put("location", urn);
    Http.Response missing = api.post("/api/v1/places/offered", offer);
    assertThat(missing.status()).as("offered or not, said").isEqualTo(400);
    assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("offered");
    offer.put("offered", false);
    assertThat(api.post("/api/v1/places/offered", offer).json().path("offered").asBoolean())
        .isFalse();

    Http outsider = Http.basic(port, "agroandino.admin", DemoUsers.PASSWORD);
    assertThat(outsider.get(list).status()).isEqualTo(404);
    Http.Response refused = outsider.post("/api/v1/places/name", rename);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).doesNotContain(urn);
  }

  private Map<String, String> rename(String location, String name) {
    Map<String, String> form = new HashMap<>();
    form.put("organisationId", f.cepicafe.toString());
    form.put("location", location);
    if (name != null) {
      form.put("name", name);
    }
    return form;
  }

  private String delivery(String code, String location) {
    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, code, 40);
    receipt.put("location", location);
    return TraceChainTests.created(api.post("/api/v1/trace/receipts", receipt));
  }

  private String location(String code) {
    return jdbc.sql("select location from lot where code = ?")
        .param(code)
        .query(String.class)
        .single();
  }

  private String lotId(String code) {
    return jdbc.sql("select id from lot where code = ?")
        .param(code)
        .query(java.util.UUID.class)
        .single()
        .toString();
  }

  private String name(String location) {
    return jdbc.sql("select name from trace_place where location = ?")
        .param(location)
        .query(String.class)
        .single();
  }
}
