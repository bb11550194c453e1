package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The API describes itself: OpenAPI 3.1 at /v3/api-docs, browsable at /swagger-ui.html. */
@AyniIntegrationTest
class ApiDocsTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void theApiDocsAreOpenApi31AndListEveryApiPath() {
    Http.Response docs = Http.anonymous(port).get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    JsonNode json = docs.json();
    assertThat(json.path("openapi").asString()).startsWith("3.1");
    List<String> paths = new ArrayList<>();
    json.path("paths").propertyNames().forEach(paths::add);
    assertThat(paths)
        .contains(
            "/api/v1/organisations",
            "/api/v1/organisations/{id}",
            "/api/v1/organisations.csv",
            "/api/v1/members",
            "/api/v1/members/{id}",
            "/api/v1/members.csv");
    assertThat(paths)
        .allMatch(p -> p.startsWith("/api/") || p.startsWith("/epcis"), "only API paths");

    // Every handler mapping under /api/v1 and /epcis, of every module, is documented.
    Set<String> mapped = new TreeSet<>();
    for (RequestMappingHandlerMapping mapping :
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      mapping
          .getHandlerMethods()
          .forEach(
              (info, handler) ->
                  info.getPatternValues().stream()
                      .filter(p -> p.startsWith("/api/v1") || p.startsWith("/epcis"))
                      .map(p -> p.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"))
                      .forEach(mapped::add));
    }
    assertThat(mapped).isNotEmpty();
    assertThat(paths).containsAll(mapped);
    // the signed-in user is resolved from the session or the token: no operation asks for it
    assertThat(
            json.path("paths").findValues("parameters").stream()
                .flatMap(ps -> ps.valueStream())
                .map(p -> p.path("name").asString()))
        .isNotEmpty()
        .doesNotContain("user");
    assertThat(
            json.path("paths").path("/api/v1/members").path("get").path("tags").get(0).asString())
        .isEqualTo("Members");
    assertThat(json.path("paths").path("/epcis/events").path("get").path("tags").get(0).asString())
        .isEqualTo("EPCIS 2.0");
    // its name, and how to sign in, so that Swagger UI offers to authorise
    assertThat(json.at("/info/title").asString()).isEqualTo("Ayni");
    assertThat(json.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    assertThat(json.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
    assertThat(json.path("security")).hasSize(2);
    assertThat(json.path("security").get(0).has("bearer")).isTrue();
    assertThat(json.path("security").get(1).has("basic")).isTrue();
  }

  @Test
  void swaggerUiIsReachableWithoutSigningIn() {
    Http anonymous = Http.anonymous(port);
    Http.Response entry = anonymous.get("/swagger-ui.html");
    assertThat(entry.status()).isIn(200, 302);
    String location =
        entry.status() == 302
            ? entry.header("Location").replaceFirst("^https?://[^/]+", "")
            : "/swagger-ui.html";
    Http.Response ui = anonymous.get(location);
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger-ui");
  }
}
