package org.ayni.trace.epcis;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.LogEntry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The EPCIS 2.0 REST binding (capture and query) under {@code /epcis}, for the caller's
 * organisations: captures are recorded for one organisation where the caller may record (the {@code
 * Ayni-Organisation} header, by code or id, or else the one organisation where the caller holds a
 * role that may record); queries read the events of the organisations in the caller's read scope.
 * Errors are problem JSON with the standard types {@code epcisException:…}.
 */
@RestController
@RequestMapping("/epcis")
@Tag(
    name = "EPCIS 2.0",
    description =
        "GS1 EPCIS 2.0 REST binding (JSON-LD): capture documents and single events, query events"
            + " with the standard parameters (eventType, GE_/LT_eventTime, GE_/LT_recordTime,"
            + " EQ_action, EQ_bizStep, EQ_disposition, EQ_persistentDisposition_set/unset,"
            + " EQ_/WD_readPoint, EQ_/WD_bizLocation,"
            + " EQ_transformationID, MATCH_epc, MATCH_anyEPC, MATCH_parentID, MATCH_inputEPC,"
            + " MATCH_outputEPC, MATCH_[input|output|any]EPCClass, EQ/GT/GE/LT/LE_quantity[_<uom>],"
            + " EQ_eventID, EXISTS_errorDeclaration, GE_/LT_errorDeclarationTime, EQ_errorReason,"
            + " EQ_correctiveEventID, EQ_bizTransaction_/source_/destination_<type>, orderBy,"
            + " orderDirection, eventCountLimit, maxEventCount, perPage, nextPageToken, and the"
            + " sensor parameters EXISTS_sensorElementList, EQ_type, EQ_deviceID, GE_/LT_time,"
            + " EQ_value_<uom>, GE_/LT_…Value_<uom>, GE_/LT_percRank and their kind; on extension"
            + " fields EQ_, GT/GE/LT/LE_ and EXISTS_<field>, with ILMD_, INNER_ and"
            + " ERROR_DECLARATION_); browse"
            + " the top-level resources (eventTypes, epcs, bizSteps, bizLocations, readPoints,"
            + " dispositions) and the events of each value; named queries (/epcis/queries)."
            + " Errors are problem JSON"
            + " of the standard epcisException types. Vocabulary: docs/epcis-vocabulary.md")
class EpcisApi extends EpcisEndpoint {

  static final String ORGANISATION_HEADER = "Ayni-Organisation";
  static final String BEHAVIOUR_HEADER = "GS1-Capture-Error-Behaviour";

  private final EpcisCapture capture;
  private final CaptureJobs jobs;
  private final Organisations organisations;
  private final long maxRequestBytes;

  EpcisApi(
      EpcisCapture capture,
      CaptureJobs jobs,
      EventStore events,
      EpcisWriter writer,
      PageTokens tokens,
      Organisations organisations,
      MessageSource messages,
      Clock clock,
      @Value("${ayni.http.max-request-bytes}") long maxRequestBytes) {
    super(events, writer, tokens, messages, clock);
    this.capture = capture;
    this.jobs = jobs;
    this.organisations = organisations;
    this.maxRequestBytes = maxRequestBytes;
  }

  // ---------------------------------------------------------------------------------- capture

  @PostMapping("/capture")
  @Operation(
      summary =
          "Capture an EPCISDocument or EPCISQueryDocument: 202 with the capture job in Location"
              + " (GS1-Capture-Error-Behaviour rollback, the default, or proceed)")
  ResponseEntity<Map<String, Object>> capture(
      CurrentUser user,
      @RequestHeader(name = ORGANISATION_HEADER, required = false) String organisation,
      @RequestHeader(name = BEHAVIOUR_HEADER, required = false) String behaviour,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestBody(required = false) byte[] body) {
    OrganisationId capturing = capturingOrganisation(user, organisation);
    EpcisCapture.Behaviour mode = behaviour(behaviour);
    requireJson(contentType);
    // refused before anything is made: a 406 after it would have the client send it again
    MediaType type = answerType(accept);
    CaptureJobs.CaptureJob job =
        capture.capture(user, capturing, body(body), mode, LocaleContextHolder.getLocale());
    return ResponseEntity.accepted()
        .location(URI.create("/epcis/capture/" + job.id()))
        .headers(this::versions)
        .contentType(type)
        .body(job(job));
  }

  @GetMapping("/capture")
  @Operation(summary = "The caller's capture jobs, newest first (perPage, nextPageToken)")
  ResponseEntity<Map<String, Object>> jobs(
      CurrentUser user,
      HttpServletRequest request,
      @RequestParam(required = false) Integer perPage,
      @RequestParam(required = false) String nextPageToken,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    int size = EpcisQueryParameters.pageSize(perPage);
    UUID after = null;
    if (nextPageToken != null) {
      after = Ids.parseOrNull(nextPageToken);
      if (after == null) {
        throw new EpcisException(
            EpcisException.Type.QueryParameterException, "epcis.query.token", nextPageToken);
      }
    }
    List<CaptureJobs.CaptureJob> page = jobs.list(user.readScope(), after, size + 1);
    HttpHeaders headers = new HttpHeaders();
    versions(headers);
    if (page.size() > size) {
      page = page.subList(0, size);
      headers.add(
          HttpHeaders.LINK,
          "<"
              + here(request)
              + "?perPage="
              + size
              + "&nextPageToken="
              + page.getLast().id()
              + ">; rel=\"next\"");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("captureJobs", page.stream().map(this::job).toList());
    headers.setContentType(type);
    return ResponseEntity.ok().headers(headers).body(result);
  }

  @GetMapping("/capture/{captureID}")
  @Operation(
      summary =
          "A capture job: running, or done with what was stored and the errors. With Prefer:"
              + " wait=N (RFC 7240) a running job is answered when it ends, or after N seconds"
              + " (at most 30)")
  ResponseEntity<Map<String, Object>> job(
      CurrentUser user,
      @PathVariable String captureID,
      @RequestHeader(name = "Prefer", required = false) String prefer,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    UUID id = Ids.parseOrNull(captureID);
    CaptureJobs.CaptureJob job = id == null ? null : jobs.find(user.readScope(), id).orElse(null);
    if (job == null) {
      throw new EpcisException(
          EpcisException.Type.NoSuchResourceException, "epcis.capture.not-found");
    }
    Duration wait = preferredWait(prefer);
    if (job.running() && !wait.isZero()) {
      capture.awaitEnd(id, wait);
      job = jobs.find(user.readScope(), id).orElse(job);
    } else if (!job.running()) {
      // ended in the database a moment before this process let go of the append's place in the
      // log (LogHorizon, just after the commit): a reader told the job ended finds its events
      capture.awaitEnd(id, FINISHING);
    }
    return ok(type).body(job(job));
  }

  /** Longest wait for a job ended in the database to end in this process too (it takes less). */
  static final Duration FINISHING = Duration.ofSeconds(5);

  /** Longest wait a read of a running capture job may ask for. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /**
   * The {@code wait} preference of a {@code Prefer} header (RFC 7240: {@code wait=N}, seconds,
   * among other preferences separated by commas), at most {@link #MAX_WAIT}; zero without one.
   */
  static Duration preferredWait(String prefer) {
    if (prefer == null) {
      return Duration.ZERO;
    }
    for (String preference : prefer.split(",")) {
      String[] parts = preference.split(";")[0].split("=", 2);
      if (parts.length == 2 && parts[0].strip().equalsIgnoreCase("wait")) {
        String value = parts[1].strip().replace("\"", "");
        if (value.matches("\\d{1,9}")) {
          Duration wait = Duration.ofSeconds(Long.parseLong(value));
          return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        }
      }
    }
    return Duration.ZERO;
  }

  @RequestMapping(path = "/capture", method = RequestMethod.OPTIONS)
  @Operation(
      summary = "The capture limits (GS1-EPCIS-Capture-Limit, GS1-EPCIS-Capture-File-Size-Limit)")
  ResponseEntity<Void> captureOptions() {
    return ResponseEntity.noContent()
        .headers(
            h -> {
              h.set(HttpHeaders.ALLOW, "OPTIONS, POST, GET");
              discovery(h);
              h.set("GS1-EPCIS-Capture-Limit", Integer.toString(capture.maxEvents()));
              h.set("GS1-EPCIS-Capture-File-Size-Limit", Long.toString(maxRequestBytes));
              // the value the OpenAPI gives a server that takes both rollback and proceed
              h.set(BEHAVIOUR_HEADER, "all");
            })
        .build();
  }

  @RequestMapping(
      path = {
        "",
        "/capture/{captureID}",
        "/events",
        "/events/{eventID}",
        "/eventTypes",
        "/eventTypes/{value}",
        "/eventTypes/{value}/events",
        "/epcs",
        "/epcs/{value}",
        "/epcs/{value}/events",
        "/bizSteps",
        "/bizSteps/{value}",
        "/bizSteps/{value}/events",
        "/bizLocations",
        "/bizLocations/{value}",
        "/bizLocations/{value}/events",
        "/readPoints",
        "/readPoints/{value}",
        "/readPoints/{value}/events",
        "/dispositions",
        "/dispositions/{value}",
        "/dispositions/{value}/events"
      },
      method = RequestMethod.OPTIONS)
  ResponseEntity<Void> options(HttpServletRequest request) {
    String path = request.getRequestURI();
    return discovered(path.endsWith("/epcis/events") ? "OPTIONS, GET, POST" : "OPTIONS, GET");
  }

  // ----------------------------------------------------------------------------------- events

  @PostMapping("/events")
  @Operation(
      summary =
          "Capture one event: 201 with its location; 409 when an event with its eventID is"
              + " stored (the same event: nothing changes; another: refused, code"
              + " trace.event.id-reused)")
  ResponseEntity<Void> captureEvent(
      CurrentUser user,
      @RequestHeader(name = ORGANISATION_HEADER, required = false) String organisation,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestBody(required = false) byte[] body) {
    OrganisationId capturing = capturingOrganisation(user, organisation);
    requireJson(contentType);
    // as a document's capture: refused before anything is stored (a refusal's body is JSON)
    answerType(accept);
    LogEntry entry =
        capture.captureEvent(user, capturing, body(body), LocaleContextHolder.getLocale());
    return ResponseEntity.created(URI.create(eventPath(entry.eventId())))
        .headers(this::versions)
        .build();
  }

  @GetMapping("/events")
  @Operation(
      summary =
          "Query events with the standard parameters: an EPCISQueryDocument, paged with"
              + " nextPageToken and a Link header")
  ResponseEntity<String> query(
      CurrentUser user,
      @RequestParam MultiValueMap<String, String> parameters,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      HttpServletRequest request) {
    return answer(user, parameters, List.of(), SIMPLE_EVENT_QUERY, accept, request, null);
  }

  @GetMapping("/events/{eventID}")
  @Operation(summary = "One event by its eventID (URL-encoded), as an EPCISQueryDocument")
  ResponseEntity<String> event(
      CurrentUser user,
      HttpServletRequest request,
      @PathVariable("eventID") String eventId,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    EpcFormat format = EpcFormat.of(request.getHeader(EpcFormat.HEADER));
    List<EventStore.Row> rows = events.byEventId(user.readScope(), whole(request, eventId));
    if (rows.isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.NoSuchResourceException, "epcis.event.not-found");
    }
    HttpHeaders headers = new HttpHeaders();
    versions(headers);
    headers.setContentType(type);
    translated(headers, format);
    return ResponseEntity.ok()
        .headers(headers)
        .body(writer.queryDocument(rows, now(), SIMPLE_EVENT_QUERY, format));
  }

  // --------------------------------------------------------------------------------- browsing

  /** The top-level resources of the repository, as {@code GET /epcis} lists them. */
  private static final List<String> TOP_LEVEL =
      List.of(
          "capture",
          "events",
          "eventTypes",
          "epcs",
          "bizSteps",
          "bizLocations",
          "readPoints",
          "dispositions",
          "queries");

  /**
   * The top-level resources that list what the caller's events hold, each value with its events:
   * the resource's path, the column it lists (none for EPCs, which are named in several index
   * tables), and the vocabulary a value is read in (CBV words, URIs or CURIEs), if any.
   */
  enum Browsed {
    EVENT_TYPES("eventTypes", EventFilter.Column.EVENT_TYPE, null),
    EPCS("epcs", null, null),
    BIZ_STEPS("bizSteps", EventFilter.Column.BIZ_STEP, Cbv.Kind.BIZ_STEP),
    BIZ_LOCATIONS("bizLocations", EventFilter.Column.BIZ_LOCATION, null),
    READ_POINTS("readPoints", EventFilter.Column.READ_POINT, null),
    DISPOSITIONS("dispositions", EventFilter.Column.DISPOSITION, Cbv.Kind.DISPOSITION);

    final String path;
    final EventFilter.Column column;
    final Cbv.Kind vocabulary;

    Browsed(String path, EventFilter.Column column, Cbv.Kind vocabulary) {
      this.path = path;
      this.column = column;
      this.vocabulary = vocabulary;
    }

    /** The resource a request under {@code /epcis/} is for. */
    static Browsed of(HttpServletRequest request) {
      String uri = request.getRequestURI();
      String rest = uri.substring(uri.indexOf("/epcis/") + "/epcis/".length());
      int slash = rest.indexOf('/');
      String name = slash < 0 ? rest : rest.substring(0, slash);
      for (Browsed b : values()) {
        if (b.path.equals(name)) {
          return b;
        }
      }
      throw new IllegalArgumentException(uri);
    }

    /** What the events of a value meet; a NoSuchResourceException for an unknown event type. */
    EventFilter.Criterion criterion(String value) {
      return switch (this) {
        case EPCS -> new EventFilter.Named(List.of(value));
        case EVENT_TYPES -> {
          if (!EpcisReader.isStandard(value)) {
            throw new EpcisException(
                EpcisException.Type.NoSuchResourceException, "epcis.event-type.not-found", value);
          }
          yield new EventFilter.In(column, List.of(value));
        }
        default ->
            new EventFilter.In(
                column,
                List.of(
                    vocabulary == null
                        ? value
                        : EpcisReader.vocabulary(vocabulary, value, EpcisContext.STANDARD)));
      };
    }
  }

  @GetMapping("")
  @Operation(summary = "The top-level resources of the repository")
  ResponseEntity<Map<String, Object>> topLevel(
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    return ok(answerType(accept)).body(collection(TOP_LEVEL));
  }

  @GetMapping({
    "/eventTypes",
    "/epcs",
    "/bizSteps",
    "/bizLocations",
    "/readPoints",
    "/dispositions"
  })
  @Operation(
      summary =
          "What the caller's events name: the event types, EPCs (instances, parents and classes),"
              + " business steps, business locations, read points or dispositions, in order"
              + " (perPage, nextPageToken and a Link header)")
  ResponseEntity<Map<String, Object>> browse(
      CurrentUser user,
      HttpServletRequest request,
      @RequestParam(required = false) Integer perPage,
      @RequestParam(required = false) String nextPageToken,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    Browsed browsed = Browsed.of(request);
    // the values as captured, so that each can be followed to its events: said, not translated
    EpcFormat.of(request.getHeader(EpcFormat.HEADER));
    int size = EpcisQueryParameters.pageSize(perPage);
    String after = nextPageToken == null ? null : EpcisQueryParameters.valueAfter(nextPageToken);
    List<String> page =
        switch (browsed) {
          case EVENT_TYPES ->
              Arrays.stream(TraceEvent.EventType.values())
                  .map(Enum::name)
                  .filter(t -> after == null || t.compareTo(after) > 0)
                  .sorted()
                  .limit(size + 1L)
                  .toList();
          case EPCS -> events.identifiers(user.readScope(), after, size + 1);
          default -> events.values(user.readScope(), browsed.column, after, size + 1);
        };
    HttpHeaders headers = new HttpHeaders();
    versions(headers);
    headers.set(EpcFormat.HEADER, EpcFormat.NEVER_TRANSLATES.value);
    if (page.size() > size) {
      page = page.subList(0, size);
      String token = EpcisQueryParameters.valueToken(page.getLast());
      headers.add(HttpHeaders.LINK, "<" + nextPage(request, token) + ">; rel=\"next\"");
    }
    headers.setContentType(type);
    return ResponseEntity.ok().headers(headers).body(collection(page));
  }

  @GetMapping({
    "/eventTypes/{value}",
    "/epcs/{value}",
    "/bizSteps/{value}",
    "/bizLocations/{value}",
    "/readPoints/{value}",
    "/dispositions/{value}"
  })
  @Operation(
      summary =
          "The sub-resources of an event type, EPC, business step, business location, read point"
              + " or disposition the caller's events name (URL-encoded): its events")
  ResponseEntity<Map<String, Object>> browsed(
      CurrentUser user,
      HttpServletRequest request,
      @PathVariable String value,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    MediaType type = answerType(accept);
    known(user, Browsed.of(request), whole(request, value));
    return ok(type).body(collection(List.of("events")));
  }

  /**
   * What the events of a value meet; a NoSuchResourceException when no event the caller may see
   * names the value (or it is no event type).
   */
  private EventFilter.Criterion known(CurrentUser user, Browsed browsed, String value) {
    EventFilter.Criterion criterion = browsed.criterion(value);
    if (browsed != Browsed.EVENT_TYPES
        && events
            .query(
                user.readScope(),
                new EventFilter(List.of(criterion), EventFilter.Order.LOG, false, null, 1))
            .isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.NoSuchResourceException, "epcis.resource.not-found");
    }
    return criterion;
  }

  @GetMapping({
    "/eventTypes/{value}/events",
    "/epcs/{value}/events",
    "/bizSteps/{value}/events",
    "/bizLocations/{value}/events",
    "/readPoints/{value}/events",
    "/dispositions/{value}/events"
  })
  @Operation(
      summary =
          "The events of an event type, of an EPC (named anywhere, as an instance, parent or"
              + " class), of a business step, business location, read point or disposition"
              + " (URL-encoded), with the standard query parameters of GET /epcis/events; 404"
              + " when none of the caller's events names it")
  ResponseEntity<String> browsedEvents(
      CurrentUser user,
      HttpServletRequest request,
      @PathVariable String value,
      @RequestParam MultiValueMap<String, String> parameters,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    return answer(
        user,
        parameters,
        List.of(known(user, Browsed.of(request), whole(request, value))),
        SIMPLE_EVENT_QUERY,
        accept,
        request,
        null);
  }

  // ---------------------------------------------------------------------------------- helpers

  /**
   * The value the third segment of the path names ({@code /epcis/events/{eventID}}, {@code
   * /epcis/epcs/{epc}…}), whole. The web layer takes a {@code ;} in a segment for the start of
   * matrix parameters and binds only what comes before it, but {@code ;} is a segment character
   * (RFC 3986) that path-segment encoders leave as it is, and every CBV hash eventID has one
   * ({@code ni:///sha-256;…?ver=CBV2.0}). So the segment is read, decoded, from the request URI as
   * sent, when the bound value is what comes before its first {@code ;}; an encoded {@code %3B} is
   * bound whole already.
   */
  static String whole(HttpServletRequest request, String bound) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (context != null && uri.startsWith(context)) {
      uri = uri.substring(context.length());
    }
    String[] segments = uri.split("/", -1);
    if (segments.length < 4 || segments[3].indexOf(';') < 0) {
      return bound;
    }
    String segment = segments[3];
    try {
      String before =
          UriUtils.decode(segment.substring(0, segment.indexOf(';')), StandardCharsets.UTF_8);
      return before.equals(bound) ? UriUtils.decode(segment, StandardCharsets.UTF_8) : bound;
    } catch (IllegalArgumentException undecodable) {
      return bound;
    }
  }

  /** The path of an event: its eventID as one percent-encoded path segment. */
  static String eventPath(String eventId) {
    return EpcisConfiguration.EVENT_PATH
        + UriUtils.encode(eventId, StandardCharsets.UTF_8).replace("+", "%2B");
  }

  /**
   * The organisation a capture is recorded for: the one the header names (by code or id) where the
   * caller may record, or else the caller's single organisation where they hold a role that may
   * record. A deactivated organisation records nothing new (its records are kept and read), as its
   * pages and the rest of the API refuse it too.
   */
  private OrganisationId capturingOrganisation(CurrentUser user, String header) {
    Organisation chosen = chosenOrganisation(user, header);
    if (!chosen.active()) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.organisation.inactive", chosen.code());
    }
    return chosen.id();
  }

  private Organisation chosenOrganisation(CurrentUser user, String header) {
    if (header != null && !header.isBlank()) {
      String wanted = header.strip();
      Optional<Organisation> named =
          organisations.readable(user).stream()
              .filter(o -> o.code().equalsIgnoreCase(wanted) || o.id().toString().equals(wanted))
              .findFirst();
      if (named.isEmpty()) {
        throw new EpcisException(
            EpcisException.Type.ValidationException, "epcis.organisation.unknown", wanted);
      }
      if (!user.canRecord(named.get().id())) {
        throw new EpcisException(
            EpcisException.Type.SecurityException, "epcis.organisation.no-record", wanted);
      }
      return named.get();
    }
    Set<OrganisationId> candidates =
        user.directOrganisations().stream().filter(user::canRecord).collect(Collectors.toSet());
    if (candidates.size() == 1) {
      return organisations
          .find(user.recordScope(), candidates.iterator().next())
          .orElseThrow(
              () ->
                  new EpcisException(
                      EpcisException.Type.SecurityException, "epcis.organisation.none"));
    }
    if (user.recordScope().isEmpty()) {
      throw new EpcisException(EpcisException.Type.SecurityException, "epcis.organisation.none");
    }
    throw new EpcisException(
        EpcisException.Type.ValidationException,
        "epcis.organisation.ambiguous",
        ORGANISATION_HEADER);
  }

  private static EpcisCapture.Behaviour behaviour(String header) {
    if (header == null || header.isBlank() || header.strip().equalsIgnoreCase("rollback")) {
      return EpcisCapture.Behaviour.ROLLBACK;
    }
    if (header.strip().equalsIgnoreCase("proceed")) {
      return EpcisCapture.Behaviour.PROCEED;
    }
    throw new EpcisException(
        EpcisException.Type.ValidationException, "epcis.capture.behaviour", header);
  }

  private static byte[] body(byte[] body) {
    if (body == null || body.length == 0) {
      throw new EpcisException(EpcisException.Type.ValidationException, "epcis.body.missing");
    }
    return body;
  }

  private Map<String, Object> job(CaptureJobs.CaptureJob job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("captureID", job.id().toString());
    json.put("createdAt", EpcisWriter.format(job.createdAt()));
    if (job.finishedAt() != null) {
      json.put("finishedAt", EpcisWriter.format(job.finishedAt()));
    }
    json.put("running", job.running());
    json.put("success", job.success());
    json.put("captureErrorBehaviour", job.errorBehaviour());
    json.put("eventCount", job.eventCount());
    json.put("storedCount", job.storedCount());
    json.put("duplicateCount", job.duplicateCount());
    JsonNode errors = job.errors() == null ? null : writer.tree(job.errors());
    json.put("errors", errors == null ? List.of() : errors);
    return json;
  }
}
