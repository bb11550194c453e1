package org.ayni.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ayni.access.CurrentUser;
import org.ayni.trace.CorrectionForm;
import org.ayni.trace.MergeForm;
import org.ayni.trace.OperationResult;
import org.ayni.trace.OrganisationReceiptForm;
import org.ayni.trace.ReceiptForm;
import org.ayni.trace.ShipmentForm;
import org.ayni.trace.TraceOperations;
import org.ayni.trace.TransformationForm;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Traceability operations over REST: each records one immutable event (EPCIS 2.0) and answers with
 * its eventID and the lots it created or changed. Refusals (mass balance, stock, another
 * organisation's lot) are problem JSON naming the numbers.
 */
@RestController
@RequestMapping("/api/v1/trace")
@Tag(
    name = "Trace operations",
    description =
        "Receipts from members, transformations, merges, shipments, receipts from other"
            + " organisations and corrections, recorded as EPCIS events")
class TraceOperationApi {

  private final TraceOperations operations;

  TraceOperationApi(TraceOperations operations) {
    this.operations = operations;
  }

  @PostMapping("/receipts")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Receive a member's delivery from one of its production units")
  OperationResult receipt(CurrentUser user, @RequestBody ReceiptForm form) {
    return Races.retried(() -> operations.receiveFromMember(user, form));
  }

  @PostMapping("/transformations")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Transform input lots into output lots (fermenting, drying, sawing…)")
  OperationResult transform(CurrentUser user, @RequestBody TransformationForm form) {
    return Races.retried(() -> operations.transform(user, form));
  }

  @PostMapping("/merges")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Merge lots of one product into a new lot")
  OperationResult merge(CurrentUser user, @RequestBody MergeForm form) {
    return Races.retried(() -> operations.merge(user, form));
  }

  @PostMapping("/shipments")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Ship lots to a buyer")
  OperationResult ship(CurrentUser user, @RequestBody ShipmentForm form) {
    return Races.retried(() -> operations.ship(user, form));
  }

  @PostMapping("/organisation-receipts")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Receive a lot from another organisation, or one bought from a supplier outside the"
              + " platform: without lotIdentifier, a new lot of one of our products (productId,"
              + " optional lotCode)")
  OperationResult receiveFromOrganisation(
      CurrentUser user, @RequestBody OrganisationReceiptForm form) {
    return Races.retried(() -> operations.receiveFromOrganisation(user, form));
  }

  @PostMapping("/corrections")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Declare an event erroneous (EPCIS error declaration); its effect on stock and lineage"
              + " is undone")
  OperationResult correct(CurrentUser user, @RequestBody CorrectionForm form) {
    return Races.retried(() -> operations.correct(user, form));
  }
}
