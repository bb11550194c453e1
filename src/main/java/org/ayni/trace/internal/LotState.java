package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceEvent;

/**
 * The rows of the projection that one batch of events touches, read once per batch (never per
 * event) and then changed in memory by {@link LotPlanner} as it goes through the events.
 */
public final class LotState {

  final OrganisationId organisation;

  /** Lots by identifier and by id (the batch's own new lots are added as they are planned). */
  final Map<String, LotRow> lots = new HashMap<>();

  final Map<UUID, LotRow> lotsById = new HashMap<>();

  /** The organisation's stock, by lot id. */
  final Map<UUID, StockRow> stock = new HashMap<>();

  /** Shipments of the named lots to the organisation (not voided), by lot id. */
  final Map<UUID, List<ShipmentRow>> shipmentsTo = new HashMap<>();

  /**
   * The named lots shipped to the organisation in a shipment its shipper declared erroneous: the
   * receiver may still name them (its own events of them may come late), though not receive them.
   */
  final Set<UUID> shipmentsUndone = new HashSet<>();

  /** The organisation's products. */
  final List<ProductRow> products = new ArrayList<>();

  /**
   * The kinds of other organisations' products of the lots the batch names (a lot received from
   * another organisation, made into the organisation's own product), by product id.
   */
  final Map<UUID, ProductKind> otherKinds = new HashMap<>();

  /**
   * What the batch's lots of no product were made of, by lot id: the kinds of the nearest lots of a
   * product upstream of each (a part split off a lot received without a product of one's own is
   * still that lot's kind). Lots made of nothing known have none. The planner adds the lots of no
   * product it makes.
   */
  final Map<UUID, Set<ProductKind>> originKinds = new HashMap<>();

  /** The codes of the deactivated organisations among those the batch's events name. */
  final Set<String> inactiveOrganisations = new HashSet<>();

  /** The organisation's conversion factors and the platform defaults. */
  final List<FactorRow> factors = new ArrayList<>();

  /** Members and production units named by URN in the batch, by URN. */
  final Map<String, PartyRef> members = new HashMap<>();

  final Map<String, PartyRef> units = new HashMap<>();

  /** Organisations named as parties ({@code urn:ayni:org:{code}}), by code. */
  final Map<String, PartyRef> organisations = new HashMap<>();

  /** The organisation and those below it (where its members may be). */
  final Set<OrganisationId> tree = new HashSet<>();

  /**
   * GTIN-14s of products of organisations unrelated to this one (neither above nor below it), by
   * GTIN, among those of the lots a batch would make: a lot of such a GTIN is theirs, whatever the
   * spelling of its identifier.
   */
  final Map<String, OrganisationId> foreignGtins = new HashMap<>();

  /**
   * Codes of unrelated organisations, by code, among those in our lot URNs ({@code
   * urn:ayni:lot:{code}:…}) of the lots a batch would make: such a lot is theirs to make.
   */
  final Map<String, OrganisationId> foreignCodes = new HashMap<>();

  /**
   * For lots the batch's transformations take as inputs, which of the lots they make (existing
   * ones) are already upstream of them, by input lot: making such a lot from the input would close
   * a cycle.
   */
  final Map<UUID, Set<UUID>> upstreamOutputs = new HashMap<>();

  /** What the organisation's events that the batch declares erroneous did, by eventID. */
  final Map<String, VoidTarget> voidTargets = new HashMap<>();

  /**
   * For each lot (or holding of the organisation's) whose disposition an event the batch declares
   * erroneous set, the disposition it had before (from the last event of the same organisation
   * naming it with one that is not declared erroneous), by lot id; null where none did.
   */
  final Map<UUID, Disposition> dispositionsBefore = new HashMap<>();

  /**
   * For each lot (or holding of the organisation's) whose place an event the batch declares
   * erroneous set, the place the same organisation's other events last gave it (null for none), by
   * lot id.
   */
  final Map<UUID, Place> placesBefore = new HashMap<>();

  /** A disposition (CBV word or URI), the event that set it and that event's time. */
  record Disposition(String word, String eventId, OffsetDateTime at) {}

  /** A place (bizLocation) and the time of the event that gave it. */
  record Place(String location, OffsetDateTime at) {}

  /**
   * The organisation's lots every event naming which was declared erroneous: an event may make them
   * again (ids).
   */
  final Set<UUID> remakable = new HashSet<>();

  /** Inputs and outputs already recorded under a transformationID, by transformationID. */
  final Map<String, List<PartRow>> transformationParts = new HashMap<>();

  /**
   * The standing transformations that consumed a lot of the organisation's of no product yet (as a
   * rule first seen being consumed, and held then to no more than their inputs), by that lot's id:
   * held again to the kinds and factors of what it is when its product comes (ADR 0017).
   */
  final Map<UUID, List<Consumer>> consumers = new HashMap<>();

  public LotState(OrganisationId organisation) {
    this.organisation = organisation;
    tree.add(organisation);
  }

  void addLot(LotRow lot) {
    lots.put(lot.identifier, lot);
    lotsById.put(lot.id, lot);
  }

  /**
   * What an organisation's events last said of a lot it owns (on the lot) or of its holding of
   * another's (on the holding): a disposition, the event that set it (its index in the batch when
   * one of the batch's did) and a place.
   */
  public abstract static sealed class Described permits LotRow, StockRow {
    String location;
    String disposition;
    String dispositionEventId;
    int dispositionIndex = -1;

    /**
     * The times of the events that gave the disposition and the place (null where none did, or for
     * rows described before these were kept): an event older than these does not change them, so
     * that events captured late (a tablet synchronised after days offline) leave the state the
     * later events gave.
     */
    OffsetDateTime dispositionAt;

    OffsetDateTime locationAt;

    /** Whether an event of the batch set the place. */
    boolean placed;

    /** The lot described. */
    abstract UUID lotId();

    /** The eventID of the event that set the disposition, given the batch's eventIDs. */
    String dispositionEvent(List<String> eventIds) {
      return dispositionIndex >= 0 ? eventIds.get(dispositionIndex) : dispositionEventId;
    }
  }

  /** A lot as the projection keeps it. */
  public static final class LotRow extends Described {
    final UUID id;
    final String identifier;
    final OrganisationId owner;
    final String kind;
    final String code;
    final String gtin;
    UUID productId;
    String unit;
    BigDecimal quantityIn;
    final BigDecimal quantityInRead;
    final boolean created;
    final int createdIndex;
    final OffsetDateTime createdAt;

    /** The index of the batch's event that made it again (see {@link #remakable}), else -1. */
    int remadeIndex = -1;

    /**
     * The index of the batch's event dated before the one that made it so far (a device's events
     * sent out of order): its making event from now on, as if the events had come in their times'
     * order; else -1.
     */
    int madeEarlierIndex = -1;

    /** When it was made: {@link #createdAt}, or the time of the event {@link #madeEarlierIndex}. */
    OffsetDateTime madeAt;

    boolean changed;

    /** Whether a column a trace shows (product, unit, quantity in) changed, not only others. */
    boolean traceChanged;

    /** A lot read from the database. */
    public LotRow(
        UUID id,
        String identifier,
        OrganisationId owner,
        String kind,
        String code,
        String gtin,
        UUID productId,
        String unit,
        BigDecimal quantityIn,
        String location,
        String disposition,
        String dispositionEventId,
        OffsetDateTime createdAt) {
      this(
          id,
          identifier,
          owner,
          kind,
          code,
          gtin,
          productId,
          unit,
          quantityIn,
          location,
          disposition,
          false,
          -1,
          createdAt);
      this.dispositionEventId = dispositionEventId;
    }

    LotRow(
        UUID id,
        String identifier,
        OrganisationId owner,
        String kind,
        String code,
        String gtin,
        UUID productId,
        String unit,
        BigDecimal quantityIn,
        String location,
        String disposition,
        boolean created,
        int createdIndex,
        OffsetDateTime createdAt) {
      this.id = id;
      this.identifier = identifier;
      this.owner = owner;
      this.kind = kind;
      this.code = code;
      this.gtin = gtin;
      this.productId = productId;
      this.unit = unit;
      this.quantityIn = quantityIn;
      this.quantityInRead = quantityIn;
      this.location = location;
      this.disposition = disposition;
      this.created = created;
      this.createdIndex = createdIndex;
      this.createdAt = createdAt;
    }

    public UUID id() {
      return id;
    }

    @Override
    UUID lotId() {
      return id;
    }

    public String identifier() {
      return identifier;
    }
  }

  /**
   * What the organisation holds of a lot; for a holder other than the owner also what its own
   * events last said of its holding (disposition and place: the owner's are on the lot).
   */
  public static final class StockRow extends Described {
    final UUID lotId;
    BigDecimal quantity;
    String unit;
    boolean tracked;
    final boolean created;

    /** The quantity as read: the update only applies if nobody changed it since. */
    final BigDecimal read;

    /**
     * The latest event time of the holding's movements (undone ones too: a bound, never too early),
     * or null for none (or a holding kept before these times were). An operation dated at or after
     * it finds the stock it takes: nothing happened to the holding since.
     */
    OffsetDateTime movedAt;

    /**
     * The holding's movements after the earliest time the batch dates an event of the lot (read
     * only when that is older than {@link #movedAt}; undone ones left out), then the batch's own:
     * what an operation dated in the past must leave enough for.
     */
    final List<Moved> since = new ArrayList<>();

    /**
     * For a holding not tracked (first seen being consumed) that the batch names: its whole history
     * is in {@link #since}, so that an inflow (or an outflow undone) can find it was below zero at
     * no moment and track it.
     */
    boolean wholeHistory;

    public StockRow(UUID lotId, BigDecimal quantity, String unit, boolean tracked) {
      this(lotId, quantity, unit, tracked, false);
    }

    StockRow(UUID lotId, BigDecimal quantity, String unit, boolean tracked, boolean created) {
      this.lotId = lotId;
      this.quantity = quantity;
      this.unit = unit;
      this.tracked = tracked;
      this.created = created;
      this.read = quantity;
    }

    @Override
    UUID lotId() {
      return lotId;
    }
  }

  /** A movement of a holding at the time of its event, in its own unit. */
  public record Moved(UUID id, OffsetDateTime at, BigDecimal quantity, String unit) {}

  /** A shipment of a lot to the organisation; {@code received} once it recorded the receipt. */
  public static final class ShipmentRow {
    final UUID id;
    final UUID lotId;
    final BigDecimal quantity;
    final String unit;
    boolean received;

    /** What the batch's event that received it received so far (its lines of the lot), in unit. */
    BigDecimal receivedSoFar;

    /** The organisation that shipped it (null where not known). */
    OrganisationId from;

    /** When it was shipped (null where not known). */
    OffsetDateTime shippedAt;

    /** Its papers as the shipment keeps them ("type id, type id"; null for none). */
    String reference;

    /**
     * @param quantity what was shipped (null: not said), in {@code unit}
     */
    public ShipmentRow(UUID id, UUID lotId, BigDecimal quantity, String unit, boolean received) {
      this.id = id;
      this.lotId = lotId;
      this.quantity = quantity;
      this.unit = unit;
      this.received = received;
    }
  }

  /** A product of the organisation. */
  public record ProductRow(
      UUID id, String code, String urn, ProductKind kind, String unit, String gtin) {}

  /** A conversion factor (the organisation's, or a platform default). */
  public record FactorRow(
      UUID id,
      OrganisationId organisation,
      UUID productId,
      ProductKind kind,
      String step,
      BigDecimal maxYield,
      String inputUnit,
      String outputUnit,
      String verification,
      String source,
      String referenceKey,
      OffsetDateTime recordedAt) {}

  /**
   * A member, production unit or organisation named by URN: its id, organisation, code and name
   * (and, for a unit, its member).
   */
  public record PartyRef(
      UUID id, OrganisationId organisation, String code, String name, UUID memberId) {}

  /** A stock movement of an earlier event. */
  public record MovementRow(UUID id, UUID lotId, String kind, BigDecimal quantity, String unit) {}

  /**
   * An input or output recorded under a transformationID, with its lot's product: its stock
   * movement, or none (null) for a part named without a quantity, and the number of the event that
   * recorded it (0 for one of the batch).
   */
  public record PartRow(
      UUID movementId,
      UUID lotId,
      boolean input,
      BigDecimal quantity,
      String unit,
      UUID productId,
      long seq) {}

  /**
   * A transformation (its events of one transformationID, or one event) as the consumer of a lot:
   * its step, its time and its inputs and outputs.
   */
  public record Consumer(
      String bizStep, OffsetDateTime at, List<PartRow> ins, List<PartRow> outs) {}

  /** What an earlier event of the organisation did, to be undone when it is declared erroneous. */
  public static final class VoidTarget {
    final String eventId;
    final long seq;

    /** The event's time (that of its movements), or null where not read. */
    OffsetDateTime at;

    final List<MovementRow> movements = new ArrayList<>();
    final List<UUID> edgeIds = new ArrayList<>();
    final Set<UUID> edgeOutputs = new HashSet<>();
    final List<UUID> receiptIds = new ArrayList<>();

    /**
     * The lots of its receipts: their traces list the receipts, whether or not a stock movement of
     * the receipt (which a receipt without a quantity lacks) marks them when undone.
     */
    final Set<UUID> receiptLots = new HashSet<>();

    final List<UUID> shipmentIds = new ArrayList<>();

    /** A lot of a shipment the event made that its receiver received, or null. */
    UUID receivedShipmentLot;

    /** The place (bizLocation) the event gave the lots it named, or null. */
    String place;

    /** The lots the event named, by identifier (whose place it may have set). */
    final List<String> named = new ArrayList<>();

    /**
     * The transformationID of a part of a transformation recorded in several events, or null: its
     * edges are the whole transformation's (every edge of it is among {@link #edgeIds}), made again
     * from the parts that stand.
     */
    String transformationId;

    /** The event as the log holds it (a declaration of it is the same event), if read. */
    TraceEvent event;

    boolean alreadyVoided;

    public VoidTarget(String eventId, long seq) {
      this.eventId = eventId;
      this.seq = seq;
    }
  }
}
