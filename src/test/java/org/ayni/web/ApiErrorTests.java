package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;
import tools.jackson.databind.JsonNode;

/** Errors of the API are RFC 9457 problem JSON, in the language the caller asks for. */
@AyniIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiErrorTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiExceptionHandler apiErrors;
  @Autowired UiExceptionHandler uiErrors;

  Http api() {
    return Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
  }

  @Test
  void malformedJsonIsABadRequestAndNothingIsWritten() {
    long before = jdbc.sql("select count(*) from member").query(Long.class).single();
    Http.Response r = api().post("/api/v1/members", "{\"memberCode\": \"X-1\", \"kind\": ");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("code").asString()).isEqualTo("error.body.malformed");
    assertThat(problem.path("detail").asString())
        .isEqualTo("El cuerpo de la solicitud no es JSON válido.");
    assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/members");
    assertThat(jdbc.sql("select count(*) from member").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aParameterThatDoesNotDecodeIsTheCallersErrorOnEverySurfaceAndLogsNoError(
      CapturedOutput output) {
    Http.Response page =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).rawGet("/trace?q=%zz");
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("un % debe ir seguido de dos cifras hexadecimales");

    Http.Response problem = api().language("en").rawGet("/api/v1/lots?q=%zz");
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.body())
        .contains("\"code\":\"error.parameter-encoding\"", "followed by two hexadecimal digits");

    Http.Response epcis = api().rawGet("/epcis/events?EQ_bizStep=%zz");
    assertThat(epcis.status()).isEqualTo(400);
    assertThat(epcis.body()).contains("epcisException:QueryParameterException");

    assertThat(output.getAll())
        .as("a client's mistake, not the server's")
        .doesNotContain("InvalidParameterException", "EPCIS request /epcis/events failed");
  }

  @Test
  void aBadValueInARequestThatSavesNothingDoesNotSayNothingWasSaved() {
    Http.Response r = api().language("en").get("/api/v1/lots/not-a-uuid");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asString())
        .isEqualTo("Some values of the request are not valid.");
    assertThat(r.json().path("errors").get(0).path("code").asString()).isEqualTo("validation.type");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() {
    Http.Response r = api().language("en").post("/api/v1/members", "{\"householdSize\": \"many\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode error = r.json().path("errors").get(0);
    assertThat(error.path("field").asString()).isEqualTo("householdSize");
    assertThat(error.path("code").asString()).isEqualTo("validation.type");

    // a value of a list names the values there are
    Http.Response reason =
        api().language("en").post("/api/v1/trace/corrections", "{\"reason\": \"wrong\"}");
    assertThat(reason.status()).isEqualTo(400);
    JsonNode choice = reason.json().path("errors").get(0);
    assertThat(choice.path("field").asString()).isEqualTo("reason");
    assertThat(choice.path("code").asString()).isEqualTo("validation.one-of");
    assertThat(choice.path("message").asString())
        .isEqualTo("Give one of these values: DID_NOT_OCCUR, INCORRECT_DATA.");
    // in any case: did_not_occur as EPCIS writes it is read, and other fields are then missing
    Http.Response word =
        api().language("en").post("/api/v1/trace/corrections", "{\"reason\": \"did_not_occur\"}");
    assertThat(word.status()).isEqualTo(400);
    assertThat(word.json().path("errors").findValuesAsString("field")).doesNotContain("reason");
  }

  @Test
  void aFieldTheBodyDoesNotHaveIsRefusedNamingTheFieldsItHas() {
    // a unit beside a shipment line's quantity: dropped, it would ship 60 kg for 60 t
    Http.Response r =
        api()
            .language("en")
            .post(
                "/api/v1/trace/shipments",
                "{\"lots\": [{\"lotId\": null, \"quantity\": 60, \"unit\": \"TNE\"}]}");
    assertThat(r.status()).isEqualTo(400);
    JsonNode error = r.json().path("errors").get(0);
    assertThat(error.path("field").asString()).isEqualTo("lots[0].unit");
    assertThat(error.path("code").asString()).isEqualTo("validation.unknown-field");
    assertThat(error.path("message").asString())
        .startsWith("There is no such field here; the fields are: ")
        .contains("lotId", "quantity");
  }

  @Test
  void aLockTheDatabaseGaveUpOnIsServiceBusyWithRetryAfter() {
    // what H2 answers when the lineage lock stays taken beyond its lock timeout (ADR 0007)
    var e = new CannotAcquireLockException("Timeout trying to lock table");
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/trace/merges");

    ResponseEntity<ProblemDetail> api;
    LocaleContextHolder.setLocale(Locale.FRENCH); // as a request asking for French sets it
    try {
      api = apiErrors.busy(e, request);
    } finally {
      LocaleContextHolder.resetLocaleContext();
    }
    assertThat(api.getStatusCode().value()).isEqualTo(503);
    assertThat(api.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(api.getBody().getProperties()).containsEntry("code", "error.busy");
    assertThat(api.getBody().getTitle()).isEqualTo("Service occupé");
    assertThat(api.getBody().getDetail()).contains("Rien n’a été enregistré");

    MockHttpServletResponse response = new MockHttpServletResponse();
    ExtendedModelMap model = new ExtendedModelMap();
    assertThat(uiErrors.busy(model, response)).isEqualTo("error");
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(model.getAttribute("messageKey")).isEqualTo("error.busy");
  }

  @Test
  void anUnknownIdIsNotFoundAsProblemJson() {
    String id = UUID.randomUUID().toString();
    for (String[] c :
        new String[][] {
          {
            "/api/v1/members/" + id,
            "member.not-found",
            "Este socio no existe o no está a su alcance."
          },
          {
            "/api/v1/organisations/" + id,
            "organisation.not-found",
            "Esta organización no existe o no está a su alcance."
          }
        }) {
      Http.Response r = api().get(c[0]);
      assertThat(r.status()).as(c[0]).isEqualTo(404);
      assertThat(r.header("Content-Type")).as(c[0]).startsWith("application/problem+json");
      JsonNode problem = r.json();
      assertThat(problem.path("status").asInt()).isEqualTo(404);
      assertThat(problem.path("title").asString()).isEqualTo("No encontrado");
      assertThat(problem.path("code").asString()).isEqualTo(c[1]);
      assertThat(problem.path("detail").asString()).isEqualTo(c[2]);
      assertThat(problem.path("instance").asString()).isEqualTo(c[0]);
    }
    Http.Response noSuchPath = api().get("/api/v1/no-such-thing");
    assertThat(noSuchPath.status()).isEqualTo(404);
    assertThat(noSuchPath.header("Content-Type")).startsWith("application/problem+json");
    assertThat(noSuchPath.json().path("code").asString()).isEqualTo("error.not-found");
    assertThat(noSuchPath.json().path("title").asString()).isEqualTo("No encontrado");

    Http.Response noSuchPage =
        Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).get("/no-such-page");
    assertThat(noSuchPage.status()).isEqualTo(404);
    assertThat(noSuchPage.header("Content-Type")).startsWith("text/html");
    assertThat(noSuchPage.body()).contains("No encontrado");
  }

  @Test
  void requestsNoControllerTakesAreProblemsInTheCallersLanguageAndEpcisSpeaksItsOwnTypes() {
    Http.Response method = api().language("en").delete("/api/v1/lots");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("Content-Type")).startsWith("application/problem+json");
    assertThat(method.header("Allow")).contains("GET");
    assertThat(method.header("GS1-EPCIS-Version")).as("EPCIS headers only under /epcis").isEmpty();
    assertThat(method.json().path("code").asString()).isEqualTo("error.method");
    assertThat(method.json().path("title").asString()).isEqualTo("Method not allowed");
    assertThat(method.json().path("detail").asString())
        .isEqualTo("This HTTP method is not supported here.");

    Http.Response epcisMethod = api().language("fr").delete("/epcis/capture");
    assertThat(epcisMethod.status()).isEqualTo(405);
    assertThat(epcisMethod.header("Allow")).contains("POST");
    assertThat(epcisMethod.header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    assertThat(epcisMethod.header("GS1-CBV-Version")).isEqualTo("2.0.0");
    assertThat(epcisMethod.json().path("detail").asString())
        .isEqualTo("Cette méthode HTTP n’est pas prise en charge ici.");
    assertThat(epcisMethod.json().path("type").asString())
        .isEqualTo("epcisException:ImplementationException");
    assertThat(epcisMethod.json().path("title").asString()).isEqualTo("ImplementationException");

    Http.Response unknown = api().get("/epcis/no-such-resource");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("GS1-EPCIS-Version")).isEqualTo("2.0.0");
    assertThat(unknown.json().path("type").asString())
        .isEqualTo("epcisException:NoSuchResourceException");
    assertThat(unknown.json().path("title").asString()).isEqualTo("NoSuchResourceException");
    assertThat(unknown.json().path("detail").asString())
        .isEqualTo("Lo que busca no existe o no está a su alcance.");

    Http.Response xml = api().language("en").accept("application/xml").get("/api/v1/lots");
    assertThat(xml.status()).isEqualTo(406);
    assertThat(xml.header("Content-Type")).startsWith("application/problem+json");
    assertThat(xml.json().path("code").asString()).isEqualTo("error.not-acceptable");
    assertThat(xml.json().path("title").asString()).isEqualTo("Not acceptable");
  }

  @Test
  void theApiFollowsAcceptLanguage() {
    String path = "/api/v1/members/" + UUID.randomUUID();
    assertThat(api().get(path).json().path("detail").asString())
        .isEqualTo("Este socio no existe o no está a su alcance.");
    assertThat(api().language("en").get(path).json().path("detail").asString())
        .isEqualTo("This member does not exist or is not available to you.");
    assertThat(api().language("fr-BE,fr;q=0.9").get(path).json().path("detail").asString())
        .isEqualTo("Ce membre n’existe pas ou ne vous est pas accessible.");
    assertThat(api().language("de").get(path).json().path("detail").asString())
        .isEqualTo("Este socio no existe o no está a su alcance.");
    assertThat(api().language("de, en;q=0.5").get(path).json().path("title").asString())
        .isEqualTo("Not found");
    Http.Response unauthorised =
        Http.basic(port, "cepicafe.campo", "wrong-password").language("en").get(path);
    assertThat(unauthorised.status()).isEqualTo(401);
    assertThat(unauthorised.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unauthorised.json().path("code").asString()).isEqualTo("error.unauthorized");
    assertThat(unauthorised.json().has("properties")).isFalse();
    assertThat(unauthorised.json().path("detail").asString())
        .isEqualTo(
            "Send an API token (Authorization: Bearer) or a username and password (HTTP Basic):"
                + " the API does not use the pages’ session.");
  }
}
