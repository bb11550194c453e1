package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.InspectionOutcome;
import org.ayni.trace.Lot;
import org.ayni.trace.LotDetail;
import org.ayni.trace.LotFilter;
import org.ayni.trace.MemberDelivery;
import org.ayni.trace.QualityVerdict;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceStep;
import org.ayni.trace.Units;
import org.ayni.trace.internal.LineageMath.Ancestor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads of lots and their lineage for pages, the API and traces. A lot is visible to its owner and
 * to the organisations that hold it or it was shipped to; every read takes the caller's scope.
 */
@Repository
public class TraceQueries {

  /**
   * The condition (on a lot {@code l}) under which its identifier is free again: nothing is in it,
   * and every event that named it (made, moved, used, inspected it), of any organisation, was
   * declared erroneous. A lot that moved or was used stays taken, though its making was erroneous.
   */
  public static final String FREE_AGAIN =
      """
      l.quantity_in = 0
      and not exists (
        select 1 from epcis_event e
        where e.seq in (select x.seq from epcis_event_epc x where x.epc = l.identifier
                        union select q.seq from epcis_event_quantity q
                        where q.epc_class = l.identifier)
          and not e.error_declared
          and not exists (select 1 from lot_event_void v
                          where v.organisation_id = e.organisation_id
                            and v.event_id = e.event_id))""";

  private static final String LOT_SELECT =
      """
      select l.id, l.identifier, l.organisation_id, l.kind, l.code, l.gtin, l.product_id,
             p.code as product_code, p.name as product_name, l.unit, l.quantity_in,
             s.quantity as stock, s.tracked, l.location, l.disposition, l.created_event_id,
             l.created_at, v.event_id as voided_event
      from lot l
      left join trace_product p on p.id = l.product_id
      left join lot_stock s on s.lot_id = l.id and s.organisation_id = l.organisation_id
      left join lot_event_void v on v.organisation_id = l.organisation_id
                                and v.event_id = l.created_event_id
      """;

  /**
   * The lots a scope may see: owned, or shipped to it (received or not; alias {@code l}). A holding
   * alone is not enough: one left when the receipt and then the shipment were declared erroneous
   * holds nothing and was never shipped.
   */
  static final String VISIBLE = visible("l");

  /** {@link #VISIBLE} for a lot of another alias. */
  static String visible(String lot) {
    return """
        (%1$s.organisation_id in (:scope)
         or exists (select 1 from lot_shipment t where t.lot_id = %1$s.id and not t.voided
                    and t.destination_organisation_id in (:scope)))"""
        .formatted(lot);
  }

  /**
   * The recursive-SQL baseline of a backward trace: {@code up} holds every path from lot {@code
   * :lot} to an ancestor with the product of the weights along it (sum per ancestor for its share).
   */
  private static final String UPSTREAM_BY_RECURSIVE_SQL =
      """
      with recursive up (lot_id, share, depth) as (
        select input_lot_id, weight, 1 from lot_edge where output_lot_id = :lot
        union all
        select e.input_lot_id, up.share * e.weight, up.depth + 1
        from lot_edge e join up on e.output_lot_id = up.lot_id
        where up.depth < 64
      )
      """;

  private final JdbcClient jdbc;

  private final TransactionTemplate serial;
  private final TransactionSettings settings;
  private final DecodedReadyTraces readyTraces;

  TraceQueries(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      TransactionSettings settings,
      DecodedReadyTraces readyTraces) {
    this.jdbc = jdbc;
    this.readyTraces = readyTraces;
    this.serial = new TransactionTemplate(transactions);
    this.serial.setReadOnly(true);
    this.settings = settings;
  }

  /**
   * Runs a trace read on PostgreSQL without parallel workers and without JIT compilation. A trace
   * reads a thousand rows or so by index; its estimated cost is high enough for the planner to
   * start two workers, whose start costs more than the whole read (measured at 1,000,000 events: 10
   * ms with workers, 5 ms without), and a recursive walk's estimate passes {@code jit_above_cost},
   * whose compilation alone took 16.5 ms of a 41 ms backward trace by recursive SQL (EXPLAIN
   * ANALYZE at 1,000,000 events). Both the closure and the recursive-SQL baseline run this way, so
   * that neither is measured with a cost the other does not pay.
   */
  private <T> T serially(Supplier<T> read) {
    if (!settings.postgres()) {
      return read.get();
    }
    return serial.execute(
        status -> {
          settings.set("max_parallel_workers_per_gather", "0", "jit", "off");
          return read.get();
        });
  }

  public Optional<Lot> lot(OrganisationScope scope, UUID id) {
    return jdbc.sql(LOT_SELECT + " where l.id = :id" + (scope.all() ? "" : " and " + VISIBLE))
        .param("id", id)
        .params(scopeParams(scope))
        .query(TraceQueries::lot)
        .optional();
  }

  public Optional<Lot> lotByIdentifier(OrganisationScope scope, String identifier) {
    return jdbc.sql(
            LOT_SELECT
                + " where l.identifier = :identifier"
                + (scope.all() ? "" : " and " + VISIBLE))
        .param("identifier", TraceIds.canonical(identifier))
        .params(scopeParams(scope))
        .query(TraceQueries::lot)
        .optional();
  }

  /** The lots with the identifiers that the scope may see; the others are left out. */
  public List<Lot> lotsByIdentifier(OrganisationScope scope, Collection<String> identifiers) {
    if (identifiers.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            LOT_SELECT
                + " where l.identifier in (:identifiers)"
                + (scope.all() ? "" : " and " + VISIBLE))
        .param("identifiers", identifiers)
        .params(scopeParams(scope))
        .query(TraceQueries::lot)
        .list();
  }

  /**
   * Whether a lot has the identifier: one every event naming which was declared erroneous does not
   * count (an event may make it again, and the code on its label be used).
   */
  public boolean identifierTaken(String identifier) {
    return identifierUse(identifier) != IdentifierUse.FREE;
  }

  /**
   * Whether an event other than the organisation's one given names the lot with the identifier, and
   * stands (not declared erroneous): whether another request made or used it (see {@link
   * #FREE_AGAIN}, of which it is the part about events).
   */
  public boolean namedByAnotherEvent(
      String identifier, OrganisationId organisation, String eventId) {
    return jdbc.sql(
                """
                select count(*) from epcis_event e
                where e.seq in (select x.seq from epcis_event_epc x where x.epc = :identifier
                                union select q.seq from epcis_event_quantity q
                                where q.epc_class = :identifier)
                  and not e.error_declared
                  and not (e.organisation_id = :org and e.event_id = :event)
                  and not exists (select 1 from lot_event_void v
                                  where v.organisation_id = e.organisation_id
                                    and v.event_id = e.event_id)""")
            .param("identifier", identifier)
            .param("org", organisation.value())
            .param("event", eventId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Whether the maker made the lot in a transformation that no factor held (its outputs held to its
   * inputs alone), not a split or a merge, which need none.
   */
  public boolean madeWithoutFactor(UUID lot, OrganisationId maker) {
    return jdbc.sql(
                """
                select count(*) from lot_edge e
                join epcis_event v on v.seq = e.seq
                where e.output_lot_id = :lot and e.organisation_id = :org and e.factor_id is null
                  and v.event_type = 'TransformationEvent'
                  and (v.biz_step is null or v.biz_step not in (:steps))""")
            .param("lot", lot)
            .param("org", maker.value())
            .param("steps", List.of(TraceStep.SPLITTING.bizStep(), TraceStep.MERGING.bizStep()))
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * On PostgreSQL found by {@code ix_lot_code_lower} (V45): without it, every lot made through a
   * page read all the lots of the platform (36–79 ms at 200,000 events, against 0.02–0.05 ms with
   * it; docs/benchmarks.md).
   */
  static final String CODE_IN_OTHER_CAPITALS =
      """
      select code from lot
      where organisation_id = :org and lower(code) = lower(:code) and code <> :code
      fetch first 1 rows only""";

  /**
   * The code of another lot of the organisation that differs from this one only in capitals ({@code
   * ENT-013} beside {@code ent-013}), if there is one: written on a sack or said aloud, the two are
   * one code.
   */
  public Optional<String> codeInOtherCapitals(OrganisationId organisation, String code) {
    return jdbc.sql(CODE_IN_OTHER_CAPITALS)
        .param("org", organisation.value())
        .param("code", code)
        .query(String.class)
        .optional();
  }

  /** Whether a lot has the identifier, and if so why it cannot be made again. */
  public enum IdentifierUse {
    /** No lot has it, or one every event naming which was declared erroneous. */
    FREE,
    /** A lot whose making was declared erroneous, still named by events that stand. */
    STILL_NAMED,
    /** A lot that holds or held material. */
    TAKEN
  }

  public IdentifierUse identifierUse(String identifier) {
    return jdbc.sql(
            "select case when "
                + FREE_AGAIN
                + " then 0 when l.quantity_in = 0 then 1 else 2 end"
                + " from lot l where l.identifier = :identifier")
        .param("identifier", identifier)
        .query(Integer.class)
        .optional()
        .map(
            use ->
                switch (use) {
                  case 0 -> IdentifierUse.FREE;
                  case 1 -> IdentifierUse.STILL_NAMED;
                  default -> IdentifierUse.TAKEN;
                })
        .orElse(IdentifierUse.FREE);
  }

  public PageResult<Lot> search(
      OrganisationScope scope, LotFilter filter, Set<OrganisationId> within, PageQuery page) {
    Where where = where(scope, filter, within);
    List<Lot> items =
        jdbc.sql(
                LOT_SELECT
                    + where.sql()
                    + " order by l.created_at desc, l.id limit :limit offset :offset")
            .params(where.params())
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(TraceQueries::lot)
            .list();
    return new PageResult<>(items, page.page(), page.size(), count(where));
  }

  /**
   * How many lots {@link #search} finds: a place's count on the places page is the length of the
   * lot list it links to.
   */
  public long count(OrganisationScope scope, LotFilter filter, Set<OrganisationId> within) {
    return count(where(scope, filter, within));
  }

  private long count(Where where) {
    return jdbc.sql(
            """
            select count(*) from lot l
            left join trace_product p on p.id = l.product_id
            left join lot_stock s on s.lot_id = l.id and s.organisation_id = l.organisation_id
            """
                + where.sql())
        .params(where.params())
        .query(Long.class)
        .single();
  }

  /** The condition of a lot list's query, with its parameters. */
  private record Where(String sql, Map<String, Object> params) {}

  private Where where(OrganisationScope scope, LotFilter filter, Set<OrganisationId> within) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>(scopeParams(scope));
    if (!scope.all()) {
      where.append(" and ").append(VISIBLE);
    }
    // whose stock counts: that of the organisations asked for that the reader may read, else the
    // reader's own (never another organisation's: that is not the reader's to know)
    String holders = scope.all() ? null : ":scope";
    if (within != null) {
      // the same organisations as the rows are shown for (Lots#seenBy)
      OrganisationScope readable = scope.narrowTo(within);
      params.put("within", OrganisationScope.of(within).uuids());
      if (readable.isEmpty()) {
        where.append(" and l.organisation_id in (:within)");
      } else {
        // their own lots and those of others shipped to them and received
        where.append(
            " and (l.organisation_id in (:within) or exists (select 1 from lot_shipment w"
                + " where w.lot_id = l.id and not w.voided and w.received_seq is not null"
                + " and w.destination_organisation_id in (:holders)))");
        params.put("holders", readable.uuids());
        holders = ":holders";
      }
    }
    if (filter.query() != null && !filter.query().isBlank()) {
      // without accents, as the pattern is: "exportacion" finds "(exportación)"
      where.append(
          " and ("
              + SearchText.folded("l.identifier")
              + " like :q or "
              + SearchText.folded("coalesce(l.code, '')")
              + " like :q or "
              + SearchText.folded("coalesce(p.name, '')")
              + " like :q or "
              + SearchText.folded("coalesce(p.code, '')")
              + " like :q or l.identifier = :identifier)");
      params.put("q", SearchText.containing(filter.query()));
      // a trade item's identifier in another spelling (an LGTIN URN…) finds its lot
      params.put("identifier", TraceIds.canonical(filter.query().trim()));
    }
    if (filter.productId() != null) {
      where.append(" and l.product_id = :product");
      params.put("product", filter.productId());
    }
    if (filter.location() != null && !filter.location().isBlank()) {
      params.put("location", filter.location().trim());
      // (a lot whose making was undone, nothing else having come in, is at no place: Lot#neverMade)
      String made =
          " and not (coalesce(l.quantity_in, 0) = 0 and exists (select 1 from lot_event_void nv"
              + " where nv.organisation_id = l.organisation_id"
              + " and nv.event_id = l.created_event_id))";
      where.append(
          holders == null
              ? " and l.location = :location" + made
              // their own lots there, and lots they keep there that another owns (one of them,
              // a base organisation that shipped it to its central, or any other)
              : (" and ((l.organisation_id in (%1$s) and l.location = :location"
                      + made
                      + ")"
                      + " or exists (select 1 from lot_stock ls where ls.lot_id = l.id"
                      + " and ls.organisation_id in (%1$s)"
                      + " and ls.organisation_id <> l.organisation_id"
                      + " and ls.location = :location))")
                  .formatted(holders));
    }
    if (filter.inStock() != null && holders == null) {
      where.append(
          filter.inStock()
              ? " and s.tracked and s.quantity > 0"
              : " and (s.quantity is null or s.quantity <= 0)");
    } else if (filter.inStock() != null) {
      // the owner's stock of their own lots, their holdings of others'
      String held =
          "exists (select 1 from lot_stock hs where hs.lot_id = l.id and hs.organisation_id in (%s)"
                  .formatted(holders)
              + " and hs.tracked and hs.quantity > 0)";
      String own = "(l.organisation_id in (" + holders + "))";
      where.append(
          filter.inStock()
              ? " and ((%1$s and s.tracked and s.quantity > 0) or (not %1$s and %2$s))"
                  .formatted(own, held)
              : " and ((%1$s and (s.quantity is null or s.quantity <= 0)) or (not %1$s and not %2$s))"
                  .formatted(own, held));
    }
    return new Where(where.toString(), params);
  }

  /** Who holds the lot, within the scope. */
  public List<LotDetail.Holding> holdings(OrganisationScope scope, UUID lot) {
    return holdings(scope, List.of(lot)).getOrDefault(lot, List.of());
  }

  /** Who holds each of the lots, within the scope, by lot (in the order of organisation ids). */
  public Map<UUID, List<LotDetail.Holding>> holdings(
      OrganisationScope scope, Collection<UUID> lots) {
    Map<UUID, List<LotDetail.Holding>> held = new LinkedHashMap<>();
    if (lots.isEmpty()) {
      return held;
    }
    String within = scope.all() ? "" : " and %s.organisation_id in (:scope)";
    // what each holder received: transfers in, less their corrections, in the holding's unit
    Map<List<UUID>, List<Object[]>> transfers = new HashMap<>();
    jdbc.sql(
            """
            select m.lot_id, m.organisation_id, m.quantity, m.unit from stock_movement m
            left join stock_movement r on r.id = m.reversal_of
            where m.lot_id in (:lots)
              and (m.kind = 'TRANSFER_IN' or (m.kind = 'CORRECTION' and r.kind = 'TRANSFER_IN'))"""
                + within.formatted("m"))
        .param("lots", lots)
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                transfers
                    .computeIfAbsent(
                        List.of(
                            rs.getObject("lot_id", UUID.class),
                            rs.getObject("organisation_id", UUID.class)),
                        k -> new ArrayList<>())
                    .add(new Object[] {rs.getBigDecimal("quantity"), rs.getString("unit")}))
        .list();
    jdbc.sql(
            """
            select s.lot_id, s.organisation_id, s.quantity, s.unit, s.tracked, s.disposition,
                   s.location, l.organisation_id owner
            from lot_stock s join lot l on l.id = s.lot_id where s.lot_id in (:lots)"""
                + within.formatted("s")
                + " order by s.lot_id, s.organisation_id")
        .param("lots", lots)
        .params(scopeParams(scope))
        .query(
            (rs, n) -> {
              UUID lot = rs.getObject("lot_id", UUID.class);
              UUID organisation = rs.getObject("organisation_id", UUID.class);
              String unit = rs.getString("unit");
              // another's lot held here received nothing while no receipt stands (none came
              // yet, or the one that came was undone), whichever came first
              BigDecimal received =
                  organisation.equals(rs.getObject("owner", UUID.class)) ? null : BigDecimal.ZERO;
              for (Object[] t : transfers.getOrDefault(List.of(lot, organisation), List.of())) {
                BigDecimal q = Units.convert((BigDecimal) t[0], (String) t[1], unit);
                if (q != null) {
                  received = received == null ? q : received.add(q);
                }
              }
              return held.computeIfAbsent(lot, k -> new ArrayList<>())
                  .add(
                      new LotDetail.Holding(
                          new OrganisationId(organisation),
                          // a sum of what is known, not a stock, where the origin is not
                          rs.getBoolean("tracked") ? rs.getBigDecimal("quantity") : null,
                          unit,
                          rs.getBoolean("tracked"),
                          received,
                          rs.getString("disposition"),
                          rs.getString("location")));
            })
        .list();
    return held;
  }

  /**
   * The latest standing verdict of quality of each of the lots ({@link QualityVerdict}), as a
   * reader with the scope sees it: of the events of the scope's organisations (the owner's, or
   * those of the organisations it was shipped to that inspected their holdings), each
   * organisation's latest, and of several organisations' a non-conformant one over a conformant one
   * (what they hold together is no better than the worst part); lots without one are left out. An
   * event gives a verdict to what it observed or made, as it gives a disposition; the log keeps a
   * disposition as its bare CBV word, however it was spelled. A part split off a lot that has none
   * of its own has the verdict the lot had when it was split (through at most {@value #SPLITS_UP}
   * splits), where the reader's organisations split it and inspected it.
   */
  public Map<UUID, QualityVerdict> verdicts(OrganisationScope scope, Collection<Lot> lots) {
    Map<String, Lot> byIdentifier = new HashMap<>();
    lots.forEach(l -> byIdentifier.put(l.identifier(), l));
    Map<UUID, QualityVerdict> found = new HashMap<>();
    if (byIdentifier.isEmpty()) {
      return found;
    }
    // each organisation's latest; of several, a non-conformant one over a conformant one (a
    // verdict of stock several of them hold must not hide what one found non-conformant)
    Map<UUID, Set<OrganisationId>> seen = new HashMap<>();
    for (VerdictEvent v : verdictEvents(byIdentifier.keySet(), scope)) {
      Lot lot = byIdentifier.get(v.identifier());
      if (lot == null || !seen.computeIfAbsent(lot.id(), l -> new HashSet<>()).add(v.by())) {
        continue;
      }
      QualityVerdict kept = found.get(lot.id());
      QualityVerdict verdict = v.verdict(null, null);
      if (kept == null || (!kept.nonConformant() && verdict.nonConformant())) {
        found.put(lot.id(), verdict);
      }
    }
    // a part split off a lot: the inspections of the lot, by the organisation that split it,
    // before it was split
    Map<UUID, Split> pending = new HashMap<>();
    for (Lot lot : lots) {
      if (!found.containsKey(lot.id()) && scope.includes(lot.organisationId())) {
        pending.put(lot.id(), new Split(lot.id(), null, null, null, null));
      }
    }
    for (int level = 0; level < SPLITS_UP && !pending.isEmpty(); level++) {
      Map<UUID, Split> splits = splitFrom(pending.values().stream().map(Split::lot).toList());
      Map<UUID, Split> next = new HashMap<>();
      Set<String> parents = new HashSet<>();
      pending.forEach(
          (part, at) -> {
            Split split = splits.get(at.lot());
            // only splits of the reader's own organisations: another's split, and what it
            // inspected, are not the reader's to see
            if (split != null && scope.includes(split.by())) {
              // a part of a part was split off after its own part was
              OffsetDateTime bound =
                  at.at() == null || split.at().isBefore(at.at()) ? split.at() : at.at();
              next.put(
                  part,
                  new Split(split.lot(), split.identifier(), split.code(), split.by(), bound));
              parents.add(split.identifier());
            }
          });
      List<VerdictEvent> events = parents.isEmpty() ? List.of() : verdictEvents(parents, scope);
      pending = new HashMap<>();
      for (Map.Entry<UUID, Split> e : next.entrySet()) {
        Split from = e.getValue();
        VerdictEvent then =
            events.stream()
                .filter(v -> v.identifier().equals(from.identifier()) && v.by().equals(from.by()))
                .filter(v -> !v.at().isAfter(from.at()))
                .findFirst()
                .orElse(null);
        if (then != null) {
          String label = from.code() != null ? from.code() : from.identifier();
          found.put(e.getKey(), then.verdict(from.lot(), label));
        } else {
          pending.put(e.getKey(), from);
        }
      }
    }
    return found;
  }

  /** How far up a part's verdict is looked for through the splits it came from. */
  private static final int SPLITS_UP = 8;

  /**
   * The lot a part was split off (its id, identifier and code), the organisation that split it and
   * when; as a part's search goes up through splits of splits, {@code lot} is where it stands and
   * {@code at} the earliest split on the way.
   */
  private record Split(
      UUID lot, String identifier, String code, OrganisationId by, OffsetDateTime at) {}

  /** An event that gave a lot a verdict of quality. */
  private record VerdictEvent(
      String identifier, OrganisationId by, String outcome, String eventId, OffsetDateTime at) {

    QualityVerdict verdict(UUID fromLot, String fromLabel) {
      return new QualityVerdict(outcome, eventId, at, by, fromLot, fromLabel);
    }
  }

  /**
   * The standing events (not declared erroneous) that gave these lots (by identifier) a verdict of
   * quality, of the scope's organisations: the latest first.
   */
  private List<VerdictEvent> verdictEvents(
      Collection<String> identifiers, OrganisationScope scope) {
    return jdbc.sql(
            """
            select x.id, e.organisation_id, e.disposition, e.event_id, e.event_time
            from (select n.epc id, n.seq from epcis_event_epc n
                  where n.epc in (:ids) and n.role in ('epc', 'output')
                  union
                  select q.epc_class, q.seq from epcis_event_quantity q
                  where q.epc_class in (:ids) and q.role in ('quantity', 'output')) x
            join epcis_event e on e.seq = x.seq
            where e.disposition in (:verdicts) and not e.error_declared
              and not exists (select 1 from lot_event_void v
                              where v.organisation_id = e.organisation_id
                                and v.event_id = e.event_id)"""
                + (scope.all() ? "" : " and e.organisation_id in (:scope)")
                + " order by e.event_time desc, e.seq desc")
        .param("ids", identifiers)
        .param("verdicts", InspectionOutcome.words())
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                new VerdictEvent(
                    rs.getString("id"),
                    new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                    TraceIds.cbvWord(rs.getString("disposition")),
                    rs.getString("event_id"),
                    rs.getObject("event_time", OffsetDateTime.class)))
        .list();
  }

  /**
   * The lot each of these was split off, by part: a standing split (the edges of one declared
   * erroneous are gone), by whichever organisation recorded it; the first, where there are several.
   */
  private Map<UUID, Split> splitFrom(Collection<UUID> parts) {
    Map<UUID, Split> from = new HashMap<>();
    jdbc.sql(
            """
            select g.output_lot_id, g.input_lot_id, l.identifier, l.code, e.organisation_id,
                   e.event_time
            from lot_edge g join epcis_event e on e.seq = g.seq
            join lot l on l.id = g.input_lot_id
            where g.output_lot_id in (:parts) and e.biz_step = :split
            order by g.seq""")
        .param("parts", parts)
        .param("split", TraceStep.SPLITTING.bizStep())
        .query(
            (rs, n) ->
                from.putIfAbsent(
                    rs.getObject("output_lot_id", UUID.class),
                    new Split(
                        rs.getObject("input_lot_id", UUID.class),
                        rs.getString("identifier"),
                        rs.getString("code"),
                        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
                        rs.getObject("event_time", OffsetDateTime.class))))
        .list();
    return from;
  }

  /** The receipts of a lot recorded by organisations in the scope. */
  public List<LotDetail.Receipt> receipts(OrganisationScope scope, UUID lot) {
    return jdbc.sql(
            """
            select id, event_id, source_party, source_name, member_id, member_code, member_name,
                   production_unit_id, production_unit_code, production_unit_name, quantity, unit,
                   received_at, voided
            from lot_receipt where lot_id = :lot"""
                + (scope.all() ? "" : " and organisation_id in (:scope)")
                + " order by seq")
        .param("lot", lot)
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                new LotDetail.Receipt(
                    rs.getObject("id", UUID.class),
                    rs.getString("event_id"),
                    rs.getString("source_party"),
                    rs.getString("source_name"),
                    rs.getObject("member_id", UUID.class),
                    rs.getString("member_code"),
                    rs.getString("member_name"),
                    rs.getObject("production_unit_id", UUID.class),
                    rs.getString("production_unit_code"),
                    rs.getString("production_unit_name"),
                    rs.getBigDecimal("quantity"),
                    rs.getString("unit"),
                    rs.getObject("received_at", OffsetDateTime.class),
                    rs.getBoolean("voided")))
        .list();
  }

  /**
   * A shipment of a lot waiting to be received, and the organisation that shipped it: what was
   * shipped (quantity null: not said).
   */
  public record PendingShipment(
      BigDecimal quantity,
      String unit,
      OffsetDateTime shippedAt,
      OrganisationId shipper,
      String eventId) {}

  /**
   * The first shipment of the lot to the organisation not received yet, by the given shipper when
   * there is one (else by any), if any; locked until the end of the caller's transaction: two
   * receipts of it at once are taken one after the other, and the second finds it received.
   */
  public Optional<PendingShipment> pendingShipment(
      UUID lot, OrganisationId organisation, OrganisationId shipper) {
    return jdbc
        .sql(
            """
            select quantity, unit, shipped_at, organisation_id, event_id from lot_shipment
            where lot_id = ? and destination_organisation_id = ? and received_seq is null
              and not voided and (cast(? as uuid) is null or organisation_id = ?)
            order by seq
            for update""")
        .params(
            lot,
            organisation.value(),
            shipper == null ? null : shipper.value(),
            shipper == null ? null : shipper.value())
        .query(
            (rs, n) ->
                new PendingShipment(
                    rs.getBigDecimal(1),
                    rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class),
                    new OrganisationId(rs.getObject(4, UUID.class)),
                    rs.getString(5)))
        .list()
        .stream()
        .findFirst();
  }

  /** Whether an event of the organisation was declared erroneous. */
  public boolean voided(OrganisationId organisation, String eventId) {
    return jdbc.sql(
                "select count(*) from lot_event_void where organisation_id = ? and event_id = ?")
            .params(organisation.value(), eventId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * The transformations (their transformationIDs) that made some of the lot and have no inputs
   * recorded yet. EPCIS lets a transformation's outputs come in an event before its inputs; until
   * they come, the lot's mass balance is unchecked and its origin unknown. Events declared
   * erroneous do not count.
   */
  public List<String> awaitingInputs(UUID lot) {
    return jdbc.sql(
            """
            select distinct o.transformation_id from stock_movement o
            where o.lot_id = ? and o.kind = 'OUTPUT' and o.transformation_id is not null
              and not exists (select 1 from lot_event_void v
                              where v.organisation_id = o.organisation_id
                                and v.event_id = o.event_id)
              and not exists (select 1 from stock_movement i
                              where i.transformation_id = o.transformation_id
                                and i.kind = 'INPUT'
                                and not exists (select 1 from lot_event_void w
                                                where w.organisation_id = i.organisation_id
                                                  and w.event_id = i.event_id))
            order by o.transformation_id""")
        .param(lot)
        .query(String.class)
        .list();
  }

  /** Shipments of the lot by organisations in the scope or to them. */
  /** When the organisation first received the lot (a shipment of it received, not undone). */
  public Optional<OffsetDateTime> firstReceivedAt(UUID lot, OrganisationId organisation) {
    return jdbc.sql(
            """
            select min(m.occurred_at) from stock_movement m
            where m.lot_id = ? and m.organisation_id = ? and m.kind = 'TRANSFER_IN'
              and not exists (select 1 from stock_movement r
                              where r.lot_id = m.lot_id and r.reversal_of = m.id)""")
        .params(lot, organisation.value())
        .query(OffsetDateTime.class)
        .optional();
  }

  /**
   * The latest event time in [from, until) of a stock movement of the organisation's holdings of
   * the lots, if any of them moved then.
   */
  public Optional<OffsetDateTime> lastMovedWithin(
      Collection<UUID> lots,
      OrganisationId organisation,
      OffsetDateTime from,
      OffsetDateTime until) {
    if (lots.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select max(occurred_at) from stock_movement
            where organisation_id = :org and lot_id in (:lots)
              and occurred_at >= :from and occurred_at < :until""")
        .param("org", organisation.value())
        .param("lots", lots)
        .param("from", from)
        .param("until", until)
        .query(OffsetDateTime.class)
        .optional();
  }

  /**
   * The receipts of shipments of the lot (transfers in) by organisations of the scope, as receipts
   * from the organisation that shipped them; those undone since are left out.
   */
  public List<LotDetail.Receipt> transfersIn(OrganisationScope scope, UUID lot) {
    return jdbc.sql(
            """
            select m.id, m.event_id, o.code as shipper_code,
                   coalesce(o.short_name, o.name) as shipper_name, m.quantity, m.unit,
                   m.occurred_at
            from stock_movement m
            join lot_shipment s on s.lot_id = m.lot_id and s.received_seq = m.seq
                               and s.destination_organisation_id = m.organisation_id
            join organisation o on o.id = s.organisation_id
            where m.lot_id = :lot and m.kind = 'TRANSFER_IN'
              and not exists (select 1 from stock_movement r
                              where r.lot_id = m.lot_id and r.reversal_of = m.id)"""
                + (scope.all() ? "" : " and m.organisation_id in (:scope)")
                + " order by m.seq")
        .param("lot", lot)
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                LotDetail.Receipt.ofShipment(
                    rs.getObject("id", UUID.class),
                    rs.getString("event_id"),
                    TraceIds.organisation(rs.getString("shipper_code")),
                    rs.getString("shipper_name"),
                    rs.getBigDecimal("quantity"),
                    rs.getString("unit"),
                    rs.getObject("occurred_at", OffsetDateTime.class)))
        .list();
  }

  /**
   * The organisations these have shipped to, or received shipments from: those they already deal
   * with on the platform.
   */
  public Set<OrganisationId> counterparties(Collection<OrganisationId> organisations) {
    Set<OrganisationId> found = new HashSet<>();
    if (organisations.isEmpty()) {
      return found;
    }
    List<UUID> ids = organisations.stream().map(OrganisationId::value).toList();
    jdbc.sql(
            """
            select destination_organisation_id as party from lot_shipment
            where organisation_id in (:ids) and destination_organisation_id is not null
              and not voided
            union
            select organisation_id as party from lot_shipment
            where destination_organisation_id in (:ids) and not voided""")
        .param("ids", ids)
        .query(UUID.class)
        .list()
        .forEach(id -> found.add(new OrganisationId(id)));
    return found;
  }

  /**
   * The lot's shipments by or to organisations of the scope, with what their receivers recorded
   * receiving (the receipt's transfer into the receiver's holding).
   */
  public List<LotDetail.Shipment> shipments(OrganisationScope scope, UUID lot) {
    Map<UUID, LotDetail.Shipment> shipments = new LinkedHashMap<>();
    jdbc.sql(
            """
            select s.id, s.event_id, s.organisation_id, s.destination_party,
                   s.destination_organisation_id, s.destination_name, s.reference, s.quantity,
                   s.unit, s.shipped_at, s.received_seq, s.voided,
                   r.quantity as received_quantity, r.unit as received_unit
            from lot_shipment s
            left join stock_movement r
              on r.lot_id = s.lot_id and r.seq = s.received_seq
             and r.organisation_id = s.destination_organisation_id and r.kind = 'TRANSFER_IN'
            where s.lot_id = :lot"""
                + (scope.all()
                    ? ""
                    : " and (s.organisation_id in (:scope)"
                        + " or s.destination_organisation_id in (:scope))")
                + " order by s.seq")
        .param("lot", lot)
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                new LotDetail.Shipment(
                    rs.getObject("id", UUID.class),
                    rs.getString("event_id"),
                    rs.getObject("organisation_id", UUID.class),
                    rs.getString("destination_party"),
                    rs.getObject("destination_organisation_id", UUID.class),
                    rs.getString("destination_name"),
                    rs.getString("reference"),
                    rs.getBigDecimal("quantity"),
                    rs.getString("unit"),
                    rs.getObject("shipped_at", OffsetDateTime.class),
                    rs.getObject("received_seq") != null,
                    rs.getBigDecimal("received_quantity"),
                    rs.getString("received_unit"),
                    rs.getBoolean("voided")))
        .list()
        .forEach(s -> shipments.merge(s.id(), s, TraceQueries::receivedInLines));
    return List.copyOf(shipments.values());
  }

  /** A shipment received in two lines of one receipt (two pallets of the lot): their sum. */
  private static LotDetail.Shipment receivedInLines(LotDetail.Shipment a, LotDetail.Shipment b) {
    BigDecimal more = Units.convert(b.receivedQuantity(), b.receivedUnit(), a.receivedUnit());
    if (a.receivedQuantity() == null || more == null) {
      return a.receivedQuantity() == null ? b : a;
    }
    return new LotDetail.Shipment(
        a.id(),
        a.eventId(),
        a.fromOrganisationId(),
        a.destinationParty(),
        a.destinationOrganisationId(),
        a.destinationName(),
        a.reference(),
        a.quantity(),
        a.unit(),
        a.shippedAt(),
        a.received(),
        a.receivedQuantity().add(more),
        a.receivedUnit(),
        a.voided());
  }

  /** A lot as a backward trace shows it, wherever it stands in the trace and whoever reads it. */
  public record LotColumns(
      UUID id,
      String identifier,
      String code,
      UUID organisationId,
      String unit,
      BigDecimal quantityIn,
      String productName) {}

  /** A receipt into a lot, not voided, as recorded; {@code seq} orders a lot's receipts. */
  public record ReceiptColumns(
      UUID id,
      UUID organisationId,
      String eventId,
      String sourceParty,
      String sourceName,
      UUID memberId,
      String memberCode,
      String memberName,
      UUID productionUnitId,
      String productionUnitCode,
      String productionUnitName,
      BigDecimal quantity,
      String unit,
      OffsetDateTime receivedAt,
      Long seq) {}

  /**
   * One row of a backward trace: a lot (the traced one at depth 0, else an ancestor) with its share
   * of the traced lot, whether the reader may see it, and one of its receipts (null when it has
   * none: a lot has one row without receipt or one row per receipt).
   */
  public record BackwardRow(
      LotColumns lot, double share, int depth, boolean visible, ReceiptColumns receipt) {

    /** A lot's row without a receipt, visible, at share and depth 0 for the caller to set. */
    static BackwardRow of(LotColumns lot) {
      return new BackwardRow(lot, 0, 0, true, null);
    }

    /** This lot's row for one of its receipts. */
    BackwardRow withReceipt(ReceiptColumns r) {
      return new BackwardRow(lot, share, depth, visible, r);
    }

    /** This row for a reader who may not see its lot. */
    BackwardRow hidden() {
      return new BackwardRow(lot, share, depth, false, receipt);
    }

    /** This row as seen from a lot it is upstream of. */
    BackwardRow at(double newShare, int newDepth) {
      return new BackwardRow(lot, newShare, newDepth, visible, receipt);
    }

    UUID lotId() {
      return lot.id();
    }

    private Long receiptSeq() {
      return receipt == null ? null : receipt.seq();
    }
  }

  /**
   * The order of a trace: by depth, then lot code and identifier, then receipt. Applied here rather
   * than by the statement, so that it does not depend on the database's collation (PostgreSQL's and
   * H2's differ) and the database does not sort on text keys (1.5 ms of the statement's 8.7 ms for
   * an export lot at 1,000,000 events, pgbench with prepared statements).
   */
  static final Comparator<BackwardRow> TRACE_ORDER =
      Comparator.comparingInt(BackwardRow::depth)
          .thenComparing(r -> r.lot().code(), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(r -> r.lot().identifier())
          .thenComparing(BackwardRow::receiptSeq, Comparator.nullsLast(Comparator.naturalOrder()));

  /**
   * The backward trace of a lot in one statement: its ancestors from the closure (one range read of
   * lot_lineage by lot_id) with the lots, products and receipts joined by primary key.
   */
  public List<BackwardRow> backwardFromClosure(OrganisationScope scope, UUID lot) {
    return backward(
        scope,
        lot,
        "",
        """
        select ancestor_id, share, depth from lot_lineage where lot_id = :lot""");
  }

  /**
   * The lot's backward trace from its ready trace (ADR 0007), or null when it has none. A reader
   * who may see every lot and receipt in it (the platform; an organisation tracing its own
   * material) gets the trace stored with it as it is; for others the rows are assembled, each lot
   * of another organisation checked for the reader in one query. Both are decoded once per build of
   * the ready trace ({@link DecodedReadyTraces}).
   *
   * @throws org.ayni.shared.NotFoundException when the reader may not see the lot
   */
  public BackwardTrace readyTrace(OrganisationScope scope, UUID lot) {
    DecodedReadyTraces.Decoded ready = readyTraces.find(lot);
    if (ready == null) {
      return null;
    }
    if (scope.all() || sees(scope, ready.organisations())) {
      return ready.trace();
    }
    List<BackwardRow> rows = ready.rows();
    Set<UUID> foreign = new HashSet<>();
    for (BackwardRow r : rows) {
      if (!scope.includes(new OrganisationId(r.lot().organisationId()))) {
        foreign.add(r.lotId());
      }
    }
    Set<UUID> visible = new HashSet<>();
    LotStore.chunks(
        foreign,
        part ->
            visible.addAll(
                jdbc.sql("select l.id from lot l where l.id in (:ids) and " + VISIBLE)
                    .param("ids", part)
                    .params(scopeParams(scope))
                    .query(UUID.class)
                    .list()));
    List<BackwardRow> scoped = new ArrayList<>(rows.size());
    for (BackwardRow r : rows) {
      scoped.add(foreign.contains(r.lotId()) && !visible.contains(r.lotId()) ? r.hidden() : r);
    }
    return TraceAssembly.backward(scope, scoped);
  }

  private static boolean sees(OrganisationScope scope, Set<UUID> organisations) {
    for (UUID organisation : organisations) {
      if (!scope.includes(new OrganisationId(organisation))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows of the given lots as a trace has them (each lot with its receipts, not voided; share
   * and depth 0, for the caller to set), unscoped: what a ready trace is made of. Lots and receipts
   * are read apart, each by key: joined, the planner of a capture whose tables grow faster than
   * their statistics hashed the whole receipt index (280 ms for 1,000 lots at 1,000,000 events).
   */
  List<BackwardRow> lotRows(Collection<UUID> lots) {
    Map<UUID, BackwardRow> byId = new LinkedHashMap<>();
    Map<UUID, List<BackwardRow>> receipts = new HashMap<>();
    LotStore.chunks(
        lots,
        part -> {
          jdbc.sql(
                  """
                  select a.id, a.identifier, a.code, a.organisation_id, a.unit, a.quantity_in, p.name
                  from lot a left join trace_product p on p.id = a.product_id
                  where a.id in (:ids)""")
              .param("ids", part)
              .query((rs, n) -> BackwardRow.of(lotColumns(rs, 1)))
              .list()
              .forEach(lot -> byId.put(lot.lotId(), lot));
          jdbc.sql(
                  """
                  select lot_id, id, organisation_id, event_id, source_party, source_name,
                         member_id, member_code, member_name, production_unit_id,
                         production_unit_code, production_unit_name, quantity, unit,
                         received_at, seq
                  from lot_receipt where lot_id in (:ids) and not voided""")
              .param("ids", part)
              .query(
                  (rs, n) ->
                      byId.get(rs.getObject(1, UUID.class)).withReceipt(receiptColumns(rs, 2)))
              .list()
              .forEach(r -> receipts.computeIfAbsent(r.lotId(), k -> new ArrayList<>()).add(r));
        });
    List<BackwardRow> rows = new ArrayList<>();
    byId.forEach((id, lot) -> rows.addAll(receipts.getOrDefault(id, List.of(lot))));
    return rows;
  }

  /**
   * The same rows as {@link #backwardFromClosure}, the ancestors found by a plain recursive SQL
   * over lot_edge instead of the closure: the baseline a backward trace is measured against.
   */
  public List<BackwardRow> backwardByRecursiveSql(OrganisationScope scope, UUID lot) {
    return backward(
        scope,
        lot,
        UPSTREAM_BY_RECURSIVE_SQL,
        """
        select lot_id as ancestor_id, sum(share) as share, min(depth) as depth from up
        group by lot_id""");
  }

  private List<BackwardRow> backward(
      OrganisationScope scope, UUID lot, String with, String ancestors) {
    List<BackwardRow> rows =
        new ArrayList<>(serially(() -> backwardRows(scope, lot, with, ancestors)));
    rows.sort(TRACE_ORDER);
    return rows;
  }

  private List<BackwardRow> backwardRows(
      OrganisationScope scope, UUID lot, String with, String ancestors) {
    String visible =
        scope.all()
            ? "1"
            : """
              case when a.organisation_id in (:scope) then 1
                   when exists (select 1 from lot_shipment t where t.lot_id = a.id and not t.voided
                                and t.destination_organisation_id in (:scope)) then 1
                   else 0 end""";
    // Columns are read by position: looking 24,000 values up by name took a quarter of the row
    // mapping's time in a flight recording. The select list and backwardRow go together.
    return jdbc.sql(
            with
                + """
                select x.share, x.depth, %s, x.ancestor_id, a.identifier, a.code,
                       a.organisation_id, a.unit, a.quantity_in, p.name,
                       r.id, r.organisation_id, r.event_id, r.source_party, r.source_name,
                       r.member_id, r.member_code, r.member_name, r.production_unit_id,
                       r.production_unit_code, r.production_unit_name, r.quantity, r.unit,
                       r.received_at, r.seq
                from (%s
                      union all
                      select id, cast(1 as double precision), 0 from lot where id = :lot) x
                join lot a on a.id = x.ancestor_id
                left join trace_product p on p.id = a.product_id
                left join lot_receipt r on r.lot_id = a.id and not r.voided"""
                    .formatted(visible, ancestors))
        .param("lot", lot)
        .params(scopeParams(scope))
        .query(TraceQueries::backwardRow)
        .list();
  }

  private static BackwardRow backwardRow(ResultSet rs, int row) throws SQLException {
    return new BackwardRow(
        lotColumns(rs, 4),
        rs.getDouble(1),
        rs.getInt(2),
        rs.getInt(3) == 1,
        receiptColumns(rs, 11));
  }

  /** A lot's 7 columns from {@code first} on, in the order of {@link LotColumns}. */
  private static LotColumns lotColumns(ResultSet rs, int first) throws SQLException {
    return new LotColumns(
        rs.getObject(first, UUID.class),
        rs.getString(first + 1),
        rs.getString(first + 2),
        rs.getObject(first + 3, UUID.class),
        rs.getString(first + 4),
        rs.getBigDecimal(first + 5),
        rs.getString(first + 6));
  }

  /** A receipt's 15 columns from {@code first} on (null when its id is: no receipt). */
  private static ReceiptColumns receiptColumns(ResultSet rs, int first) throws SQLException {
    UUID id = rs.getObject(first, UUID.class);
    if (id == null) {
      return null;
    }
    return new ReceiptColumns(
        id,
        rs.getObject(first + 1, UUID.class),
        rs.getString(first + 2),
        rs.getString(first + 3),
        rs.getString(first + 4),
        rs.getObject(first + 5, UUID.class),
        rs.getString(first + 6),
        rs.getString(first + 7),
        rs.getObject(first + 8, UUID.class),
        rs.getString(first + 9),
        rs.getString(first + 10),
        rs.getBigDecimal(first + 11),
        rs.getString(first + 12),
        rs.getObject(first + 13, OffsetDateTime.class),
        rs.getObject(first + 14, Long.class));
  }

  /** One row of a forward trace: a lot containing the origin (or the origin) and a shipment. */
  public record ForwardRow(
      UUID origin,
      UUID lotId,
      double share,
      int depth,
      String identifier,
      String code,
      UUID organisationId,
      String unit,
      BigDecimal quantityIn,
      String productName,
      boolean visible,
      UUID shipmentId,
      String eventId,
      UUID shipperId,
      String destinationParty,
      UUID destinationOrganisationId,
      String destinationName,
      String reference,
      BigDecimal shipmentQuantity,
      String shipmentUnit,
      OffsetDateTime shippedAt) {}

  /** The forward traces of origin lots: one range read of lot_lineage by ancestor_id. */
  public List<ForwardRow> forward(OrganisationScope scope, Collection<UUID> origins) {
    return forward(
        scope,
        origins,
        "",
        """
        select ancestor_id as origin, lot_id, share, depth from lot_lineage
        where ancestor_id in (:origins)""");
  }

  /**
   * The same rows as {@link #forward}, the descendants found by a plain recursive SQL over lot_edge
   * instead of the closure: the baseline a forward trace is measured against.
   */
  public List<ForwardRow> forwardByRecursiveSql(OrganisationScope scope, Collection<UUID> origins) {
    return forward(
        scope,
        origins,
        """
        with recursive down (origin, lot_id, share, depth) as (
          select input_lot_id, output_lot_id, weight, 1 from lot_edge
          where input_lot_id in (:origins)
          union all
          select down.origin, e.output_lot_id, down.share * e.weight, down.depth + 1
          from lot_edge e join down on e.input_lot_id = down.lot_id
          where down.depth < 64
        )
        """,
        """
        select origin, lot_id, sum(share) as share, min(depth) as depth from down
        group by origin, lot_id""");
  }

  private List<ForwardRow> forward(
      OrganisationScope scope, Collection<UUID> origins, String with, String descendants) {
    return serially(() -> forwardRows(scope, origins, with, descendants));
  }

  private List<ForwardRow> forwardRows(
      OrganisationScope scope, Collection<UUID> origins, String with, String descendants) {
    if (origins.isEmpty()) {
      return List.of();
    }
    String visible = scope.all() ? "1" : "case when " + visible("d") + " then 1 else 0 end";
    String shipmentScope =
        scope.all()
            ? ""
            : " and (s.organisation_id in (:scope) or s.destination_organisation_id in (:scope))";
    List<ForwardRow> rows = new ArrayList<>();
    LotStore.chunks(
        origins,
        part ->
            rows.addAll(
                jdbc.sql(
                        with
                            + """
                            select x.origin, x.lot_id, x.share, x.depth, d.identifier, d.code,
                                   d.organisation_id, d.unit, d.quantity_in,
                                   p.name as product_name, %s as visible, s.id as shipment_id,
                                   s.event_id, s.organisation_id as shipper_id,
                                   s.destination_party, s.destination_organisation_id,
                                   s.destination_name, s.reference,
                                   s.quantity as shipment_quantity, s.unit as shipment_unit,
                                   s.shipped_at
                            from (%s
                                  union all
                                  select id, id, cast(1 as double precision), 0 from lot
                                  where id in (:origins)) x
                            join lot d on d.id = x.lot_id
                            left join trace_product p on p.id = d.product_id
                            left join lot_shipment s on s.lot_id = d.id and not s.voided%s
                            order by x.depth, d.code, d.identifier, s.seq"""
                                .formatted(visible, descendants, shipmentScope))
                    .param("origins", part)
                    .params(scopeParams(scope))
                    .query(
                        (rs, n) ->
                            new ForwardRow(
                                rs.getObject("origin", UUID.class),
                                rs.getObject("lot_id", UUID.class),
                                rs.getDouble("share"),
                                rs.getInt("depth"),
                                rs.getString("identifier"),
                                rs.getString("code"),
                                rs.getObject("organisation_id", UUID.class),
                                rs.getString("unit"),
                                rs.getBigDecimal("quantity_in"),
                                rs.getString("product_name"),
                                rs.getInt("visible") == 1,
                                rs.getObject("shipment_id", UUID.class),
                                rs.getString("event_id"),
                                rs.getObject("shipper_id", UUID.class),
                                rs.getString("destination_party"),
                                rs.getObject("destination_organisation_id", UUID.class),
                                rs.getString("destination_name"),
                                rs.getString("reference"),
                                rs.getBigDecimal("shipment_quantity"),
                                rs.getString("shipment_unit"),
                                rs.getObject("shipped_at", OffsetDateTime.class)))
                    .list()));
    return rows;
  }

  /** A member's receipts (not voided): lot, quantity, and the lot's total receipts. */
  /**
   * A member's delivery into a lot, with what came into the lot (its quantity in, in its unit) and
   * how many receipts it has.
   */
  /**
   * The member's deliveries that stand (not declared erroneous) recorded by organisations in the
   * scope, the latest first.
   */
  public List<MemberDelivery> memberDeliveries(OrganisationScope scope, UUID member) {
    return jdbc.sql(
            """
            select r.lot_id, l.code, l.identifier, p.name as product_name, r.quantity, r.unit,
                   r.received_at, r.production_unit_code, r.production_unit_name
            from lot_receipt r join lot l on l.id = r.lot_id
            left join trace_product p on p.id = l.product_id
            where r.member_id = :member and not r.voided"""
                + (scope.all() ? "" : " and r.organisation_id in (:scope)")
                + " order by r.received_at desc, r.seq desc")
        .param("member", member)
        .params(scopeParams(scope))
        .query(
            (rs, n) ->
                new MemberDelivery(
                    rs.getObject("lot_id", UUID.class),
                    rs.getString("code"),
                    rs.getString("identifier"),
                    rs.getString("product_name"),
                    rs.getBigDecimal("quantity"),
                    rs.getString("unit"),
                    rs.getObject("received_at", OffsetDateTime.class),
                    rs.getString("production_unit_code"),
                    rs.getString("production_unit_name")))
        .list();
  }

  public record MemberReceipt(
      UUID lotId,
      BigDecimal quantity,
      String unit,
      BigDecimal lotQuantityIn,
      String lotUnit,
      long lotReceipts) {}

  public List<MemberReceipt> memberReceipts(UUID member) {
    return jdbc.sql(
            """
            select r.lot_id, r.quantity, r.unit, l.quantity_in, l.unit as lot_unit,
                   (select count(*) from lot_receipt o
                    where o.lot_id = r.lot_id and not o.voided) as lot_receipts
            from lot_receipt r join lot l on l.id = r.lot_id
            where r.member_id = ? and not r.voided""")
        .param(member)
        .query(
            (rs, n) ->
                new MemberReceipt(
                    rs.getObject("lot_id", UUID.class),
                    rs.getBigDecimal("quantity"),
                    rs.getString("unit"),
                    rs.getBigDecimal("quantity_in"),
                    rs.getString("lot_unit"),
                    rs.getLong("lot_receipts")))
        .list();
  }

  /** An edge as the lineage tree needs it. */
  public record EdgeView(UUID input, UUID output, double weight) {}

  /** The edges into the lot and into each of its ancestors. */
  public List<EdgeView> edgesUpstream(UUID lot) {
    return jdbc.sql(
            """
            select input_lot_id, output_lot_id, weight from lot_edge
            where output_lot_id = :lot
               or output_lot_id in (select ancestor_id from lot_lineage where lot_id = :lot)""")
        .param("lot", lot)
        .query(
            (rs, n) ->
                new EdgeView(
                    rs.getObject("input_lot_id", UUID.class),
                    rs.getObject("output_lot_id", UUID.class),
                    rs.getDouble("weight")))
        .list();
  }

  /** The edges out of the lot and out of each of its descendants. */
  public List<EdgeView> edgesDownstream(UUID lot) {
    return jdbc.sql(
            """
            select input_lot_id, output_lot_id, weight from lot_edge
            where input_lot_id = :lot
               or input_lot_id in (select lot_id from lot_lineage where ancestor_id = :lot)""")
        .param("lot", lot)
        .query(
            (rs, n) ->
                new EdgeView(
                    rs.getObject("input_lot_id", UUID.class),
                    rs.getObject("output_lot_id", UUID.class),
                    rs.getDouble("weight")))
        .list();
  }

  /** The ancestors of a lot from the closure: one indexed range read. */
  public Map<UUID, Ancestor> ancestors(UUID lot) {
    return ancestors(lot, "select ancestor_id, share, depth from lot_lineage where lot_id = :lot");
  }

  /**
   * The same ancestors by a plain recursive SQL over lot_edge (the baseline the closure is measured
   * against): every path's weights multiplied, summed per ancestor.
   */
  public Map<UUID, Ancestor> ancestorsByRecursiveSql(UUID lot) {
    return ancestors(
        lot,
        UPSTREAM_BY_RECURSIVE_SQL
            + """
            select lot_id as ancestor_id, sum(share) as share, min(depth) as depth from up
            group by lot_id""");
  }

  private Map<UUID, Ancestor> ancestors(UUID lot, String sql) {
    return serially(
        () -> {
          Map<UUID, Ancestor> all = new LinkedHashMap<>();
          jdbc.sql(sql)
              .param("lot", lot)
              .query(
                  (rs, n) ->
                      all.put(
                          rs.getObject("ancestor_id", UUID.class),
                          new Ancestor(rs.getDouble("share"), rs.getInt("depth"))))
              .list();
          return all;
        });
  }

  private static Map<String, Object> scopeParams(OrganisationScope scope) {
    return scope.all() ? Map.of() : Map.of("scope", scope.uuids());
  }

  static Lot lot(ResultSet rs, int row) throws SQLException {
    UUID product = rs.getObject("product_id", UUID.class);
    Object tracked = rs.getObject("tracked");
    return new Lot(
        rs.getObject("id", UUID.class),
        rs.getString("identifier"),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("kind"),
        rs.getString("code"),
        rs.getString("gtin"),
        product,
        rs.getString("product_code"),
        rs.getString("product_name"),
        rs.getString("unit"),
        rs.getBigDecimal("quantity_in"),
        rs.getBigDecimal("stock"),
        tracked != null && rs.getBoolean("tracked"),
        rs.getString("location"),
        rs.getString("disposition"),
        rs.getString("created_event_id"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("voided_event") != null);
  }
}
