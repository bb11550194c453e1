package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies above {@code ayni.http.max-request-bytes} (256 KiB in tests) are refused with 413
 * problem JSON and nothing is written, whether the client announces the length or streams the body
 * in chunks without one.
 */
@AyniIntegrationTest
class RequestLimitTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Value("${ayni.http.max-request-bytes}")
  long limit;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void theLimitIsTheOneOfTheTestConfiguration() {
    assertThat(limit).isEqualTo(262_144);
  }

  @Test
  void aBodyBelowTheLimitIsAccepted() throws Exception {
    String code = "LIM-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] body = paddedMember(code, (int) limit - 10_000);
    HttpResponse<String> response = send(body, false);
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(count(code)).isEqualTo(1);
  }

  @Test
  void aBodyAboveTheLimitWithContentLengthIsRefusedAndNothingIsWritten() throws Exception {
    String code = "BIG-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] body = paddedMember(code, (int) limit + 1_000);
    HttpResponse<String> response = send(body, false);
    assertTooLarge(response);
    assertThat(count(code)).isZero();
  }

  @Test
  void aChunkedBodyAboveTheLimitIsRefusedAndNothingIsWritten() throws Exception {
    String code = "CHK-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] body = paddedMember(code, (int) limit + 1_000);
    HttpResponse<String> response = send(body, true);
    assertTooLarge(response);
    assertThat(count(code)).isZero();
  }

  @Test
  void anEpcisDocumentAboveTheLimitIsACaptureLimitExceededException() throws Exception {
    long before = jdbc.sql("select count(*) from epcis_event").query(Long.class).single();
    byte[] body =
        ("{\"padding\":\"" + "x".repeat((int) limit) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/epcis/capture"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("cepicafe.campo:" + DemoUsers.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/ld+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response =
        client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("GS1-EPCIS-Version")).hasValue("2.0.0");
    assertThat(response.headers().firstValue("GS1-CBV-Version")).hasValue("2.0.0");
    JsonNode problem = Http.JSON.readTree(response.body());
    assertThat(problem.path("type").asString())
        .isEqualTo("epcisException:CaptureLimitExceededException");
    assertThat(problem.path("title").asString())
        .as("the exception's name, as every EPCIS error's title")
        .isEqualTo("CaptureLimitExceededException");
    assertThat(problem.path("detail").asString())
        .isEqualTo("La solicitud supera el máximo de 262144 bytes. No se guardó nada.");
    assertThat(jdbc.sql("select count(*) from epcis_event").query(Long.class).single())
        .isEqualTo(before);
  }

  private void assertTooLarge(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = Http.JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(413);
    assertThat(problem.path("code").asString()).isEqualTo("error.too-large");
    assertThat(problem.has("properties")).as("RFC 9457 members at the top level").isFalse();
    assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/members");
    assertThat(problem.path("title").asString()).isEqualTo("Solicitud demasiado grande");
    assertThat(problem.path("detail").asString())
        .as("the limit of the test configuration, ungrouped: 262.144 would read as 262 in Peru")
        .isEqualTo("La solicitud supera el máximo de 262144 bytes. No se guardó nada.");
  }

  private HttpResponse<String> send(byte[] body, boolean chunked) throws Exception {
    HttpRequest.BodyPublisher publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/members"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("cepicafe.campo:" + DemoUsers.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(publisher)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A valid member, padded with JSON whitespace to the given size in bytes. */
  private byte[] paddedMember(String code, int size) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("organisationId", organisationId("cepicafe-chulucanas"));
    m.put("memberCode", code);
    m.put("kind", "PERSON");
    m.put("givenNames", "Grande");
    m.put("gender", "MALE");
    m.put("joinDate", "2019-03-01");
    String json = Http.JSON.writeValueAsString(m);
    String padded = "{" + " ".repeat(Math.max(0, size - json.length())) + json.substring(1);
    byte[] bytes = padded.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isEqualTo(Math.max(size, json.length()));
    return bytes;
  }

  private long count(String code) {
    return jdbc.sql("select count(*) from member where member_code = ?")
        .param(code)
        .query(Long.class)
        .single();
  }

  private String organisationId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single()
        .toString();
  }
}
