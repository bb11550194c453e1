package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.QuantityElement;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceRuleViolation;
import org.ayni.trace.Units;
import org.ayni.trace.internal.LotState.FactorRow;
import org.ayni.trace.internal.LotState.LotRow;
import org.ayni.trace.internal.LotState.Moved;
import org.ayni.trace.internal.LotState.MovementRow;
import org.ayni.trace.internal.LotState.PartRow;
import org.ayni.trace.internal.LotState.ProductRow;
import org.ayni.trace.internal.LotState.ShipmentRow;
import org.ayni.trace.internal.LotState.StockRow;
import org.ayni.trace.internal.LotState.VoidTarget;
import org.ayni.trace.internal.TransformationRules.Part;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * Works out what a batch of events (of any origin: our own operations or captured EPCIS) does to
 * lots and stock, in log order, and refuses what breaks a rule, without touching the database.
 *
 * <ul>
 *   <li>Quantities and EPCs are lots. A lot belongs to the organisation whose event first named it;
 *       another organisation may name it only once the lot was shipped to it. A new lot whose GTIN
 *       is that of a product of an unrelated organisation is refused, however its identifier is
 *       spelled (LGTIN, SGTIN, a Digital Link of another host or GTIN length).
 *   <li>An event's disposition and bizLocation describe the lot where its organisation owns it, and
 *       that organisation's holding where it holds another's lot.
 *   <li>ObjectEvent ADD: the lot comes in (a receipt, with its source: a member and production
 *       unit, or another party). OBSERVE with shipping: it goes out (a shipment); with receiving: a
 *       lot shipped to the organisation (or one not seen before) comes in. DELETE: it goes out.
 *   <li>TransformationEvent: inputs go out, outputs come in, and every input becomes an ancestor of
 *       every output (also across events of one transformationID). Outputs may not exceed the
 *       inputs times the product's maximum yield where quantities are comparable and the products
 *       of the outputs are known.
 *   <li>AggregationEvent, AssociationEvent and TransactionEvent only name lots (containment).
 *   <li>Stock of a lot is tracked from its first inflow and may never go below zero, at any time:
 *       an operation dated before later movements of the holding must leave enough for them, and
 *       may not take what was not there yet (or had left) at its own time. A lot first seen being
 *       consumed (its origin is outside the log) is not tracked until a batch (this one or a later
 *       one) brings what it was consumed from, dated no later than all its movements.
 *   <li>An event carrying an errorDeclaration undoes what the declared event of the organisation
 *       did (opposite stock movements, its edges, receipts and shipments) and has no effect of its
 *       own.
 * </ul>
 */
public final class LotPlanner {

  private static final Set<String> SHIPPING = Set.of("shipping", "departing");
  private static final Set<String> RECEIVING = Set.of("receiving", "arriving", "accepting");

  /**
   * The movements a lot's quantity in counts: what was received into it or produced into it. A
   * transfer in is the same material changing holder, already counted where it was made.
   */
  private static final Set<String> MADE = Set.of("RECEIPT", "OUTPUT");

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** One thing an event names: an identifier with a quantity (1 piece for an EPC). */
  record What(String identifier, BigDecimal quantity, String unit) {}

  private final OrganisationId organisation;
  private final LotState state;
  private final LotPlan plan;
  private final TransformationRules rules;
  private final Transfers transfers;
  private final Map<String, List<Part>> batchInputs = new HashMap<>();
  private final Map<String, List<Part>> batchOutputs = new HashMap<>();
  private final Map<LotRow, Integer> reversed = new LinkedHashMap<>();

  /**
   * Holdings not tracked because they were first seen being consumed (their origin is not in the
   * log, as far as known) whose whole history the planner has, by lot id: of the batch, or of an
   * earlier capture.
   */
  private final Set<UUID> untracked = new HashSet<>();

  /**
   * Those of them into which the batch brought an inflow declared erroneous before it came: not
   * tracked in this batch, whose history counts that inflow until it is undone.
   */
  private final Set<UUID> unsure = new HashSet<>();

  /** Those of them into which the batch brought an inflow (their origin, maybe) or undid a take. */
  private final Set<UUID> originFound = new LinkedHashSet<>();

  /** The batch's events declared erroneous before they came, by index. */
  private final Set<Integer> declared = new HashSet<>();

  /** The time of the earliest inflow the batch undoes, by lot id. */
  private final Map<UUID, OffsetDateTime> undoneFrom = new HashMap<>();

  /** The inputs of each lot through this batch's edges, by lot. */
  private final Map<UUID, Set<UUID>> batchParents = new HashMap<>();

  private LotPlanner(OrganisationId organisation, List<TraceEvent> events, LotState state) {
    this.organisation = organisation;
    this.state = state;
    this.plan = new LotPlan(organisation, events, state);
    this.rules = new TransformationRules(state);
    this.transfers = new Transfers(organisation, state, plan);
    for (StockRow held : state.stock.values()) {
      if (!held.tracked && held.wholeHistory) {
        untracked.add(held.lotId);
      }
    }
  }

  /**
   * Plans a batch; throws {@link TraceRuleViolation} (with the index of the offending event) when
   * an event breaks a rule.
   */
  public static LotPlan plan(OrganisationId organisation, List<TraceEvent> events, LotState state) {
    return plan(organisation, events, state, Set.of());
  }

  /**
   * Plans a batch some of whose events (by index) were declared erroneous before they came: they
   * are stored and undone at once (GS1 lets events arrive in any order), so they take nothing, and
   * what stock they would take is not held against them.
   */
  public static LotPlan plan(
      OrganisationId organisation, List<TraceEvent> events, LotState state, Set<Integer> declared) {
    LotPlanner planner = new LotPlanner(organisation, events, state);
    planner.declared.addAll(declared);
    for (int i = 0; i < events.size(); i++) {
      planner.event(i, events.get(i));
    }
    planner.finish();
    return planner.plan;
  }

  /** Every identifier an event names as a lot (not its parent), for loading the state. */
  public static List<String> identifiers(TraceEvent e) {
    List<String> all = new ArrayList<>(e.epcs());
    e.quantities().forEach(q -> all.add(q.epcClass()));
    all.addAll(e.inputEpcs());
    e.inputQuantities().forEach(q -> all.add(q.epcClass()));
    all.addAll(e.outputEpcs());
    e.outputQuantities().forEach(q -> all.add(q.epcClass()));
    return all;
  }

  private void event(int i, TraceEvent e) {
    checkQuantities(i, e);
    if (e.errorDeclaration() != null) {
      correction(i, e);
      return;
    }
    if (e.type() == TraceEvent.EventType.TransformationEvent) {
      transformation(i, e);
    } else if (e.type() == TraceEvent.EventType.ObjectEvent) {
      object(i, e);
    } else {
      List<LotRow> named = new ArrayList<>();
      for (What w : whats(e.quantities(), e.epcs())) {
        named.add(named(i, w, e, false));
      }
      describe(i, e, named);
    }
  }

  private void checkQuantities(int i, TraceEvent e) {
    List<QuantityElement> all = new ArrayList<>(e.quantities());
    all.addAll(e.inputQuantities());
    all.addAll(e.outputQuantities());
    for (QuantityElement q : all) {
      if (q.quantity() != null && q.quantity().signum() < 0) {
        throw new TraceRuleViolation(
            i, "trace.quantity.negative", q.epcClass(), plain(q.quantity()));
      }
      // a count (no unit) or pieces: whole, as the forms have them
      if (q.quantity() != null
          && Units.PIECES.equals(Units.normalise(q.uom()))
          && q.quantity().stripTrailingZeros().scale() > 0) {
        throw new TraceRuleViolation(
            i, "trace.quantity.pieces-whole", q.epcClass(), plain(q.quantity()));
      }
    }
  }

  private void object(int i, TraceEvent e) {
    // an event may have no business step; Set.of(…).contains(null) would throw
    String step = java.util.Objects.requireNonNullElse(TraceIds.cbvWord(e.bizStep()), "");
    TraceEvent.Action action = e.action() == null ? TraceEvent.Action.OBSERVE : e.action();
    List<LotRow> named = new ArrayList<>();
    for (What w : whats(e.quantities(), e.epcs())) {
      if (action == TraceEvent.Action.ADD) {
        LotRow lot = named(i, w, e, true);
        // a shipment of the lot to the organisation is received first, its owner's lot shipped
        // back as well as another's (review of 2026-12-07n, 1): taken as new material, the return
        // would count twice in its quantity in and stay pending, to be received a second time
        if ((!lot.owner.equals(organisation) || returning(i, lot))
            && transfers.receivePending(i, e, lot, w, declared.contains(i))) {
          receivedAs(i, e, lot);
          inflow(i, e, lot, w, "TRANSFER_IN", null);
        } else if (bringsMaterial(i, lot, "trace.receipt.not-pending", declared.contains(i))) {
          inflow(i, e, lot, w, "RECEIPT", null);
          transfers.receipt(i, e, lot, w);
        } // another's lot declared erroneous before it came: it receives nothing
        named.add(lot);
      } else if (action == TraceEvent.Action.DELETE) {
        LotRow lot = named(i, w, e, false);
        outflow(i, e, lot, w, "DELETE", null);
        named.add(lot);
      } else if (SHIPPING.contains(step)) {
        LotRow lot = named(i, w, e, false);
        outflow(i, e, lot, w, "SHIPMENT", null);
        transfers.shipment(i, e, lot, w);
        named.add(lot);
      } else if (RECEIVING.contains(step)) {
        LotRow lot = named(i, w, e, true);
        if (transfers.receivePending(i, e, lot, w, declared.contains(i))) {
          receivedAs(i, e, lot);
          inflow(i, e, lot, w, "TRANSFER_IN", null);
        } else if (lot.created && lot.createdIndex == i
            || lot.remadeIndex == i
            || lot.madeEarlierIndex == i && lot.quantityIn.signum() == 0) {
          // the event that makes the lot: also one dated before the events that named it so far,
          // if nothing came into it yet (an inspection synchronised before the receipt: QA of
          // 2026-12-07q, F2), as in event-time order
          inflow(i, e, lot, w, "RECEIPT", null);
          transfers.receipt(i, e, lot, w);
        }
        named.add(lot);
      } else {
        named.add(named(i, w, e, false));
      }
    }
    describe(i, e, named);
  }

  private void transformation(int i, TraceEvent e) {
    String tid =
        e.transformationId() == null || e.transformationId().isBlank()
            ? null
            : e.transformationId();
    List<What> ins = whats(e.inputQuantities(), e.inputEpcs());
    List<What> outs = whats(e.outputQuantities(), e.outputEpcs());
    List<LotRow> inLots = new ArrayList<>();
    List<UUID> inMovements = new ArrayList<>();
    for (What w : ins) {
      LotRow lot = named(i, w, e, false);
      inMovements.add(outflow(i, e, lot, w, "INPUT", tid));
      inLots.add(lot);
    }
    Set<UUID> processed = new HashSet<>(); // the transformation's inputs so far
    inLots.forEach(lot -> processed.add(lot.id));
    if (tid != null) {
      state.transformationParts.getOrDefault(tid, List.of()).stream()
          .filter(PartRow::input)
          .forEach(p -> processed.add(p.lotId()));
      batchInputs.getOrDefault(tid, List.of()).forEach(p -> processed.add(p.lotId()));
    }
    List<LotRow> outLots = new ArrayList<>();
    List<UUID> outMovements = new ArrayList<>();
    for (What w : outs) {
      LotRow lot = named(i, w, e, true);
      // a lot processed in place (input and output both) gets no lineage: what another
      // organisation holds of it may be; made of other lots, only its owner's may (review of
      // 2026-12-07n, 2)
      if (!processed.contains(lot.id)) {
        bringsMaterial(i, lot, "trace.output.other-organisation", false);
      }
      outMovements.add(inflow(i, e, lot, w, "OUTPUT", tid));
      outLots.add(lot);
    }
    List<Part> newIns = parts(ins, inLots, inMovements);
    List<Part> newOuts = parts(outs, outLots, outMovements);
    List<Part> priorIns = new ArrayList<>();
    List<Part> priorOuts = new ArrayList<>();
    if (tid != null) {
      for (PartRow p : state.transformationParts.getOrDefault(tid, List.of())) {
        (p.input() ? priorIns : priorOuts).add(part(p, p.productId()));
      }
      priorIns.addAll(batchInputs.getOrDefault(tid, List.of()));
      priorOuts.addAll(batchOutputs.getOrDefault(tid, List.of()));
      batchInputs.computeIfAbsent(tid, t -> new ArrayList<>()).addAll(newIns);
      batchOutputs.computeIfAbsent(tid, t -> new ArrayList<>()).addAll(newOuts);
    }
    // events with one transformationID are one transformation: its outputs so far against its
    // inputs so far (outputs captured before any input are held to the inputs when they come)
    List<Part> allIns = new ArrayList<>(priorIns);
    allIns.addAll(newIns);
    List<Part> allOuts = new ArrayList<>(priorOuts);
    allOuts.addAll(newOuts);
    noCycle(i, allIns, allOuts);
    rules.kinds(i, allIns, allOuts);
    rules.step(i, e.bizStep(), newOuts);
    // each edge keeps the factor its output was held to (shown on the lot's page)
    List<FactorRow> heldTo = rules.massBalance(i, e.bizStep(), allIns, allOuts, this::notKnownYet);
    consumed(e, allIns, allOuts);
    madeOf(allIns, newOuts);
    for (Part in : newIns) {
      for (int k = 0; k < allOuts.size(); k++) {
        edge(i, tid, in, allOuts.get(k), heldTo.get(k));
      }
    }
    for (Part in : priorIns) {
      for (int k = 0; k < newOuts.size(); k++) {
        edge(i, tid, in, newOuts.get(k), heldTo.get(priorOuts.size() + k));
      }
    }
    describe(i, e, outLots);
  }

  /**
   * What the outputs of no product are made of, for the transformations that take them later in the
   * batch ({@link LotState#originKinds}): the kinds of the inputs.
   */
  private void madeOf(List<Part> ins, List<Part> outs) {
    for (Part out : outs) {
      if (out.productId() == null) {
        Set<ProductKind> of = state.originKinds.computeIfAbsent(out.lotId(), k -> new HashSet<>());
        ins.forEach(in -> of.addAll(rules.kindsOf(in)));
      }
    }
  }

  /**
   * Keeps a transformation that consumed a lot of no product yet (as a rule one first seen being
   * consumed, its origin to come, and held to no more than its inputs): it is held again to the
   * kinds and factors of what that lot turns out to be when its product comes ({@link
   * #consumedAs}), in this batch as {@link LotStore} has it done for the transformations of earlier
   * captures.
   */
  private void consumed(TraceEvent e, List<Part> ins, List<Part> outs) {
    for (Part in : ins) {
      if (in.productId() == null) {
        state
            .consumers
            .computeIfAbsent(in.lotId(), k -> new ArrayList<>())
            .add(new LotState.Consumer(e.bizStep(), at(e), rows(ins, true), rows(outs, false)));
      }
    }
  }

  private static List<PartRow> rows(List<Part> parts, boolean input) {
    return parts.stream()
        .map(
            p ->
                new PartRow(
                    p.movement(), p.lotId(), input, p.quantity(), p.unit(), p.productId(), 0))
        .toList();
  }

  /**
   * A lot of no product, first seen being consumed, given its product now (its origin came after
   * the events that used it, ADR 0017): the transformations that consumed it, held then to no more
   * than their inputs, are held again to the kinds and factors of what they made from it. One that
   * does not hold refuses this event, which would leave a transformation standing that breaks mass
   * balance (40 kg of dry cacao "split" from what turns out to be 40 kg of wet cacao); declared
   * erroneous first, it lets the event in.
   */
  private void consumedAs(int i, TraceEvent e, LotRow lot) {
    for (LotState.Consumer c : state.consumers.getOrDefault(lot.id, List.of())) {
      List<Part> ins = new ArrayList<>();
      for (PartRow p : c.ins()) {
        UUID product = p.lotId().equals(lot.id) ? lot.productId : productOf(p);
        ins.add(part(p, product));
      }
      List<Part> outs = new ArrayList<>();
      for (PartRow p : c.outs()) {
        outs.add(part(p, productOf(p)));
      }
      // its other inputs of no product yet are judged as when it was recorded: not known
      Set<UUID> unknown = new HashSet<>();
      ins.stream().filter(p -> p.productId() == null).forEach(p -> unknown.add(p.lotId()));
      try {
        rules.kinds(i, ins, outs);
        rules.massBalance(
            i, c.bizStep(), ins, outs, input -> unknown.contains(input) || notKnownYet(input));
      } catch (TraceRuleViolation v) {
        throw new TraceRuleViolation(
            i,
            "trace.origin.consumed-as",
            lot.identifier,
            when(c.at(), local(e).getOffset()),
            new DefaultMessageSourceResolvable(
                new String[] {v.messageKey()}, v.arguments().toArray(), v.messageKey()));
      }
    }
  }

  /** A part's product as the batch has it now (its lot may have been given one since). */
  private UUID productOf(PartRow p) {
    LotRow lot = state.lotsById.get(p.lotId());
    return lot != null && lot.productId != null ? lot.productId : p.productId();
  }

  /**
   * Whether a lot's kind is not known yet: one first seen being consumed whose origin has not come
   * (a device's events sent out of order: a split captured before the drying that made its lot).
   * Mass balance does not take it for another kind than what is made of it (ADR 0017).
   */
  private boolean notKnownYet(UUID lot) {
    if (!untracked.contains(lot)) {
      return false;
    }
    StockRow stock = state.stock.get(lot);
    return stock != null && !stock.tracked;
  }

  /**
   * Refuses to make a lot from lots made (in part) from it: lineage has no cycles. The inputs and
   * outputs are the transformation's so far (all its events with one transformationID). A lot that
   * is both input and output of one transformation is processed in place (no edge) and passes.
   */
  private void noCycle(int i, List<Part> ins, List<Part> outs) {
    for (Part out : outs) {
      LotRow made = state.lotsById.get(out.lotId());
      if (made != null && made.created && made.createdIndex == i) {
        continue; // made by this event: upstream of nothing yet
      }
      for (Part in : ins) {
        if (in.lotId().equals(out.lotId())) {
          continue;
        }
        Set<UUID> upstream = new HashSet<>();
        collectBatchUpstream(in.lotId(), upstream);
        upstream.add(in.lotId());
        for (UUID lot : upstream) {
          if (lot.equals(out.lotId())
              || state.upstreamOutputs.getOrDefault(lot, Set.of()).contains(out.lotId())) {
            throw new TraceRuleViolation(
                i, "trace.lot.cycle", identifier(out.lotId()), identifier(in.lotId()));
          }
        }
      }
    }
  }

  private String identifier(UUID lot) {
    LotRow row = state.lotsById.get(lot);
    return row != null ? row.identifier : lot.toString();
  }

  /** The lots upstream of a lot through this batch's edges (a document may chain thousands). */
  private void collectBatchUpstream(UUID lot, Set<UUID> into) {
    java.util.ArrayDeque<UUID> todo = new java.util.ArrayDeque<>(List.of(lot));
    while (!todo.isEmpty()) {
      for (UUID parent : batchParents.getOrDefault(todo.pop(), Set.of())) {
        if (into.add(parent)) {
          todo.push(parent);
        }
      }
    }
  }

  private static List<Part> parts(List<What> whats, List<LotRow> lots, List<UUID> movements) {
    List<Part> parts = new ArrayList<>(whats.size());
    for (int k = 0; k < whats.size(); k++) {
      LotRow lot = lots.get(k);
      What w = whats.get(k);
      parts.add(new Part(lot.id, w.quantity(), w.unit(), lot.productId, movements.get(k)));
    }
    return parts;
  }

  /** A part an earlier capture recorded, with the product it is judged as. */
  private static Part part(PartRow p, UUID product) {
    return new Part(p.lotId(), p.quantity(), p.unit(), product, p.movementId());
  }

  private void edge(int i, String tid, Part in, Part out, FactorRow factor) {
    if (in.lotId().equals(out.lotId())) {
      return;
    }
    batchParents.computeIfAbsent(out.lotId(), k -> new HashSet<>()).add(in.lotId());
    plan.edges.add(
        new LotPlan.Edge(
            Ids.newUuid(),
            in.lotId(),
            out.lotId(),
            i,
            tid,
            in.quantity(),
            in.unit(),
            out.quantity(),
            out.unit(),
            out.movement(),
            factor == null ? null : factor.id()));
    LotRow output = state.lotsById.get(out.lotId());
    if (output != null && !output.created) {
      plan.lineageTouched.add(out.lotId());
    }
  }

  private void correction(int i, TraceEvent e) {
    // a declaration names lots like any event: not another organisation's it was not shipped,
    // whether the lot exists or not (the answer does not tell)
    for (String identifier : identifiers(e)) {
      LotRow lot = state.lots.get(identifier);
      if (lot != null) {
        requireAllowed(i, lot);
      } else {
        refuseOthers(i, identifier);
      }
    }
    // an eventID this log does not hold is a declaration of an event not captured here yet, even
    // one another organisation's log holds: each log's eventIDs are its own, and nothing of that
    // organisation's changes (a refusal would tell that the event exists there)
    String id = e.eventId();
    VoidTarget target = id == null ? null : state.voidTargets.get(id);
    if (target == null || target.alreadyVoided) {
      return;
    }
    String differs = target.event == null ? null : SameEvent.difference(e, target.event);
    if (differs != null) {
      // it would undo one event while queries find it under another's lots, time or step
      throw new TraceRuleViolation(i, "trace.correction.not-the-event", id, differs);
    }
    if (target.receivedShipmentLot != null) {
      // the receiver holds what was received: undoing only the shipment would count it twice
      LotRow shipped = state.lotsById.get(target.receivedShipmentLot);
      throw new TraceRuleViolation(
          i,
          "trace.correction.shipment-received",
          shipped == null ? target.receivedShipmentLot.toString() : shipped.identifier);
    }
    target.alreadyVoided = true;
    OffsetDateTime declared =
        e.errorDeclaration().declarationTime() != null
            ? e.errorDeclaration().declarationTime()
            : at(e);
    for (MovementRow m : target.movements) {
      LotRow lot = state.lotsById.get(m.lotId());
      StockRow stock = state.stock.get(m.lotId());
      if (lot == null || stock == null) {
        continue;
      }
      BigDecimal delta = m.quantity().negate();
      BigDecimal c = Units.convert(delta, m.unit(), stock.unit);
      if (c == null) {
        stock.tracked = false;
      } else {
        // one recorded before finer quantities were refused is not undone by a rounded amount
        kept(i, lot, c, stock.unit, delta, m.unit());
        stock.quantity = stock.quantity.add(c);
      }
      touch(stock);
      if (MADE.contains(m.kind()) && lot.owner.equals(organisation)) {
        BigDecimal l = Units.convert(m.quantity(), m.unit(), lot.unit);
        if (l != null) {
          kept(i, lot, l, lot.unit, m.quantity(), m.unit());
          lot.quantityIn = lot.quantityIn.subtract(l);
          touchTrace(lot);
          plan.lineageTouched.add(lot.id); // what its inputs made is a larger part of it now
        }
      }
      if ("TRANSFER_IN".equals(m.kind())) {
        plan.unreceivedBySeq.add(target.seq);
      }
      stock.since.removeIf(earlier -> earlier.id().equals(m.id()));
      if (c != null && m.quantity().signum() < 0 && untracked.contains(lot.id)) {
        originFound.add(lot.id); // a take undone may leave it below zero at no moment
      }
      if (m.quantity().signum() > 0 && target.at != null) {
        // what came in is taken back from the event's time on
        undoneFrom.merge(lot.id, target.at, (a, b) -> a.isBefore(b) ? a : b);
      }
      plan.movements.add(
          new LotPlan.Movement(
              Ids.newUuid(), lot.id, i, "CORRECTION", delta, m.unit(), declared, m.id(), null));
      reversed.put(lot, i);
    }
    plan.voidedEdges.addAll(target.edgeIds);
    plan.lineageTouched.addAll(target.edgeOutputs);
    remakeTransformation(i, e, target);
    plan.voidedReceipts.addAll(target.receiptIds);
    plan.voidedReceiptLots.addAll(target.receiptLots);
    plan.voidedShipments.addAll(target.shipmentIds);
    // its lots and holdings (another organisation's lot is described by that one's events, which
    // may use the same eventID in their log): a disposition set earlier in this batch is newer
    List<LotState.Described> described = new ArrayList<>(state.stock.values());
    state.lotsById.values().stream()
        .filter(l -> l.owner.equals(organisation))
        .forEach(described::add);
    for (LotState.Described d : described) {
      if (d.dispositionIndex < 0 && id.equals(d.dispositionEventId)) {
        LotState.Disposition before = state.dispositionsBefore.get(d.lotId());
        d.disposition = before == null ? null : LotStore.truncate(before.word(), 200);
        d.dispositionEventId = before == null ? null : before.eventId();
        d.dispositionAt = before == null ? null : before.at();
        touch(d);
      }
    }
    // and the place it gave them, unless an event of this batch gave another since
    for (String identifier : target.named) {
      LotRow lot = state.lots.get(identifier);
      if (lot == null || !state.placesBefore.containsKey(lot.id)) {
        continue;
      }
      LotState.Described d = lot.owner.equals(organisation) ? lot : state.stock.get(lot.id);
      if (d != null && !d.placed) {
        LotState.Place before = state.placesBefore.get(lot.id);
        d.location = before == null ? null : LotStore.truncate(before.location(), 500);
        d.locationAt = before == null ? null : before.at();
        touch(d);
      }
    }
    plan.voids.add(
        new LotPlan.Voided(
            id,
            i,
            e.errorDeclaration().reason(),
            declared,
            target.shipmentIds.isEmpty() ? null : target.seq));
  }

  /**
   * An event of a transformation recorded in several events (one transformationID) undone: the
   * whole transformation's edges, voided with it, are made again from the parts that stand, and
   * held to mass balance again (inputs undone may leave outputs nothing made: the declaration is
   * refused, as one that would leave a stock below zero is; the outputs go first).
   */
  private void remakeTransformation(int i, TraceEvent e, VoidTarget target) {
    String tid = target.transformationId;
    if (tid == null) {
      return;
    }
    List<PartRow> stored = state.transformationParts.getOrDefault(tid, new ArrayList<>());
    stored.removeIf(p -> p.seq() == target.seq); // its parts, with a quantity or without
    List<Part> ins = new ArrayList<>();
    List<Part> outs = new ArrayList<>();
    for (PartRow p : stored) {
      (p.input() ? ins : outs).add(part(p, p.productId()));
    }
    ins.addAll(batchInputs.getOrDefault(tid, List.of()));
    outs.addAll(batchOutputs.getOrDefault(tid, List.of()));
    // edges of its events earlier in this batch are among those made again
    plan.edges.removeIf(edge -> tid.equals(edge.transformationId()));
    List<FactorRow> heldTo = rules.massBalance(i, e.bizStep(), ins, outs, this::notKnownYet);
    for (Part in : ins) {
      for (int k = 0; k < outs.size(); k++) {
        edge(i, tid, in, outs.get(k), heldTo.get(k));
      }
    }
  }

  private void finish() {
    originFound.removeAll(unsure);
    originFound.forEach(lotId -> tracked(state.stock.get(lotId)));
    for (var entry : reversed.entrySet()) {
      StockRow stock = state.stock.get(entry.getKey().id);
      if (stock == null || !stock.tracked) {
        continue;
      }
      if (stock.quantity.signum() < 0) {
        throw new TraceRuleViolation(
            entry.getValue(),
            "trace.correction.stock-negative",
            entry.getKey().identifier,
            plain(stock.quantity),
            stock.unit);
      }
      OffsetDateTime from = undoneFrom.get(stock.lotId);
      Low low = from == null ? null : lowestFrom(stock, stock.quantity, from);
      if (low != null && low.quantity.signum() < 0) {
        // events after the undone one took what it brought in, though the stock is back since
        throw new TraceRuleViolation(
            entry.getValue(),
            "trace.correction.stock-negative-then",
            entry.getKey().identifier,
            plain(low.quantity),
            stock.unit,
            when(low.at, from.getOffset()));
      }
    }
  }

  /**
   * A holding first seen being consumed into which an inflow came (events of a device sent out of
   * order, in one capture or the next): tracked from now on when, in the order of the events'
   * times, it was below zero at no moment; else what it was consumed from has not all come (a lot
   * filled by two deliveries, one still to come), and it stays untracked until it has. Refusing the
   * inflow would refuse for ever an event that takes nothing, whatever came after.
   */
  private void tracked(StockRow stock) {
    OffsetDateTime first = null;
    for (Moved m : stock.since) {
      first = first == null || m.at().isBefore(first) ? m.at() : first;
    }
    if (first == null) {
      // nothing of its whole history stands (its takes undone, maybe declared erroneous before
      // they came, and nothing came in): it holds nothing, as in event-time order (seed 81)
      if (stock.quantity.signum() == 0) {
        stock.tracked = true;
        touch(stock);
      }
      return;
    }
    // from before its first movement: it held nothing then
    Low low = lowestFrom(stock, stock.quantity, first.minusNanos(1));
    if (low == null || low.quantity.signum() < 0) {
      return; // units that do not compare, or its origin not all here: not tracked
    }
    stock.tracked = true;
    touch(stock);
  }

  /**
   * A lot is made by the earliest event (by event time) that names it, as it would be had the
   * events come in their times' order: an event dated before the one that made it so far makes it
   * now (its time, eventID and sequence number, written by the store).
   */
  private void madeBy(int i, TraceEvent e, LotRow lot) {
    OffsetDateTime made = lot.madeAt != null ? lot.madeAt : lot.createdAt;
    if (made == null
        || !at(e).isBefore(made)
        || lot.remadeIndex >= 0
        || !lot.owner.equals(organisation)) {
      return; // another organisation's lot is made by its owner's events, whatever others say
    }
    lot.madeEarlierIndex = i;
    lot.madeAt = at(e);
    if (!lot.created) {
      plan.madeEarlier.add(lot);
    }
  }

  /** The lot an event names: found (and allowed to the organisation) or created. */
  private LotRow named(int i, What w, TraceEvent e, boolean creates) {
    LotRow lot = state.lots.get(w.identifier());
    if (lot == null) {
      if (w.identifier().length() > 500) {
        throw new TraceRuleViolation(i, "trace.lot.identifier-too-long", 500);
      }
      TraceIds.Parsed parsed = TraceIds.parse(w.identifier());
      refuseOthers(i, w.identifier());
      String code = parsed.code() == null ? null : LotStore.truncate(parsed.code(), 200);
      lot =
          new LotRow(
              Ids.newUuid(),
              w.identifier(),
              organisation,
              parsed.kind(),
              code,
              parsed.gtin(),
              productFor(i, w.identifier(), parsed.gtin(), e, creates),
              w.unit(),
              BigDecimal.ZERO,
              null, // its place is given by the events that describe it (not a transformation's
              // inputs), in describe
              null,
              true,
              i,
              at(e));
      fitsProduct(i, lot);
      state.addLot(lot);
      plan.newLots.add(lot);
      return lot;
    }
    requireAllowed(i, lot);
    madeBy(i, e, lot);
    if (creates && lot.quantityIn.signum() == 0 && state.remakable.remove(lot.id)) {
      // every event that named it was declared erroneous and nothing is in it: made again, it
      // is what this event makes (the code on the sack is used again, with the right product)
      lot.productId = productFor(i, w.identifier(), lot.gtin, e, true);
      lot.unit = w.unit() != null ? w.unit() : lot.unit;
      lot.remadeIndex = i;
      fitsProduct(i, lot);
      StockRow stock = state.stock.get(lot.id);
      if (stock != null && stock.quantity.signum() == 0) {
        stock.unit = lot.unit;
        stock.tracked = true;
        touch(stock);
      } else if (stock != null && !Objects.equals(stock.unit, lot.unit)) {
        // taken from before it was made again (events out of order): what was taken, in the
        // lot's new unit, as its stock is always written in the lot's unit
        BigDecimal converted = Units.convert(stock.quantity, stock.unit, lot.unit);
        if (converted != null) {
          stock.quantity = converted;
          stock.unit = lot.unit;
          touch(stock);
        }
      }
      plan.remade.add(lot);
      touchTrace(lot);
    }
    if (lot.productId == null && lot.owner.equals(organisation)) {
      UUID product = productFor(i, w.identifier(), lot.gtin, e, creates);
      if (product != null) {
        lot.productId = product;
        touchTrace(lot);
        consumedAs(i, e, lot);
      }
    } else if (creates && lot.owner.equals(organisation)) {
      sameProduct(i, lot, e);
    }
    if (lot.unit == null && w.unit() != null) {
      // a lot first named without a quantity takes its unit now, as a new lot would: one its
      // product is kept in (review of 2026-12-07p, 3)
      lot.unit = w.unit();
      fitsProduct(i, lot);
      touchTrace(lot);
    }
    return lot;
  }

  /**
   * Refuses an event into the organisation's lot that names another product than the lot's (QA of
   * 2026-12-07m, F4): it was recorded as the lot's product in silence, and the event stored said
   * that fermented cacao went into a lot of wet cacao. A lot with no product yet takes the event's
   * ({@link #named}); another organisation's lot is received as a product of the receiver's, held
   * to its kind ({@link #receivedAs}).
   */
  private void sameProduct(int i, LotRow lot, TraceEvent e) {
    ProductRow named = namedProduct(i, lot.identifier, e);
    if (named == null || named.id().equals(lot.productId)) {
      return;
    }
    ProductRow product = rules.product(lot.productId);
    throw new TraceRuleViolation(
        i,
        "trace.lot.other-product",
        lot.identifier,
        product == null ? lot.productId.toString() : product.code(),
        named.code());
  }

  /**
   * Refuses an identifier no lot has yet that only another organisation may make: of its GTIN (in a
   * spelling of its own, or a lot it never shipped), a pattern covering its GTIN's items, or our
   * URN with its code. The answer is the one a lot of it that exists gets ({@link
   * #requireAllowed}).
   */
  private void refuseOthers(int i, String identifier) {
    String gtin = TraceIds.parse(identifier).gtin();
    if (gtin != null && state.foreignGtins.containsKey(gtin)) {
      throw new TraceRuleViolation(i, "trace.lot.gtin-other-organisation", identifier, gtin);
    }
    for (String foreign : state.foreignGtins.keySet()) {
      if (TraceIds.patternOf(identifier, foreign)) {
        throw new TraceRuleViolation(i, "trace.lot.gtin-other-organisation", identifier, foreign);
      }
    }
    String owner = TraceIds.lotOrganisationCode(identifier);
    if (owner != null && state.foreignCodes.containsKey(owner)) {
      throw new TraceRuleViolation(i, "trace.lot.urn-other-organisation", identifier, owner);
    }
  }

  /**
   * Whether the organisation brings new material into a lot, for an ObjectEvent ADD (a receipt) and
   * a transformation's outputs alike, so that the two cannot drift apart: only the lot's owner does
   * (review of 2026-12-07n, 2). Another organisation, which may name the lot once it was shipped to
   * it, receives that shipment and holds what it received: more of the lot made by it would change
   * the owner's quantity in and lineage, a write across tenancy (ADR 0005). It is refused with the
   * given key, unless the event was declared erroneous before it came (false: it brings nothing).
   */
  private boolean bringsMaterial(int i, LotRow lot, String refused, boolean declaredFirst) {
    if (lot.owner.equals(organisation)) {
      return true;
    }
    if (declaredFirst) {
      return false;
    }
    throw new TraceRuleViolation(i, refused, lot.identifier);
  }

  /**
   * Whether a shipment of the organisation's own lot to it is waiting to be received (the lot was
   * shipped back), or this event received one already (another line of it): its ObjectEvent ADD
   * receives that shipment rather than bring new material (review of 2026-12-07n, 1).
   */
  private boolean returning(int i, LotRow lot) {
    for (ShipmentRow s : state.shipmentsTo.getOrDefault(lot.id, List.of())) {
      if (!s.received || Integer.valueOf(i).equals(plan.shipmentsReceived.get(s.id))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lot of another organisation may be named only once it was shipped to this one (even in a
   * shipment its shipper undid since: the receiver knows the lot, and its events may come late).
   * One whose GTIN or code is an unrelated organisation's is refused as a lot this one may not make
   * would be: the answer does not tell whether the lot exists.
   */
  private void requireAllowed(int i, LotRow lot) {
    if (lot.owner.equals(organisation)
        || state.shipmentsTo.containsKey(lot.id)
        || state.shipmentsUndone.contains(lot.id)) {
      return;
    }
    String gtin = TraceIds.parse(lot.identifier).gtin();
    if (gtin != null && state.foreignGtins.containsKey(gtin)) {
      throw new TraceRuleViolation(i, "trace.lot.gtin-other-organisation", lot.identifier, gtin);
    }
    String code = TraceIds.lotOrganisationCode(lot.identifier);
    if (code != null && state.foreignCodes.containsKey(code)) {
      throw new TraceRuleViolation(i, "trace.lot.urn-other-organisation", lot.identifier, code);
    }
    throw new TraceRuleViolation(i, "trace.lot.other-organisation", lot.identifier);
  }

  /**
   * Disposition and place of the lots an event names: of the lot where the organisation owns it, of
   * its holding where it holds another's lot (shipped to it and received). What the owner sees of
   * its lot is not written by others, and what a holder sees of its holding not by the owner.
   */
  private void describe(int i, TraceEvent e, List<LotRow> lots) {
    boolean disposition = e.disposition() != null && !e.disposition().isBlank();
    String word = disposition ? LotStore.truncate(TraceIds.cbvWord(e.disposition()), 200) : null;
    String place = e.bizLocation() == null ? null : LotStore.truncate(e.bizLocation(), 500);
    OffsetDateTime at = e.eventTime();
    for (LotRow lot : lots) {
      LotState.Described d = lot.owner.equals(organisation) ? lot : state.stock.get(lot.id);
      if (d == null && lot.unit != null && (disposition || place != null)) {
        // another's lot described here before its receipt came (a tablet synchronised late): the
        // holding, empty so far, keeps what it says, so that the older receipt leaves it
        d = stock(lot, true, lot.unit);
      }
      if (d == null) {
        continue;
      }
      // what happened last says how the lot is: an event older than the one that gave the
      // disposition (or the place) leaves it
      if (disposition && notBefore(at, d.dispositionAt)) {
        d.disposition = word;
        d.dispositionIndex = i;
        d.dispositionAt = at;
        touch(d);
      }
      if (place != null && notBefore(at, d.locationAt)) {
        d.placed = true;
        // the time is written with the row when it is written: the same place again is no change
        d.locationAt = at;
        if (!place.equals(d.location)) {
          d.location = place;
          touch(d);
        }
      }
    }
  }

  private static boolean notBefore(OffsetDateTime at, OffsetDateTime last) {
    return last == null || !at.isBefore(last);
  }

  private UUID productFor(
      int i, String identifier, String gtin, TraceEvent e, boolean fromExtensions) {
    ProductRow named = fromExtensions ? namedProduct(i, identifier, e) : null;
    if (named != null) {
      return named.id();
    }
    if (gtin != null) {
      for (ProductRow p : state.products) {
        if (gtin.equals(TraceIds.gtin14(p.gtin()))) {
          return p.id();
        }
      }
    }
    return null;
  }

  /**
   * The organisation's product the event names for the lot: in an {@code ayni:products} pair, else
   * its {@code ayni:product}; null when it names none.
   */
  private ProductRow namedProduct(int i, String identifier, TraceEvent e) {
    String pairs = e.extensions().get(TraceIds.EXT_PRODUCTS);
    if (pairs != null) {
      for (String token : pairs.trim().split("\\s+")) {
        int at = token.lastIndexOf('=');
        if (at > 0 && TraceIds.canonical(token.substring(0, at)).equals(identifier)) {
          return productByReference(i, token.substring(at + 1));
        }
      }
    }
    String single = e.extensions().get(TraceIds.EXT_PRODUCT);
    return single == null ? null : productByReference(i, single.trim());
  }

  /**
   * A lot of another organisation received as a product of the receiver's: one of the kind it was
   * shipped as (wet cacao received as fresh physalis would lead a physalis lot's trace to a cacao
   * plot), as the receipt form holds it.
   */
  private void receivedAs(int i, TraceEvent e, LotRow lot) {
    ProductRow as = namedProduct(i, lot.identifier, e);
    if (as == null || lot.productId == null) {
      return;
    }
    ProductKind shipped = rules.kindOf(lot.productId);
    if (shipped != null && shipped != ProductKind.OTHER && as.kind() != shipped) {
      throw new TraceRuleViolation(i, "trace.receipt.other-kind", as.kind().name(), shipped.name());
    }
  }

  /**
   * The organisation's product an event names: by URN or code. One it does not have (a typing
   * error, another organisation's) is refused: the lot would be made without a product, and so
   * without the factor that holds it.
   */
  private ProductRow productByReference(int i, String reference) {
    for (ProductRow p : state.products) {
      if (reference.equals(p.urn()) || reference.equals(p.code())) {
        return p;
      }
    }
    throw new TraceRuleViolation(
        i, "trace.product.unknown-reference", LotStore.truncate(reference, 200));
  }

  /**
   * Refuses a lot made in a unit its product is not kept in (kilograms of a product counted in
   * pieces): its mass balance would compare nothing. A serialised item is one thing whatever its
   * product weighs.
   */
  private void fitsProduct(int i, LotRow lot) {
    ProductRow product = rules.product(lot.productId);
    if (product != null
        && "LOT".equals(lot.kind)
        && lot.unit != null
        && !Units.comparable(product.unit(), lot.unit)) {
      throw new TraceRuleViolation(
          i,
          "trace.lot.unit-of-product",
          lot.identifier,
          product.code(),
          Units.normalise(product.unit()),
          Units.normalise(lot.unit));
    }
  }

  private StockRow stock(LotRow lot, boolean inflow, String unit) {
    StockRow stock = state.stock.get(lot.id);
    if (stock == null) {
      stock =
          new StockRow(lot.id, BigDecimal.ZERO, lot.unit == null ? unit : lot.unit, inflow, true);
      state.stock.put(lot.id, stock);
      plan.newStock.add(stock);
    }
    return stock;
  }

  /** Adds a quantity to a lot's holding; the movement that records it (null without one). */
  private UUID inflow(int i, TraceEvent e, LotRow lot, What w, String kind, String tid) {
    if (w.quantity() == null) {
      return null;
    }
    StockRow stock = stock(lot, true, w.unit());
    BigDecimal c = comparable(i, lot, w, stock);
    stock.quantity = stock.quantity.add(c);
    touch(stock);
    // what came into the lot is its owner's to count: what another organisation processes in place
    // of what it holds leaves the owner's quantity in, and so its trace's shares, as they were
    // (review of 2026-12-07n, 2)
    BigDecimal l =
        MADE.contains(kind) && lot.owner.equals(organisation)
            ? Units.convert(w.quantity(), w.unit(), lot.unit)
            : null;
    if (l != null) {
      if (!Objects.equals(lot.unit, stock.unit)) {
        kept(i, lot, l, lot.unit, w.quantity(), w.unit());
      }
      lot.quantityIn = lot.quantityIn.add(l);
    }
    // what the lot's rows keep (numeric(18,6)): a total beyond is refused, not a database failure
    // that would fail the whole capture (QA of 2026-12-07g)
    if (stock.quantity.compareTo(EventRules.MAX_QUANTITY) >= 0
        || lot.quantityIn.compareTo(EventRules.MAX_QUANTITY) >= 0) {
      throw new TraceRuleViolation(
          i,
          "trace.quantity.total-too-large",
          lot.identifier,
          plain(EventRules.MAX_QUANTITY),
          Units.normalise(lot.unit == null ? stock.unit : lot.unit));
    }
    if (l != null) {
      touchTrace(lot);
      if (!lot.created) {
        // the part its inputs made, if any, is smaller now: a receipt into it, or an output whose
        // inputs are still to come (review of 2026-12-07o, 3: weighed only when something else
        // changed upstream)
        plan.lineageTouched.add(lot.id);
      }
    }
    if (c != null && untracked.contains(lot.id)) {
      if (declared.contains(i)) {
        unsure.add(lot.id); // undone at once: what it brings in is not an origin
      } else {
        originFound.add(lot.id); // what it was consumed from came in, maybe all of it
      }
    }
    UUID id = Ids.newUuid();
    moved(stock, new Moved(id, at(e), w.quantity(), w.unit()));
    plan.movements.add(
        new LotPlan.Movement(id, lot.id, i, kind, w.quantity(), w.unit(), at(e), null, tid));
    return id;
  }

  /**
   * The quantity in the holding's unit. One of another dimension (pieces, or a count without a
   * unit, of a lot kept in kilograms) is refused: added or taken, it would leave the stock unknown,
   * and an unknown stock holds nothing back.
   */
  private static BigDecimal comparable(int i, LotRow lot, What w, StockRow stock) {
    BigDecimal c = Units.convert(w.quantity(), w.unit(), stock.unit);
    if (c == null) {
      throw incompatible(i, lot, stock.unit, w.unit());
    }
    kept(i, lot, c, stock.unit, w.quantity(), w.unit());
    return c;
  }

  /**
   * Refuses a quantity that the lot's rows (numeric(18,6), in the unit it is kept in) would keep
   * only rounded: 0.4 g of a lot kept in tonnes is 0.0000004 t, and five takes of it left the stock
   * at 1 t while the log took 2 g (review of 2026-12-07n, 3). One scale check of a value already
   * converted; a quantity in the lot's own unit passes at once (six decimals at most).
   *
   * @param value the quantity in {@code unit}, the unit the lot or holding is kept in
   */
  static void kept(
      int i, LotRow lot, BigDecimal value, String unit, BigDecimal given, String givenUnit) {
    if (value.scale() > EventRules.DECIMALS
        && value.stripTrailingZeros().scale() > EventRules.DECIMALS) {
      throw new TraceRuleViolation(
          i,
          "trace.unit.too-fine",
          lot.identifier,
          Units.normalise(unit),
          plain(given.abs()),
          Units.normalise(givenUnit),
          plain(value.abs()));
    }
  }

  /** A quantity of the lot in a unit that does not compare with the one it is kept in. */
  static TraceRuleViolation incompatible(int i, LotRow lot, String kept, String given) {
    return new TraceRuleViolation(
        i,
        "trace.unit.incompatible",
        lot.identifier,
        Units.normalise(kept),
        Units.normalise(given));
  }

  /** Takes a quantity from a lot's holding; the movement that records it (null without one). */
  private UUID outflow(int i, TraceEvent e, LotRow lot, What w, String kind, String tid) {
    if (w.quantity() == null) {
      return null;
    }
    StockRow stock = stock(lot, false, w.unit());
    if (!stock.tracked && stock.created) {
      untracked.add(lot.id);
    }
    BigDecimal before = stock.quantity;
    BigDecimal c = comparable(i, lot, w, stock);
    stock.quantity = stock.quantity.subtract(c);
    touch(stock);
    boolean held = stock.tracked && !declared.contains(i);
    if (held && stock.quantity.signum() < 0) {
      throw new TraceRuleViolation(
          i, "trace.stock.insufficient", lot.identifier, plain(before), stock.unit, plain(c));
    }
    OffsetDateTime at = at(e);
    Low low = held ? lowestFrom(stock, before, at) : null;
    if (low != null && low.quantity.compareTo(c) < 0) {
      // enough now, but not at the operation's time, or not for what later events took
      boolean then = low.by == null;
      ZoneOffset local = local(e).getOffset();
      throw new TraceRuleViolation(
          i,
          then ? "trace.stock.insufficient-then" : "trace.stock.insufficient-later",
          lot.identifier,
          when(low.at, local),
          plain(low.quantity),
          stock.unit,
          plain(c),
          when(at, local));
    }
    UUID id = Ids.newUuid();
    moved(stock, new Moved(id, at, w.quantity().negate(), w.unit()));
    plan.movements.add(
        new LotPlan.Movement(id, lot.id, i, kind, w.quantity().negate(), w.unit(), at, null, tid));
    return id;
  }

  /** A holding's movement of the batch: later operations dated before it must leave for it. */
  private static void moved(StockRow stock, Moved m) {
    stock.since.add(m);
    if (stock.movedAt == null || m.at().isAfter(stock.movedAt)) {
      stock.movedAt = m.at();
    }
  }

  /**
   * The least a holding held, and when: at a time, or after one of its later movements ({@code by},
   * which changed it by {@code change} in the holding's unit; null at the time itself).
   */
  record Low(OffsetDateTime at, BigDecimal quantity, Moved by, BigDecimal change) {}

  /**
   * The least a holding holding {@code held} now held from {@code at} on (events at the same time
   * count as before it: they were recorded first), or null when no movement of it is later.
   */
  static Low lowestFrom(StockRow stock, BigDecimal held, OffsetDateTime at) {
    if (stock.movedAt == null || !at.isBefore(stock.movedAt)) {
      return null;
    }
    List<Moved> later = new ArrayList<>();
    for (Moved m : stock.since) {
      if (m.at().isAfter(at)) {
        later.add(m);
      }
    }
    if (later.isEmpty()) {
      return null;
    }
    // by instant (10:00-05:00 is 15:00Z), stable: record order among equal times
    later.sort(Comparator.comparing(Moved::at, OffsetDateTime.timeLineOrder()));
    List<BigDecimal> deltas = new ArrayList<>();
    BigDecimal quantity = held;
    for (Moved m : later) {
      BigDecimal c = Units.convert(m.quantity(), m.unit(), stock.unit);
      if (c == null) {
        return null; // in units that do not compare: the holding is not tracked
      }
      deltas.add(c);
      quantity = quantity.subtract(c);
    }
    Low low = new Low(at, quantity, null, null);
    for (int k = 0; k < later.size(); k++) {
      quantity = quantity.add(deltas.get(k));
      if (quantity.compareTo(low.quantity) < 0) {
        low = new Low(later.get(k).at(), quantity, later.get(k), deltas.get(k));
      }
    }
    return low;
  }

  /** A time in a message, at the local offset of the event refused: {@code 2026-12-02 10:00}. */
  static String when(OffsetDateTime time, ZoneOffset offset) {
    return time.withOffsetSameInstant(offset).format(MINUTES);
  }

  /**
   * An event's time at its {@code eventTimeZoneOffset}, the local time EPCIS means ({@code 16:00Z}
   * with {@code -05:00} is 11:00 where it happened), else as sent.
   */
  static OffsetDateTime local(TraceEvent e) {
    OffsetDateTime time = at(e);
    try {
      return e.eventTimeZoneOffset() == null
          ? time
          : time.withOffsetSameInstant(ZoneOffset.of(e.eventTimeZoneOffset()));
    } catch (DateTimeException notAnOffset) {
      return time;
    }
  }

  private void touch(LotRow lot) {
    if (!lot.created) {
      plan.changedLots.add(lot);
    }
  }

  /** A change to a column a trace shows (ready traces downstream of the lot go stale). */
  private void touchTrace(LotRow lot) {
    lot.traceChanged = true;
    touch(lot);
  }

  private void touch(LotState.Described described) {
    switch (described) {
      case LotRow lot -> touch(lot);
      case StockRow stock -> touch(stock);
    }
  }

  private void touch(StockRow stock) {
    if (!stock.created) {
      plan.changedStock.add(stock);
    }
  }

  static List<What> whats(List<QuantityElement> quantities, List<String> epcs) {
    List<What> all = new ArrayList<>();
    for (QuantityElement q : quantities) {
      // a quantity without a unit is a count; no quantity, no unit (not a count of pieces that
      // would give a new lot of a product kept in kilograms the wrong unit)
      String unit = q.quantity() == null && q.uom() == null ? null : Units.normalise(q.uom());
      all.add(new What(q.epcClass(), q.quantity(), unit));
    }
    for (String epc : epcs) {
      all.add(new What(epc, BigDecimal.ONE, Units.PIECES));
    }
    return all;
  }

  static OffsetDateTime at(TraceEvent e) {
    return e.eventTime() != null ? e.eventTime() : OffsetDateTime.now(ZoneOffset.UTC);
  }

  static String plain(BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }
}
