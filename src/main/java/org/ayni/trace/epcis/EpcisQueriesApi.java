package org.ayni.trace.epcis;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ayni.access.CurrentUser;
import org.ayni.trace.internal.EventStore;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The named queries of the EPCIS 2.0 REST binding: {@code /epcis/queries} lists and creates them,
 * {@code /epcis/queries/{name}} reads and deletes one, {@code /epcis/queries/{name}/events} answers
 * it. Each belongs to the account that created it; its events are those that account may read when
 * it asks. Subscriptions by webhook are {@link EpcisSubscriptionsApi}'s; those by WebSocket (the
 * events resource with {@code stream} or a schedule) are not offered.
 */
@RestController
@RequestMapping("/epcis/queries")
// described with the rest of the interface on EpcisApi
@Tag(name = "EPCIS 2.0")
class EpcisQueriesApi extends EpcisEndpoint {

  /**
   * The parameters of a named query's events resource that set up a WebSocket subscription, which
   * this repository does not offer.
   */
  private static final Set<String> SUBSCRIPTION_PARAMETERS =
      Set.of(
          "stream",
          "second",
          "minute",
          "hour",
          "dayOfMonth",
          "month",
          "dayOfWeek",
          "reportIfEmpty",
          "initialRecordTime");

  /** What a named query's events resource takes besides the query's own parameters. */
  private static final Set<String> PAGE_PARAMETERS = Set.of("perPage", "nextPageToken");

  private final NamedQueries queries;

  EpcisQueriesApi(
      NamedQueries queries,
      EventStore events,
      EpcisWriter writer,
      PageTokens tokens,
      MessageSource messages,
      Clock clock) {
    super(events, writer, tokens, messages, clock);
    this.queries = queries;
  }

  /** The path of a named query. */
  static String path(String name) {
    return "/epcis/queries/" + name;
  }

  @GetMapping
  @Operation(summary = "The caller's named queries, by name (perPage, nextPageToken)")
  ResponseEntity<List<Map<String, Object>>> list(
      CurrentUser user,
      HttpServletRequest request,
      @RequestParam(required = false) Integer perPage,
      @RequestParam(required = false) String nextPageToken,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    int size = EpcisQueryParameters.pageSize(perPage);
    String after = nextPageToken == null ? null : EpcisQueryParameters.valueAfter(nextPageToken);
    List<NamedQueries.NamedQuery> page = queries.list(user, after, size + 1);
    HttpHeaders headers = new HttpHeaders();
    versions(headers);
    if (page.size() > size) {
      page = page.subList(0, size);
      String token = EpcisQueryParameters.valueToken(page.getLast().name());
      headers.add(HttpHeaders.LINK, "<" + nextPage(request, token) + ">; rel=\"next\"");
    }
    headers.setContentType(type);
    return ResponseEntity.ok().headers(headers).body(page.stream().map(this::json).toList());
  }

  @PostMapping
  @Operation(
      summary =
          "Create a named query: 201 with its location; 409 when the caller has one of that"
              + " name")
  ResponseEntity<Map<String, Object>> create(
      CurrentUser user,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestHeader(name = "GS1-Extensions", required = false) String extensions,
      @RequestBody(required = false) byte[] body) {
    requireJson(contentType);
    // refused before anything is made: a 406 after it would have the client send it again
    MediaType type = answerType(accept);
    if (body == null || body.length == 0) {
      throw new EpcisException(EpcisException.Type.ValidationException, "epcis.body.missing");
    }
    NamedQueries.NamedQuery created =
        queries.create(user, body, extensions, LocaleContextHolder.getLocale());
    return ResponseEntity.created(URI.create(path(created.name())))
        .headers(this::versions)
        .contentType(type)
        .body(json(created));
  }

  @GetMapping("/{queryName}")
  @Operation(summary = "One of the caller's named queries: its name and query")
  ResponseEntity<Map<String, Object>> get(
      CurrentUser user,
      @PathVariable String queryName,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    return ok(type).body(json(named(user, queryName)));
  }

  @DeleteMapping("/{queryName}")
  @Operation(summary = "Delete one of the caller's named queries")
  ResponseEntity<Void> delete(CurrentUser user, @PathVariable String queryName) {
    if (!queries.delete(user, queryName)) {
      throw notFound();
    }
    return ResponseEntity.noContent().headers(this::versions).build();
  }

  @GetMapping("/{queryName}/events")
  @Operation(
      summary =
          "The events of one of the caller's named queries, as an EPCISQueryDocument whose"
              + " queryName is the query's (perPage, nextPageToken and a Link header)")
  ResponseEntity<String> events(
      CurrentUser user,
      HttpServletRequest request,
      @PathVariable String queryName,
      @RequestParam MultiValueMap<String, String> parameters,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    NamedQueries.NamedQuery query = named(user, queryName);
    MultiValueMap<String, String> all =
        new LinkedMultiValueMap<>(NamedQueries.parameters(query.query()));
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (SUBSCRIPTION_PARAMETERS.contains(name)) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.named-query.subscription", name);
      }
      if (!PAGE_PARAMETERS.contains(name)) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.named-query.parameter", name);
      }
      all.put(name, parameter.getValue());
    }
    return answer(
        user, all, List.of(), query.name(), accept, request, query.query().get("@context"));
  }

  @RequestMapping(
      path = {"", "/{queryName}", "/{queryName}/events"},
      method = RequestMethod.OPTIONS)
  ResponseEntity<Void> options(HttpServletRequest request) {
    String path = request.getRequestURI();
    return discovered(
        path.endsWith("/epcis/queries")
            ? "OPTIONS, GET, POST"
            : path.endsWith("/events") ? "OPTIONS, GET" : "OPTIONS, GET, DELETE");
  }

  private NamedQueries.NamedQuery named(CurrentUser user, String name) {
    return queries.find(user, name).orElseThrow(EpcisQueriesApi::notFound);
  }

  static EpcisException notFound() {
    return new EpcisException(
        EpcisException.Type.NoSuchResourceException, "epcis.named-query.not-found");
  }

  private Map<String, Object> json(NamedQueries.NamedQuery query) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", query.name());
    json.put("query", query.query());
    return json;
  }
}
