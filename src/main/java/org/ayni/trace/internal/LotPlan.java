package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.internal.LotState.LotRow;
import org.ayni.trace.internal.LotState.PartyRef;
import org.ayni.trace.internal.LotState.StockRow;

/**
 * What a batch of events does to lots, stock, edges, receipts and shipments, as planned by {@link
 * LotPlanner}: rows refer to events by their index in the batch, so that the same plan can be
 * written once the events have their place in the log.
 */
public final class LotPlan {

  final OrganisationId organisation;
  final List<TraceEvent> events;
  final LotState state;

  final List<LotRow> newLots = new ArrayList<>();
  final Set<LotRow> changedLots = new LinkedHashSet<>();
  final List<StockRow> newStock = new ArrayList<>();
  final Set<StockRow> changedStock = new LinkedHashSet<>();
  final List<Movement> movements = new ArrayList<>();
  final List<Edge> edges = new ArrayList<>();
  final List<Receipt> receipts = new ArrayList<>();
  final List<Shipment> shipments = new ArrayList<>();

  /** Shipments to the organisation it received, with the index of the receiving event. */
  final Map<UUID, Integer> shipmentsReceived = new HashMap<>();

  /** Seqs of erroneous events whose receipts of shipments are undone. */
  final Set<Long> unreceivedBySeq = new HashSet<>();

  final List<Voided> voids = new ArrayList<>();

  /** Lots made again by the batch's events after their creation was declared erroneous. */
  final List<LotRow> remade = new ArrayList<>();

  /** Lots of the log made, it turns out, by an event of the batch dated before their making. */
  final Set<LotRow> madeEarlier = new LinkedHashSet<>();

  final Set<UUID> voidedEdges = new HashSet<>();
  final Set<UUID> voidedReceipts = new HashSet<>();

  /** The lots of the voided receipts, whose traces list them. */
  final Set<UUID> voidedReceiptLots = new HashSet<>();

  final Set<UUID> voidedShipments = new HashSet<>();

  /** Existing lots whose lineage must be computed again (their incoming edges changed). */
  final Set<UUID> lineageTouched = new HashSet<>();

  LotPlan(OrganisationId organisation, List<TraceEvent> events, LotState state) {
    this.organisation = organisation;
    this.events = List.copyOf(events);
    this.state = state;
  }

  /** The lots the batch creates. */
  Set<UUID> created() {
    Set<UUID> created = new HashSet<>();
    newLots.forEach(lot -> created.add(lot.id));
    return created;
  }

  /**
   * The lots whose own rows in a trace the batch changes or makes: outputs of its edges, lots whose
   * lineage it changes, lots with new or voided receipts, lots whose product, unit or quantity in
   * changes (not their place or disposition, which no trace shows: a shipment changes no trace).
   */
  Set<UUID> touched() {
    Set<UUID> touched = new LinkedHashSet<>(lineageTouched);
    edges.forEach(e -> touched.add(e.output()));
    receipts.forEach(r -> touched.add(r.lotId()));
    // a voided receipt without a quantity moved no stock, so no CORRECTION movement marks its lot
    // (review of 2026-12-07o, 2): its traces kept it, and its lot's share went half to it
    touched.addAll(voidedReceiptLots);
    changedLots.stream().filter(lot -> lot.traceChanged).forEach(lot -> touched.add(lot.id));
    movements.stream()
        .filter(m -> "CORRECTION".equals(m.kind()))
        .forEach(m -> touched.add(m.lotId()));
    return touched;
  }

  /**
   * Whether the batch changes a lot that existed before it in a way a trace shows (a receipt into
   * it, new inputs, a correction, a changed quantity): closures and ready traces downstream of it
   * change.
   */
  boolean changesExistingLots() {
    return !created().containsAll(touched());
  }

  /** Whether the batch writes lineage or changes a ready trace at all (deliveries do neither). */
  boolean reachesLineage() {
    return !edges.isEmpty() || changesExistingLots();
  }

  /** A signed change of the organisation's stock of a lot. */
  record Movement(
      UUID id,
      UUID lotId,
      int eventIndex,
      String kind,
      BigDecimal quantity,
      String unit,
      OffsetDateTime occurredAt,
      UUID reversalOf,
      String transformationId) {}

  /**
   * Input lot to output lot through one event (weights are computed when written).
   *
   * @param outputPart the stock movement that brought the output the quantity of this edge (null
   *     for an output without a quantity): a lot made in several parts of one event or
   *     transformationID has an edge from each input into each part
   * @param factorId the conversion factor mass balance held the output to (null where it was held
   *     to its inputs, or not checked)
   */
  record Edge(
      UUID id,
      UUID input,
      UUID output,
      int eventIndex,
      String transformationId,
      BigDecimal inputQuantity,
      String inputUnit,
      BigDecimal outputQuantity,
      String outputUnit,
      UUID outputPart,
      UUID factorId) {}

  /** Where a lot came from when an event created it. */
  record Receipt(
      UUID id,
      UUID lotId,
      int eventIndex,
      String sourceParty,
      String sourceName,
      PartyRef member,
      PartyRef unit,
      String locationParty,
      BigDecimal quantity,
      String unitOfMeasure,
      OffsetDateTime receivedAt) {}

  /** A lot leaving the organisation. */
  record Shipment(
      UUID id,
      UUID lotId,
      int eventIndex,
      String destinationParty,
      PartyRef destinationOrganisation,
      String destinationName,
      String reference,
      BigDecimal quantity,
      String unit,
      OffsetDateTime shippedAt) {}

  /**
   * An earlier event declared erroneous by the event at {@code eventIndex}; {@code shipmentSeq} is
   * the log position of that event when it shipped lots (its receivers read the declaration too),
   * else null.
   */
  record Voided(
      String eventId, int eventIndex, String reason, OffsetDateTime declaredAt, Long shipmentSeq) {}
}
