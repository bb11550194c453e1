package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.Party;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceRuleViolation;
import org.ayni.trace.Units;
import org.ayni.trace.internal.LotPlanner.What;
import org.ayni.trace.internal.LotState.LotRow;
import org.ayni.trace.internal.LotState.PartyRef;
import org.ayni.trace.internal.LotState.ShipmentRow;

/**
 * What a batch's receipts and shipments say of who a lot came from and went to: a member and her
 * plot, an organisation of the platform or another party; and which shipment to the organisation a
 * receipt receives (the one its papers name, ADR 0017). {@link LotPlanner} moves the stock; this
 * records the receipts and shipments in its plan.
 */
final class Transfers {

  private final OrganisationId organisation;
  private final LotState state;
  private final LotPlan plan;

  Transfers(OrganisationId organisation, LotState state, LotPlan plan) {
    this.organisation = organisation;
    this.state = state;
    this.plan = plan;
  }

  /**
   * A receipt that received no shipment, whose papers no shipment of the lot here carries while one
   * carries others of their kind (another despatch advice: another truck, pending or received): its
   * own shipment has not come yet (the shipper's system sends it later) and is refused until it
   * has; received nothing, it would stand for nothing. Nor is one taken whose lot came here only in
   * shipments their shipper undid: it has nothing to receive. A receipt naming a shipment already
   * received (an arrival, then its acceptance) changes nothing, as before.
   */
  private void toCome(int i, TraceEvent e, LotRow lot, boolean declared) {
    List<ShipmentRow> shipments = state.shipmentsTo.getOrDefault(lot.id, List.of());
    if (declared || shipments.stream().anyMatch(x -> Papers.named(e, x.reference))) {
      return; // declared erroneous before it came, it receives nothing whatever came
    }
    for (ShipmentRow other : shipments) {
      if (Papers.others(e, other.reference)) {
        throw new TraceRuleViolation(
            i, "trace.receipt.shipment-to-come", lot.identifier, Papers.of(e), other.reference);
      }
    }
    if (shipments.isEmpty() && state.shipmentsUndone.contains(lot.id)) {
      throw new TraceRuleViolation(i, "trace.receipt.shipment-voided", lot.identifier);
    }
  }

  /**
   * Records the receipt of a shipment to the organisation; false when none is pending. More than
   * was shipped (in a comparable unit) is refused: a receipt cannot make product appear.
   *
   * @param declared whether the receipt was declared erroneous before it came
   */
  boolean receivePending(int i, TraceEvent e, LotRow lot, What w, boolean declared) {
    // the shipment whose papers the receipt names (of the organisation it names as its source,
    // if it names one), else the first of that organisation, else the first
    OrganisationId from = sourceOrganisation(e);
    ShipmentRow s = null;
    ShipmentRow later = null; // the first shipment dated after the receipt, if none before
    for (ShipmentRow pending : state.shipmentsTo.getOrDefault(lot.id, List.of())) {
      if (Integer.valueOf(i).equals(plan.shipmentsReceived.get(pending.id))) {
        s = pending; // another line of this receipt (a second pallet of the lot): the same shipment
        break;
      }
      if (!pending.received
          && Papers.named(e, pending.reference)
          && !Papers.others(e, pending.reference)
          && (from == null || from.equals(pending.from))
          && (pending.shippedAt == null
              || !LotPlanner.at(e).isBefore(pending.shippedAt.truncatedTo(ChronoUnit.MINUTES)))) {
        s = pending; // two trucks of one lot: each receipt receives the one its papers name
        break;
      }
    }
    for (ShipmentRow pending :
        s != null ? List.<ShipmentRow>of() : state.shipmentsTo.getOrDefault(lot.id, List.of())) {
      if (!pending.received && Papers.others(e, pending.reference)) {
        continue; // another truck of the lot
      }
      if (!pending.received
          && pending.shippedAt != null
          && LotPlanner.at(e).isBefore(pending.shippedAt.truncatedTo(ChronoUnit.MINUTES))) {
        // not received before it was shipped (as forms give minutes, not before its minute)
        if (later == null || pending.shippedAt.isBefore(later.shippedAt)) {
          later = pending;
        }
        continue;
      }
      if (!pending.received && (s == null || (from != null && from.equals(pending.from)))) {
        s = pending;
        if (from != null && from.equals(pending.from)) {
          break;
        }
      }
    }
    if (s == null && later != null) {
      throw new TraceRuleViolation(
          i,
          "trace.receipt.before-shipment",
          lot.identifier,
          LotPlanner.when(later.shippedAt, LotPlanner.local(e).getOffset()));
    }
    if (s == null) {
      toCome(i, e, lot, declared);
      return false;
    }
    boolean again = Integer.valueOf(i).equals(plan.shipmentsReceived.get(s.id));
    if (s.quantity != null && w.quantity() != null) {
      BigDecimal shipped = Units.convert(s.quantity, s.unit, w.unit());
      if (shipped == null) {
        // cubic metres of a shipment in kilograms: not more or less of it, but no measure of it
        throw LotPlanner.incompatible(i, lot, s.unit, w.unit());
      }
      BigDecimal before =
          again && s.receivedSoFar != null
              ? Units.convert(s.receivedSoFar, s.unit, w.unit())
              : BigDecimal.ZERO;
      BigDecimal total = before == null ? null : before.add(w.quantity());
      if (shipped == null || total == null || total.compareTo(shipped) > 0) {
        throw new TraceRuleViolation(
            i,
            "trace.receipt.exceeds-shipment",
            lot.identifier,
            LotPlanner.plain(total == null ? w.quantity() : total),
            Units.normalise(w.unit()),
            LotPlanner.plain(s.quantity),
            Units.normalise(s.unit));
      }
      s.receivedSoFar = Units.convert(total, w.unit(), s.unit);
    }
    if (again) {
      return true;
    }
    s.received = true;
    plan.shipmentsReceived.put(s.id, i);
    return true;
  }

  /** The organisation on the platform an event names as its owning (or possessing) source. */
  private OrganisationId sourceOrganisation(TraceEvent e) {
    for (Party p : e.sources()) {
      String type = TraceIds.cbvWord(p.type());
      boolean owner = "owning_party".equals(type) || "possessing_party".equals(type);
      PartyRef ref =
          owner && p.id() != null && p.id().startsWith(TraceIds.ORGANISATION)
              ? state.organisations.get(p.id().substring(TraceIds.ORGANISATION.length()))
              : null;
      if (ref != null) {
        return ref.organisation();
      }
    }
    return null;
  }

  /** A lot's receipt from a member, another organisation or another party: who it came from. */
  void receipt(int i, TraceEvent e, LotRow lot, What w) {
    String sourceParty = null;
    String locationParty = null;
    PartyRef member = null;
    PartyRef unit = null;
    for (Party p : e.sources()) {
      String type = TraceIds.cbvWord(p.type());
      if (sourceParty == null && ("owning_party".equals(type) || "possessing_party".equals(type))) {
        sourceParty = p.id();
      }
      if ("location".equals(type) && locationParty == null) {
        locationParty = p.id();
      }
      PartyRef m = state.members.get(p.id());
      if (m != null && member == null && state.tree.contains(m.organisation())) {
        member = m;
      }
      PartyRef u = state.units.get(p.id());
      if (u != null && unit == null && state.tree.contains(u.organisation())) {
        unit = u;
      }
    }
    plan.receipts.add(
        new LotPlan.Receipt(
            Ids.newUuid(),
            lot.id,
            i,
            LotStore.truncate(sourceParty, 500),
            member == null ? LotStore.truncate(partyName(sourceParty, e), 250) : null,
            member,
            unit,
            LotStore.truncate(locationParty, 500),
            w.quantity(),
            w.unit(),
            LotPlanner.at(e)));
  }

  /**
   * The name of a source party that is not a member: an organisation on the platform by its name,
   * another party as the event names it ({@link TraceIds#EXT_SOURCE_NAME}).
   */
  private String partyName(String party, TraceEvent e) {
    PartyRef organisation =
        party != null && party.startsWith(TraceIds.ORGANISATION)
            ? state.organisations.get(party.substring(TraceIds.ORGANISATION.length()))
            : null;
    return organisation != null
        ? organisation.name()
        : e.extensions().get(TraceIds.EXT_SOURCE_NAME);
  }

  /** A lot's shipment: to whom, under which papers. */
  void shipment(int i, TraceEvent e, LotRow lot, What w) {
    Party destination = null;
    for (String wanted : List.of("owning_party", "possessing_party", "location")) {
      for (Party p : e.destinations()) {
        if (destination == null && wanted.equals(TraceIds.cbvWord(p.type()))) {
          destination = p;
        }
      }
    }
    String party = destination == null ? null : destination.id();
    PartyRef organisationRef = null;
    if (party != null && party.startsWith(TraceIds.ORGANISATION)) {
      organisationRef = state.organisations.get(party.substring(TraceIds.ORGANISATION.length()));
      if (organisationRef != null && organisationRef.organisation().equals(organisation)) {
        // a lot moving within the organisation changes place, not owner: not a shipment
        throw new TraceRuleViolation(i, "trace.shipment.to-itself");
      }
      if (organisationRef != null && state.inactiveOrganisations.contains(organisationRef.code())) {
        // a deactivated organisation receives nothing, whatever system sends to it
        throw new TraceRuleViolation(i, "trace.buyer.inactive");
      }
    }
    String name =
        organisationRef != null
            ? organisationRef.name()
            : e.extensions().get(TraceIds.EXT_DESTINATION_NAME);
    String references = Papers.of(e);
    plan.shipments.add(
        new LotPlan.Shipment(
            Ids.newUuid(),
            lot.id,
            i,
            LotStore.truncate(party, 500),
            organisationRef,
            LotStore.truncate(name, 250),
            LotStore.truncate(references.isEmpty() ? null : references, 500),
            w.quantity(),
            w.unit(),
            LotPlanner.at(e)));
  }
}
