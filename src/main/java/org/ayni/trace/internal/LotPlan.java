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
  final Set<UUID> voidedEdges = new HashSet<>();
  final Set<UUID> voidedReceipts = new HashSet<>();
  final Set<UUID> voidedShipments = new HashSet<>();

  /** Existing lots whose lineage must be computed again (their incoming edges changed). */
  final Set<UUID> lineageTouched = new HashSet<>();

  LotPlan(OrganisationId organisation, List<TraceEvent> events, LotState state) {
    this.organisation = organisation;
    this.events = List.copyOf(events);
    this.state = state;
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

  /** Input lot to output lot through one event (weights are computed when written). */
  record Edge(
      UUID id,
      UUID input,
      UUID output,
      int eventIndex,
      String transformationId,
      BigDecimal inputQuantity,
      String inputUnit,
      BigDecimal outputQuantity,
      String outputUnit) {}

  /** Where a lot came from when an event created it. */
  record Receipt(
      UUID id,
      UUID lotId,
      int eventIndex,
      String sourceParty,
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

  /** An earlier event declared erroneous by the event at {@code eventIndex}. */
  record Voided(String eventId, int eventIndex, String reason, OffsetDateTime declaredAt) {}
}
