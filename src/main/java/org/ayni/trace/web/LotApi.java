package org.ayni.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisations;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.web.ApiPage;
import org.ayni.shared.web.Csv;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.InspectionForm;
import org.ayni.trace.Lineage;
import org.ayni.trace.LineageGraph;
import org.ayni.trace.ListedLot;
import org.ayni.trace.Lot;
import org.ayni.trace.LotDetail;
import org.ayni.trace.LotFilter;
import org.ayni.trace.Lots;
import org.ayni.trace.OperationResult;
import org.ayni.trace.Places;
import org.ayni.trace.QualityVerdict;
import org.ayni.trace.SplitForm;
import org.ayni.trace.TimelineEntry;
import org.ayni.trace.TraceOperations;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Lots, their timelines and traces over REST. */
@RestController
@RequestMapping("/api/v1")
@Tag(
    name = "Lots",
    description =
        "Lots derived from the event log (own operations and captured EPCIS), their events, and"
            + " backward and forward traces with the share each upstream or downstream lot,"
            + " receipt, member and plot contributes")
class LotApi {

  private final Lots lots;
  private final Lineage lineage;
  private final TraceOperations operations;
  private final Places places;
  private final Organisations organisations;

  LotApi(
      Lots lots,
      Lineage lineage,
      TraceOperations operations,
      Places places,
      Organisations organisations) {
    this.lots = lots;
    this.lineage = lineage;
    this.operations = operations;
    this.places = places;
    this.organisations = organisations;
  }

  static final List<String> CSV_HEADER =
      List.of(
          "id",
          "identifier",
          "organisation_id",
          "organisation",
          "code",
          "gtin",
          "product_code",
          "product_name",
          "unit",
          "quantity_in",
          "stock",
          "location",
          "place",
          "state",
          "disposition",
          "quality",
          "inspected_at",
          "created_at",
          "corrected");

  @GetMapping("/lots")
  @Operation(
      summary =
          "List and search lots (identifier, code or product; organisation, product, stock,"
              + " place), each with its quality verdict")
  ApiPage<ListedLot> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID productId,
      @RequestParam(required = false) Boolean inStock,
      @RequestParam(required = false) String location,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        lots.list(
            user,
            filter(q, organisationId, productId, inStock, location),
            PageQuery.of(page, size)));
  }

  @GetMapping(value = "/lots.csv", produces = "text/csv")
  @Operation(summary = "Export the filtered lot list as CSV, with each lot's place and quality")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID productId,
      @RequestParam(required = false) Boolean inStock,
      @RequestParam(required = false) String location,
      HttpServletResponse response)
      throws IOException {
    writeCsv(
        lots,
        places,
        organisations,
        user,
        filter(q, organisationId, productId, inStock, location),
        response);
  }

  static LotFilter filter(
      String q, UUID organisationId, UUID productId, Boolean inStock, String location) {
    return new LotFilter(
        q,
        organisationId == null ? null : new OrganisationId(organisationId),
        productId,
        inStock,
        location);
  }

  /**
   * The lots as CSV: the list's columns with the organisation's name, the place by the name the
   * reader's organisation gave it ({@value Places#MAIN} for a main site, empty for an SGLN or a
   * place another organisation named), and the quality verdict with its time; quantities as plain
   * numbers, times in UTC with their seconds.
   */
  static void writeCsv(
      Lots lots,
      Places places,
      Organisations organisations,
      CurrentUser user,
      LotFilter filter,
      HttpServletResponse response)
      throws IOException {
    Csv.write(
        response,
        "lots.csv",
        CSV_HEADER,
        page -> {
          PageResult<ListedLot> found = lots.list(user, filter, page);
          Map<String, String> names =
              places.names(
                  user,
                  found.items().stream()
                      .map(r -> r.lot().location())
                      .filter(Objects::nonNull)
                      .collect(Collectors.toSet()));
          Map<UUID, String> owners =
              organisations.namesById(
                  found.items().stream()
                      .map(r -> r.lot().organisationId())
                      .filter(Objects::nonNull)
                      .collect(Collectors.toSet()));
          return found.map(
              r ->
                  new CsvRow(
                      r,
                      r.lot().organisationId() == null
                          ? null
                          : owners.get(r.lot().organisationId().value()),
                      names.get(r.lot().location())));
        },
        row -> {
          Lot l = row.listed().lot();
          QualityVerdict quality = row.listed().quality();
          return Arrays.asList(
              l.id(),
              l.identifier(),
              l.organisationId(),
              row.organisation(),
              l.code(),
              l.gtin(),
              l.productCode(),
              l.productName(),
              l.unit(),
              plain(l.quantityIn()),
              plain(l.stock()),
              l.location(),
              row.place() != null ? row.place() : Places.isMain(l.location()) ? Places.MAIN : null,
              l.state(),
              l.disposition(),
              quality == null ? null : quality.outcome(),
              quality == null ? null : time(quality.inspectedAt()),
              time(l.createdAt()),
              l.corrected());
        });
  }

  /** A quantity as a plain number, without trailing zeros: {@code 155}, {@code 7.5}. */
  private static String plain(BigDecimal quantity) {
    return quantity == null ? null : quantity.stripTrailingZeros().toPlainString();
  }

  /**
   * A time in UTC with its seconds, {@code 2026-12-06T14:00:00Z}, in every row and on every
   * database alike (PostgreSQL gives times back in UTC, H2 at the offset they were written with).
   */
  private static String time(OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).format(SECONDS);
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private record CsvRow(ListedLot listed, String organisation, String place) {}

  @GetMapping("/lots/{id}")
  @Operation(summary = "One lot with its holdings, receipts and shipments")
  LotDetail get(CurrentUser user, @PathVariable UUID id) {
    return lots.detail(user, id);
  }

  @GetMapping("/lots/{id}/events")
  @Operation(summary = "The lot's timeline: every event naming it, in the order they happened")
  List<TimelineEntry> events(CurrentUser user, @PathVariable UUID id) {
    return lots.timeline(user, id);
  }

  @GetMapping("/lots/{id}/backward")
  @Operation(
      summary =
          "Backward trace: every upstream lot, receipt, member and production unit with its share")
  BackwardTrace backward(CurrentUser user, @PathVariable UUID id) {
    return lineage.backward(user, id);
  }

  @GetMapping("/lots/{id}/forward")
  @Operation(summary = "Forward trace: every downstream lot and shipment with its share")
  ForwardTrace forward(CurrentUser user, @PathVariable UUID id) {
    return lineage.forward(user, id);
  }

  @GetMapping("/lots/{id}/lineage-graph")
  @Operation(summary = "The lot's lineage as trees (backward to members and plots, forward)")
  LineageGraph graph(CurrentUser user, @PathVariable UUID id) {
    return lineage.graph(user, id);
  }

  @GetMapping("/trace/members/{id}/forward")
  @Operation(summary = "Forward trace of a member's deliveries")
  ForwardTrace memberForward(CurrentUser user, @PathVariable UUID id) {
    return lineage.forwardFromMember(user, id);
  }

  @PostMapping("/lots/{id}/split")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Split a lot into new lots of the same product")
  OperationResult split(CurrentUser user, @PathVariable UUID id, @RequestBody SplitForm form) {
    return Races.retried(() -> operations.split(user, id, form));
  }

  @PostMapping("/lots/{id}/inspections")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Record a quality inspection (conformant or not, moisture, cut test, gold fineness) of a lot")
  OperationResult inspect(
      CurrentUser user, @PathVariable UUID id, @RequestBody InspectionForm form) {
    return Races.retried(() -> operations.inspect(user, id, form));
  }
}
