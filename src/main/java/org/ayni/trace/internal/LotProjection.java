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
    check(organisation, events, Set.of());
  }

  @Override
  public void check(OrganisationId organisation, List<TraceEvent> events, Set<Integer> declared) {
    planned.remove();
    LotPlan plan =
        LotPlanner.plan(
            organisation, events, store.load(organisation, events, this::tree), declared);
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
    if (!plan.reachesLineage()) {
      return; // new lots without lineage (deliveries, say): no closure, no ready trace to change
    }
    store.customPlans();
    try {
      Map<UUID, Map<UUID, Ancestor>> compositions = lineage(plan, eventIds, seqs);
      // The ready traces the batch made stale: of lots it created with lineage, of lots whose
      // receipts, columns or lineage it changed, and (through them) of everything downstream.
      Set<UUID> touched = new LinkedHashSet<>(compositions.keySet());
      touched.addAll(plan.touched());
      readyTraces.refresh(touched, plan.created(), compositions, seqs.getLast());
    } finally {
      store.genericPlans();
    }
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
    if (plan.changesExistingLots()) {
      store.lockLineage(true);
    } else if (plan.reachesLineage()) {
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
    Set<UUID> created = plan.created();
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
    return write(plan, eventIds, seqs, lots, existing, created);
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
              e.outputUnit(),
              e.outputPart()));
    }
    Set<UUID> outside = new HashSet<>();
    for (EdgeRow e : edges) {
      if (!lots.contains(e.input())) {
        outside.add(e.input());
      }
    }
    Map<UUID, Map<UUID, Ancestor>> known = store.compositions(outside);
    // what came into each lot with edges: the batch's lots as it left them, others as stored
    Map<UUID, LineageMath.Made> made = new HashMap<>();
    Set<UUID> unread = new HashSet<>();
    for (EdgeRow e : edges) {
      LotState.LotRow row = plan.state.lotsById.get(e.output());
      if (row != null) {
        made.put(e.output(), new LineageMath.Made(row.quantityIn, row.unit));
      } else if (lots.contains(e.output())) {
        unread.add(e.output());
      }
    }
    if (!unread.isEmpty()) {
      made.putAll(store.made(unread));
    }
    LineageMath.Result result =
        LineageMath.closures(lots, edges, input -> known.getOrDefault(input, Map.of()), made::get);
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
            result.weights().getOrDefault(e.id(), 0.0),
            e.factorId(),
            e.outputPart()
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
