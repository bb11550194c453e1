package org.ayni.trace.epcis;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ayni.access.CurrentUser;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.web.EpcisVersion;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * What the controllers of the EPCIS interface share: the version headers, a page of events as an
 * EPCISQueryDocument with its Link header, and their errors as problem JSON of the standard {@code
 * epcisException:…} types (handlers of the controller itself, so that they come before the API's
 * general ones).
 */
abstract class EpcisEndpoint {

  private static final Logger log = LoggerFactory.getLogger(EpcisEndpoint.class);

  static final String VERSION = EpcisVersion.VERSION;

  /** The queryName of the results of {@code GET /events} and the resources that browse events. */
  static final String SIMPLE_EVENT_QUERY = "SimpleEventQuery";

  final EventStore events;
  private final PageTokens tokens;
  final EpcisWriter writer;
  final MessageSource messages;
  private final Clock clock;

  EpcisEndpoint(
      EventStore events,
      EpcisWriter writer,
      PageTokens tokens,
      MessageSource messages,
      Clock clock) {
    this.events = events;
    this.tokens = tokens;
    this.writer = writer;
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * The page of events the query parameters ask for, of those that also meet the resource's own
   * criteria ({@code /bizSteps/{bizStep}/events} and its kind), as an EPCISQueryDocument with the
   * given {@code queryName} ({@code SimpleEventQuery}, or a named query's name). Extension fields
   * may use the prefixes the request's GS1-Extensions header declares and those of {@code
   * declared}, a named query's own {@code @context} (null for none).
   */
  final ResponseEntity<String> answer(
      CurrentUser user,
      MultiValueMap<String, String> parameters,
      List<EventFilter.Criterion> resource,
      String queryName,
      String accept,
      HttpServletRequest request,
      JsonNode declared) {
    EpcisContext context =
        EpcisQueryParameters.extensions(request.getHeader("GS1-Extensions")).with(declared);
    MediaType type = answerType(accept);
    EpcFormat format = EpcFormat.of(request.getHeader(EpcFormat.HEADER));
    EpcisQueryParameters.Query query;
    try {
      query = EpcisQueryParameters.parse(tokens.opened(parameters), resource, context);
    } catch (EpcisException e) {
      throw tokens.asSent(e, parameters);
    }
    List<EventStore.Row> rows = events.query(user.readScope(), query.filter());
    boolean more = rows.size() > query.perPage();
    Integer max = query.maxEventCount();
    if (max != null && query.filter().after() == null) {
      // all on this page, or counted (up to one more than allowed)
      int total = more ? events.count(user.readScope(), query.filter(), max + 1) : rows.size();
      if (total > max) {
        throw new EpcisException(
            EpcisException.Type.QueryTooLargeException, "epcis.query.too-large", max);
      }
    }
    HttpHeaders headers = new HttpHeaders();
    versions(headers);
    if (more) {
      rows = rows.subList(0, query.perPage());
    }
    if (more && !query.lastAllowed()) {
      EventStore.Row last = rows.getLast();
      OffsetDateTime time =
          switch (query.filter().order()) {
            case LOG -> null;
            case EVENT_TIME -> last.eventTime();
            case RECORD_TIME -> last.recordTime();
          };
      String token =
          tokens.seal(
              EpcisQueryParameters.token(query, time, last.seq(), query.returned() + rows.size()));
      headers.add(HttpHeaders.LINK, "<" + nextPage(request, token) + ">; rel=\"next\"");
    }
    headers.setContentType(type);
    translated(headers, format);
    return ResponseEntity.ok()
        .headers(headers)
        .body(writer.queryDocument(rows, now(), queryName, format));
  }

  /** A JSON-LD collection of the EPCIS REST binding. */
  static Map<String, Object> collection(List<String> members) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("@context", Cbv.CONTEXT);
    json.put("type", "Collection");
    json.put("member", members);
    return json;
  }

  final OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  /**
   * Refuses a body that is not JSON (UnsupportedMediaTypeException); none said is taken as JSON.
   */
  static void requireJson(String contentType) {
    if (contentType == null) {
      return;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.isCompatibleWith(MediaType.APPLICATION_JSON)
          || type.getSubtype().endsWith("+json")) {
        return;
      }
    } catch (RuntimeException e) {
      // not a media type at all: refused below
    }
    throw new EpcisException(
        EpcisException.Type.UnsupportedMediaTypeException, "epcis.media-type", contentType);
  }

  static final MediaType LD_JSON = MediaType.valueOf("application/ld+json");

  /**
   * The type of a JSON-LD answer for the Accept header: {@code application/ld+json} when the client
   * prefers it (of a higher quality than {@code application/json}, or of the same quality and named
   * first), {@code application/json} otherwise (no header, {@code *}{@code /*}, {@code
   * application/*}, {@code application/json}); a NotAcceptableException when neither is acceptable.
   * Each type takes the quality of the most specific range that names it (RFC 9110, 12.5.1): {@code
   * application/json;q=0, *}{@code /*} refuses {@code application/json} and takes the other.
   */
  static MediaType answerType(String accept) {
    if (accept == null || accept.isBlank()) {
      return MediaType.APPLICATION_JSON;
    }
    try {
      List<MediaType> ranges = MediaType.parseMediaTypes(accept);
      Acceptance json = Acceptance.of(MediaType.APPLICATION_JSON, ranges);
      Acceptance ld = Acceptance.of(LD_JSON, ranges);
      if (json.acceptable() || ld.acceptable()) {
        return ld.before(json) ? LD_JSON : MediaType.APPLICATION_JSON;
      }
    } catch (RuntimeException e) {
      // unreadable: refused below
    }
    throw new EpcisException(EpcisException.Type.NotAcceptableException, "epcis.not-acceptable");
  }

  /** How an Accept header takes a type: the quality and position of its most specific range. */
  private record Acceptance(double quality, int position) {

    static Acceptance of(MediaType type, List<MediaType> ranges) {
      Acceptance best = new Acceptance(0, Integer.MAX_VALUE);
      int bestSpecificity = -1;
      for (int i = 0; i < ranges.size(); i++) {
        MediaType range = ranges.get(i);
        if (range.includes(type)) {
          int specificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
          if (specificity > bestSpecificity) {
            bestSpecificity = specificity;
            best = new Acceptance(range.getQualityValue(), i);
          }
        }
      }
      return best;
    }

    boolean acceptable() {
      return quality > 0;
    }

    /** Preferred to the other: of a higher quality, or as high and named first. */
    boolean before(Acceptance other) {
      return acceptable()
          && (quality > other.quality || (quality == other.quality && position < other.position));
    }
  }

  /**
   * The request again with the next page's token, as an absolute URI (the OpenAPI types {@code
   * Link} {@code format: uri}; clients pass its target to their HTTP library as it is): the scheme,
   * host and port are the request's, as the server reads them (behind a proxy, those it forwards
   * when {@code server.forward-headers-strategy} says to trust its headers).
   */
  static String nextPage(HttpServletRequest request, String token) {
    List<String> kept = new ArrayList<>();
    String query = request.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (!pair.isEmpty() && !pair.startsWith("nextPageToken=")) {
          kept.add(pair.replace("|", "%7C")); // a | read unencoded goes out as a URI allows
        }
      }
    }
    kept.add("nextPageToken=" + token);
    return here(request) + "?" + String.join("&", kept);
  }

  /** The absolute URI of the resource requested, its path as sent, without the query. */
  static String here(HttpServletRequest request) {
    return ServletUriComponentsBuilder.fromRequestUri(request)
        .replaceQuery(null)
        .build()
        .toUriString();
  }

  /**
   * The headers of every answer: the versions served, and that its type follows the Accept header
   * ({@link #answerType}), so that a cache does not give a client that asked for {@code
   * application/ld+json} an answer typed for another.
   */
  final void versions(HttpHeaders headers) {
    EpcisVersion.headers(headers::set);
    // the extensions the answers use: Ayni's own vocabulary (steps, kinds, fields)
    headers.set("GS1-Extensions", "ayni=" + Cbv.AYNI);
    headers.set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
  }

  /** A 200 answer of the type {@link #answerType} chose, with the headers of every answer. */
  final ResponseEntity.BodyBuilder ok(MediaType type) {
    return ResponseEntity.ok().headers(this::versions).contentType(type);
  }

  /** The answer's identifiers are written as the GS1-EPC-Format header asked. */
  static void translated(HttpHeaders headers, EpcFormat format) {
    headers.set(EpcFormat.HEADER, format.answered());
    headers.setVary(List.of(HttpHeaders.ACCEPT, EpcFormat.HEADER));
  }

  /** The answer to OPTIONS: the methods allowed and the discovery headers. */
  final ResponseEntity<Void> discovered(String allow) {
    return ResponseEntity.noContent()
        .headers(
            h -> {
              h.set(HttpHeaders.ALLOW, allow);
              discovery(h);
            })
        .build();
  }

  final void discovery(HttpHeaders headers) {
    versions(headers);
    headers.set("GS1-EPCIS-Min", VERSION);
    headers.set("GS1-EPCIS-Max", VERSION);
    headers.set("GS1-CBV-Min", VERSION);
    headers.set("GS1-CBV-Max", VERSION);
    headers.set("GS1-Vendor-Version", "Ayni");
    headers.set(EpcFormat.HEADER, EpcFormat.SUPPORTED);
  }

  // ----------------------------------------------------------------------------------- errors

  /** A body above the request limit: answered by the web module's filter with 413. */
  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("PayloadTooLargeException")) {
        return true;
      }
    }
    return false;
  }

  @ExceptionHandler(EpcisException.class)
  ResponseEntity<ProblemDetail> epcis(EpcisException e, HttpServletRequest request) {
    Locale locale = LocaleContextHolder.getLocale();
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.valueOf(e.type().status),
            messages.getMessage(e.messageKey(), e.arguments().toArray(), e.messageKey(), locale));
    body.setType(URI.create(e.type().uri()));
    body.setTitle(e.type().name());
    body.setInstance(URI.create(request.getRequestURI()));
    body.setProperty("code", e.messageKey());
    if (!e.problems().isEmpty()) {
      body.setProperty("errors", EpcisProblems.render(e.problems(), messages, locale));
    }
    var response =
        ResponseEntity.status(e.type().status)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .headers(this::versions);
    if (e.location() != null) {
      response.location(URI.create(e.location()));
    }
    return response.body(body);
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
    List<EpcisException.Problem> problems =
        e.problems().stream()
            .map(
                p ->
                    new EpcisException.Problem(
                        null, p.field(), p.messageKey(), p.arguments(), null))
            .toList();
    return epcis(
        new EpcisException(EpcisException.Type.ValidationException, "error.invalid", problems),
        request);
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e, HttpServletRequest request) {
    return epcis(
        new EpcisException(EpcisException.Type.SecurityException, e.messageKey()), request);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
    return epcis(
        new EpcisException(EpcisException.Type.NoSuchResourceException, e.messageKey()), request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    if (tooLarge(e)) {
      throw e;
    }
    return epcis(
        new EpcisException(EpcisException.Type.ValidationException, "epcis.body.missing"), request);
  }

  @ExceptionHandler(
      org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(
      org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e,
      HttpServletRequest request) {
    return epcis(
        new EpcisException(
            EpcisException.Type.QueryParameterException,
            "epcis.query.value",
            e.getName(),
            String.valueOf(e.getValue())),
        request);
  }

  /**
   * A Content-Type the body could not be read in, or that is no media type at all ({@code
   * garbage}): refused as one that is not JSON.
   */
  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpServletRequest request) {
    return epcis(
        new EpcisException(
            EpcisException.Type.UnsupportedMediaTypeException,
            "epcis.media-type",
            String.valueOf(request.getContentType())),
        request);
  }

  /** An answer in a type the client does not take (a list of named queries as XML). */
  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpServletRequest request) {
    return epcis(
        new EpcisException(EpcisException.Type.NotAcceptableException, "epcis.not-acceptable"),
        request);
  }

  /** A parameter of the query string that does not decode ({@code ?EQ_bizStep=%zz}). */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodable(HttpServletRequest request) {
    return epcis(
        new EpcisException(EpcisException.Type.QueryParameterException, "error.parameter-encoding"),
        request);
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> failure(RuntimeException e, HttpServletRequest request) {
    if (tooLarge(e)) {
      throw e;
    }
    log.error("EPCIS request {} failed", request.getRequestURI(), e);
    return epcis(
        new EpcisException(EpcisException.Type.ImplementationException, "epcis.failed"), request);
  }
}
