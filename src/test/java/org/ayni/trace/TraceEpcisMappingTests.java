package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import tools.jackson.databind.JsonNode;

/**
 * What each operation writes into the event log, read back as EPCIS 2.0 (GET /epcis/events/{id}):
 * the event type, action, bizStep, disposition, parties, papers and quantities of the table "Events
 * the operations record" in docs/epcis-vocabulary.md, row by row. Buyers' and auditors' systems
 * read these fields, not our pages, so a step written in our words where CBV has one, or a shipment
 * without its destination, is a fault even where the lots and traces come out right.
 */
@AyniIntegrationTest
class TraceEpcisMappingTests {

  private static final String OURS = "https://ayni.org/voc/bizstep/";

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  TraceFixtures f;
  Http campo;
  String t;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    campo = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    t = f.tag;
  }

  @Test
  void aMembersDeliveryIsAnAddReceivingFromTheMemberAndThePlotToTheOrganisation() {
    JsonNode event =
        event(
            campo,
            recorded(
                campo.post(
                    "/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "D-" + t, 100))));

    assertThat(row(event)).isEqualTo(tuple("ObjectEvent", "ADD", "receiving", "active"));
    assertThat(quantities(event.path("quantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:D-" + t, 100.0, "KGM"));
    String base = f.base.code();
    assertThat(parties(event.path("sourceList"), "source"))
        .containsExactlyInAnyOrder(
            tuple("owning_party", "urn:ayni:member:" + base + ":" + f.memberA.memberCode()),
            tuple("location", "urn:ayni:unit:" + base + ":" + f.plotA1.code()));
    assertThat(parties(event.path("destinationList"), "destination"))
        .containsExactly(tuple("owning_party", "urn:ayni:org:cepicafe"));
  }

  /**
   * A place written on a form as an SGLN is the event's place as written, and the lot's; a name is
   * the organisation's place of that name; none is its main site.
   */
  @Test
  void theEventsPlaceIsTheSglnWrittenOrTheOrganisationsPlaceOfThatName() {
    String sgln = "urn:epc:id:sgln:0614141.07346.1234";
    Map<String, Object> atSgln = f.receipt(f.memberA, f.plotA1, "PS-" + t, 10);
    atSgln.put("location", sgln);
    Http.Response received = campo.post("/api/v1/trace/receipts", atSgln);
    assertThat(event(campo, received).path("bizLocation").path("id").asString()).isEqualTo(sgln);
    assertThat(
            campo
                .get("/api/v1/lots/" + lot(received))
                .json()
                .path("lot")
                .path("location")
                .asString())
        .isEqualTo(sgln);

    Map<String, Object> named = f.receipt(f.memberA, f.plotA1, "PN-" + t, 10);
    named.put("location", "Almacén Ñaña " + t);
    assertThat(
            event(campo, campo.post("/api/v1/trace/receipts", named))
                .path("bizLocation")
                .path("id")
                .asString())
        .isEqualTo("urn:ayni:loc:cepicafe:almacen-nana-" + t);

    assertThat(
            event(
                    campo,
                    campo.post(
                        "/api/v1/trace/receipts", f.receipt(f.memberA, f.plotA1, "PM-" + t, 10)))
                .path("bizLocation")
                .path("id")
                .asString())
        .isEqualTo("urn:ayni:loc:cepicafe:main");
  }

  @Test
  void transformationsSplitsAndMergesAreTransformationEventsInTheirSteps() {
    String delivery = f.delivered(campo, f.memberB, f.plotB1, "D-" + t, 100);

    Http.Response fermented =
        campo.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.FERMENTING,
                List.of(TraceFixtures.input(delivery, 100)),
                List.of(TraceFixtures.output(f.fermented, "F-" + t, 90))));
    JsonNode fermenting = event(campo, fermented);
    assertThat(row(fermenting))
        .as("a TransformationEvent has no action")
        .isEqualTo(tuple("TransformationEvent", null, OURS + "fermenting", "active"));
    assertThat(quantities(fermenting.path("inputQuantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:D-" + t, 100.0, "KGM"));
    assertThat(quantities(fermenting.path("outputQuantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:F-" + t, 90.0, "KGM"));

    // a product with a GTIN names its lots by GS1 Digital Link
    Http.Response dried =
        campo.post(
            "/api/v1/trace/transformations",
            f.transformation(
                TraceStep.DRYING,
                List.of(TraceFixtures.input(lot(fermented), 90)),
                List.of(TraceFixtures.output(f.dry, "S-" + t, 36))));
    JsonNode drying = event(campo, dried);
    assertThat(row(drying))
        .isEqualTo(tuple("TransformationEvent", null, OURS + "drying", "active"));
    String dry = "https://id.gs1.org/01/" + f.dry.gtin() + "/10/S-" + t;
    assertThat(quantities(drying.path("outputQuantityList")))
        .containsExactly(tuple(dry, 36.0, "KGM"));

    Http.Response split =
        campo.post(
            "/api/v1/lots/" + lot(dried) + "/split",
            Map.of(
                "parts",
                List.of(
                    Map.of("lotCode", "SA-" + t, "quantity", 20),
                    Map.of("lotCode", "SB-" + t, "quantity", 10))));
    JsonNode splitting = event(campo, split);
    assertThat(row(splitting))
        .isEqualTo(tuple("TransformationEvent", null, OURS + "splitting", "active"));
    assertThat(quantities(splitting.path("inputQuantityList")))
        .as("the quantity split off, not what the lot held")
        .containsExactly(tuple(dry, 30.0, "KGM"));
    String partA = "https://id.gs1.org/01/" + f.dry.gtin() + "/10/SA-" + t;
    String partB = "https://id.gs1.org/01/" + f.dry.gtin() + "/10/SB-" + t;
    assertThat(quantities(splitting.path("outputQuantityList")))
        .containsExactlyInAnyOrder(tuple(partA, 20.0, "KGM"), tuple(partB, 10.0, "KGM"));

    Map<String, Object> merge = new HashMap<>();
    merge.put("organisationId", f.cepicafe);
    merge.put("lotCode", "M-" + t);
    merge.put(
        "inputs",
        List.of(
            TraceFixtures.input(split.json().path("lots").get(0).path("id").asString(), 20),
            TraceFixtures.input(split.json().path("lots").get(1).path("id").asString(), 10)));
    JsonNode merging = event(campo, campo.post("/api/v1/trace/merges", merge));
    assertThat(row(merging))
        .isEqualTo(tuple("TransformationEvent", null, OURS + "merging", "active"));
    assertThat(quantities(merging.path("inputQuantityList")))
        .containsExactlyInAnyOrder(tuple(partA, 20.0, "KGM"), tuple(partB, 10.0, "KGM"));
    assertThat(quantities(merging.path("outputQuantityList")))
        .containsExactly(
            tuple("https://id.gs1.org/01/" + f.dry.gtin() + "/10/M-" + t, 30.0, "KGM"));
  }

  @Test
  void anInspectionObservesTheLotAsConformantOrNot() {
    String lot = f.delivered(campo, f.memberA, f.plotA2, "I-" + t, 80);
    JsonNode inspected =
        event(
            campo,
            campo.post("/api/v1/lots/" + lot + "/inspections", Map.of("outcome", "CONFORMANT")));

    assertThat(row(inspected))
        .isEqualTo(tuple("ObjectEvent", "OBSERVE", "inspecting", "conformant"));
    assertThat(quantities(inspected.path("quantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:I-" + t, 80.0, "KGM"));
  }

  @Test
  void aShipmentNamesItsBuyerOnOrOffThePlatformAndItsPapers() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "W-" + t, 100);

    Map<String, Object> outside = new HashMap<>();
    outside.put("organisationId", f.cepicafe);
    outside.put("lots", List.of(TraceFixtures.input(lot, 40)));
    outside.put("buyerName", "Chocolatier Émile " + t);
    outside.put("reference", "INV-" + t);
    JsonNode toOutside = event(campo, campo.post("/api/v1/trace/shipments", outside));
    assertThat(row(toOutside)).isEqualTo(tuple("ObjectEvent", "OBSERVE", "shipping", "in_transit"));
    assertThat(quantities(toOutside.path("quantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:W-" + t, 40.0, "KGM"));
    assertThat(parties(toOutside.path("sourceList"), "source"))
        .containsExactly(tuple("owning_party", "urn:ayni:org:cepicafe"));
    assertThat(parties(toOutside.path("destinationList"), "destination"))
        .as("a buyer outside the platform, named by the shipper (its name made a slug)")
        .containsExactly(tuple("owning_party", "urn:ayni:party:cepicafe:chocolatier-emile-" + t));
    assertThat(parties(toOutside.path("bizTransactionList"), "bizTransaction"))
        .containsExactly(tuple("inv", "urn:ayni:ref:INV-" + t));

    TraceFixtures.Outsider buyer = TraceFixtures.outsider(context, "map-to");
    Map<String, Object> onAyni = new HashMap<>();
    onAyni.put("organisationId", f.cepicafe);
    onAyni.put("lots", List.of(TraceFixtures.input(lot, 50)));
    onAyni.put("buyerOrganisationId", buyer.id());
    JsonNode toBuyer = event(campo, campo.post("/api/v1/trace/shipments", onAyni));
    assertThat(parties(toBuyer.path("destinationList"), "destination"))
        .containsExactly(tuple("owning_party", "urn:ayni:org:" + buyer.code()));

    Http buying = buyer.api(port);
    Map<String, Object> receive = new HashMap<>();
    receive.put("organisationId", buyer.id());
    receive.put("lotIdentifier", "urn:ayni:lot:cepicafe:W-" + t);
    receive.put("quantity", 50);
    JsonNode received = event(buying, buying.post("/api/v1/trace/organisation-receipts", receive));
    assertThat(row(received)).isEqualTo(tuple("ObjectEvent", "OBSERVE", "receiving", "active"));
    assertThat(quantities(received.path("quantityList")))
        .as("the lot shipped, under its own identifier")
        .containsExactly(tuple("urn:ayni:lot:cepicafe:W-" + t, 50.0, "KGM"));
    assertThat(parties(received.path("sourceList"), "source"))
        .containsExactly(tuple("owning_party", "urn:ayni:org:cepicafe"));
  }

  @Test
  void aPurchaseFromASupplierOutsideThePlatformNamesItAndMakesANewLot() {
    Map<String, Object> purchase = new HashMap<>();
    purchase.put("organisationId", f.cepicafe);
    purchase.put("supplierName", "Acopiador Ruiz " + t);
    purchase.put("productId", f.wet.id());
    purchase.put("lotCode", "P-" + t);
    purchase.put("quantity", 250);
    JsonNode bought = event(campo, campo.post("/api/v1/trace/organisation-receipts", purchase));

    assertThat(row(bought)).isEqualTo(tuple("ObjectEvent", "OBSERVE", "receiving", "active"));
    assertThat(quantities(bought.path("quantityList")))
        .containsExactly(tuple("urn:ayni:lot:cepicafe:P-" + t, 250.0, "KGM"));
    assertThat(parties(bought.path("sourceList"), "source"))
        .containsExactly(tuple("owning_party", "urn:ayni:party:cepicafe:acopiador-ruiz-" + t));
    assertThat(bought.path("ayni:sourceName").asString()).isEqualTo("Acopiador Ruiz " + t);
  }

  @Test
  void aCorrectionIsTheEventAgainWithItsErrorDeclaration() {
    String lot = f.delivered(campo, f.memberA, f.plotA1, "C-" + t, 60);
    Http.Response inspection =
        campo.post("/api/v1/lots/" + lot + "/inspections", Map.of("outcome", "NON_CONFORMANT"));
    String eventId = recorded(inspection).json().path("eventId").asString();

    Map<String, Object> correction = new HashMap<>();
    correction.put("organisationId", f.cepicafe);
    correction.put("eventId", eventId);
    correction.put("reason", "DID_NOT_OCCUR");
    Http.Response declared = campo.post("/api/v1/trace/corrections", correction);
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);

    List<JsonNode> events = events(campo, eventId);
    assertThat(events).as("the event, and its declaration beside it").hasSize(2);
    JsonNode original = events.stream().filter(e -> !e.has("errorDeclaration")).findFirst().get();
    JsonNode declaration = events.stream().filter(e -> e.has("errorDeclaration")).findFirst().get();
    for (String field : List.of("type", "action", "bizStep", "disposition", "eventTime")) {
      assertThat(declaration.path(field)).as(field).isEqualTo(original.path(field));
    }
    assertThat(declaration.path("quantityList")).isEqualTo(original.path("quantityList"));
    assertThat(declaration.path("errorDeclaration").path("reason").asString())
        .isEqualTo("did_not_occur");
    assertThat(declaration.path("errorDeclaration").path("declarationTime").asString())
        .isNotBlank();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Http.Response recorded(Http.Response operation) {
    assertThat(operation.status()).as(operation.body()).isEqualTo(201);
    return operation;
  }

  /** The id of the (first) lot an operation made. */
  private static String lot(Http.Response operation) {
    return recorded(operation).json().path("lots").get(0).path("id").asString();
  }

  /** The one event an operation recorded, as GET /epcis/events/{eventID} answers it. */
  private static JsonNode event(Http reader, Http.Response operation) {
    List<JsonNode> events = events(reader, recorded(operation).json().path("eventId").asString());
    assertThat(events).hasSize(1);
    return events.getFirst();
  }

  private static List<JsonNode> events(Http reader, String eventId) {
    Http.Response read =
        reader.get("/epcis/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8));
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    JsonNode list = read.json().at("/epcisBody/queryResults/resultsBody/eventList");
    List<JsonNode> events = new java.util.ArrayList<>();
    list.forEach(events::add);
    events.forEach(e -> assertThat(e.path("eventID").asString()).isEqualTo(eventId));
    return events;
  }

  /** The row of docs/epcis-vocabulary.md an event is: type, action, bizStep and disposition. */
  private static org.assertj.core.groups.Tuple row(JsonNode event) {
    return tuple(
        event.path("type").asString(),
        event.path("action").asString(null),
        event.path("bizStep").asString(),
        event.path("disposition").asString());
  }

  private static List<org.assertj.core.groups.Tuple> quantities(JsonNode list) {
    List<org.assertj.core.groups.Tuple> rows = new java.util.ArrayList<>();
    list.forEach(
        q ->
            rows.add(
                tuple(
                    q.path("epcClass").asString(),
                    q.path("quantity").asDouble(),
                    q.path("uom").asString())));
    return rows;
  }

  /** Sources, destinations or papers as (type, value). */
  private static List<org.assertj.core.groups.Tuple> parties(JsonNode list, String field) {
    List<org.assertj.core.groups.Tuple> rows = new java.util.ArrayList<>();
    list.forEach(p -> rows.add(tuple(p.path("type").asString(), p.path(field).asString())));
    return rows;
  }
}
