package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ayni.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP client for the EPCIS interface of the running application (HTTP Basic), with the headers
 * the standard uses and a wait for capture jobs.
 */
final class EpcisClient {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final String base;
  private final String authorization;
  private final Map<String, String> headers = new LinkedHashMap<>();

  EpcisClient(int port, String username, String password) {
    this.base = "http://localhost:" + port;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A client that sends a bearer token instead (no password check per request). */
  static EpcisClient bearer(int port, String token) {
    EpcisClient client = new EpcisClient(port, "-", "-");
    return new EpcisClient(client, "Bearer " + token);
  }

  private EpcisClient(EpcisClient other, String authorization) {
    this.base = other.base;
    this.authorization = authorization;
    this.headers.putAll(other.headers);
  }

  /**
   * A GET sent byte for byte as written, with characters a URI would have encoded (as some clients
   * send them): the status line and the rest of the answer.
   */
  String rawGet(String pathAndQuery) throws IOException {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      String request =
          "GET "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + "\r\nAuthorization: "
              + authorization
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** This client sending a header with every request. */
  EpcisClient header(String name, String value) {
    EpcisClient copy = new EpcisClient(this);
    copy.headers.put(name, value);
    return copy;
  }

  /** This client recording for the organisation (code or id). */
  EpcisClient organisation(String organisation) {
    return header("Ayni-Organisation", organisation);
  }

  private EpcisClient(EpcisClient other) {
    this.base = other.base;
    this.authorization = other.authorization;
    this.headers.putAll(other.headers);
  }

  Http.Response post(String path, String body) {
    return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  Http.Response post(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Http.Response put(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Http.Response get(String path) {
    return send(request(path).GET());
  }

  Http.Response delete(String path) {
    return send(request(path).DELETE());
  }

  Http.Response options(String path) {
    return send(request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  /** Posts a capture document and returns the finished job. */
  JsonNode capture(String document) {
    Http.Response accepted = post("/epcis/capture", document);
    assertThat(accepted.status()).as("capture answer %s", accepted.body()).isEqualTo(202);
    return waitFor(accepted.header("Location"));
  }

  /** Polls a capture job until it no longer runs. */
  JsonNode waitFor(String location) {
    assertThat(location).startsWith("/epcis/capture/");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Http.Response job = get(location);
      assertThat(job.status()).as("job %s", job.body()).isEqualTo(200);
      JsonNode json = job.json();
      if (!json.path("running").asBoolean()) {
        return json;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("capture job still running: " + job.body());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Every event the query returns, following the Link header through all pages. */
  List<JsonNode> events(String query) {
    return eventsAt("/epcis/events" + (query.isEmpty() ? "" : "?" + query));
  }

  /** Every event a resource of events returns, following the Link header through all pages. */
  List<JsonNode> eventsAt(String path) {
    List<JsonNode> all = new ArrayList<>();
    pages(
        path,
        page -> page.json().at("/epcisBody/queryResults/resultsBody/eventList").forEach(all::add));
    return all;
  }

  /** Every member of a collection ({@code /epcis/epcs} and its kind), following its pages. */
  List<String> members(String path) {
    List<String> all = new ArrayList<>();
    pages(
        path,
        page -> {
          assertThat(page.json().path("type").asString()).isEqualTo("Collection");
          page.json().path("member").forEach(m -> all.add(m.asString()));
        });
    return all;
  }

  /** Reads the pages of a resource, from the path through its Link headers, each answering 200. */
  private void pages(String path, java.util.function.Consumer<Http.Response> each) {
    for (int pages = 0; path != null; pages++) {
      assertThat(pages).as("pages").isLessThan(10_000);
      Http.Response page = get(path);
      assertThat(page.status()).as("%s: %s", path, page.body()).isEqualTo(200);
      each.accept(page);
      path = next(page);
    }
  }

  /** The target of a {@code Link: <…>; rel="next"} header, or null. */
  static String next(Http.Response response) {
    String link = response.header("Link");
    if (link.isEmpty() || !link.contains("rel=\"next\"")) {
      return null;
    }
    return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
  }

  /** A request of a path of the application, or of an absolute URI (a Link header's target). */
  private HttpRequest.Builder request(String path) {
    URI uri =
        URI.create(path.startsWith("http://") || path.startsWith("https://") ? path : base + path);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).header("Authorization", authorization);
    headers.forEach(builder::header);
    return builder;
  }

  private static Http.Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Http.Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
