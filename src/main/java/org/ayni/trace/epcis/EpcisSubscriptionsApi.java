package org.ayni.trace.epcis;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.ayni.access.CurrentUser;
import org.ayni.trace.internal.EventStore;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscriptions to a named query by webhook ({@code /epcis/queries/{name}/subscriptions}, ADR
 * 0009): created, listed, read and deleted by the query's account; the reports are POSTed to the
 * subscriber's URL by {@link SubscriptionReports}. The signature token is never answered.
 */
@RestController
@RequestMapping("/epcis/queries/{queryName}/subscriptions")
// described with the rest of the interface on EpcisApi
@Tag(name = "EPCIS 2.0")
class EpcisSubscriptionsApi extends EpcisEndpoint {

  private final Subscriptions subscriptions;
  private final NamedQueries queries;

  EpcisSubscriptionsApi(
      Subscriptions subscriptions,
      NamedQueries queries,
      EventStore events,
      EpcisWriter writer,
      PageTokens tokens,
      MessageSource messages,
      Clock clock) {
    super(events, writer, tokens, messages, clock);
    this.subscriptions = subscriptions;
    this.queries = queries;
  }

  static String path(String queryName, Object id) {
    return EpcisQueriesApi.path(queryName) + "/subscriptions/" + id;
  }

  @GetMapping
  @Operation(summary = "The subscriptions of one of the caller's named queries")
  ResponseEntity<List<Map<String, Object>>> list(
      CurrentUser user,
      @PathVariable String queryName,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    requireQuery(user, queryName);
    return ok(type)
        .body(
            subscriptions.list(user, queryName).stream()
                .map(Subscriptions.Subscription::json)
                .toList());
  }

  @PostMapping
  @Operation(
      summary =
          "Subscribe to a named query by webhook: dest (https), signatureToken, and either"
              + " \"stream\": true or a schedule (second, minute, hour, dayOfMonth, month,"
              + " dayOfWeek; with reportIfEmpty); initialRecordTime. 201 with its location")
  ResponseEntity<Map<String, Object>> create(
      CurrentUser user,
      @PathVariable String queryName,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestHeader(name = EpcFormat.HEADER, required = false) String epcFormat,
      @RequestBody(required = false) byte[] body) {
    requireJson(contentType);
    // refused before anything is made: a 406 after it would have the client send it again
    MediaType type = answerType(accept);
    EpcFormat format = EpcFormat.of(epcFormat);
    if (body == null || body.length == 0) {
      throw new EpcisException(EpcisException.Type.ValidationException, "epcis.body.missing");
    }
    Subscriptions.Subscription created = subscriptions.create(user, queryName, body, format);
    return ResponseEntity.created(URI.create(path(queryName, created.id())))
        .headers(this::versions)
        .contentType(type)
        .body(created.json());
  }

  @GetMapping("/{subscriptionId}")
  @Operation(summary = "One subscription: its URL, controls and the state of its deliveries")
  ResponseEntity<Map<String, Object>> get(
      CurrentUser user,
      @PathVariable String queryName,
      @PathVariable String subscriptionId,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    return ok(type)
        .body(
            subscriptions
                .find(user, queryName, subscriptionId)
                .orElseThrow(EpcisSubscriptionsApi::notFound)
                .json());
  }

  @DeleteMapping("/{subscriptionId}")
  @Operation(summary = "Unsubscribe")
  ResponseEntity<Void> delete(
      CurrentUser user, @PathVariable String queryName, @PathVariable String subscriptionId) {
    if (!subscriptions.delete(user, queryName, subscriptionId)) {
      throw notFound();
    }
    return ResponseEntity.noContent().headers(this::versions).build();
  }

  @RequestMapping(
      path = {"", "/{subscriptionId}"},
      method = RequestMethod.OPTIONS)
  ResponseEntity<Void> options(HttpServletRequest request) {
    return discovered(
        request.getRequestURI().endsWith("/subscriptions")
            ? "OPTIONS, GET, POST"
            : "OPTIONS, GET, DELETE");
  }

  private void requireQuery(CurrentUser user, String queryName) {
    if (queries.find(user, queryName).isEmpty()) {
      throw EpcisQueriesApi.notFound();
    }
  }

  private static EpcisException notFound() {
    return new EpcisException(
        EpcisException.Type.NoSuchResourceException, "epcis.subscription.not-found");
  }
}
