package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the servlet container refuses before the application sees it (a path with a bad escape, a
 * request head too large) is problem JSON in the caller's language, not Tomcat's HTML page; an
 * EPCIS query listing hundreds of EPCs in its address is read, and an address above the limit is
 * URITooLongException.
 */
@AyniIntegrationTest
class ContainerErrorsTests {

  @LocalServerPort int port;

  @Test
  void aPathWithABadEscapeIsRefusedAsProblemJson() throws IOException {
    for (String path : new String[] {"/epcis/events/%ZZ", "/api/v1/lots/a%00b"}) {
      String response = raw("GET " + path + " HTTP/1.1", "Accept-Language: en");
      assertThat(response.contains("\r\nGS1-EPCIS-Version: 2.0.0\r\n"))
          .as("under /epcis the versions, as every EPCIS answer")
          .isEqualTo(path.startsWith("/epcis"));
      JsonNode body = problem(response, 400);
      assertThat(body.path("status").asInt()).isEqualTo(400);
      assertThat(body.path("title").asString())
          .as("under /epcis the exception's name, as every EPCIS error's title")
          .isEqualTo(path.startsWith("/epcis") ? "ValidationException" : "Bad request");
      assertThat(body.path("code").asString()).isEqualTo("error.request-unreadable");
      assertThat(body.path("detail").asString()).startsWith("The request could not be read");
    }
    // Spanish by default, in the UTF-8 the answer says it is in; under /epcis with its type
    JsonNode spanish = problem(raw("GET /epcis/events/%ZZ HTTP/1.1"), 400);
    assertThat(spanish.path("detail").asString())
        .isEqualTo(
            "La solicitud no se pudo leer: su dirección o sus cabeceras no son válidas o son"
                + " demasiado largas.");
    assertThat(spanish.path("type").asString()).isEqualTo("epcisException:ValidationException");
  }

  @Test
  void aPathTheFirewallRefusesIsRefusedAsProblemJson() throws IOException {
    // an eventID left unencoded: '//' in the path
    String response =
        raw(
            "GET /epcis/events/ni:///sha-256;abc?ver=CBV2.0 HTTP/1.1",
            "Accept-Language: fr",
            "Authorization: Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        ("cepicafe.campo:" + DemoUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    JsonNode body = problem(response, 400);
    assertThat(body.path("type").asString()).isEqualTo("epcisException:ValidationException");
    assertThat(body.path("title").asString()).isEqualTo("ValidationException");
    assertThat(body.path("code").asString()).isEqualTo("error.request-unreadable");
    assertThat(body.path("detail").asString()).startsWith("La requête n’a pas pu être lue");
  }

  @Test
  void aQueryOfHundredsOfEpcsIsReadAndAHeadAboveTheLimitIsRefusedAsProblemJson()
      throws IOException {
    String epcs = epcQuery(300, Integer.MAX_VALUE);
    Http.Response read = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD).get(epcs);
    assertThat(read.status()).as(read.body()).isEqualTo(200);

    String huge = "X-Padding: " + "a".repeat(140_000);
    problem(raw("GET /epcis/events HTTP/1.1", huge), 400);
  }

  /**
   * An address up to ayni.http.max-uri-length (64 KiB) is read; a longer one is refused with 414,
   * EPCIS's URITooLongException under /epcis, as problem JSON saying what to do instead.
   */
  @Test
  void anAddressAboveTheLimitIsURITooLong() throws IOException {
    Http campo = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
    String epcs = epcQuery(Integer.MAX_VALUE, 65_000);
    assertThat(epcs.length()).isLessThanOrEqualTo(65_536);
    Http.Response read = campo.get(epcs);
    assertThat(read.status()).as(read.body()).isEqualTo(200);

    String tooLong = epcs + "%7Curn:epc:id:sgtin:0614141.107346." + "9".repeat(600);
    String response = raw("GET " + tooLong + " HTTP/1.1", "Accept-Language: en");
    assertThat(response)
        .contains("\r\nGS1-EPCIS-Version: 2.0.0\r\n", "\r\nGS1-CBV-Version: 2.0.0\r\n");
    JsonNode problem = problem(response, 414);
    assertThat(problem.path("type").asString()).isEqualTo("epcisException:URITooLongException");
    assertThat(problem.path("title").asString()).isEqualTo("URITooLongException");
    assertThat(problem.path("code").asString()).isEqualTo("error.uri-too-long.epcis");
    assertThat(problem.path("detail").asString())
        .isEqualTo(
            "The address of the request is longer than 65536 characters. Ask for fewer values at a"
                + " time or save the query as a named query (POST /epcis/queries).");
    assertThat(problem.path("instance").asString()).isEqualTo("/epcis/events");

    String outside = raw("GET /api/v1/lots?q=" + "a".repeat(70_000) + " HTTP/1.1");
    assertThat(outside).doesNotContain("GS1-EPCIS-Version");
    JsonNode refused = problem(outside, 414);
    assertThat(refused.path("title").asString()).isEqualTo("Dirección demasiado larga");
    assertThat(refused.path("detail").asString())
        .as("outside EPCIS, no advice of EPCIS's")
        .isEqualTo(
            "La dirección de la solicitud tiene más de 65536 caracteres. Pida menos valores a la vez.");
  }

  /** Sends a request as written (no client would send a bad escape) and reads the answer. */
  private String raw(String requestLine, String... headers) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The answer's problem JSON, after checking its status line and type. */
  private static JsonNode problem(String response, int status) {
    assertThat(response).startsWith("HTTP/1.1 " + status);
    assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
    return JsonMapper.builder()
        .build()
        .readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  /** A query of the events naming EPCs: as many as given, or until the address has the length. */
  private static String epcQuery(int count, int length) {
    StringBuilder epcs = new StringBuilder("/epcis/events?MATCH_epc=");
    for (int i = 0; i < count && epcs.length() < length; i++) {
      epcs.append(i == 0 ? "" : "%7C").append("urn:epc:id:sgtin:0614141.107346.").append(1000 + i);
    }
    return epcs.toString();
  }
}
