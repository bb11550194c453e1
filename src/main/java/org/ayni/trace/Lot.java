package org.ayni.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;

/**
 * A lot as the event log made it: a quantity of one product at one place owned by one organisation
 * (or an item or EPC pattern a captured event named).
 *
 * @param kind LOT, ITEM (a serialised item) or PATTERN (an EPC pattern)
 * @param quantityIn everything that came into the lot (receipts, outputs), in its unit; as an
 *     organisation it was shipped to sees it ({@link #asSeenBy}), what that one received
 * @param stock what its owner holds now (or that organisation); null unless {@code stockTracked}
 * @param stockTracked false when the lot's origin is outside the log (first seen being consumed):
 *     the sum of its known movements is then no stock
 * @param corrected the event that created it was declared erroneous
 */
public record Lot(
    UUID id,
    String identifier,
    OrganisationId organisationId,
    String kind,
    String code,
    String gtin,
    UUID productId,
    String productCode,
    String productName,
    String unit,
    BigDecimal quantityIn,
    BigDecimal stock,
    boolean stockTracked,
    String location,
    String disposition,
    String createdEventId,
    OffsetDateTime createdAt,
    boolean corrected) {

  public Lot {
    stock = stockTracked ? stock : null;
  }

  private static final String USED_UP = "used_up";
  private static final String PARTLY_SHIPPED = "partly_shipped";
  private static final String IN_TRANSIT = "in_transit";

  /**
   * Dispositions under which a lot with nothing left is used up (transformed, split, merged or sold
   * away); a lot in transit, destroyed and the like says more by its disposition.
   */
  private static final Set<String> HOLDING =
      Set.of("active", "in_progress", "available", "conformant", "non_conformant");

  /**
   * Whether its owner holds nothing of it any more while its disposition still says it is held; not
   * a lot nothing came into (its making declared erroneous, say).
   */
  public boolean usedUp() {
    return stockTracked
        && stock != null
        && stock.signum() == 0
        && quantityIn != null
        && quantityIn.signum() > 0
        && (disposition == null || HOLDING.contains(disposition));
  }

  /** Whether the event that made it was declared erroneous and nothing else came into it. */
  public boolean neverMade() {
    return corrected && (quantityIn == null || quantityIn.signum() == 0);
  }

  /**
   * Whether part of it was shipped (its disposition, set by the shipment, says in transit) while
   * its owner still holds the rest.
   */
  public boolean partlyShipped() {
    return stockTracked && stock != null && stock.signum() > 0 && IN_TRANSIT.equals(disposition);
  }

  /**
   * Its state in a word, as the API gives it beside its disposition: {@code used_up} or {@code
   * partly_shipped} where its stock says so, else its disposition (null without one).
   */
  @JsonProperty("state")
  public String state() {
    if (usedUp()) {
      return USED_UP;
    }
    if (partlyShipped()) {
      return PARTLY_SHIPPED;
    }
    return disposition;
  }

  /**
   * The message key of its state as the pages show it: used up or partly shipped where its stock
   * says so, else its disposition's (which the bundles may not have: a captured event's own); null
   * without a disposition.
   */
  public String stateKey() {
    String state = state();
    return switch (state) {
      case null -> null;
      case USED_UP -> "trace.lot.used-up";
      case PARTLY_SHIPPED -> "trace.lot.partly-shipped";
      default -> "trace.disposition." + state;
    };
  }

  /**
   * The lot as a reader with that scope may see it: its owner's organisations see it whole; an
   * organisation it was shipped to sees its own holding (what it received, holds, and its own
   * events last said of it: disposition and place), not what the owner made, has left or did with
   * it later; one that holds nothing of it yet (a shipment to it not yet received) sees that it
   * holds none and the lot is in transit to it.
   *
   * @param held the scope's holdings of the lot (none when it holds nothing of it)
   */
  public Lot asSeenBy(OrganisationScope scope, List<LotDetail.Holding> held) {
    if (scope.includes(organisationId)) {
      // a lot whose making was undone is nowhere, in no state (an inspection of it, say, stands
      // in the log but judged nothing that is: QA of 2026-12-07i, item 5)
      return neverMade() ? asHolding(quantityIn, stock, stockTracked, null, null) : this;
    }
    if (held.isEmpty()) {
      // shipped to the reader (what makes it visible) and not received yet: it holds none, and
      // the lot is on its way to it; not "unknown" (QA of 2026-12-07f, finding 7)
      return asHolding(null, BigDecimal.ZERO, true, null, IN_TRANSIT);
    }
    BigDecimal received = null;
    BigDecimal stock = null;
    boolean tracked = true;
    String state = null;
    String place = null;
    for (int i = 0; i < held.size(); i++) {
      LotDetail.Holding h = held.get(i);
      received = sum(received, h.received(), h.unit());
      BigDecimal q = Units.convert(h.quantity(), h.unit(), unit);
      tracked &= h.tracked() && q != null;
      stock = q == null ? stock : stock == null ? q : stock.add(q);
      // several holdings (organisations of one scope) show a disposition or place they share
      state = i == 0 || Objects.equals(state, h.disposition()) ? h.disposition() : null;
      place = i == 0 || Objects.equals(place, h.location()) ? h.location() : null;
    }
    if ((received == null || received.signum() == 0) && tracked && stock.signum() == 0) {
      // its receipt declared erroneous: as before it came, on its way (QA of 2026-12-07g)
      return asHolding(null, BigDecimal.ZERO, true, null, IN_TRANSIT);
    }
    return asHolding(received, tracked ? stock : null, tracked, place, state);
  }

  /** The lot with a holding's quantities, place and disposition in place of the owner's. */
  private Lot asHolding(
      BigDecimal received, BigDecimal stock, boolean tracked, String place, String disposition) {
    return new Lot(
        id,
        identifier,
        organisationId,
        kind,
        code,
        gtin,
        productId,
        productCode,
        productName,
        unit,
        received,
        stock,
        tracked,
        place,
        disposition,
        createdEventId,
        createdAt,
        corrected);
  }

  private BigDecimal sum(BigDecimal total, BigDecimal quantity, String from) {
    BigDecimal q = quantity == null ? null : Units.convert(quantity, from, unit);
    return q == null ? total : total == null ? q : total.add(q);
  }

  /** The lot's code, or its identifier when it has none. */
  public String label() {
    return code != null ? code : identifier;
  }
}
