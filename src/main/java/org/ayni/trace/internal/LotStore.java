package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.ayni.shared.ConflictException;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceIds;
import org.ayni.trace.Units;
import org.ayni.trace.internal.LineageMath.Ancestor;
import org.ayni.trace.internal.LineageMath.EdgeRow;
import org.ayni.trace.internal.LotState.FactorRow;
import org.ayni.trace.internal.LotState.LotRow;
import org.ayni.trace.internal.LotState.Moved;
import org.ayni.trace.internal.LotState.MovementRow;
import org.ayni.trace.internal.LotState.PartRow;
import org.ayni.trace.internal.LotState.PartyRef;
import org.ayni.trace.internal.LotState.ProductRow;
import org.ayni.trace.internal.LotState.ShipmentRow;
import org.ayni.trace.internal.LotState.StockRow;
import org.ayni.trace.internal.LotState.VoidTarget;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The projection's tables as the capture path reads and writes them: the state a batch touches,
 * read with a handful of set-based queries per batch, and the plan written with JDBC batches.
 * Members, production units and organisations named by URN are read from the registry's tables
 * (read only), so that a batch costs one query for them all.
 */
@Repository
public class LotStore {

  /** Most values bound in one IN list. */
  static final int CHUNK = 1000;

  static final String LOT_COLUMNS =
      """
      id, identifier, organisation_id, kind, code, gtin, product_id, unit, quantity_in, location,
      disposition, disposition_event_id, created_at, disposition_at, location_at""";

  /**
   * A holding's new stock, only if it is still what the batch was checked against. Run once per
   * holding a capture changes, on a generic plan: both indexes of {@code lot_stock} hold both
   * columns it names the row by (V43), so that a plan made while the table was small and never
   * analysed cannot read all of an organisation's holdings to find one.
   */
  static final String STOCK_UPDATE =
      """
      update lot_stock set quantity = ?, unit = ?, tracked = ?, disposition = ?,
                           disposition_event_id = ?, location = ?, disposition_at = ?,
                           location_at = ?,
                           moved_at = case when moved_at > ? then moved_at else ? end
      where lot_id = ? and organisation_id = ? and quantity = ?""";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionSettings settings;
  private final EventFormat format;
  private final EventFeed feed;
  private final Clock clock;

  LotStore(
      JdbcClient jdbc,
      JdbcTemplate template,
      TransactionSettings settings,
      EventFormat format,
      EventFeed feed,
      Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.format = format;
    this.feed = feed;
    this.template = template;
    this.settings = settings;
  }

  /**
   * On PostgreSQL, plans the statements of this transaction for their actual parameters until
   * {@link #genericPlans()}. The capture path's reads are prepared on the server and run thousands
   * of times; a generic plan cached while the tables were still small (a sequential scan) would be
   * kept as they grow, and every batch would then scan the whole lot table.
   */
  public void customPlans() {
    // Every read of the capture path goes by key through an index; a sequential scan is chosen
    // only when the statistics of a table that grows by the second are behind (seen on
    // lot_lineage during a load: 7 ms instead of 0.2 ms per read). Turning scans off adds a huge
    // cost to any plan that keeps one, which passes jit_above_cost: a read of 4,164 lots with
    // their receipts spent 728 ms of its 870 ms compiling (EXPLAIN ANALYZE at 1,000,000 events),
    // so JIT is off too, for the rest of the transaction (nothing a capture runs needs it).
    settings.set("plan_cache_mode", "force_custom_plan", "enable_seqscan", "off", "jit", "off");
  }

  /**
   * Takes the lineage lock (one row of {@code lineage_lock}) until the end of the transaction:
   * alone, or shared with others who share it (on PostgreSQL; H2 knows only the exclusive lock).
   */
  void lockLineage(boolean exclusive) {
    String mode = exclusive || !settings.postgres() ? "update" : "share";
    jdbc.sql("select id from lineage_lock where id = 1 for " + mode).query(Integer.class).list();
  }

  /** Back to the session's plan cache mode and scans (for the log's own inserts). */
  public void genericPlans() {
    settings.set("plan_cache_mode", "auto", "enable_seqscan", "on");
  }

  /** Reads what a batch of the organisation's events touches. */
  public LotState load(
      OrganisationId organisation,
      List<TraceEvent> events,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf) {
    customPlans();
    try {
      return read(organisation, events, treeOf);
    } finally {
      genericPlans();
    }
  }

  private LotState read(
      OrganisationId organisation,
      List<TraceEvent> events,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf) {
    LotState state = new LotState(organisation);
    Set<String> identifiers = new LinkedHashSet<>();
    Set<String> declared = new LinkedHashSet<>();
    Set<String> transformations = new LinkedHashSet<>();
    Set<String> parties = new LinkedHashSet<>();
    for (TraceEvent e : events) {
      identifiers.addAll(LotPlanner.identifiers(e));
      if (e.errorDeclaration() != null) {
        if (e.eventId() != null) {
          declared.add(e.eventId());
        }
        continue;
      }
      if (e.transformationId() != null && !e.transformationId().isBlank()) {
        transformations.add(e.transformationId());
      }
      e.sources().forEach(p -> parties.add(p.id()));
      e.destinations().forEach(p -> parties.add(p.id()));
    }
    lots("identifier", identifiers, state::addLot);
    foreignGtins(state, identifiers, treeOf, organisation);
    for (String identifier : identifiers) {
      String code = TraceIds.lotOrganisationCode(identifier);
      if (code != null && !mine(state, identifier, organisation)) {
        // read with the organisations the events name (their own, as a rule): no query of its own
        parties.add(TraceIds.ORGANISATION + code);
      }
    }
    if (!declared.isEmpty()) {
      voidTargets(state, organisation, declared);
    }
    remakable(state, organisation);
    Set<UUID> lotIds = new HashSet<>(state.lotsById.keySet());
    chunks(
        lotIds,
        part -> {
          jdbc.sql(
                  """
                  select lot_id, quantity, unit, tracked, disposition, disposition_event_id,
                         location, disposition_at, location_at, moved_at
                  from lot_stock where organisation_id = :org and lot_id in (:ids)""")
              .param("org", organisation.value())
              .param("ids", part)
              .query(
                  (rs, n) -> {
                    StockRow row =
                        new StockRow(
                            rs.getObject("lot_id", UUID.class),
                            rs.getBigDecimal("quantity"),
                            rs.getString("unit"),
                            rs.getBoolean("tracked"));
                    row.disposition = rs.getString("disposition");
                    row.dispositionEventId = rs.getString("disposition_event_id");
                    row.location = rs.getString("location");
                    row.dispositionAt = rs.getObject("disposition_at", OffsetDateTime.class);
                    row.locationAt = rs.getObject("location_at", OffsetDateTime.class);
                    row.movedAt = rs.getObject("moved_at", OffsetDateTime.class);
                    return row;
                  })
              .list()
              .forEach(s -> state.stock.put(s.lotId, s));
          jdbc.sql(
                  """
                  select id, lot_id, quantity, unit, received_seq, organisation_id, shipped_at,
                         reference, voided
                  from lot_shipment
                  where destination_organisation_id = :org and lot_id in (:ids)
                  order by seq""")
              .param("org", organisation.value())
              .param("ids", part)
              .query(
                  (rs, n) -> {
                    ShipmentRow row =
                        new ShipmentRow(
                            rs.getObject("id", UUID.class),
                            rs.getObject("lot_id", UUID.class),
                            rs.getBigDecimal("quantity"),
                            rs.getString("unit"),
                            rs.getObject("received_seq") != null);
                    row.from = new OrganisationId(rs.getObject("organisation_id", UUID.class));
                    row.shippedAt = rs.getObject("shipped_at", OffsetDateTime.class);
                    row.reference = rs.getString("reference");
                    return new ShipmentRead(row, rs.getBoolean("voided"));
                  })
              .list()
              .forEach(
                  read -> {
                    ShipmentRow s = read.row();
                    if (read.voided()) {
                      state.shipmentsUndone.add(s.lotId);
                    } else {
                      state.shipmentsTo.computeIfAbsent(s.lotId, k -> new ArrayList<>()).add(s);
                    }
                  });
        });
    movedSince(state, organisation, events);
    placesBefore(state, organisation, declared);
    for (StockRow held : state.stock.values()) {
      // a holding of another's lot whose disposition an event the batch declares erroneous set
      LotRow lot = state.lotsById.get(held.lotId);
      if (held.dispositionEventId != null
          && declared.contains(held.dispositionEventId)
          && !lot.owner.equals(organisation)) {
        state.dispositionsBefore.put(
            lot.id, lastDisposition(jdbc, organisation, lot.identifier, declared));
      }
    }
    state.products.addAll(products(organisation));
    state.factors.addAll(factors(organisation));
    Set<String> undone = transformationsUndone(state, organisation);
    transformations.addAll(undone);
    if (!transformations.isEmpty()) {
      parts(state, organisation, transformations);
    }
    consumers(state, organisation, events);
    // the lots of earlier events of their transformations too (named in refusals, checked for
    // cycles, their products held to factors)
    Set<UUID> earlier = new HashSet<>();
    state.transformationParts.values().forEach(l -> l.forEach(p -> earlier.add(p.lotId())));
    state.consumers.values().stream()
        .flatMap(List::stream)
        .forEach(
            c -> {
              c.ins().forEach(p -> earlier.add(p.lotId()));
              c.outs().forEach(p -> earlier.add(p.lotId()));
            });
    earlier.removeAll(state.lotsById.keySet());
    if (!earlier.isEmpty()) {
      lots("id", earlier, state::addLot);
    }
    // of those too: a transformation held again when its input's product comes judges its other
    // inputs by their kinds as when it was recorded (seed 43 of the second differential test)
    otherKinds(state, organisation);
    parties(state, parties, treeOf, organisation);
    foreignCodes(state, identifiers, treeOf, organisation);
    upstreamOutputs(state, events);
    originKinds(state, events);
    return state;
  }

  /**
   * The movements of the organisation's holdings that the batch's events are dated before (or an
   * inflow it undoes was): read only for such holdings, so that events recorded as they happen cost
   * no query. Undone movements and their reversals are left out. A holding not tracked (its origin
   * is outside the log, rare) is read whole: an inflow dated before all of it is its origin.
   */
  private void movedSince(LotState state, OrganisationId organisation, List<TraceEvent> events) {
    Map<UUID, OffsetDateTime> from = new HashMap<>();
    for (TraceEvent e : events) {
      if (e.errorDeclaration() != null || e.eventTime() == null) {
        continue;
      }
      for (String identifier : LotPlanner.identifiers(e)) {
        LotRow lot = state.lots.get(identifier);
        if (lot != null) {
          from.merge(lot.id, e.eventTime(), LotStore::earlier);
        }
      }
    }
    for (VoidTarget target : state.voidTargets.values()) {
      if (target.at != null) {
        target.movements.forEach(m -> from.merge(m.lotId(), target.at, LotStore::earlier));
      }
    }
    OffsetDateTime horizon = null;
    Set<UUID> backdated = new HashSet<>();
    Set<UUID> untracked = new HashSet<>();
    for (StockRow held : state.stock.values()) {
      OffsetDateTime at = from.get(held.lotId);
      if (!held.tracked && from.containsKey(held.lotId)) {
        untracked.add(held.lotId);
      } else if (held.movedAt != null && at != null && at.isBefore(held.movedAt)) {
        backdated.add(held.lotId);
        horizon = horizon == null ? at : earlier(horizon, at);
      }
    }
    if (!backdated.isEmpty()) {
      movements(state, organisation, backdated, horizon);
    }
    if (!untracked.isEmpty()) {
      movements(state, organisation, untracked, null);
      untracked.forEach(lotId -> state.stock.get(lotId).wholeHistory = true);
    }
  }

  /** The standing movements of holdings after a time (all of them for null) into their since. */
  private void movements(
      LotState state, OrganisationId organisation, Set<UUID> lotIds, OffsetDateTime after) {
    record Row(
        UUID id, UUID lot, OffsetDateTime at, BigDecimal quantity, String unit, UUID undoes) {}
    chunks(
        lotIds,
        part -> {
          String sql =
              """
              select id, lot_id, occurred_at, quantity, unit, reversal_of
              from stock_movement
              where organisation_id = :org and lot_id in (:ids)"""
                  + (after == null ? "" : " and (occurred_at > :after or reversal_of is not null)")
                  + " order by occurred_at, seq";
          var query = jdbc.sql(sql).param("org", organisation.value()).param("ids", part);
          List<Row> rows =
              (after == null ? query : query.param("after", after))
                  .query(
                      (rs, n) ->
                          new Row(
                              rs.getObject("id", UUID.class),
                              rs.getObject("lot_id", UUID.class),
                              rs.getObject("occurred_at", OffsetDateTime.class),
                              rs.getBigDecimal("quantity"),
                              rs.getString("unit"),
                              rs.getObject("reversal_of", UUID.class)))
                  .list();
          // the reversals (of any time) name the movements they undid
          Set<UUID> undone = new HashSet<>();
          rows.stream().filter(r -> r.undoes() != null).forEach(r -> undone.add(r.undoes()));
          for (Row r : rows) {
            if (r.undoes() == null && !undone.contains(r.id())) {
              state.stock.get(r.lot()).since.add(new Moved(r.id(), r.at(), r.quantity(), r.unit()));
            }
          }
        });
  }

  /** The row of {@code update lot set created_event_id, created_seq, created_at} for a lot. */
  private static Object[] madeBy(
      LotRow lot, int index, LotPlan plan, List<String> eventIds, List<Long> seqs) {
    return new Object[] {
      eventIds.get(index), seqs.get(index), plan.events.get(index).eventTime(), lot.id
    };
  }

  private static OffsetDateTime earlier(OffsetDateTime a, OffsetDateTime b) {
    return b.isBefore(a) ? b : a;
  }

  /**
   * Which existing lots the batch's transformations make are already upstream of existing lots they
   * take (read only when a transformation makes a lot that exists: most make new ones).
   */
  private void upstreamOutputs(LotState state, List<TraceEvent> events) {
    Set<UUID> inputs = new HashSet<>();
    Set<UUID> outputs = new HashSet<>();
    for (TraceEvent e : events) {
      if (e.type() != TraceEvent.EventType.TransformationEvent || e.errorDeclaration() != null) {
        continue;
      }
      e.inputQuantities().forEach(q -> add(state, q.epcClass(), inputs));
      e.inputEpcs().forEach(epc -> add(state, epc, inputs));
      e.outputQuantities().forEach(q -> add(state, q.epcClass(), outputs));
      e.outputEpcs().forEach(epc -> add(state, epc, outputs));
      // a transformation over several events joins this event's lots with its earlier ones'
      String tid = e.transformationId();
      for (PartRow p :
          tid == null
              ? List.<PartRow>of()
              : state.transformationParts.getOrDefault(tid, List.of())) {
        (p.input() ? inputs : outputs).add(p.lotId());
      }
    }
    if (inputs.isEmpty() || outputs.isEmpty()) {
      return;
    }
    chunks(
        outputs,
        outs ->
            chunks(
                inputs,
                ins ->
                    jdbc.sql(
                            "select lot_id, ancestor_id from lot_lineage"
                                + " where ancestor_id in (:outs) and lot_id in (:ins)")
                        .param("outs", outs)
                        .param("ins", ins)
                        .query(
                            (rs, n) ->
                                state
                                    .upstreamOutputs
                                    .computeIfAbsent(
                                        rs.getObject(1, UUID.class), k -> new HashSet<>())
                                    .add(rs.getObject(2, UUID.class)))
                        .list()));
  }

  /** A shipment to the organisation as read, and whether its shipper declared it erroneous. */
  private record ShipmentRead(ShipmentRow row, boolean voided) {}

  /** An edge as {@link #originKinds} reads it: its output, its input and the input's product. */
  private record EdgeRead(UUID output, UUID input, UUID inputProduct) {}

  /** How far up the edges {@link #originKinds} looks for lots of a product. */
  private static final int ORIGIN_LEVELS = 16;

  /**
   * The kinds each lot of no product that the batch's transformations take was made of ({@link
   * LotState#originKinds}): up its edges through lots of no product to the nearest lots of a
   * product, at most {@value #ORIGIN_LEVELS} edges up (beyond, it is not known, and not judged).
   * Read only when a transformation takes such a lot (a part split off a lot received without a
   * product of one's own), seldom; the transformations held again when their input's product comes
   * take theirs too.
   */
  private void originKinds(LotState state, List<TraceEvent> events) {
    Set<UUID> inputs = new HashSet<>();
    for (TraceEvent e : events) {
      if (e.type() == TraceEvent.EventType.TransformationEvent && e.errorDeclaration() == null) {
        e.inputQuantities().forEach(q -> add(state, q.epcClass(), inputs));
        e.inputEpcs().forEach(epc -> add(state, epc, inputs));
      }
    }
    state
        .consumers
        .values()
        .forEach(l -> l.forEach(c -> c.ins().forEach(p -> inputs.add(p.lotId()))));
    // the lots reached so far, and from which of the batch's lots
    Map<UUID, Set<UUID>> reachedFrom = new HashMap<>();
    for (UUID id : inputs) {
      LotRow lot = state.lotsById.get(id);
      if (lot != null && lot.productId == null) {
        reachedFrom.computeIfAbsent(lot.id, k -> new HashSet<>()).add(lot.id);
      }
    }
    Map<UUID, Set<UUID>> products = new HashMap<>();
    Set<UUID> level = new HashSet<>(reachedFrom.keySet());
    for (int up = 0; up < ORIGIN_LEVELS && !level.isEmpty(); up++) {
      Set<UUID> next = new HashSet<>();
      List<EdgeRead> edges = new ArrayList<>();
      chunks(
          level,
          part ->
              edges.addAll(
                  jdbc.sql(
                          """
                          select e.output_lot_id, e.input_lot_id, l.product_id
                          from lot_edge e join lot l on l.id = e.input_lot_id
                          where e.output_lot_id in (:ids)""")
                      .param("ids", part)
                      .query(
                          (rs, n) ->
                              new EdgeRead(
                                  rs.getObject(1, UUID.class),
                                  rs.getObject(2, UUID.class),
                                  rs.getObject(3, UUID.class)))
                      .list()));
      for (EdgeRead edge : edges) {
        for (UUID lot : reachedFrom.get(edge.output())) {
          if (edge.inputProduct() != null) {
            products.computeIfAbsent(lot, k -> new HashSet<>()).add(edge.inputProduct());
          } else if (reachedFrom.computeIfAbsent(edge.input(), k -> new HashSet<>()).add(lot)) {
            next.add(edge.input()); // lineage has no cycles: each lot is walked once per origin
          }
        }
      }
      level = next;
    }
    Set<UUID> all = new HashSet<>();
    products.values().forEach(all::addAll);
    Map<UUID, ProductKind> kinds = new HashMap<>();
    chunks(
        all,
        part ->
            jdbc.sql("select id, kind from trace_product where id in (:ids)")
                .param("ids", part)
                .query(
                    (rs, n) ->
                        kinds.put(
                            rs.getObject("id", UUID.class),
                            ProductKind.valueOf(rs.getString("kind"))))
                .list());
    products.forEach(
        (lot, ids) -> {
          Set<ProductKind> of = new HashSet<>();
          ids.forEach(id -> of.add(kinds.get(id)));
          of.remove(null);
          state.originKinds.put(lot, of);
        });
  }

  private static void add(LotState state, String identifier, Set<UUID> ids) {
    LotRow lot = state.lots.get(identifier);
    if (lot != null) {
      ids.add(lot.id);
    }
  }

  private void voidTargets(LotState state, OrganisationId organisation, Set<String> declared) {
    Set<UUID> lotIds = new HashSet<>();
    chunks(
        declared,
        part -> {
          // The projection's rows are found by the sequence number of the event that wrote them:
          // an index on event ids (random hashes) would cost a random page on every insert. The
          // lots whose disposition the event set are among those its body names.
          List<Long> seqs = new ArrayList<>();
          Set<String> named = new LinkedHashSet<>();
          jdbc.sql(
                  """
                  select seq, event_id, body from epcis_event
                  where event_id in (:ids) and organisation_id = :org and not error_declared""")
              .param("org", organisation.value())
              .param("ids", part)
              .query(
                  (rs, n) -> {
                    long seq = rs.getLong("seq");
                    seqs.add(seq);
                    VoidTarget target =
                        state.voidTargets.computeIfAbsent(
                            rs.getString("event_id"), id -> new VoidTarget(id, seq));
                    format
                        .read(rs.getString("body"))
                        .ifPresent(
                            e -> {
                              named.addAll(LotPlanner.identifiers(e));
                              target.named.addAll(LotPlanner.identifiers(e));
                              target.event = e;
                              target.place = e.bizLocation();
                              target.at = LotPlanner.local(e);
                              if (e.transformationId() != null && !e.transformationId().isBlank()) {
                                target.transformationId = e.transformationId();
                              }
                            });
                    return seq;
                  })
              .list();
          if (!seqs.isEmpty()) {
            projectionRows(state, organisation, seqs, lotIds);
          }
          lots(
              "identifier",
              named,
              lot -> {
                if (lot.dispositionEventId == null || !part.contains(lot.dispositionEventId)) {
                  return;
                }
                if (!state.lotsById.containsKey(lot.id)) {
                  state.addLot(lot);
                }
                state.dispositionsBefore.put(
                    lot.id, lastDisposition(jdbc, organisation, lot.identifier, declared));
              });
          jdbc.sql(
                  "select event_id from lot_event_void where organisation_id = :org"
                      + " and event_id in (:ids)")
              .param("org", organisation.value())
              .param("ids", part)
              .query(String.class)
              .list()
              .forEach(
                  id -> {
                    VoidTarget t = state.voidTargets.get(id);
                    if (t != null) {
                      t.alreadyVoided = true;
                    }
                  });
        });
    lotIds.removeAll(state.lotsById.keySet());
    lots("id", lotIds, state::addLot);
  }

  /**
   * The transformationIDs of the events the batch declares erroneous that are parts of a
   * transformation in several events; each such target gets every edge of its transformation (those
   * its other events wrote between its parts too), to be made again from the parts left.
   */
  private Set<String> transformationsUndone(LotState state, OrganisationId organisation) {
    Map<String, List<VoidTarget>> byTransformation = new HashMap<>();
    for (VoidTarget t : state.voidTargets.values()) {
      if (t.transformationId != null && !t.alreadyVoided) {
        byTransformation.computeIfAbsent(t.transformationId, k -> new ArrayList<>()).add(t);
      }
    }
    chunks(
        byTransformation.keySet(),
        part ->
            jdbc.sql(
                    "select id, output_lot_id, transformation_id from lot_edge"
                        + " where organisation_id = :org and transformation_id in (:ids)")
                .param("org", organisation.value())
                .param("ids", part)
                .query()
                .listOfRows()
                .forEach(
                    row -> {
                      for (VoidTarget t : byTransformation.get(row.get("transformation_id"))) {
                        t.edgeIds.add((UUID) row.get("id"));
                        t.edgeOutputs.add((UUID) row.get("output_lot_id"));
                      }
                    }));
    return byTransformation.keySet();
  }

  /** The movements, edges, receipts and shipments the events with these numbers wrote. */
  private void projectionRows(
      LotState state, OrganisationId organisation, List<Long> seqs, Set<UUID> lotIds) {
    rowsWritten(
        "id, lot_id, kind, quantity, unit, event_id, seq from stock_movement",
        "kind <> 'CORRECTION'",
        organisation,
        seqs,
        row -> {
          UUID lot = (UUID) row.get("lot_id");
          target(state, row)
              .movements
              .add(
                  new MovementRow(
                      (UUID) row.get("id"),
                      lot,
                      (String) row.get("kind"),
                      (BigDecimal) row.get("quantity"),
                      (String) row.get("unit")));
          lotIds.add(lot);
        });
    rowsWritten(
        "id, output_lot_id, event_id, seq from lot_edge",
        null,
        organisation,
        seqs,
        row -> {
          VoidTarget t = target(state, row);
          t.edgeIds.add((UUID) row.get("id"));
          t.edgeOutputs.add((UUID) row.get("output_lot_id"));
        });
    rowsWritten(
        "id, lot_id, event_id, seq from lot_receipt",
        "not voided",
        organisation,
        seqs,
        row -> {
          VoidTarget t = target(state, row);
          t.receiptIds.add((UUID) row.get("id"));
          t.receiptLots.add((UUID) row.get("lot_id"));
        });
    rowsWritten(
        "id, lot_id, received_seq, event_id, seq from lot_shipment",
        "not voided",
        organisation,
        seqs,
        row -> {
          VoidTarget t = target(state, row);
          t.shipmentIds.add((UUID) row.get("id"));
          if (row.get("received_seq") != null) {
            t.receivedShipmentLot = (UUID) row.get("lot_id");
            lotIds.add(t.receivedShipmentLot);
          }
        });
  }

  /**
   * Reads {@code columnsFromTable} ("columns from table"), restricted to the rows the
   * organisation's events with these numbers wrote and, when given, to {@code condition}.
   */
  private void rowsWritten(
      String columnsFromTable,
      String condition,
      OrganisationId organisation,
      List<Long> seqs,
      Consumer<Map<String, Object>> each) {
    jdbc.sql(
            "select "
                + columnsFromTable
                + " where organisation_id = :org and seq in (:seqs)"
                + (condition == null ? "" : " and " + condition))
        .param("org", organisation.value())
        .param("seqs", seqs)
        .query()
        .listOfRows()
        .forEach(each);
  }

  /**
   * The lots whose {@code column} (id or identifier) has one of the values, whichever organisation
   * owns them.
   */
  private void lots(String column, Collection<?> values, Consumer<LotRow> each) {
    chunks(
        values,
        part ->
            jdbc.sql("select " + LOT_COLUMNS + " from lot where " + column + " in (:ids)")
                .param("ids", part)
                .query(LotStore::lot)
                .list()
                .forEach(each));
  }

  /**
   * The kinds of the products of other organisations' lots the batch names (one query, only when it
   * names such lots of a product): whether a holder's split or transformation of one makes
   * something else.
   */
  private void otherKinds(LotState state, OrganisationId organisation) {
    Set<UUID> others = new HashSet<>();
    for (LotRow l : state.lotsById.values()) {
      if (l.productId != null && !l.owner.equals(organisation)) {
        others.add(l.productId);
      }
    }
    chunks(
        others,
        part ->
            jdbc.sql("select id, kind from trace_product where id in (:ids)")
                .param("ids", part)
                .query(
                    (rs, n) ->
                        state.otherKinds.put(
                            rs.getObject("id", UUID.class),
                            ProductKind.valueOf(rs.getString("kind"))))
                .list());
  }

  /**
   * The organisation's lots of the batch that are free again ({@link TraceQueries#FREE_AGAIN}: a
   * query only when the batch names an empty lot of the organisation's, seldom).
   */
  private void remakable(LotState state, OrganisationId organisation) {
    List<UUID> empty =
        state.lotsById.values().stream()
            .filter(l -> l.owner.equals(organisation) && l.quantityIn.signum() == 0)
            .map(LotRow::id)
            .toList();
    chunks(
        empty,
        part ->
            state.remakable.addAll(
                jdbc.sql(
                        "select l.id from lot l where l.id in (:ids) and "
                            + TraceQueries.FREE_AGAIN)
                    .param("ids", part)
                    .query(UUID.class)
                    .list()));
  }

  /**
   * The places to restore: of each lot (or holding of the organisation's) whose place is the one an
   * event the batch declares erroneous gave it, the place the organisation's other events last gave
   * it.
   */
  private void placesBefore(LotState state, OrganisationId organisation, Set<String> declared) {
    for (VoidTarget target : state.voidTargets.values()) {
      if (target.place == null) {
        continue;
      }
      for (String identifier : target.named) {
        LotRow lot = state.lots.get(identifier);
        LotState.Described d =
            lot == null ? null : lot.owner.equals(organisation) ? lot : state.stock.get(lot.id);
        if (d != null
            && target.place.equals(d.location)
            && !state.placesBefore.containsKey(lot.id)) {
          state.placesBefore.put(lot.id, lastPlace(jdbc, organisation, identifier, declared));
        }
      }
    }
  }

  /**
   * The disposition an organisation's events last gave a lot (its own lot, or its holding of
   * another's), leaving out the events {@code excluded} (those a batch declares erroneous) and
   * those declared erroneous before; null when none did. An event gives it as what it observed or
   * made, as describing it does.
   */
  static LotState.Disposition lastDisposition(
      JdbcClient jdbc, OrganisationId organisation, String identifier, Set<String> excluded) {
    Last last = lastWith(jdbc, organisation, identifier, "disposition", excluded);
    return last == null
        ? null
        : new LotState.Disposition(TraceIds.cbvWord(last.value()), last.eventId(), last.at());
  }

  /**
   * The place (bizLocation) an organisation's events last gave a lot, leaving out those {@code
   * excluded}; null when none did.
   */
  static LotState.Place lastPlace(
      JdbcClient jdbc, OrganisationId organisation, String identifier, Set<String> excluded) {
    Last last = lastWith(jdbc, organisation, identifier, "biz_location", excluded);
    return last == null ? null : new LotState.Place(last.value(), last.at());
  }

  /** A value of the log, the event that gave it and its time. */
  private record Last(String value, String eventId, OffsetDateTime at) {}

  /**
   * The value of a column of the log (named here) from the last event, by event time, that gave one
   * (the last recorded of those at the same time).
   */
  private static Last lastWith(
      JdbcClient jdbc,
      OrganisationId organisation,
      String identifier,
      String column,
      Set<String> excluded) {
    return jdbc.sql(
            """
            select e.%s v, e.event_id, e.event_time from epcis_event e
            where e.seq in (
                select x.seq from epcis_event_epc x where x.epc = :id and x.role in ('epc', 'output')
                union
                select q.seq from epcis_event_quantity q
                where q.epc_class = :id and q.role in ('quantity', 'output'))
              and e.organisation_id = :org and e.%s is not null and not e.error_declared
              and not exists (
                select 1 from epcis_event d
                where d.event_id = e.event_id and d.organisation_id = e.organisation_id
                  and d.error_declared)"""
                    .formatted(column, column)
                + (excluded.isEmpty() ? "" : " and e.event_id not in (:excluded)")
                + " order by e.event_time desc, e.seq desc limit 1")
        .param("id", identifier)
        .param("org", organisation.value())
        .params(excluded.isEmpty() ? Map.of() : Map.of("excluded", excluded))
        .query(
            (rs, n) ->
                new Last(
                    rs.getString("v"),
                    rs.getString("event_id"),
                    rs.getObject("event_time", OffsetDateTime.class)))
        .optional()
        .orElse(null);
  }

  private static VoidTarget target(LotState state, Map<String, Object> row) {
    String eventId = (String) row.get("event_id");
    long seq = ((Number) row.get("seq")).longValue();
    return state.voidTargets.computeIfAbsent(eventId, id -> new VoidTarget(id, seq));
  }

  /**
   * The parts that earlier captures recorded of the given transformations (their standing events):
   * those with a quantity by their stock movements, and those named without one (a quantity element
   * may omit it) from the log's index of quantities, so that a later capture of the transformation
   * knows them as one capture would: as inputs of its outputs' lineage, and as inputs that no
   * measured output may be made of (TransformationRules.unmeasured).
   */
  private void parts(LotState state, OrganisationId organisation, Set<String> transformations) {
    chunks(
        transformations,
        part ->
            jdbc.sql(
                    """
                    select m.seq, m.id, m.transformation_id, m.lot_id, m.kind, m.quantity, m.unit,
                           l.product_id
                    from stock_movement m join lot l on l.id = m.lot_id
                    where m.organisation_id = :org and m.transformation_id in (:ids)
                      and m.kind in ('INPUT', 'OUTPUT')
                      and not exists (select 1 from lot_event_void v
                                      where v.organisation_id = m.organisation_id
                                        and v.event_id = m.event_id)
                    union all
                    select e.seq, cast(null as uuid), e.transformation_id, l.id,
                           case when q.role = 'input' then 'INPUT' else 'OUTPUT' end,
                           cast(null as numeric(18,6)), q.uom, l.product_id
                    from epcis_event e
                    join epcis_event_quantity q on q.seq = e.seq
                    join lot l on l.identifier = q.epc_class
                    where e.organisation_id = :org and e.transformation_id in (:ids)
                      and not e.error_declared and q.quantity is null
                      and q.role in ('input', 'output')
                      and not exists (select 1 from lot_event_void v
                                      where v.organisation_id = e.organisation_id
                                        and v.event_id = e.event_id)
                    order by 1""")
                .param("org", organisation.value())
                .param("ids", part)
                .query(
                    (rs, n) -> {
                      BigDecimal quantity = rs.getBigDecimal(6);
                      String unit = rs.getString(7);
                      return Map.entry(
                          rs.getString(3),
                          new PartRow(
                              rs.getObject(2, UUID.class),
                              rs.getObject(4, UUID.class),
                              "INPUT".equals(rs.getString(5)),
                              quantity == null ? null : quantity.abs(),
                              unit == null ? null : Units.normalise(unit),
                              rs.getObject(8, UUID.class),
                              rs.getLong(1)));
                    })
                .list()
                .forEach(
                    row ->
                        state
                            .transformationParts
                            .computeIfAbsent(row.getKey(), k -> new ArrayList<>())
                            .add(row.getValue())));
  }

  /**
   * The standing transformations that consumed the batch's lots of the organisation's that have no
   * product yet ({@link LotState#consumers}): each with all its inputs and outputs (its events of
   * one transformationID, or its one event), the step of its outputs' event and its time; only for
   * lots the batch may give a product. Such lots are rare (a lot first seen being consumed, from a
   * device that sends events out of order), so this reads nothing for most batches.
   */
  private void consumers(LotState state, OrganisationId organisation, List<TraceEvent> events) {
    if (state.lotsById.values().stream()
        .noneMatch(l -> l.productId == null && l.owner.equals(organisation))) {
      return; // as a rule: every lot of the batch has its product
    }
    // only lots the batch may give a product: named by an event that names products, or of a
    // GTIN of one of the organisation's products
    Set<String> named = new HashSet<>();
    for (TraceEvent e : events) {
      if (e.extensions().containsKey(TraceIds.EXT_PRODUCT)
          || e.extensions().containsKey(TraceIds.EXT_PRODUCTS)) {
        named.addAll(LotPlanner.identifiers(e));
      }
    }
    Set<String> gtins = new HashSet<>();
    state.products.forEach(p -> gtins.add(TraceIds.gtin14(p.gtin())));
    Set<UUID> unknown = new HashSet<>();
    for (LotRow lot : state.lotsById.values()) {
      if (lot.productId == null
          && lot.owner.equals(organisation)
          && (named.contains(lot.identifier)
              || lot.gtin != null && gtins.contains(TraceIds.gtin14(lot.gtin)))) {
        unknown.add(lot.id);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    record Row(UUID consumed, String key, PartRow part, String bizStep, OffsetDateTime at) {}
    List<Row> rows = new ArrayList<>();
    chunks(
        unknown,
        part ->
            jdbc.sql(
                    """
                    select m.lot_id as consumed, c.id, c.seq, c.transformation_id, c.lot_id,
                           c.kind, c.quantity, c.unit, c.occurred_at, l.product_id, e.biz_step
                    from stock_movement m
                    join stock_movement c on c.organisation_id = m.organisation_id
                         and (c.seq = m.seq or c.transformation_id = m.transformation_id)
                         and c.kind in ('INPUT', 'OUTPUT')
                    join lot l on l.id = c.lot_id
                    join epcis_event e on e.seq = c.seq
                    where m.organisation_id = :org and m.lot_id in (:ids) and m.kind = 'INPUT'
                      and not exists (select 1 from lot_event_void v
                                      where v.organisation_id = m.organisation_id
                                        and v.event_id = m.event_id)
                      and not exists (select 1 from lot_event_void v
                                      where v.organisation_id = c.organisation_id
                                        and v.event_id = c.event_id)
                    order by c.seq""")
                .param("org", organisation.value())
                .param("ids", part)
                .query(
                    (rs, n) -> {
                      String tid = rs.getString("transformation_id");
                      boolean input = "INPUT".equals(rs.getString("kind"));
                      return new Row(
                          rs.getObject("consumed", UUID.class),
                          tid != null ? tid : "#" + rs.getLong("seq"),
                          new PartRow(
                              rs.getObject("id", UUID.class),
                              rs.getObject("lot_id", UUID.class),
                              input,
                              rs.getBigDecimal("quantity").abs(),
                              rs.getString("unit"),
                              rs.getObject("product_id", UUID.class),
                              rs.getLong("seq")),
                          input ? null : rs.getString("biz_step"),
                          rs.getObject("occurred_at", OffsetDateTime.class));
                    })
                .list()
                .forEach(rows::add));
    Map<UUID, Map<String, List<Row>>> byLot = new LinkedHashMap<>();
    for (Row r : rows) {
      byLot
          .computeIfAbsent(r.consumed(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.key(), k -> new ArrayList<>())
          .add(r);
    }
    byLot.forEach(
        (lot, transformations) ->
            transformations.forEach(
                (key, parts) -> {
                  Map<UUID, PartRow> distinct = new LinkedHashMap<>();
                  String bizStep = null;
                  OffsetDateTime at = null;
                  for (Row r : parts) {
                    distinct.putIfAbsent(r.part().movementId(), r.part());
                    bizStep = bizStep != null ? bizStep : r.bizStep();
                    at = at == null || r.at().isAfter(at) ? r.at() : at;
                  }
                  state
                      .consumers
                      .computeIfAbsent(lot, k -> new ArrayList<>())
                      .add(
                          new LotState.Consumer(
                              bizStep,
                              at,
                              distinct.values().stream().filter(PartRow::input).toList(),
                              distinct.values().stream().filter(p -> !p.input()).toList()));
                }));
  }

  /**
   * Whether the identifier names a lot of the organisation. The others (lots it would make, lots of
   * other organisations) are checked against the GTINs and codes of unrelated organisations: a lot
   * another organisation has is refused as one it may not make would be, so that a refusal does not
   * tell whether the lot exists.
   */
  private static boolean mine(LotState state, String identifier, OrganisationId organisation) {
    LotRow lot = state.lots.get(identifier);
    return lot != null && lot.owner.equals(organisation);
  }

  /**
   * The GTINs of the lots the batch names that are not the organisation's (lots it would make, lots
   * of others) that products of unrelated organisations declare.
   */
  private void foreignGtins(
      LotState state,
      Set<String> identifiers,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf,
      OrganisationId organisation) {
    Set<String> gtins = new HashSet<>();
    Set<String> prefixes = new HashSet<>(); // of patterns of a company's every trade item
    for (String identifier : identifiers) {
      if (!mine(state, identifier, organisation)) {
        String gtin = TraceIds.parse(identifier).gtin();
        String[] pattern = TraceIds.patternParts(identifier);
        if (gtin != null) {
          gtins.add(TraceIds.gtin14(gtin));
        } else if (pattern != null && pattern[1].equals("*")) {
          prefixes.add(pattern[0]);
        } else if (pattern != null && TraceIds.gtin(pattern[0], pattern[1]) != null) {
          gtins.add(TraceIds.gtin(pattern[0], pattern[1]));
        }
      }
    }
    if (gtins.isEmpty() && prefixes.isEmpty()) {
      return;
    }
    Map<String, OrganisationId> owners = new HashMap<>();
    for (String prefix : prefixes) {
      jdbc.sql("select gtin, organisation_id from trace_product where gtin like :prefix")
          .param("prefix", "_" + prefix + "%")
          .query(
              (rs, n) ->
                  owners.put(rs.getString(1), new OrganisationId(rs.getObject(2, UUID.class))))
          .list();
    }
    chunks(
        gtins,
        part ->
            jdbc.sql("select gtin, organisation_id from trace_product where gtin in (:gtins)")
                .param("gtins", part)
                .query(
                    (rs, n) ->
                        owners.put(
                            rs.getString(1), new OrganisationId(rs.getObject(2, UUID.class))))
                .list());
    Set<OrganisationId> below = treeOf.apply(organisation);
    owners.forEach(
        (gtin, owner) -> {
          if (unrelated(owner, organisation, below, treeOf)) {
            state.foreignGtins.put(gtin, owner);
          }
        });
  }

  /**
   * The organisation codes of the lots the batch names with our URN ({@code urn:ayni:lot:{code}:…})
   * that are not the organisation's and belong to unrelated organisations (the organisations by
   * code were read with the parties).
   */
  private void foreignCodes(
      LotState state,
      Set<String> identifiers,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf,
      OrganisationId organisation) {
    Set<OrganisationId> below = null;
    for (String identifier : identifiers) {
      String code = TraceIds.lotOrganisationCode(identifier);
      PartyRef owner = code == null ? null : state.organisations.get(code);
      if (owner == null
          || owner.organisation().equals(organisation)
          || mine(state, identifier, organisation)) {
        continue;
      }
      if (below == null) {
        below = treeOf.apply(organisation);
      }
      if (unrelated(owner.organisation(), organisation, below, treeOf)) {
        state.foreignCodes.put(code, owner.organisation());
      }
    }
  }

  /** Neither the organisation nor one above or below it. */
  private static boolean unrelated(
      OrganisationId other,
      OrganisationId organisation,
      Set<OrganisationId> below,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf) {
    return !other.equals(organisation)
        && !below.contains(other)
        && !treeOf.apply(other).contains(organisation);
  }

  private void parties(
      LotState state,
      Set<String> parties,
      java.util.function.Function<OrganisationId, Set<OrganisationId>> treeOf,
      OrganisationId organisation) {
    Set<String> memberOrgs = new HashSet<>();
    Set<String> memberCodes = new HashSet<>();
    Set<String> unitOrgs = new HashSet<>();
    Set<String> unitCodes = new HashSet<>();
    Set<String> orgCodes = new HashSet<>();
    for (String party : parties) {
      String[] m = TraceIds.ownParts(TraceIds.MEMBER, party);
      if (m != null) {
        memberOrgs.add(m[0]);
        memberCodes.add(m[1]);
      }
      String[] u = TraceIds.ownParts(TraceIds.UNIT, party);
      if (u != null) {
        unitOrgs.add(u[0]);
        unitCodes.add(u[1]);
      }
      if (party != null && party.startsWith(TraceIds.ORGANISATION)) {
        orgCodes.add(party.substring(TraceIds.ORGANISATION.length()));
      }
    }
    if (!memberCodes.isEmpty()) {
      jdbc.sql(
              """
              select m.id, m.organisation_id, m.member_code, m.given_names, m.family_names, o.code
              from member m join organisation o on o.id = m.organisation_id
              where o.code in (:orgs) and m.member_code in (:codes)""")
          .param("orgs", memberOrgs)
          .param("codes", memberCodes)
          .query()
          .listOfRows()
          .forEach(
              row -> {
                String family = (String) row.get("family_names");
                String name =
                    row.get("given_names")
                        + (family == null || family.isBlank() ? "" : " " + family);
                String code = (String) row.get("member_code");
                state.members.put(
                    TraceIds.member((String) row.get("code"), code),
                    new PartyRef(
                        (UUID) row.get("id"),
                        new OrganisationId((UUID) row.get("organisation_id")),
                        code,
                        name,
                        (UUID) row.get("id")));
              });
    }
    if (!unitCodes.isEmpty()) {
      jdbc.sql(
              """
              select u.id, u.organisation_id, u.code, u.name, u.member_id, o.code as org_code
              from production_unit u join organisation o on o.id = u.organisation_id
              where o.code in (:orgs) and u.code in (:codes)""")
          .param("orgs", unitOrgs)
          .param("codes", unitCodes)
          .query()
          .listOfRows()
          .forEach(
              row ->
                  state.units.put(
                      TraceIds.unit((String) row.get("org_code"), (String) row.get("code")),
                      new PartyRef(
                          (UUID) row.get("id"),
                          new OrganisationId((UUID) row.get("organisation_id")),
                          (String) row.get("code"),
                          (String) row.get("name"),
                          (UUID) row.get("member_id"))));
    }
    if (!orgCodes.isEmpty()) {
      jdbc.sql("select id, code, name, active from organisation where code in (:codes)")
          .param("codes", orgCodes)
          .query()
          .listOfRows()
          .forEach(
              row -> {
                String code = (String) row.get("code");
                state.organisations.put(
                    code,
                    new PartyRef(
                        (UUID) row.get("id"),
                        new OrganisationId((UUID) row.get("id")),
                        code,
                        (String) row.get("name"),
                        null));
                if (!Boolean.TRUE.equals(row.get("active"))) {
                  state.inactiveOrganisations.add(code);
                }
              });
    }
    if (!state.members.isEmpty() || !state.units.isEmpty()) {
      state.tree.addAll(treeOf.apply(organisation));
    }
  }

  public List<ProductRow> products(OrganisationId organisation) {
    return jdbc.sql(
            """
            select p.id, p.code, p.kind, p.unit, p.gtin, o.code as org_code
            from trace_product p join organisation o on o.id = p.organisation_id
            where p.organisation_id = ?""")
        .param(organisation.value())
        .query(
            (rs, n) ->
                new ProductRow(
                    rs.getObject("id", UUID.class),
                    rs.getString("code"),
                    TraceIds.product(rs.getString("org_code"), rs.getString("code")),
                    ProductKind.valueOf(rs.getString("kind")),
                    rs.getString("unit"),
                    rs.getString("gtin")))
        .list();
  }

  /**
   * The factors that may apply to the organisation's products: its own and the platform's, in force
   * now, without those it withdrew (an own factor of a product and step with a withdrawal of them
   * recorded after it) and the withdrawals themselves.
   */
  public List<FactorRow> factors(OrganisationId organisation) {
    OffsetDateTime now = OffsetDateTime.now(clock);
    return jdbc.sql(
            """
            select id, organisation_id, product_id, product_kind, step, max_yield, input_unit,
                   output_unit, verification, source, reference_key, recorded_at
            from conversion_factor f
            where (organisation_id = ? or organisation_id is null)
              and recorded_at <= ? and not withdrawn
              and not exists (
                select 1 from conversion_factor w
                where w.withdrawn and w.organisation_id = f.organisation_id
                  and w.product_id = f.product_id and w.step is not distinct from f.step
                  and w.recorded_at >= f.recorded_at and w.recorded_at <= ?)""")
        .params(organisation.value(), now, now)
        .query(
            (rs, n) -> {
              UUID org = rs.getObject("organisation_id", UUID.class);
              String kind = rs.getString("product_kind");
              return new FactorRow(
                  rs.getObject("id", UUID.class),
                  org == null ? null : new OrganisationId(org),
                  rs.getObject("product_id", UUID.class),
                  kind == null ? null : ProductKind.valueOf(kind),
                  rs.getString("step"),
                  rs.getBigDecimal("max_yield"),
                  rs.getString("input_unit"),
                  rs.getString("output_unit"),
                  rs.getString("verification"),
                  rs.getString("source"),
                  rs.getString("reference_key"),
                  rs.getObject("recorded_at", OffsetDateTime.class));
            })
        .list();
  }

  // ---- writing --------------------------------------------------------------------------------

  /** Writes a plan (all but lineage) for the stored events, in batches. */
  public void write(LotPlan plan, List<String> eventIds, List<Long> seqs) {
    UUID org = plan.organisation.value();
    List<Object[]> rows = new ArrayList<>();
    for (LotRow l : plan.newLots) {
      rows.add(
          new Object[] {
            l.id,
            l.identifier,
            l.owner.value(),
            l.kind,
            l.code,
            l.gtin,
            l.productId,
            l.unit,
            l.quantityIn,
            l.location,
            l.disposition,
            l.dispositionEvent(eventIds),
            eventIds.get(l.madeEarlierIndex >= 0 ? l.madeEarlierIndex : l.createdIndex),
            seqs.get(l.madeEarlierIndex >= 0 ? l.madeEarlierIndex : l.createdIndex),
            l.madeAt != null ? l.madeAt : l.createdAt,
            l.dispositionAt,
            l.locationAt
          });
    }
    batch(
        """
        insert into lot (id, identifier, organisation_id, kind, code, gtin, product_id, unit,
                         quantity_in, location, disposition, disposition_event_id,
                         created_event_id, created_seq, created_at, disposition_at, location_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
    rows = new ArrayList<>();
    // the event that makes a lot again, or an earlier one of the batch that made it (ADR 0017)
    for (LotRow l : plan.remade) {
      rows.add(madeBy(l, l.remadeIndex, plan, eventIds, seqs));
    }
    for (LotRow l : plan.madeEarlier) {
      if (l.remadeIndex < 0) {
        rows.add(madeBy(l, l.madeEarlierIndex, plan, eventIds, seqs));
      }
    }
    batch(
        "update lot set created_event_id = ?, created_seq = ?, created_at = ? where id = ?", rows);
    rows = new ArrayList<>();
    for (LotRow l : plan.changedLots) {
      rows.add(
          new Object[] {
            l.productId,
            l.unit,
            l.quantityIn.subtract(l.quantityInRead),
            l.location,
            l.disposition,
            l.dispositionEvent(eventIds),
            l.dispositionAt,
            l.locationAt,
            l.id
          });
    }
    // quantity_in by difference, so that captures of other organisations naming the lot add up
    batch(
        """
        update lot set product_id = ?, unit = ?, quantity_in = quantity_in + ?, location = ?,
                       disposition = ?, disposition_event_id = ?, disposition_at = ?,
                       location_at = ?
        where id = ?""",
        rows);
    rows = new ArrayList<>();
    for (StockRow s : plan.newStock) {
      rows.add(
          new Object[] {
            s.lotId,
            org,
            s.quantity,
            s.unit,
            s.tracked,
            s.disposition,
            s.dispositionEvent(eventIds),
            s.location,
            s.dispositionAt,
            s.locationAt,
            s.movedAt
          });
    }
    batch(
        """
        insert into lot_stock (lot_id, organisation_id, quantity, unit, tracked, disposition,
                               disposition_event_id, location, disposition_at, location_at,
                               moved_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
    rows = new ArrayList<>();
    for (StockRow s : plan.changedStock) {
      rows.add(
          new Object[] {
            s.quantity,
            s.unit,
            s.tracked,
            s.disposition,
            s.dispositionEvent(eventIds),
            s.location,
            s.dispositionAt,
            s.locationAt,
            s.movedAt,
            s.movedAt,
            s.lotId,
            org,
            s.read
          });
    }
    // Only if the stock is still what the batch was checked against: a concurrent capture that
    // took from the same lot in between makes this one fail rather than both succeed. A race, not
    // a conflict of the user's: a capture tries again, the API answers 503 with Retry-After and a
    // page asks to try again (QA of 2026-12-07m, F3: a 409 told an API client that "someone
    // changed this record while you were editing it").
    int[] updated = batch(STOCK_UPDATE, rows);
    for (int count : updated) {
      if (count == 0) {
        throw new OptimisticLockingFailureException(
            "the stock of a lot changed since the batch was checked");
      }
    }
    rows = new ArrayList<>();
    for (LotPlan.Movement m : plan.movements) {
      rows.add(
          new Object[] {
            m.id(),
            m.lotId(),
            org,
            eventIds.get(m.eventIndex()),
            seqs.get(m.eventIndex()),
            m.kind(),
            m.quantity(),
            m.unit(),
            m.occurredAt(),
            m.reversalOf(),
            m.transformationId()
          });
    }
    batch(
        """
        insert into stock_movement (id, lot_id, organisation_id, event_id, seq, kind, quantity, unit,
                                    occurred_at, reversal_of, transformation_id)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
    rows = new ArrayList<>();
    for (LotPlan.Receipt r : plan.receipts) {
      rows.add(
          new Object[] {
            r.id(),
            r.lotId(),
            org,
            eventIds.get(r.eventIndex()),
            seqs.get(r.eventIndex()),
            r.sourceParty(),
            r.sourceName(),
            r.member() == null ? null : r.member().id(),
            r.member() == null ? null : r.member().code(),
            r.member() == null ? null : truncate(r.member().name(), 250),
            r.unit() == null ? null : r.unit().id(),
            r.unit() == null ? null : r.unit().code(),
            r.unit() == null ? null : truncate(r.unit().name(), 200),
            r.locationParty(),
            r.quantity(),
            r.unitOfMeasure(),
            r.receivedAt()
          });
    }
    batch(
        """
        insert into lot_receipt (id, lot_id, organisation_id, event_id, seq, source_party,
                                 source_name, member_id, member_code, member_name,
                                 production_unit_id, production_unit_code, production_unit_name,
                                 location_party, quantity, unit, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
    rows = new ArrayList<>();
    for (LotPlan.Shipment s : plan.shipments) {
      rows.add(
          new Object[] {
            s.id(),
            s.lotId(),
            org,
            eventIds.get(s.eventIndex()),
            seqs.get(s.eventIndex()),
            s.destinationParty(),
            s.destinationOrganisation() == null ? null : s.destinationOrganisation().id(),
            s.destinationName(),
            s.reference(),
            s.quantity(),
            s.unit(),
            s.shippedAt()
          });
    }
    batch(
        """
        insert into lot_shipment (id, lot_id, organisation_id, event_id, seq, destination_party,
                                  destination_organisation_id, destination_name, reference,
                                  quantity, unit, shipped_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
    // a shipment to another organisation of the platform is shared with it (EPCIS queries)
    Map<UUID, Set<Long>> shares = new HashMap<>();
    for (LotPlan.Shipment s : plan.shipments) {
      if (s.destinationOrganisation() != null && !s.destinationOrganisation().id().equals(org)) {
        shares
            .computeIfAbsent(s.destinationOrganisation().id(), o -> new TreeSet<>())
            .add(seqs.get(s.eventIndex()));
      }
    }
    rows = new ArrayList<>();
    for (var entry : plan.shipmentsReceived.entrySet()) {
      rows.add(new Object[] {seqs.get(entry.getValue()), entry.getKey()});
    }
    // received once: a receipt committed meanwhile by another transaction (the plan saw the
    // shipment pending before it), or the shipment's correction, leaves nothing to update, and
    // this one is refused
    int[] marked =
        batch(
            "update lot_shipment set received_seq = ? where id = ? and received_seq is null"
                + " and not voided",
            rows);
    for (int count : marked) {
      if (count == 0) {
        throw new ConflictException("trace.receipt.received-meanwhile");
      }
    }
    rows = new ArrayList<>();
    for (Long seq : plan.unreceivedBySeq) {
      rows.add(new Object[] {seq, org});
    }
    batch(
        "update lot_shipment set received_seq = null"
            + " where received_seq = ? and destination_organisation_id = ?",
        rows);
    batch(
        "update lot_receipt set voided = true where id = ?",
        plan.voidedReceipts.stream().map(id -> new Object[] {id}).toList());
    // undone only while not received: a receipt committed meanwhile (the plan saw none) leaves
    // nothing to update, and the correction is refused (the row's lock orders the two)
    int[] voided =
        batch(
            "update lot_shipment set voided = true where id = ? and received_seq is null",
            plan.voidedShipments.stream().map(id -> new Object[] {id}).toList());
    for (int count : voided) {
      if (count == 0) {
        throw new ConflictException("trace.correction.shipment-received-meanwhile");
      }
    }
    batch(
        "delete from lot_edge where id = ?",
        plan.voidedEdges.stream().map(id -> new Object[] {id}).toList());
    rows = new ArrayList<>();
    for (LotPlan.Voided v : plan.voids) {
      rows.add(
          new Object[] {
            v.eventId(), org, seqs.get(v.eventIndex()), truncate(v.reason(), 500), v.declaredAt()
          });
    }
    batch(
        "insert into lot_event_void (event_id, organisation_id, seq, reason, declared_at)"
            + " values (?, ?, ?, ?, ?)",
        rows);
    // and so is a declaration of such a shipment, with those it was shared with
    for (LotPlan.Voided v : plan.voids) {
      if (v.shipmentSeq() != null) {
        jdbc.sql(
                "select distinct destination_organisation_id from lot_shipment where seq = ?"
                    + " and organisation_id = ? and destination_organisation_id is not null"
                    + " and destination_organisation_id <> organisation_id")
            .params(v.shipmentSeq(), org)
            .query(UUID.class)
            .list()
            .forEach(
                receiver ->
                    shares
                        .computeIfAbsent(receiver, o -> new TreeSet<>())
                        .add(seqs.get(v.eventIndex())));
      }
    }
    share(shares);
  }

  /**
   * Shares events with organisations (EPCIS queries) and tells the feed, as the receiver's, so that
   * its subscriptions report them: also a declaration that came before its shipment, appended
   * before anything was shared and shared only now.
   */
  private void share(Map<UUID, Set<Long>> shares) {
    List<Object[]> rows = new ArrayList<>();
    shares.forEach(
        (receiver, shared) -> shared.forEach(seq -> rows.add(new Object[] {receiver, seq})));
    batch(
        "insert into epcis_event_share (organisation_id, seq, event_time, record_time)"
            + " select ?, seq, event_time, record_time from epcis_event where seq = ?",
        rows);
    shares.forEach(
        (receiver, shared) -> feed.appended(new OrganisationId(receiver), List.copyOf(shared)));
  }

  // ---- lineage --------------------------------------------------------------------------------

  /** Lots that have any of the given lots as an ancestor. */
  public Set<UUID> descendants(Collection<UUID> lots) {
    Set<UUID> all = new HashSet<>();
    chunks(
        lots,
        part ->
            all.addAll(
                jdbc.sql("select lot_id from lot_lineage where ancestor_id in (:ids)")
                    .param("ids", part)
                    .query(UUID.class)
                    .list()));
    return all;
  }

  /** The stored edges into the given lots. */
  public List<EdgeRow> edgesInto(Collection<UUID> lots) {
    List<EdgeRow> edges = new ArrayList<>();
    chunks(
        lots,
        part ->
            edges.addAll(
                jdbc.sql(
                        """
                        select id, input_lot_id, output_lot_id, event_id, seq, transformation_id,
                               input_quantity, input_unit, output_quantity, output_unit,
                               output_part
                        from lot_edge where output_lot_id in (:ids)""")
                    .param("ids", part)
                    .query(
                        (rs, n) ->
                            new EdgeRow(
                                rs.getObject("id", UUID.class),
                                rs.getObject("input_lot_id", UUID.class),
                                rs.getObject("output_lot_id", UUID.class),
                                group(
                                    rs.getString("transformation_id"),
                                    rs.getString("event_id"),
                                    rs.getLong("seq")),
                                rs.getBigDecimal("input_quantity"),
                                rs.getString("input_unit"),
                                rs.getBigDecimal("output_quantity"),
                                rs.getString("output_unit"),
                                rs.getObject("output_part", UUID.class)))
                    .list()));
    return edges;
  }

  /** The edge group of an event: its transformationID, else the event itself. */
  static String group(String transformationId, String eventId, long seq) {
    return transformationId != null ? "t:" + transformationId : "e:" + seq + ":" + eventId;
  }

  /** The stored compositions of the given lots (empty for a lot without ancestors). */
  public Map<UUID, Map<UUID, Ancestor>> compositions(Collection<UUID> lots) {
    Map<UUID, Map<UUID, Ancestor>> all = new HashMap<>();
    for (UUID lot : lots) {
      all.put(lot, new HashMap<>());
    }
    chunks(
        lots,
        part ->
            jdbc.sql(
                    "select lot_id, ancestor_id, share, depth from lot_lineage"
                        + " where lot_id in (:ids)")
                .param("ids", part)
                .query()
                .listOfRows()
                .forEach(
                    row ->
                        all.get((UUID) row.get("lot_id"))
                            .put(
                                (UUID) row.get("ancestor_id"),
                                new Ancestor(
                                    ((Number) row.get("share")).doubleValue(),
                                    ((Number) row.get("depth")).intValue()))));
    return all;
  }

  /**
   * Works out again, from the stored edges and what came into each lot, the weights of the edges
   * into the lots and their descendants and the compositions of all of them; how many lots that
   * was.
   */
  int weighAgain(Collection<UUID> lots) {
    Set<UUID> all = new HashSet<>(lots);
    all.addAll(descendants(lots));
    List<EdgeRow> edges = edgesInto(all);
    Set<UUID> outside = new HashSet<>();
    edges.stream().filter(e -> !all.contains(e.input())).forEach(e -> outside.add(e.input()));
    Map<UUID, Map<UUID, Ancestor>> known = compositions(outside);
    Map<UUID, LineageMath.Made> made = made(all);
    LineageMath.Result result =
        LineageMath.closures(all, edges, in -> known.getOrDefault(in, Map.of()), made::get);
    Map<UUID, Double> weights = new HashMap<>();
    edges.forEach(e -> weights.put(e.id(), result.weights().getOrDefault(e.id(), 0.0)));
    writeLineage(all, result.compositions(), List.of(), weights);
    return all.size();
  }

  /** What came into each of the lots (their quantity in), in its unit. */
  public Map<UUID, LineageMath.Made> made(Collection<UUID> lots) {
    Map<UUID, LineageMath.Made> made = new HashMap<>();
    chunks(
        lots,
        part ->
            jdbc.sql("select id, quantity_in, unit from lot where id in (:ids)")
                .param("ids", part)
                .query(
                    rs -> {
                      made.put(
                          rs.getObject(1, UUID.class),
                          new LineageMath.Made(rs.getBigDecimal(2), rs.getString(3)));
                    }));
    return made;
  }

  /** Replaces the lineage of the given lots and writes edges with their weights. */
  public void writeLineage(
      Collection<UUID> replaced,
      Map<UUID, Map<UUID, Ancestor>> compositions,
      List<Object[]> newEdges,
      Map<UUID, Double> changedWeights) {
    batch(
        "delete from lot_lineage where lot_id = ?",
        replaced.stream().map(id -> new Object[] {id}).toList());
    List<Object[]> rows = new ArrayList<>();
    compositions.forEach(
        (lot, ancestors) ->
            ancestors.forEach(
                (ancestor, a) -> rows.add(new Object[] {lot, ancestor, a.share(), a.depth()})));
    batch("insert into lot_lineage (lot_id, ancestor_id, share, depth) values (?, ?, ?, ?)", rows);
    batch(
        """
        insert into lot_edge (id, input_lot_id, output_lot_id, organisation_id, event_id, seq,
                              transformation_id, input_quantity, input_unit, output_quantity,
                              output_unit, weight, factor_id, output_part)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        newEdges);
    batch(
        "update lot_edge set weight = ? where id = ?",
        changedWeights.entrySet().stream()
            .map(e -> new Object[] {e.getValue(), e.getKey()})
            .toList());
  }

  /** Runs a statement for every row in JDBC batches; the update counts, in row order. */
  private int[] batch(String sql, List<Object[]> rows) {
    int[] counts = new int[rows.size()];
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int[] part =
          template.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
      System.arraycopy(part, 0, counts, from, part.length);
    }
    return counts;
  }

  static <T> void chunks(Collection<T> values, Consumer<List<T>> action) {
    List<T> all = new ArrayList<>(values);
    for (int from = 0; from < all.size(); from += CHUNK) {
      action.accept(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
  }

  static LotRow lot(ResultSet rs, int row) throws SQLException {
    LotRow lot =
        new LotRow(
            rs.getObject("id", UUID.class),
            rs.getString("identifier"),
            new OrganisationId(rs.getObject("organisation_id", UUID.class)),
            rs.getString("kind"),
            rs.getString("code"),
            rs.getString("gtin"),
            rs.getObject("product_id", UUID.class),
            rs.getString("unit"),
            rs.getBigDecimal("quantity_in"),
            rs.getString("location"),
            rs.getString("disposition"),
            rs.getString("disposition_event_id"),
            rs.getObject("created_at", OffsetDateTime.class));
    lot.dispositionAt = rs.getObject("disposition_at", OffsetDateTime.class);
    lot.locationAt = rs.getObject("location_at", OffsetDateTime.class);
    return lot;
  }

  /** The text cut to a column's length. */
  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
