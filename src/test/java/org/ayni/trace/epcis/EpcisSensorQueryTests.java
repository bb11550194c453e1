package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The sensor query parameters of {@code GET /epcis/events}: events whose sensor reports (or their
 * elements' metadata) meet each parameter. Four events of one organisation: fermentation readings
 * with metadata, a drying summary (minimum, maximum, mean), a report in another unit with the other
 * kinds of value, and an event without sensors.
 */
@AyniIntegrationTest
class EpcisSensorQueryTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  EpcisClient client;
  List<String> ids = new ArrayList<>();

  @BeforeEach
  void capture() {
    client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    String tag = EpcisFixtures.tag();
    for (int i = 0; i < 4; i++) {
      ids.add("urn:uuid:" + UUID.randomUUID());
    }
    String[] sensors = {
      // E0: fermentation box, temperature and humidity, metadata with device and times
      """
      ,"sensorElementList":[{"sensorMetadata":{"time":"2026-01-10T10:00:00Z",
        "deviceID":"urn:epc:id:giai:4000001.111","startTime":"2026-01-09T10:00:00Z",
        "endTime":"2026-01-10T10:00:00Z","dataProcessingMethod":"https://example.org/avg"},
       "sensorReport":[{"type":"Temperature","value":26.5,"uom":"CEL"},
                       {"type":"gs1:AbsoluteHumidity","value":12,"uom":"A93"}]}]""",
      // E1: drying, a summary with its own time, and a text reading of a type of our own
      """
      ,"sensorElementList":[{"sensorReport":[
        {"type":"Temperature","minValue":20,"maxValue":45,"meanValue":38,
         "sDev":2.5,"uom":"CEL","time":"2026-01-11T09:59:59.9999997Z"},
        {"type":"https://example.org/sensor/Ripeness","stringValue":"ripe"},
        {"type":"https://example.org/sensor/Log","stringValue":"%s","value":1E+30,"uom":"CEL"}]}]"""
          .formatted("x".repeat(1200)),
      // E2: another unit, another device, and the remaining kinds of value
      """
      ,"sensorElementList":[{"sensorReport":[
        {"type":"Temperature","value":51,"uom":"FAH","deviceID":"urn:epc:id:giai:4000001.222",
         "percRank":50,"percValue":30},
        {"type":"https://example.org/sensor/Lid","booleanValue":true,"hexBinaryValue":"0aff",
         "uriValue":"https://example.org/u/1","microorganism":"https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
         "chemicalSubstance":"https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"}]}]""",
      ""
    };
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(
          """
          {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-1%dT08:00:00-05:00",
           "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["urn:ayni:test:%s:%d"],
           "bizStep":"sensor_reporting"%s}"""
              .formatted(ids.get(i), i, tag, i, sensors[i]));
    }
    JsonNode job = client.capture(EpcisFixtures.document(events));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  /** Which of E0…E3 the query returns. */
  private List<Integer> which(String query) {
    List<String> found =
        client.events(query.replace("|", "%7C")).stream()
            .map(e -> e.path("eventID").asString())
            .toList();
    List<Integer> which = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (found.contains(ids.get(i))) {
        which.add(i);
      }
    }
    return which;
  }

  @Test
  void eventsAreFoundByTheirSensorReports() {
    assertThat(which("EXISTS_sensorElementList")).containsExactly(0, 1, 2);
    assertThat(which("EXISTS_sensorElementList=true")).containsExactly(0, 1, 2);
    assertThat(which("EXISTS_sensorElementList=false")).as("as if omitted").hasSize(4);
    // GS1's types as bare words, compact or full URIs, all alike
    assertThat(which("EQ_type=Temperature")).containsExactly(0, 1, 2);
    assertThat(which("EQ_type=gs1:AbsoluteHumidity")).containsExactly(0);
    assertThat(which("EQ_type=https://gs1.org/voc/AbsoluteHumidity")).containsExactly(0);
    assertThat(which("EQ_type=https://example.org/sensor/Ripeness|AbsoluteHumidity"))
        .containsExactly(0, 1);
    // values compared in the unit named, readings in other units left out
    assertThat(which("GE_value_CEL=26")).containsExactly(0);
    assertThat(which("GT_value_CEL=26.5")).isEmpty();
    assertThat(which("GE_value_FAH=50")).containsExactly(2);
    assertThat(which("EQ_value_CEL=26.5|99")).containsExactly(0);
    assertThat(which("LE_value_A93=12")).containsExactly(0);
    assertThat(which("GE_maxValue_CEL=40")).containsExactly(1);
    assertThat(which("LT_minValue_CEL=21")).containsExactly(1);
    assertThat(which("GT_meanValue_CEL=37&LT_sDev_CEL=3")).containsExactly(1);
    assertThat(which("GE_percRank=50&LE_percValue_FAH=30")).containsExactly(2);
    // a device, a method or rules in the metadata or in the report
    assertThat(which("EQ_deviceID=urn:epc:id:giai:4000001.111")).containsExactly(0);
    assertThat(which("EQ_deviceID=urn:epc:id:giai:4000001.222|urn:epc:id:giai:4000001.111"))
        .containsExactly(0, 2);
    assertThat(which("EQ_dataProcessingMethod=https://example.org/avg")).containsExactly(0);
    // times: a report's own, else its element's
    assertThat(which("GE_time=2026-01-10T00:00:00Z")).containsExactly(0, 1);
    assertThat(which("GE_time=2026-01-11T00:00:00Z")).containsExactly(1);
    // a time finer than a microsecond on the right side of a bound (indexed truncated)
    assertThat(which("GE_time=2026-01-11T00:00:00Z&LT_time=2026-01-11T10:00:00Z"))
        .containsExactly(1);
    assertThat(which("LT_startTime=2026-01-10T00:00:00Z&GE_endTime=2026-01-10T10:00:00Z"))
        .containsExactly(0);
    // the other kinds of value
    assertThat(which("EQ_stringValue=ripe")).containsExactly(1);
    // a text or a number beyond what the index keeps is captured, but not found by its value
    assertThat(which("EQ_type=https://example.org/sensor/Log")).containsExactly(1);
    assertThat(which("EQ_stringValue=" + "x".repeat(1200))).isEmpty();
    assertThat(which("GE_value_CEL=1000")).isEmpty();
    assertThat(which("EQ_booleanValue=true")).containsExactly(2);
    assertThat(which("EQ_booleanValue=false")).isEmpty();
    assertThat(which("EQ_hexBinaryValue=0AFF")).containsExactly(2);
    assertThat(which("EQ_uriValue=https://example.org/u/1")).containsExactly(2);
    assertThat(which("EQ_microorganism=https://www.ncbi.nlm.nih.gov/taxonomy/1126011"))
        .containsExactly(2);
    assertThat(
            which(
                "EQ_chemicalSubstance=https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"))
        .containsExactly(2);
    // with the other parameters
    assertThat(which("EQ_type=Temperature&GE_value_CEL=26&EQ_bizStep=sensor_reporting"))
        .containsExactly(0);
  }

  @Test
  void badSensorParametersAreQueryParameterExceptions() {
    for (String query :
        List.of(
            "GE_value_CEL=warm",
            "GE_value_celsius=20",
            "EQ_minValue_CEL=20",
            "EQ_booleanValue=maybe",
            "GE_time=yesterday",
            "LT_time=2026-01-11T10:00:00.0000001Z",
            "EXISTS_sensorElementList=maybe",
            "GE_percRank=1|2",
            "EQ_type=")) {
      Http.Response refused = client.get("/epcis/events?" + query.replace("|", "%7C"));
      assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.json().path("type").asString())
          .as(query)
          .isEqualTo("epcisException:QueryParameterException");
    }
  }
}
