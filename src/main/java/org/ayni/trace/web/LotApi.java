package org.ayni.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.web.ApiPage;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.InspectionForm;
import org.ayni.trace.Lineage;
import org.ayni.trace.LineageGraph;
import org.ayni.trace.Lot;
import org.ayni.trace.LotDetail;
import org.ayni.trace.LotFilter;
import org.ayni.trace.Lots;
import org.ayni.trace.OperationResult;
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

  LotApi(Lots lots, Lineage lineage, TraceOperations operations) {
    this.lots = lots;
    this.lineage = lineage;
    this.operations = operations;
  }

  @GetMapping("/lots")
  @Operation(summary = "List and search lots (identifier, code or product)")
  ApiPage<Lot> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID productId,
      @RequestParam(required = false) Boolean inStock,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        lots.search(
            user,
            new LotFilter(
                q,
                organisationId == null ? null : new OrganisationId(organisationId),
                productId,
                inStock),
            PageQuery.of(page, size)));
  }

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
    return operations.split(user, id, form);
  }

  @PostMapping("/lots/{id}/inspections")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Record a quality inspection (conformant or not, moisture, cut test, gold fineness) of a lot")
  OperationResult inspect(
      CurrentUser user, @PathVariable UUID id, @RequestBody InspectionForm form) {
    return operations.inspect(user, id, form);
  }
}
