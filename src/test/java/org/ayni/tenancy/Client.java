package org.ayni.tenancy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ayni.support.Http;

/**
 * A caller of the running application for the tenancy walk: either an API client with HTTP Basic or
 * a signed-in browser session that sends its CSRF token with every write, able to send any method
 * with any body.
 */
final class Client {

  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\" (?:value|content)=\"([^\"]+)\"");

  final String username;
  final boolean session;
  private final String base;
  private final HttpClient http;
  private final String authorization;
  private String csrf;

  private Client(String username, boolean session, int port, HttpClient http, String auth) {
    this.username = username;
    this.session = session;
    this.base = "http://localhost:" + port;
    this.http = http;
    this.authorization = auth;
  }

  /** An API caller with HTTP Basic credentials. */
  static Client api(int port, String username, String password) {
    return new Client(
        username,
        false,
        port,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** A browser session signed in through the login form, with a valid CSRF token. */
  static Client session(int port, String username, String password) {
    Client client =
        new Client(
            username,
            true,
            port,
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            null);
    Http.Response login = client.send("GET", "/login", null, null, null);
    client.csrf = csrfIn(login.body());
    Http.Response result =
        client.send(
            "POST",
            "/login",
            "application/x-www-form-urlencoded",
            form(Map.of("username", username, "password", password)),
            null);
    if (result.status() != 302 || result.header("Location").contains("error")) {
      throw new IllegalStateException("login failed for " + username + ": " + result.status());
    }
    // The token changes at login: take the one of the signed-in session.
    client.csrf = csrfIn(client.send("GET", "/", null, null, null).body());
    return client;
  }

  String describe() {
    return username + (session ? " (UI session)" : " (API Basic)");
  }

  Http.Response send(String method, String path, String contentType, byte[] body, String accept) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (csrf != null && !"GET".equals(method)) {
      builder.header("X-CSRF-TOKEN", csrf);
    }
    if (accept != null) {
      builder.header("Accept", accept);
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Http.Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] form(Map<String, ?> fields) {
    return fields.entrySet().stream()
        .flatMap(
            e ->
                (e.getValue() instanceof Iterable<?> values
                        ? java.util.stream.StreamSupport.stream(values.spliterator(), false)
                        : java.util.stream.Stream.of(e.getValue()))
                    .map(
                        v ->
                            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(
                                    v == null ? "" : String.valueOf(v), StandardCharsets.UTF_8)))
        .collect(Collectors.joining("&"))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String csrfIn(String page) {
    Matcher matcher = CSRF.matcher(page);
    if (!matcher.find()) {
      throw new IllegalStateException("no CSRF token in page");
    }
    return matcher.group(1);
  }
}
