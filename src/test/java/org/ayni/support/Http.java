package org.ayni.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for tests against the running application: API calls with HTTP Basic or a
 * bearer token, and browser-like sessions (cookies, form login, CSRF tokens) for the HTML pages.
 */
public final class Http {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient client;
  private String authorization;
  private String language;
  private String accept;
  private String organisation;

  private Http(String base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  /** An API client without credentials. */
  public static Http anonymous(int port) {
    return new Http(
        "http://localhost:" + port,
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
  }

  /** An API client that sends HTTP Basic credentials. */
  public static Http basic(int port, String username, String password) {
    Http http = anonymous(port);
    http.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http;
  }

  /** An API client that sends a bearer token. */
  public static Http bearer(int port, String token) {
    Http http = anonymous(port);
    http.authorization = "Bearer " + token;
    return http;
  }

  /** A browser-like session (cookies kept, redirects not followed) that has not signed in. */
  public static Http browser(int port) {
    return new Http(
        "http://localhost:" + port,
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** A browser-like session, signed in through the login form. */
  public static Http session(int port, String username, String password) {
    Http http =
        new Http(
            "http://localhost:" + port,
            HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    Response login = http.get("/login");
    Response result =
        http.form("/login", Map.of("username", username, "password", password), login.csrfToken());
    if (result.status() != 302 || result.header("Location").contains("error")) {
      throw new IllegalStateException("login failed for " + username);
    }
    return http;
  }

  public Http language(String language) {
    this.language = language;
    return this;
  }

  /** The media type asked for by the requests that name none themselves. */
  public Http accept(String mediaType) {
    this.accept = mediaType;
    return this;
  }

  /**
   * The organisation (its code) the requests act for ({@code Ayni-Organisation}), as EPCIS asks.
   */
  public Http actingFor(String organisationCode) {
    this.organisation = organisationCode;
    return this;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, Object body) {
    return send(json(request(path), body, "POST"));
  }

  public Response put(String path, Object body) {
    return send(json(request(path), body, "PUT"));
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response postRaw(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Posts a URL-encoded form with the given CSRF token (null: none). */
  public Response form(String path, Map<String, String> fields, String csrf) {
    return form(path, fields, csrf, null);
  }

  /** The same, sent from a page (its {@code Referer}, as a browser sends it; null: none). */
  private Response form(String path, Map<String, String> fields, String csrf, String from) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (csrf != null) {
      all.put("_csrf", csrf);
    }
    String body =
        all.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(
                            e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request = request(path);
    if (from != null) {
      request.header("Referer", base + from);
    }
    return send(
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * A GET of a request target sent byte for byte, with this client's credentials, language and
   * cookies: {@link URI} refuses a malformed escape such as {@code %zz}, which a client may still
   * send. The answer's headers are not kept; a chunked body keeps its chunk sizes.
   */
  public Response rawGet(String target) {
    URI uri = URI.create(base);
    StringBuilder head =
        new StringBuilder("GET ")
            .append(target)
            .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    if (language != null) {
      head.append("Accept-Language: ").append(language).append("\r\n");
    }
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      if (client.cookieHandler().isPresent()) {
        for (String cookie :
            client.cookieHandler().get().get(uri, Map.of()).getOrDefault("Cookie", List.of())) {
          head.append("Cookie: ").append(cookie).append("\r\n");
        }
      }
      head.append("\r\n");
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status =
          Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
      int body = answer.indexOf("\r\n\r\n");
      return new Response(status, Map.of(), body < 0 ? "" : answer.substring(body + 4));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fetches a page and posts a form to {@code action} from it, with its CSRF token. */
  public Response submit(String pageWithForm, String action, Map<String, String> fields) {
    return form(action, fields, get(pageWithForm).csrfToken(), pageWithForm);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (language != null) {
      builder.header("Accept-Language", language);
    }
    if (accept != null) {
      builder.header("Accept", accept);
    }
    if (organisation != null) {
      builder.header("Ayni-Organisation", organisation);
    }
    return builder;
  }

  private static HttpRequest.Builder json(HttpRequest.Builder builder, Object body, String method) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return builder
        .header("Content-Type", "application/json")
        .setHeader("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(text));
  }

  private Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response: status, headers and body text. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse("");
    }

    /** Every value of a header that lists them ({@code Vary}, say), in all its fields. */
    public java.util.List<String> listed(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .flatMap(v -> java.util.Arrays.stream(v.split(",")))
          .map(String::strip)
          .toList();
    }

    /** The HTML of the page's form field whose input has this id, up to the end of its block. */
    public String field(String id) {
      int input = body.indexOf("id=\"" + id + "\"");
      if (input < 0) {
        throw new AssertionError("no field " + id + " in page");
      }
      int start = body.lastIndexOf("<div class=\"field", input);
      return body.substring(start, body.indexOf("</div>", input));
    }

    public String csrfToken() {
      Matcher matcher = CSRF.matcher(body);
      if (!matcher.find()) {
        throw new IllegalStateException("no CSRF token in page");
      }
      return matcher.group(1);
    }
  }
}
