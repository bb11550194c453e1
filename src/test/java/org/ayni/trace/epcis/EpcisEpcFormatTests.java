package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The {@code GS1-EPC-Format} header of queries: the EPCs of the answer's events as GS1 Digital
 * Links or as EPC URNs when asked, as captured otherwise (and said so in the answer's header); a
 * value the standard does not name is refused.
 */
@AyniIntegrationTest
class EpcisEpcFormatTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  EpcisClient client;
  String eventId;
  String serial;
  String lot;

  @BeforeEach
  void capture() {
    client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String tag = EpcisFixtures.tag();
    eventId = "urn:uuid:" + UUID.randomUUID();
    serial = "S" + tag;
    lot = "L" + tag;
    // a URN and a Digital Link of the same spellings' kinds side by side, and an identifier of ours
    JsonNode job =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    """
                    {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-03-01T10:00:00-05:00",
                     "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
                     "epcList":["urn:epc:id:sgtin:0614141.812345.%s",
                                "https://id.gs1.org/01/80614141123458/21/D%s",
                                "urn:ayni:test:%s"],
                     "quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/%s",
                                      "quantity":5,"uom":"KGM"}],
                     "readPoint":{"id":"urn:epc:id:sgln:0614141.12345.400"},
                     "bizLocation":{"id":"https://id.gs1.org/414/0614141123452"}}"""
                        .formatted(eventId, serial, serial, tag, lot))));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  private Http.Response query(String format) {
    EpcisClient asking = format == null ? client : client.header("GS1-EPC-Format", format);
    return asking.get("/epcis/events?EQ_eventID=" + UriUtils.encode(eventId, "UTF-8"));
  }

  /** The event's answers to a query by its eventID and as {@code /epcis/events/{eventID}}. */
  private List<Http.Response> queryAndEvent(String format) {
    return List.of(
        query(format),
        client
            .header("GS1-EPC-Format", format)
            .get("/epcis/events/" + UriUtils.encode(eventId, "UTF-8")));
  }

  private static JsonNode only(Http.Response answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode events = answer.json().at("/epcisBody/queryResults/resultsBody/eventList");
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static List<String> epcs(JsonNode event) {
    return event.path("epcList").valueStream().map(JsonNode::asString).toList();
  }

  /**
   * The event's identifiers as expected: its EPCs, the class of its quantity, its read point and
   * business location.
   */
  private static void written(JsonNode event, List<String> epcs, String... places) {
    assertThat(epcs(event)).containsExactlyElementsOf(epcs);
    List<String> written =
        List.of(
            event.at("/quantityList/0/epcClass").asString(),
            event.at("/readPoint/id").asString(),
            event.at("/bizLocation/id").asString());
    assertThat(written).containsExactly(places);
  }

  @Test
  void digitalLinksWhenAskedFor() {
    Http.Response answer = query("Always_GS1_Digital_Link");
    JsonNode event = only(answer);
    assertThat(answer.header("GS1-EPC-Format")).isEqualTo("Always_GS1_Digital_Link");
    written(
        event,
        List.of(
            "https://id.gs1.org/01/80614141123458/21/" + serial,
            "https://id.gs1.org/01/80614141123458/21/D" + serial,
            "urn:ayni:test:" + serial.substring(1)),
        "https://id.gs1.org/01/04012345123456/10/" + lot,
        "https://id.gs1.org/414/0614141123452/254/400",
        "https://id.gs1.org/414/0614141123452");
    assertThat(event.path("eventID").asString()).isEqualTo(eventId);
    assertThat(event.path("recordTime").isString()).isTrue();
  }

  @Test
  void urnsWhenAskedFor() {
    for (Http.Response answer : queryAndEvent("Always_EPC_URN")) {
      assertThat(answer.header("GS1-EPC-Format")).isEqualTo("Always_EPC_URN");
      written(
          only(answer),
          List.of(
              "urn:epc:id:sgtin:0614141.812345." + serial,
              "urn:epc:id:sgtin:0614141.812345.D" + serial,
              "urn:ayni:test:" + serial.substring(1)),
          "urn:epc:class:lgtin:4012345.012345." + lot,
          "urn:epc:id:sgln:0614141.12345.400",
          "urn:epc:id:sgln:0614141.12345.0");
    }
  }

  @Test
  void asCapturedWithoutTheHeaderOrWithoutAPreferenceAndTheAnswerSaysSo() {
    JsonNode captured = only(query(null));
    for (String format : new String[] {null, "No_Preference", "Never_Translates"}) {
      Http.Response answer = query(format);
      assertThat(answer.header("GS1-EPC-Format")).as(format).isEqualTo("Never_Translates");
      JsonNode event = only(answer);
      assertThat(event).as(format).isEqualTo(captured);
    }
    assertThat(epcs(captured).get(1))
        .isEqualTo("https://id.gs1.org/01/80614141123458/21/D" + serial);
    assertThat(captured.at("/readPoint/id").asString())
        .isEqualTo("urn:epc:id:sgln:0614141.12345.400");
  }

  @Test
  void theBrowsingResourcesAndNamedQueriesAnswerInTheFormatToo() {
    EpcisClient urns = client.header("GS1-EPC-Format", "Always_EPC_URN");
    String epc = UriUtils.encode("https://id.gs1.org/01/80614141123458/21/D" + serial, "UTF-8");
    List<JsonNode> browsed = urns.eventsAt("/epcis/epcs/" + epc + "/events");
    assertThat(browsed).hasSize(1);
    assertThat(epcs(browsed.getFirst())).contains("urn:epc:id:sgtin:0614141.812345.D" + serial);

    String name = "format-" + serial;
    Http.Response created =
        client.post(
            "/epcis/queries",
            """
            {"name":"%s","query":{"EQ_eventID":["%s"]}}"""
                .formatted(name, eventId));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http.Response named = urns.get("/epcis/queries/" + name + "/events");
    assertThat(named.header("GS1-EPC-Format")).isEqualTo("Always_EPC_URN");
    assertThat(epcs(only(named))).contains("urn:epc:id:sgtin:0614141.812345." + serial);
  }

  @Test
  void aValueTheStandardDoesNotNameIsRefused() {
    for (Http.Response answer : queryAndEvent("Always_URN")) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json().path("type").asString())
          .isEqualTo("epcisException:QueryParameterException");
      assertThat(answer.json().path("detail").asString()).contains("Always_EPC_URN");
    }
  }

  @Test
  void theListsOfValuesNameThemAsCapturedAndSaySo() {
    String epc = "https://id.gs1.org/01/80614141123458/21/D" + serial;
    for (String format : new String[] {null, "Always_EPC_URN"}) {
      EpcisClient asking = format == null ? client : client.header("GS1-EPC-Format", format);
      Http.Response page = asking.get("/epcis/epcs?perPage=1000");
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.header("GS1-EPC-Format")).isEqualTo("Never_Translates");
      assertThat(asking.members("/epcis/epcs")).contains(epc);
    }
    Http.Response refused = client.header("GS1-EPC-Format", "URN").get("/epcis/readPoints");
    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void optionsAnnounceTheFormats() {
    Http.Response options = client.options("/epcis/events");
    assertThat(options.header("GS1-EPC-Format"))
        .isEqualTo("No_Preference, Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates");
  }
}
