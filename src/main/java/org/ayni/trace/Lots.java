package org.ayni.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.trace.internal.CatalogueStore;
import org.ayni.trace.internal.TraceQueries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Lots as the event log made them, within the caller's scope: their owner's, those that hold them
 * and those they were shipped to.
 */
@Service
public class Lots {

  private final TraceQueries queries;
  private final CatalogueStore catalogue;
  private final Organisations organisations;
  private final ObjectProvider<EventLog> eventLog;
  private final Products products;

  Lots(
      TraceQueries queries,
      CatalogueStore catalogue,
      Organisations organisations,
      ObjectProvider<EventLog> eventLog,
      Products products) {
    this.queries = queries;
    this.catalogue = catalogue;
    this.organisations = organisations;
    this.eventLog = eventLog;
    this.products = products;
  }

  public PageResult<Lot> search(CurrentUser user, LotFilter filter, PageQuery page) {
    return search(user, filter, within(filter), page);
  }

  /** The organisations a list filtered by one is of: it and those below it; null: no filter. */
  private Set<OrganisationId> within(LotFilter filter) {
    return filter.organisationId() == null
        ? null
        : organisations.withDescendants(filter.organisationId());
  }

  /**
   * The lots the organisation itself holds some of (its own, and others' it received), not those of
   * organisations below it: those an operation of it may take; a search narrows them.
   */
  public PageResult<Lot> inStockOf(
      CurrentUser user, OrganisationId organisation, String query, PageQuery page) {
    return search(
        user, new LotFilter(query, organisation, null, true, null), Set.of(organisation), page);
  }

  private PageResult<Lot> search(
      CurrentUser user, LotFilter filter, Set<OrganisationId> within, PageQuery page) {
    PageResult<Lot> found = queries.search(user.readScope(), filter, within, page);
    return new PageResult<>(
        asSeenBy(seenBy(user, within), found.items()),
        found.page(),
        found.size(),
        found.totalItems());
  }

  /**
   * The lots {@link #search} finds, each with its quality verdict as the row shows the lot (the
   * same organisations' view of it: the owner's inspections where its owner is among them).
   */
  public PageResult<ListedLot> list(CurrentUser user, LotFilter filter, PageQuery page) {
    Set<OrganisationId> within = within(filter);
    PageResult<Lot> found = search(user, filter, within, page);
    Map<UUID, QualityVerdict> verdicts = shown(seenBy(user, within), found.items());
    return found.map(l -> new ListedLot(l, verdicts.get(l.id())));
  }

  /**
   * The scope lots listed for some organisations (and their descendants) are shown in: those of
   * them the user reads. A base organisation's list shows what it holds of a lot its central
   * shipped it, not the central's stock. The user's whole scope where none is asked for.
   */
  private static OrganisationScope seenBy(CurrentUser user, Set<OrganisationId> within) {
    OrganisationScope reader = user.readScope();
    if (within == null) {
      return reader;
    }
    OrganisationScope readable = reader.narrowTo(within);
    return readable.isEmpty() ? reader : readable;
  }

  public Lot get(CurrentUser user, UUID id) {
    return asSeenBy(scope(user), List.of(find(scope(user), id))).getFirst();
  }

  /** The lots as readers with the scope may see them ({@link Lot#asSeenBy}). */
  List<Lot> asSeenBy(OrganisationScope scope, List<Lot> lots) {
    List<UUID> others =
        lots.stream().filter(l -> !scope.includes(l.organisationId())).map(Lot::id).toList();
    Map<UUID, List<LotDetail.Holding>> held = queries.holdings(scope, others);
    return lots.stream().map(l -> l.asSeenBy(scope, held.getOrDefault(l.id(), List.of()))).toList();
  }

  /** The lots with the identifiers that the caller may see; the others are left out. */
  public List<Lot> byIdentifiers(CurrentUser user, Collection<String> identifiers) {
    return queries.lotsByIdentifier(scope(user), identifiers);
  }

  Lot find(OrganisationScope scope, UUID id) {
    return queries.lot(scope, id).orElseThrow(() -> new NotFoundException("lot.not-found"));
  }

  /**
   * The organisations on the platform the organisation (one the caller may read) has shipped to or
   * received shipments from: those it deals with, whoever can read them.
   */
  public Set<OrganisationId> counterparties(CurrentUser user, OrganisationId organisation) {
    if (!scope(user).includes(organisation)) {
      return Set.of();
    }
    Set<OrganisationId> found = queries.counterparties(List.of(organisation));
    found.remove(organisation);
    return found;
  }

  /**
   * Whether the lot was made by its organisation, which the user reads, in a transformation that no
   * conversion factor held (its outputs held to its inputs alone; a gold smelter's 38,000 g out of
   * 40 kg of concentrate passes that): the page says so where it would name the factor.
   */
  public boolean madeWithoutFactor(CurrentUser user, Lot lot) {
    return lot.organisationId() != null
        && scope(user).includes(lot.organisationId())
        && queries.madeWithoutFactor(lot.id(), lot.organisationId());
  }

  /** The lot with what is held of it, its receipts and shipments. */
  public LotDetail detail(CurrentUser user, UUID id) {
    Lot lot = get(user, id);
    OrganisationScope scope = scope(user);
    // deliveries and purchases, then what came in as shipments received, in the order they came
    List<LotDetail.Receipt> receipts = new ArrayList<>(queries.receipts(scope, id));
    receipts.addAll(queries.transfersIn(scope, id));
    receipts.sort(
        Comparator.comparing(
            LotDetail.Receipt::receivedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    List<LotDetail.Holding> holdings = queries.holdings(scope, id);
    // each holding's own verdict, of the holdings of the reader's organisations
    List<QualityVerdict> holdingQuality = new ArrayList<>();
    for (LotDetail.Holding h : holdings) {
      if (scope.includes(h.organisationId()) && !lot.neverMade()) {
        QualityVerdict verdict =
            queries
                .verdicts(OrganisationScope.of(List.of(h.organisationId())), List.of(lot))
                .get(id);
        if (verdict != null) {
          holdingQuality.add(verdict);
        }
      }
    }
    return new LotDetail(
        lot,
        holdings,
        receipts,
        queries.shipments(scope, id),
        queries.awaitingInputs(id),
        // the maker's factors are its own: a lot shipped to another organisation shows none there
        lot.organisationId() != null && scope.includes(lot.organisationId())
            ? catalogue.heldTo(id, lot.organisationId()).orElse(null)
            : null,
        shown(scope, List.of(lot)).get(id),
        holdingQuality,
        receivedAs(scope, lot, holdings));
  }

  /**
   * The product of its own an organisation received another's lot as: the one its latest receipt of
   * the lot named ({@code ayni:product}, chosen on the receipt form), if any and still its.
   */
  Optional<Product> receivedAs(Lot lot, Organisation holder) {
    EventLog log = eventLog.getIfAvailable();
    if (log == null) {
      return Optional.empty();
    }
    List<StoredEvent> events =
        log.naming(OrganisationScope.of(List.of(holder.id())), lot.identifier());
    Set<String> declared = new HashSet<>();
    events.stream()
        .filter(s -> s.event().errorDeclaration() != null && s.event().eventId() != null)
        .forEach(s -> declared.add(s.event().eventId()));
    String[] parts =
        events.stream()
            .filter(s -> holder.id().equals(s.organisationId()))
            .filter(s -> s.event().errorDeclaration() == null)
            .filter(s -> !declared.contains(s.event().eventId()))
            .filter(s -> "receiving".equals(TraceIds.cbvWord(s.event().bizStep())))
            .filter(s -> s.event().extensions().containsKey(TraceIds.EXT_PRODUCT))
            .max(
                Comparator.comparing((StoredEvent s) -> s.event().eventTime())
                    .thenComparingLong(StoredEvent::seq))
            .map(
                s ->
                    TraceIds.ownParts(
                        TraceIds.PRODUCT, s.event().extensions().get(TraceIds.EXT_PRODUCT)))
            .orElse(null);
    if (parts == null || !parts[0].equals(holder.code())) {
      return Optional.empty();
    }
    return products.byCode(holder.id(), parts[1]);
  }

  /**
   * The product of its own the reader's one organisation that holds another's lot received it as
   * (shown beside the lot's own); null for the owner, or where none or several of the reader's
   * organisations hold it.
   */
  private Product receivedAs(OrganisationScope scope, Lot lot, List<LotDetail.Holding> holdings) {
    if (lot.organisationId() == null || scope.includes(lot.organisationId())) {
      return null;
    }
    List<OrganisationId> holders =
        holdings.stream()
            .map(LotDetail.Holding::organisationId)
            .filter(scope::includes)
            .distinct()
            .toList();
    if (holders.size() != 1) {
      return null;
    }
    return organisations.all(holders).stream()
        .findFirst()
        .flatMap(holder -> receivedAs(lot, holder))
        .orElse(null);
  }

  /**
   * The verdicts of the lots as a reader with the scope is shown them ({@link Lot#asSeenBy}): of a
   * lot whose owner it reads, the owner's inspections, as its stock and place are the owner's (not
   * those of a base organisation of the reader's that holds part of it elsewhere); of another's,
   * the inspections of the reader's organisations that hold some of it now, as its stock is theirs
   * together (all of the reader's where none does), the worse where they differ ({@link
   * TraceQueries#verdicts}).
   */
  private Map<UUID, QualityVerdict> shown(OrganisationScope scope, Collection<Lot> lots) {
    Map<OrganisationId, List<Lot>> owned = new LinkedHashMap<>();
    List<Lot> held = new ArrayList<>();
    for (Lot l : lots) {
      if (l.neverMade()) {
        // an inspection of a lot whose making was undone judged nothing that is
        continue;
      }
      if (l.organisationId() != null && scope.includes(l.organisationId())) {
        owned.computeIfAbsent(l.organisationId(), o -> new ArrayList<>()).add(l);
      } else {
        held.add(l);
      }
    }
    Map<UUID, QualityVerdict> found = new HashMap<>();
    owned.forEach(
        (owner, ofOwner) ->
            found.putAll(queries.verdicts(OrganisationScope.of(List.of(owner)), ofOwner)));
    // another's lots by the reader's organisations that hold some now
    Map<UUID, List<LotDetail.Holding>> holdings =
        held.isEmpty() ? Map.of() : queries.holdings(scope, held.stream().map(Lot::id).toList());
    Map<OrganisationScope, List<Lot>> byHolders = new LinkedHashMap<>();
    for (Lot l : held) {
      Set<OrganisationId> holders = new HashSet<>();
      for (LotDetail.Holding h : holdings.getOrDefault(l.id(), List.of())) {
        if (h.quantity() != null && h.quantity().signum() > 0) {
          holders.add(h.organisationId());
        }
      }
      byHolders
          .computeIfAbsent(
              holders.isEmpty() ? scope : OrganisationScope.of(holders), o -> new ArrayList<>())
          .add(l);
    }
    byHolders.forEach((holders, ofThem) -> found.putAll(queries.verdicts(holders, ofThem)));
    return found;
  }

  /**
   * What the latest standing inspection of each of the lots found ({@link QualityVerdict}), as the
   * caller sees them offered to an organisation itself ({@link #inStockOf}: the owner's inspections
   * of its own lots, its inspections of its holdings of others'), or to all of the caller's when
   * none is given; lots without one are left out.
   */
  public Map<UUID, QualityVerdict> verdictsHeldBy(
      CurrentUser user, OrganisationId listedFor, Collection<Lot> lots) {
    return shown(seenBy(user, listedFor == null ? null : Set.of(listedFor)), lots);
  }

  /**
   * Every event in the caller's scope, or shared with it, that names the lot, in the order they
   * happened (event time, then the order they were recorded in: an error declaration beside the
   * event it declares).
   */
  public List<TimelineEntry> timeline(CurrentUser user, UUID id) {
    return timeline(user, get(user, id), queries.receipts(scope(user), id));
  }

  /** The same, for a lot whose detail the caller read (a page that shows both). */
  public List<TimelineEntry> timeline(CurrentUser user, LotDetail detail) {
    return timeline(user, detail.lot(), detail.receipts());
  }

  private List<TimelineEntry> timeline(
      CurrentUser user, Lot lot, List<LotDetail.Receipt> receipts) {
    EventLog log = eventLog.getIfAvailable();
    if (log == null) {
      return List.of();
    }
    List<StoredEvent> events = log.seenNaming(scope(user), lot.identifier());
    Set<String> codes = new HashSet<>();
    for (StoredEvent stored : events) {
      for (List<TraceEvent.Party> parties :
          List.of(stored.event().sources(), stored.event().destinations())) {
        for (TraceEvent.Party p : parties) {
          if (p.id() != null && p.id().startsWith(TraceIds.ORGANISATION)) {
            codes.add(p.id().substring(TraceIds.ORGANISATION.length()));
          }
        }
      }
    }
    Map<String, String> platform = new HashMap<>();
    organisations
        .namesByCode(codes)
        .forEach((code, name) -> platform.put(TraceIds.ORGANISATION + code, name));
    Map<String, LotDetail.Receipt> deliveries = new HashMap<>();
    for (LotDetail.Receipt r : receipts) {
      if (r.memberId() != null) {
        deliveries.put(r.eventId(), r);
      }
    }
    return timeline(events, platform, deliveries);
  }

  /**
   * The timeline of these events. Parties on the platform are named by {@code platform} (by URN),
   * as receipts and shipments name them, others as the event names them; the member and plot of a
   * delivery as its receipt among {@code deliveries} (by eventID) names them.
   */
  static List<TimelineEntry> timeline(
      List<StoredEvent> events,
      Map<String, String> platform,
      Map<String, LotDetail.Receipt> deliveries) {
    // an event is declared erroneous by its own organisation: another's log may hold its eventID
    Set<String> declared = new HashSet<>();
    Set<String> recorded = new HashSet<>();
    for (StoredEvent e : events) {
      if (e.event().eventId() != null) {
        (e.event().errorDeclaration() != null ? declared : recorded)
            .add(e.organisationId() + " " + e.event().eventId());
      }
    }
    List<TimelineEntry> entries = new ArrayList<>();
    for (StoredEvent stored : events) {
      TraceEvent e = stored.event();
      boolean declares = e.errorDeclaration() != null;
      // a declaration repeats its event's fields: its values are the event's, shown there
      Map<String, String> measurements = new LinkedHashMap<>();
      e.extensions().entrySet().stream()
          .filter(x -> !declares)
          .filter(x -> x.getKey().startsWith("ayni:"))
          .filter(x -> !x.getKey().equals(TraceIds.EXT_PRODUCT))
          .filter(x -> !x.getKey().equals(TraceIds.EXT_PRODUCTS))
          .filter(x -> !x.getKey().equals(TraceIds.EXT_SOURCE_NAME))
          .filter(x -> !x.getKey().equals(TraceIds.EXT_DESTINATION_NAME))
          .sorted(Map.Entry.comparingByKey())
          .forEach(x -> measurements.put(x.getKey(), x.getValue()));
      Map<String, String> partyNames = new LinkedHashMap<>();
      named(partyNames, e.sources(), e.extensions().get(TraceIds.EXT_SOURCE_NAME));
      named(partyNames, e.destinations(), e.extensions().get(TraceIds.EXT_DESTINATION_NAME));
      for (List<TraceEvent.Party> parties : List.of(e.sources(), e.destinations())) {
        for (TraceEvent.Party p : parties) {
          if (platform.containsKey(p.id())) {
            partyNames.put(p.id(), platform.get(p.id()));
          }
        }
      }
      LotDetail.Receipt delivery = e.eventId() == null ? null : deliveries.get(e.eventId());
      if (delivery != null) {
        for (TraceEvent.Party p : e.sources()) {
          if (p.id() == null) {
            continue;
          }
          if (p.id().startsWith(TraceIds.MEMBER)) {
            partyNames.put(p.id(), delivery.memberName() + " (" + delivery.memberCode() + ")");
          } else if (p.id().startsWith(TraceIds.UNIT) && delivery.productionUnitCode() != null) {
            partyNames.put(
                p.id(), delivery.productionUnitCode() + " · " + delivery.productionUnitName());
          }
        }
      }
      List<TraceEvent.QuantityElement> quantities = new ArrayList<>(e.quantities());
      e.epcs().forEach(epc -> quantities.add(new TraceEvent.QuantityElement(epc, null, null)));
      List<TraceEvent.QuantityElement> inputs = new ArrayList<>(e.inputQuantities());
      e.inputEpcs().forEach(epc -> inputs.add(new TraceEvent.QuantityElement(epc, null, null)));
      List<TraceEvent.QuantityElement> outputs = new ArrayList<>(e.outputQuantities());
      e.outputEpcs().forEach(epc -> outputs.add(new TraceEvent.QuantityElement(epc, null, null)));
      entries.add(
          new TimelineEntry(
              stored.seq(),
              e.eventId(),
              e.type().name(),
              e.action() == null ? null : e.action().name(),
              TraceIds.cbvWord(e.bizStep()),
              TraceIds.cbvWord(e.disposition()),
              e.eventTime(),
              stored.recordTime(),
              stored.organisationId() == null ? null : stored.organisationId().value(),
              quantities,
              inputs,
              outputs,
              e.sources(),
              e.destinations(),
              e.bizTransactions(),
              partyNames,
              measurements,
              declares,
              declares ? TraceIds.cbvWord(e.errorDeclaration().reason()) : null,
              !declares
                  ? null
                  : Objects.requireNonNullElse(
                      e.errorDeclaration().declarationTime(), stored.recordTime()),
              declares
                  && e.eventId() != null
                  && recorded.contains(stored.organisationId() + " " + e.eventId()),
              declares ? e.errorDeclaration().correctiveEventIds() : List.of(),
              !declares
                  && e.eventId() != null
                  && declared.contains(stored.organisationId() + " " + e.eventId()),
              e.bizLocation()));
    }
    entries.sort(
        Comparator.comparing(
                (TimelineEntry t) -> t.declaresError() ? t.declaredAt() : t.eventTime(),
                Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(TimelineEntry::seq));
    return entries;
  }

  /** The name an event gives its owning (or possessing) party among these, if it gives one. */
  private static void named(
      Map<String, String> names, List<TraceEvent.Party> parties, String name) {
    if (name == null || name.isBlank()) {
      return;
    }
    for (String type : List.of("owning_party", "possessing_party")) {
      for (TraceEvent.Party p : parties) {
        if (type.equals(TraceIds.cbvWord(p.type()))) {
          names.put(p.id(), name);
          return;
        }
      }
    }
  }

  static OrganisationScope scope(CurrentUser user) {
    return user == null ? OrganisationScope.everything() : user.readScope();
  }
}
