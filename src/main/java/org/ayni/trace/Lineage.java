package org.ayni.trace;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Member;
import org.ayni.registry.Members;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.LineageMath;
import org.ayni.trace.internal.TraceAssembly;
import org.ayni.trace.internal.TraceQueries;
import org.ayni.trace.internal.TraceQueries.EdgeView;
import org.ayni.trace.internal.TraceQueries.ForwardRow;
import org.ayni.trace.internal.TraceQueries.MemberReceipt;
import org.springframework.stereotype.Service;

/**
 * Backward and forward traces. A backward trace is one row read where the lot has a ready trace
 * (ADR 0007: decoded as stored for a reader who may see all of it, assembled from its rows for
 * others), else one indexed read of the lineage closure (ADR 0005) joined with the lots and their
 * receipts; a forward trace one read by ancestor. {@link #backwardByRecursiveSql} gives the same
 * shares by walking {@code lot_edge} with recursive SQL, the baseline the closure is measured
 * against.
 */
@Service
public class Lineage {

  /** Most nodes a lineage tree shows. */
  static final int MAX_NODES = 2000;

  private final TraceQueries queries;
  private final Members members;

  Lineage(TraceQueries queries, Members members) {
    this.queries = queries;
    this.members = members;
  }

  /** Everything upstream of a lot, with the share each contributes. */
  public BackwardTrace backward(CurrentUser user, UUID lotId) {
    return backward(Lots.scope(user), lotId);
  }

  /**
   * The backward trace of a lot for a scope: {@link #backward(CurrentUser, UUID)} without a
   * signed-in user (for measurement and the caller's own checks of scope).
   */
  public BackwardTrace backward(OrganisationScope scope, UUID lotId) {
    BackwardTrace ready = queries.readyTrace(scope, lotId);
    return ready != null ? ready : backwardTraceFromClosure(scope, lotId);
  }

  /**
   * The same backward trace read from the closure and the tables even where the lot has a ready
   * trace (ADR 0007): what a ready trace saves, for measurement and for checking one.
   */
  public BackwardTrace backwardTraceFromClosure(OrganisationScope scope, UUID lotId) {
    return TraceAssembly.backward(scope, queries.backwardFromClosure(scope, lotId));
  }

  /**
   * The same backward trace with the ancestors found by plain recursive SQL over the edges instead
   * of the closure: the baseline the closure is measured against (same rows, same result).
   */
  public BackwardTrace backwardTraceByRecursiveSql(OrganisationScope scope, UUID lotId) {
    return TraceAssembly.backward(scope, queries.backwardByRecursiveSql(scope, lotId));
  }

  /** Everything downstream of a lot: lots containing some of it, and their shipments. */
  public ForwardTrace forward(CurrentUser user, UUID lotId) {
    return forward(Lots.scope(user), lotId);
  }

  /** The forward trace of a lot for a scope (for measurement and checks of scope). */
  public ForwardTrace forward(OrganisationScope scope, UUID lotId) {
    return forward(scope, lotId, queries.forward(scope, List.of(lotId)));
  }

  /**
   * The same forward trace with the descendants found by plain recursive SQL over the edges instead
   * of the closure: the baseline the closure is measured against.
   */
  public ForwardTrace forwardTraceByRecursiveSql(OrganisationScope scope, UUID lotId) {
    return forward(scope, lotId, queries.forwardByRecursiveSql(scope, List.of(lotId)));
  }

  private static ForwardTrace forward(OrganisationScope scope, UUID lotId, List<ForwardRow> rows) {
    ForwardRow self =
        rows.stream()
            .filter(r -> r.depth() == 0)
            .findFirst()
            .filter(ForwardRow::visible)
            .orElse(null);
    if (self == null) {
      throw new NotFoundException("lot.not-found");
    }
    return forward(
        scope,
        "lot",
        lotId,
        self.code() != null ? self.code() : self.identifier(),
        rows,
        Map.of(lotId, 1.0));
  }

  /** Everything downstream of a member's deliveries (to the organisations the caller sees). */
  /**
   * The member's deliveries that stand, recorded by organisations the caller may read, the latest
   * first.
   */
  public List<MemberDelivery> deliveries(CurrentUser user, UUID memberId) {
    members.get(user, memberId);
    return queries.memberDeliveries(Lots.scope(user), memberId);
  }

  public ForwardTrace forwardFromMember(CurrentUser user, UUID memberId) {
    Member member = members.get(user, memberId);
    Map<UUID, Double> origins = new LinkedHashMap<>();
    for (MemberReceipt r : queries.memberReceipts(memberId)) {
      // of what came into the lot, as its backward trace counts it
      Double share =
          LineageMath.receiptShare(
              r.quantity(), r.unit(), new LineageMath.Made(r.lotQuantityIn(), r.lotUnit()));
      double fraction = share != null ? share : 1.0 / Math.max(1, r.lotReceipts());
      origins.merge(r.lotId(), fraction, Double::sum);
    }
    List<ForwardRow> rows = queries.forward(Lots.scope(user), origins.keySet());
    return forward(Lots.scope(user), "member", memberId, member.fullName(), rows, origins);
  }

  private static ForwardTrace forward(
      OrganisationScope scope,
      String origin,
      UUID originId,
      String label,
      List<ForwardRow> rows,
      Map<UUID, Double> weights) {
    Map<UUID, double[]> shares = new LinkedHashMap<>();
    Map<UUID, ForwardRow> lotRows = new LinkedHashMap<>();
    Map<UUID, double[]> shipmentShares = new LinkedHashMap<>();
    Map<UUID, ForwardRow> shipmentRows = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    boolean hidden = false;
    boolean fromMember = origin.equals("member");
    for (ForwardRow r : rows) {
      double w = weights.getOrDefault(r.origin(), 0.0) * r.share();
      if (!r.visible()) {
        hidden = true;
        continue;
      }
      if (seen.add(r.origin() + "/" + r.lotId())) {
        if (r.depth() > 0 || fromMember) {
          double[] s = shares.computeIfAbsent(r.lotId(), k -> new double[] {0, Integer.MAX_VALUE});
          s[0] += w;
          s[1] = Math.min(s[1], r.depth());
          lotRows.putIfAbsent(r.lotId(), r);
        }
      }
      // the shipment that brought another's lot to the reader is where it came from, not where
      // it went (QA of 2026-12-07i, item 3); the owner sees what is sent back to it downstream
      boolean arrival =
          r.depth() == 0
              && !fromMember
              && r.organisationId() != null
              && !scope.includes(new OrganisationId(r.organisationId()))
              && r.destinationOrganisationId() != null
              && scope.includes(new OrganisationId(r.destinationOrganisationId()))
              && (r.shipperId() == null || !scope.includes(new OrganisationId(r.shipperId())));
      if (r.shipmentId() != null && !arrival && seen.add(r.origin() + "/" + r.shipmentId())) {
        shipmentShares.computeIfAbsent(r.shipmentId(), k -> new double[] {0})[0] += w;
        shipmentRows.putIfAbsent(r.shipmentId(), r);
      }
    }
    List<TraceLot> lots = new ArrayList<>();
    for (var entry : lotRows.entrySet()) {
      ForwardRow r = entry.getValue();
      double[] s = shares.get(entry.getKey());
      // another organisation's lot (one shipped here): its share, not how much it holds
      boolean own =
          scope.all()
              || r.organisationId() == null
              || scope.includes(new OrganisationId(r.organisationId()));
      BigDecimal quantity = own ? r.quantityIn() : null;
      lots.add(
          new TraceLot(
              r.lotId(),
              r.identifier(),
              r.code(),
              r.organisationId(),
              r.productName(),
              r.unit(),
              quantity,
              s[0],
              (int) s[1],
              TraceAssembly.equivalent(s[0], quantity)));
    }
    lots.sort((a, b) -> Integer.compare(a.depth(), b.depth()));
    List<TraceShipment> shipments = new ArrayList<>();
    for (var entry : shipmentRows.entrySet()) {
      ForwardRow r = entry.getValue();
      double share = shipmentShares.get(entry.getKey())[0];
      shipments.add(
          new TraceShipment(
              r.shipmentId(),
              r.lotId(),
              r.code() != null ? r.code() : r.identifier(),
              r.eventId(),
              r.shipperId(),
              r.destinationParty(),
              r.destinationOrganisationId(),
              r.destinationName(),
              r.reference(),
              r.shipmentQuantity(),
              r.shipmentUnit(),
              r.shippedAt(),
              share,
              TraceAssembly.equivalent(share, r.shipmentQuantity())));
    }
    return new ForwardTrace(origin, originId, label, lots, shipments, hidden);
  }

  /** The lot's lineage as trees (backward to members and plots, forward to shipments). */
  public LineageGraph graph(CurrentUser user, UUID lotId) {
    return graph(lotId, backward(user, lotId), forward(user, lotId));
  }

  /** The same, from the lot's traces as the user reads them (a page that shows them too). */
  public LineageGraph graph(UUID lotId, BackwardTrace back, ForwardTrace forth) {
    int[] budget = {MAX_NODES, 0};

    Map<UUID, TraceLot> upstream = new HashMap<>();
    back.lots().forEach(l -> upstream.put(l.id(), l));
    Map<UUID, List<UUID>> inputs = new LinkedHashMap<>();
    for (EdgeView e : queries.edgesUpstream(lotId)) {
      List<UUID> list = inputs.computeIfAbsent(e.output(), k -> new ArrayList<>());
      if (!list.contains(e.input())) {
        list.add(e.input());
      }
    }
    Map<UUID, List<TraceReceipt>> receipts = new LinkedHashMap<>();
    back.receipts()
        .forEach(r -> receipts.computeIfAbsent(r.lotId(), k -> new ArrayList<>()).add(r));
    LineageGraph.Node backward =
        backNode(lotId, back, upstream, inputs, receipts, new HashSet<>(), budget);

    Map<UUID, TraceLot> downstream = new HashMap<>();
    forth.lots().forEach(l -> downstream.put(l.id(), l));
    Map<UUID, List<UUID>> outputs = new LinkedHashMap<>();
    for (EdgeView e : queries.edgesDownstream(lotId)) {
      List<UUID> list = outputs.computeIfAbsent(e.input(), k -> new ArrayList<>());
      if (!list.contains(e.output())) {
        list.add(e.output());
      }
    }
    Map<UUID, List<TraceShipment>> shipments = new LinkedHashMap<>();
    forth
        .shipments()
        .forEach(s -> shipments.computeIfAbsent(s.lotId(), k -> new ArrayList<>()).add(s));
    LineageGraph.Node forward =
        forwardNode(lotId, back, downstream, outputs, shipments, new HashSet<>(), budget);
    return new LineageGraph(backward, forward, budget[1]);
  }

  private LineageGraph.Node backNode(
      UUID lot,
      BackwardTrace trace,
      Map<UUID, TraceLot> upstream,
      Map<UUID, List<UUID>> inputs,
      Map<UUID, List<TraceReceipt>> receipts,
      Set<UUID> seen,
      int[] budget) {
    boolean root = lot.equals(trace.lotId());
    TraceLot info = upstream.get(lot);
    String label =
        root
            ? Objects.requireNonNullElse(trace.code(), trace.identifier())
            : info.code() != null ? info.code() : info.identifier();
    double share = root ? 1.0 : info.share();
    BigDecimal quantity = root ? trace.quantity() : info.equivalentQuantity();
    String detail = root ? null : info.productName();
    budget[0]--;
    if (!seen.add(lot)) {
      return new LineageGraph.Node(
          "LOT", lot, label, detail, share, quantity, trace.unit(), true, List.of());
    }
    List<LineageGraph.Node> children = new ArrayList<>();
    for (UUID input : inputs.getOrDefault(lot, List.of())) {
      if (!upstream.containsKey(input)) {
        continue;
      }
      if (budget[0] <= 0) {
        budget[1]++;
        continue;
      }
      children.add(backNode(input, trace, upstream, inputs, receipts, seen, budget));
    }
    for (TraceReceipt r : receipts.getOrDefault(lot, List.of())) {
      if (budget[0] <= 0) {
        budget[1]++;
        continue;
      }
      budget[0] -= 2;
      List<LineageGraph.Node> plot =
          r.productionUnitId() == null
              ? List.of()
              : List.of(
                  new LineageGraph.Node(
                      "PLOT",
                      r.productionUnitId(),
                      r.productionUnitCode(),
                      r.productionUnitName(),
                      r.share(),
                      r.equivalentQuantity(),
                      trace.unit(),
                      false,
                      List.of()));
      String memberLabel =
          r.memberId() != null
              ? r.memberName()
              : r.sourceName() != null ? r.sourceName() : r.sourceParty();
      children.add(
          new LineageGraph.Node(
              r.memberId() != null ? "MEMBER" : "PARTY",
              r.memberId(),
              memberLabel,
              r.memberCode(),
              r.share(),
              r.equivalentQuantity(),
              trace.unit(),
              false,
              plot));
    }
    return new LineageGraph.Node(
        "LOT", lot, label, detail, share, quantity, trace.unit(), false, children);
  }

  private LineageGraph.Node forwardNode(
      UUID lot,
      BackwardTrace trace,
      Map<UUID, TraceLot> downstream,
      Map<UUID, List<UUID>> outputs,
      Map<UUID, List<TraceShipment>> shipments,
      Set<UUID> seen,
      int[] budget) {
    boolean root = lot.equals(trace.lotId());
    TraceLot info = downstream.get(lot);
    String label =
        root
            ? Objects.requireNonNullElse(trace.code(), trace.identifier())
            : info.code() != null ? info.code() : info.identifier();
    double share = root ? 1.0 : info.share();
    BigDecimal quantity = root ? trace.quantity() : info.equivalentQuantity();
    String unit = root ? trace.unit() : info.unit();
    budget[0]--;
    if (!seen.add(lot)) {
      return new LineageGraph.Node(
          "LOT",
          lot,
          label,
          root ? null : info.productName(),
          share,
          quantity,
          unit,
          true,
          List.of());
    }
    List<LineageGraph.Node> children = new ArrayList<>();
    for (UUID output : outputs.getOrDefault(lot, List.of())) {
      if (!downstream.containsKey(output)) {
        continue;
      }
      if (budget[0] <= 0) {
        budget[1]++;
        continue;
      }
      children.add(forwardNode(output, trace, downstream, outputs, shipments, seen, budget));
    }
    for (TraceShipment s : shipments.getOrDefault(lot, List.of())) {
      budget[0]--;
      children.add(
          new LineageGraph.Node(
              "SHIPMENT",
              s.id(),
              s.destinationName() != null ? s.destinationName() : s.destinationParty(),
              s.reference(),
              s.share(),
              s.equivalentQuantity(), // what of it comes from the traced lot, as lots show
              s.unit(),
              false,
              List.of()));
    }
    return new LineageGraph.Node(
        "LOT",
        lot,
        label,
        root ? null : info.productName(),
        share,
        quantity,
        unit,
        false,
        children);
  }

  /** The ancestors of a lot from the closure: one indexed read (no scope: for measurement). */
  public Map<UUID, LineageShare> backwardShares(UUID lotId) {
    return convert(queries.ancestors(lotId));
  }

  /** The same ancestors by recursive SQL over lot_edge: the baseline of the closure. */
  public Map<UUID, LineageShare> backwardByRecursiveSql(UUID lotId) {
    return convert(queries.ancestorsByRecursiveSql(lotId));
  }

  private static Map<UUID, LineageShare> convert(Map<UUID, LineageMath.Ancestor> ancestors) {
    Map<UUID, LineageShare> all = new LinkedHashMap<>();
    ancestors.forEach((id, a) -> all.put(id, new LineageShare(a.share(), a.depth())));
    return all;
  }
}
