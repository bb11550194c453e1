package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * The query parameters on extension fields of {@code GET /epcis/events}: {@code EQ_}, {@code
 * GT/GE/LT/LE_} and {@code EXISTS_} on a field named by a compact URI ({@code ayni:}, {@code
 * cbvmda:}) or a full one, and their {@code ILMD_}, {@code INNER_} and {@code ERROR_DECLARATION_}
 * kinds. Events captured here, and the inspections Ayni's own operations recorded in the demo.
 */
@AyniIntegrationTest
class EpcisFieldQueryTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  EpcisClient client;
  String tag;
  List<String> ids = new ArrayList<>();
  String since;

  @BeforeEach
  void capture() {
    client = EpcisFixtures.tenant(context, "cepicafe").client(port);
    tag = EpcisFixtures.tag();
    since = java.time.Instant.now().minusSeconds(1).toString();
    for (int i = 0; i < 3; i++) {
      ids.add("urn:uuid:" + UUID.randomUUID());
    }
    String e0 =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-10T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"ADD","bizStep":"commissioning",
         "epcList":["urn:ayni:test:%s:0"],"ayni:note":"first %s",
         "ilmd":{"cbvmda:lotNumber":"L-%s","cbvmda:harvestStartDate":"2026-01-05T00:00:00Z",
                 "cbvmda:harvestEndDate":"2026-01-05T23:59:59.9999997Z"}}"""
            .formatted(ids.get(0), tag, tag, tag);
    String e1 =
        """
        {"@context":[{"ex":"https://example.org/ex/"}],"type":"ObjectEvent","eventID":"%s",
         "eventTime":"2026-01-12T08:00:00-05:00","eventTimeZoneOffset":"-05:00",
         "action":"OBSERVE","bizStep":"inspecting","epcList":["urn:ayni:test:%s:1"],
         "ayni:moisturePercent":7.2,"ayni:cutTestBeans":300,
         "ex:info":{"ex:grade":"A","ex:checkedAt":"2026-01-12T10:00:00Z"}}"""
            .formatted(ids.get(1), tag);
    String e2 =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-13T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "epcList":["urn:ayni:test:%s:2"],"ayni:moisturePercent":8.1,
         "ayni:code":"+99999-01-01T00:00:00Z","ayni:tiny":1E-999999999,"ayni:huge":1E+999999999}"""
            .formatted(ids.get(2), tag);
    String declaration =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-13T08:00:00-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","bizStep":"inspecting",
         "epcList":["urn:ayni:test:%s:2"],"ayni:moisturePercent":8.1,
         "errorDeclaration":{"declarationTime":"2026-01-14T08:00:00-05:00",
           "reason":"incorrect_data","ayni:declaredBy":"QA %s"}}"""
            .formatted(ids.get(2), tag, tag);
    JsonNode job = client.capture(EpcisFixtures.document(List.of(e0, e1, e2)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    job = client.capture(EpcisFixtures.document(List.of(declaration)));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
  }

  /**
   * Which of E0…E2 the query returns, an error declaration of E2 counted as 3; among the events
   * recorded since this test began (the log holds the whole suite's, which would all be read).
   */
  private List<Integer> which(EpcisClient who, String query) {
    List<Integer> which = new ArrayList<>();
    for (JsonNode event : who.events(query + "&GE_recordTime=" + encode(since))) {
      int i = ids.indexOf(event.path("eventID").asString());
      if (i >= 0) {
        which.add(event.has("errorDeclaration") ? 3 : i);
      }
    }
    return which.stream().sorted().toList();
  }

  private List<Integer> which(String query) {
    return which(client, query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void anExtensionEventTypeIsFoundByItsUriHoweverItsPrefixIsSpelled() {
    String namespace = "https://qa.example.org/" + tag + "/";
    String custom =
        """
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
          {"qx":"%s"}],
         "type":"qx:CustomEvent","eventID":"urn:uuid:%s",
         "eventTime":"2026-01-20T08:00:00-05:00","eventTimeZoneOffset":"-05:00"}"""
            .formatted(namespace, UUID.randomUUID());
    assertThat(client.post("/epcis/events", custom).status()).isEqualTo(201);
    assertThat(client.events("eventType=" + namespace + "CustomEvent")).hasSize(1);
    assertThat(
            client
                .header("GS1-Extensions", "other=" + namespace)
                .events("eventType=other:CustomEvent%7CObjectEvent&EQ_eventID=" + ids.get(0)))
        .as("the standard type still listed beside it")
        .hasSize(1);
    assertThat(
            client
                .header("GS1-Extensions", "other=" + namespace)
                .events("eventType=other:CustomEvent"))
        .hasSize(1);
    assertThat(client.events("eventType=" + namespace + "OtherEvent")).isEmpty();
  }

  @Test
  void eventsAreFoundByTheirExtensionFields() {
    // numbers compared as numbers, equal however they are written
    assertThat(which("LE_ayni:moisturePercent=7.5")).containsExactly(1);
    assertThat(which("GT_ayni:moisturePercent=7.5")).containsExactly(2, 3);
    assertThat(which("EQ_ayni:moisturePercent=7.20")).containsExactly(1);
    assertThat(which("EQ_ayni:cutTestBeans=300&LT_ayni:moisturePercent=8")).containsExactly(1);
    assertThat(which("EQ_https://ayni.org/voc/moisturePercent=8.1")).containsExactly(2, 3);
    // text
    assertThat(which("EQ_ayni:note=" + encode("first " + tag))).containsExactly(0);
    assertThat(which("EXISTS_ayni:note")).containsExactly(0);
    assertThat(which("EXISTS_ayni:note=true")).containsExactly(0);
    assertThat(which("EXISTS_ayni:note=false")).as("as if omitted").containsExactly(0, 1, 2, 3);
    // instance/lot master data, and not the same as a field at the top level
    assertThat(which("EQ_ILMD_cbvmda:lotNumber=L-" + tag)).containsExactly(0);
    assertThat(which("EXISTS_ILMD_cbvmda:lotNumber")).containsExactly(0);
    assertThat(which("EQ_cbvmda:lotNumber=L-" + tag)).isEmpty();
    assertThat(which("LT_ILMD_cbvmda:harvestStartDate=2026-01-06T00:00:00Z")).containsExactly(0);
    assertThat(which("GE_ILMD_cbvmda:harvestStartDate=2026-01-06T00:00:00Z")).isEmpty();
    // a time finer than a microsecond on the right side of a bound (indexed truncated)
    assertThat(which("LT_ILMD_cbvmda:harvestEndDate=2026-01-06T00:00:00Z")).containsExactly(0);
    assertThat(which("LE_ILMD_cbvmda:harvestEndDate=2026-01-06T00:00:00Z")).containsExactly(0);
    // and indexed at the microsecond before it, yet after that one and not equal to it
    String before = "2026-01-05T23:59:59.999999Z";
    assertThat(which("GT_ILMD_cbvmda:harvestEndDate=" + before)).containsExactly(0);
    assertThat(which("GE_ILMD_cbvmda:harvestEndDate=" + before)).containsExactly(0);
    assertThat(which("LE_ILMD_cbvmda:harvestEndDate=" + before)).isEmpty();
    assertThat(which("LT_ILMD_cbvmda:harvestEndDate=" + before)).isEmpty();
    assertThat(which("EQ_ILMD_cbvmda:harvestEndDate=" + before)).isEmpty();
    assertThat(which("EQ_ILMD_cbvmda:harvestStartDate=2026-01-05T00:00:00Z")).containsExactly(0);
    // a field of our own namespace (declared by the event's context) and its nested fields
    assertThat(which("EXISTS_https://example.org/ex/info")).containsExactly(1);
    assertThat(which("EQ_INNER_https://example.org/ex/grade=A")).containsExactly(1);
    assertThat(which("EQ_https://example.org/ex/grade=A")).as("not at the top level").isEmpty();
    assertThat(which("GE_INNER_https://example.org/ex/checkedAt=2026-01-12T00:00:00Z"))
        .containsExactly(1);
    // the error declaration's own fields
    assertThat(which("EQ_ERROR_DECLARATION_ayni:declaredBy=" + encode("QA " + tag)))
        .containsExactly(3);
    assertThat(which("EXISTS_ayni:declaredBy")).isEmpty();
    // numbers beyond what the index keeps: present, rounded to 12 decimals, or without a value
    assertThat(which("EXISTS_ayni:huge")).containsExactly(2);
    assertThat(which("GT_ayni:huge=1")).isEmpty();
    assertThat(which("EQ_ayni:tiny=0")).containsExactly(2);
    // a text that reads as a time beyond four-digit years is kept as text only
    assertThat(which("EQ_ayni:code=" + encode("+99999-01-01T00:00:00Z"))).containsExactly(2);
  }

  @Test
  void theGs1ExtensionsHeaderDeclaresPrefixesForFieldParameters() {
    EpcisClient declaring = client.header("GS1-Extensions", "ex=https://example.org/ex/, o=urn:x:");
    assertThat(which(declaring, "EXISTS_ex:info")).containsExactly(1);
    assertThat(which(declaring, "EQ_INNER_ex:grade=A")).containsExactly(1);
    Http.Response undeclared = client.get("/epcis/events?EXISTS_ex:info");
    assertThat(undeclared.status()).isEqualTo(400);
    for (String header : List.of("ex", "ex=not a uri", "1x=https://example.org/", "=https://a/")) {
      Http.Response refused =
          client.header("GS1-Extensions", header).get("/epcis/events?EXISTS_ex:info");
      assertThat(refused.status()).as(header).isEqualTo(400);
      assertThat(refused.json().path("code").asString()).isEqualTo("epcis.query.extensions");
    }
  }

  @Test
  void theInspectionsAyniRecordsAreFoundByTheirMeasurements() {
    EpcisClient cepicafe = new EpcisClient(port, "cepicafe.admin", DemoUsers.PASSWORD);
    List<JsonNode> dry = cepicafe.events("EQ_bizStep=inspecting&LE_ayni:moisturePercent=7.5");
    assertThat(dry).as("the demo's export lot inspection, 6.9 %").isNotEmpty();
    for (JsonNode event : dry) {
      assertThat(new BigDecimal(event.path("ayni:moisturePercent").asString()))
          .isLessThanOrEqualTo(new BigDecimal("7.5"));
    }
    assertThat(cepicafe.events("EQ_bizStep=inspecting&EXISTS_ayni:moisturePercent"))
        .hasSizeGreaterThanOrEqualTo(dry.size());
  }

  @Test
  void badFieldParametersAreQueryParameterExceptions() {
    for (String query :
        List.of(
            "GE_ayni:moisturePercent=high",
            "GT_ayni:moisturePercent=1%7C2",
            "EQ_nowhere:field=x",
            "LT_ILMD_cbvmda:lotNumber=",
            "EQ_SENSORREPORT_ex:field=1",
            "GE_ILMD_cbvmda:harvestStartDate=%2B99999-01-01T00:00:00Z",
            "LT_ILMD_cbvmda:harvestEndDate=2026-01-06T00:00:00.0000001Z",
            "EXISTS_ayni:note=maybe")) {
      Http.Response refused = client.get("/epcis/events?" + query);
      assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.json().path("type").asString())
          .as(query)
          .isEqualTo("epcisException:QueryParameterException");
    }
  }
}
