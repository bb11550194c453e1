package org.ayni.trace.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.registry.Organisations;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.EventProjection;
import org.ayni.trace.StoredEvent;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.internal.LineageMath.Ancestor;
import org.ayni.trace.internal.LineageMath.EdgeRow;
import org.ayni.trace.internal.LotState.LotRow;
import org.springframework.stereotype.Component;

/**
 * Lots, stock, lineage, receipts and shipments derived from the event log, kept in the transaction
 * that appends the events. {@link #check} reads the state the batch touches once and plans it
 * (refusing what breaks a rule); {@link #apply} writes the plan with JDBC batches and then the
 * lineage closure of every lot whose inputs changed.
 */
@Component
public class LotProjection implements EventProjection {

  private final LotStore store;
  private final ReadyTraces readyTraces;
  private final Organisations organisations;

  /** The plan {@link #check} made, for {@link #apply} on the same thread to write. */
  private final ThreadLocal<LotPlan> planned = new ThreadLocal<>();

  LotProjection(LotStore store, ReadyTraces readyTraces, Organisations organisations) {
    this.store = store;
    this.readyTraces = readyTraces;
    this.organisations = organisations;
  }

  @Override
  public void check(OrganisationId organisation, List<TraceEvent> events) {
    planned.remove();
    LotPlan plan = plan(organisation, events);
    lockLineage(plan);
    planned.set(plan);
  }

  @Override
  public void apply(OrganisationId organisation, List<StoredEvent> events) {
    if (events.isEmpty()) {
      planned.remove();
      return;
    }
    List<TraceEvent> traceEvents = events.stream().map(StoredEvent::event).toList();
    LotPlan plan = planned.get();
    planned.remove();
    if (plan == null || !matches(plan, organisation, traceEvents)) {
      plan = plan(organisation, traceEvents);
      lockLineage(plan);
    }
    List<String> eventIds = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    for (StoredEvent e : events) {
      eventIds.add(e.event().eventId());
      seqs.add(e.seq());
    }
    store.write(plan, eventIds, seqs);
    Map<UUID, Map<UUID, Ancestor>> compositions = lineage(plan, eventIds, seqs);
    readyTraces(plan, compositions, seqs.getLast());
  }

  /**
   * Refreshes the ready traces the batch made stale: of lots it created with lineage, of lots whose
   * receipts, columns or lineage it changed, and (through them) of everything downstream.
   */
  private void readyTraces(LotPlan plan, Map<UUID, Map<UUID, Ancestor>> compositions, long seq) {
    Set<UUID> created = new HashSet<>();
    plan.newLots.forEach(lot -> created.add(lot.id));
    Set<UUID> touched = new LinkedHashSet<>(compositions.keySet());
    touched.addAll(touched(plan));
    if (compositions.isEmpty() && created.containsAll(touched)) {
      return; // new lots without lineage (deliveries, say): nothing has a ready trace to change
    }
    store.customPlans();
    try {
      readyTraces.refresh(touched, created, compositions, seq);
    } finally {
      store.genericPlans();
    }
  }

  /**
   * The lots whose own rows in a trace the batch changes or makes: outputs of its edges, lots whose
   * lineage it changes, lots with new or voided receipts, lots whose product, unit or quantity in
   * changes (not their place or disposition, which no trace shows: a shipment changes no trace).
   */
  private static Set<UUID> touched(LotPlan plan) {
    Set<UUID> touched = new LinkedHashSet<>(plan.lineageTouched);
    plan.edges.forEach(e -> touched.add(e.output()));
    plan.receipts.forEach(r -> touched.add(r.lotId()));
    plan.changedLots.stream().filter(lot -> lot.traceChanged).forEach(lot -> touched.add(lot.id));
    plan.movements.stream()
        .filter(m -> "CORRECTION".equals(m.kind()))
        .forEach(m -> touched.add(m.lotId()));
    return touched;
  }

  /**
   * Takes the lineage lock for the rest of the transaction, before anything is written (ADR 0007,
   * concurrency). A batch that changes a lot already there (a receipt into it, new inputs, a
   * correction) takes it alone: otherwise a batch making a lot downstream of it at the same time
   * would build that lot's closure and ready trace from what it is changing, and its own refresh
   * would not see the new lot. A batch that only makes new lots from existing ones shares it with
   * others of its kind; one that makes lots without lineage (deliveries) takes none.
   */
  private void lockLineage(LotPlan plan) {
    Set<UUID> created = new HashSet<>();
    plan.newLots.forEach(lot -> created.add(lot.id));
    if (!created.containsAll(touched(plan))) {
      store.lockLineage(true);
    } else if (!plan.edges.isEmpty()) {
      store.lockLineage(false);
    }
  }

  /** Plans a batch against the current state (for checks outside a capture, and tests). */
  public LotPlan plan(OrganisationId organisation, List<TraceEvent> events) {
    return LotPlanner.plan(organisation, events, store.load(organisation, events, this::tree));
  }

  private Set<OrganisationId> tree(OrganisationId organisation) {
    return organisations.withDescendants(organisation);
  }

  private static boolean matches(
      LotPlan plan, OrganisationId organisation, List<TraceEvent> events) {
    if (!plan.organisation.equals(organisation) || plan.events.size() != events.size()) {
      return false;
    }
    for (int i = 0; i < events.size(); i++) {
      TraceEvent a = plan.events.get(i);
      TraceEvent b = events.get(i);
      if (a.eventId() != null && !a.eventId().equals(b.eventId())) {
        return false;
      }
      if (a.type() != b.type()
          || (a.errorDeclaration() == null) != (b.errorDeclaration() == null)) {
        return false;
      }
    }
    return true;
  }

  /** Writes the lineage of the lots whose inputs changed; their compositions. */
  private Map<UUID, Map<UUID, Ancestor>> lineage(
      LotPlan plan, List<String> eventIds, List<Long> seqs) {
    Set<UUID> created = new HashSet<>();
    for (LotRow lot : plan.newLots) {
      created.add(lot.id);
    }
    Set<UUID> lots = new LinkedHashSet<>();
    for (LotPlan.Edge e : plan.edges) {
      lots.add(e.output());
    }
    lots.addAll(plan.lineageTouched);
    if (lots.isEmpty()) {
      return Map.of();
    }
    Set<UUID> existing = new LinkedHashSet<>(lots);
    existing.removeAll(created);
    store.customPlans();
    try {
      return write(plan, eventIds, seqs, lots, existing, created);
    } finally {
      store.genericPlans();
    }
  }

  private Map<UUID, Map<UUID, Ancestor>> write(
      LotPlan plan,
      List<String> eventIds,
      List<Long> seqs,
      Set<UUID> lots,
      Set<UUID> existing,
      Set<UUID> created) {
    if (!existing.isEmpty()) {
      Set<UUID> below = store.descendants(existing);
      lots.addAll(below);
      below.removeAll(created);
      existing.addAll(below);
    }
    List<EdgeRow> stored = existing.isEmpty() ? List.of() : store.edgesInto(existing);
    List<EdgeRow> edges = new ArrayList<>(stored);
    Map<UUID, LotPlan.Edge> fresh = new HashMap<>();
    for (LotPlan.Edge e : plan.edges) {
      fresh.put(e.id(), e);
      edges.add(
          new EdgeRow(
              e.id(),
              e.input(),
              e.output(),
              LotStore.group(
                  e.transformationId(), eventIds.get(e.eventIndex()), seqs.get(e.eventIndex())),
              e.inputQuantity(),
              e.inputUnit(),
              e.outputQuantity(),
              e.outputUnit()));
    }
    Set<UUID> outside = new HashSet<>();
    for (EdgeRow e : edges) {
      if (!lots.contains(e.input())) {
        outside.add(e.input());
      }
    }
    Map<UUID, Map<UUID, Ancestor>> known = store.compositions(outside);
    LineageMath.Result result =
        LineageMath.closures(lots, edges, input -> known.getOrDefault(input, Map.of()));
    UUID organisation = plan.organisation.value();
    List<Object[]> newEdges = new ArrayList<>();
    for (LotPlan.Edge e : plan.edges) {
      newEdges.add(
          new Object[] {
            e.id(),
            e.input(),
            e.output(),
            organisation,
            eventIds.get(e.eventIndex()),
            seqs.get(e.eventIndex()),
            e.transformationId(),
            e.inputQuantity(),
            e.inputUnit(),
            e.outputQuantity(),
            e.outputUnit(),
            result.weights().getOrDefault(e.id(), 0.0)
          });
    }
    Map<UUID, Double> weights = new HashMap<>();
    for (EdgeRow e : stored) {
      weights.put(e.id(), result.weights().getOrDefault(e.id(), 0.0));
    }
    store.writeLineage(existing, result.compositions(), newEdges, weights);
    return result.compositions();
  }
}
