package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.TraceLot;
import org.ayni.trace.TraceMember;
import org.ayni.trace.TracePlot;
import org.ayni.trace.TraceReceipt;
import org.ayni.trace.Units;
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.ayni.trace.internal.TraceQueries.LotColumns;
import org.ayni.trace.internal.TraceQueries.ReceiptColumns;

/**
 * Turns the rows of a backward trace into the trace a reader sees. Reads do it for lots traced from
 * the closure and for readers who may not see all of a ready trace; the capture does it once for a
 * ready trace's everyone-sees-everything form (ADR 0007), which reads then decode as it is.
 */
public final class TraceAssembly {

  private TraceAssembly() {}

  /**
   * The backward trace a reader sees from the rows of one (in trace order, each row saying whether
   * the reader may see its lot): every visible upstream lot and receipt with its share of the lot
   * and the quantity of the lot it stands for, grouped by member and by plot.
   *
   * @throws NotFoundException when the reader may not see the lot itself
   */
  public static BackwardTrace backward(OrganisationScope scope, List<BackwardRow> rows) {
    BackwardRow self = null;
    for (BackwardRow r : rows) {
      if (r.depth() == 0) {
        self = r;
        break;
      }
    }
    if (self == null || !self.visible()) {
      throw new NotFoundException("lot.not-found");
    }
    // how much another organisation's lot holds is its own: a reader outside it (one it was
    // shipped to) sees the shares, not the quantities they stand for
    BigDecimal quantity =
        includes(scope, self.lot().organisationId()) ? self.lot().quantityIn() : null;
    // Rows are in trace order (TraceQueries.TRACE_ORDER): a lot's receipts are next to each other.
    List<TraceLot> lots = new ArrayList<>(rows.size());
    List<TraceReceipt> receipts = new ArrayList<>(rows.size());
    double hidden = 0;
    double visibleShare = 0;
    for (int first = 0; first < rows.size(); ) {
      BackwardRow row = rows.get(first);
      int end = first + 1;
      while (end < rows.size() && rows.get(end).lotId().equals(row.lotId())) {
        end++;
      }
      if (row.depth() > 0 && row.visible()) {
        lots.add(
            lot(
                row.lot(),
                row.share(),
                row.depth(),
                equivalent(row.share(), quantity),
                includes(scope, row.lot().organisationId())));
      }
      if (row.receipt() != null) {
        List<BackwardRow> group = rows.subList(first, end);
        double[] fractions = fractions(group, row.lot());
        for (int i = 0; i < fractions.length; i++) {
          ReceiptColumns r = group.get(i).receipt();
          double share = row.share() * fractions[i];
          if (!row.visible() || !includes(scope, r.organisationId())) {
            hidden += share;
            continue;
          }
          visibleShare += share;
          receipts.add(receipt(row.lot(), r, share, equivalent(share, quantity)));
        }
      }
      first = end;
    }
    return new BackwardTrace(
        self.lotId(),
        self.lot().identifier(),
        self.lot().code(),
        quantity,
        self.lot().unit(),
        lots,
        receipts,
        membersOf(receipts, quantity),
        plotsOf(receipts, quantity),
        visibleShare,
        hidden);
  }

  /** A lot's line in a trace. */
  static TraceLot lot(LotColumns lot, double share, int depth, BigDecimal equivalent) {
    return lot(lot, share, depth, equivalent, true);
  }

  /**
   * A lot's line in a trace, with its quantities or, as a reader outside its organisation sees it,
   * only its share.
   */
  private static TraceLot lot(
      LotColumns lot, double share, int depth, BigDecimal equivalent, boolean quantities) {
    return new TraceLot(
        lot.id(),
        lot.identifier(),
        lot.code(),
        lot.organisationId(),
        lot.productName(),
        lot.unit(),
        quantities ? lot.quantityIn() : null,
        share,
        depth,
        quantities ? equivalent : null);
  }

  /** A receipt's line in a trace. */
  static TraceReceipt receipt(
      LotColumns lot, ReceiptColumns r, double share, BigDecimal equivalent) {
    return new TraceReceipt(
        r.id(),
        lot.id(),
        lot.code(),
        r.eventId(),
        r.sourceParty(),
        r.sourceName(),
        r.memberId(),
        r.memberCode(),
        r.memberName(),
        r.productionUnitId(),
        r.productionUnitCode(),
        r.productionUnitName(),
        r.quantity(),
        r.unit(),
        r.receivedAt(),
        share,
        equivalent);
  }

  private static boolean includes(OrganisationScope scope, UUID organisation) {
    return organisation == null || scope.all() || scope.includes(new OrganisationId(organisation));
  }

  /**
   * Each receipt's fraction of its lot: its quantity over what came into the lot (receipts and
   * outputs; the rest is its inputs'), else, where quantities do not compare, the receipts'
   * fractions of one another.
   */
  private static double[] fractions(List<BackwardRow> receipts, LotColumns lot) {
    LineageMath.Made made = new LineageMath.Made(lot.quantityIn(), lot.unit());
    double[] ofLot = new double[receipts.size()];
    double sum = 0;
    for (int i = 0; i < ofLot.length && !Double.isNaN(sum); i++) {
      ReceiptColumns r = receipts.get(i).receipt();
      Double share = LineageMath.receiptShare(r.quantity(), r.unit(), made);
      ofLot[i] = share == null ? 0 : share;
      sum = share == null ? Double.NaN : sum + share;
    }
    if (!Double.isNaN(sum) && sum <= 1 + 1e-9) {
      return ofLot;
    }
    String unit = receipts.getFirst().receipt().unit();
    double[] fractions = new double[receipts.size()];
    double total = 0;
    boolean comparable = true;
    for (int i = 0; i < fractions.length; i++) {
      ReceiptColumns r = receipts.get(i).receipt();
      BigDecimal q = r.quantity() == null ? null : Units.convert(r.quantity(), r.unit(), unit);
      if (q == null) {
        comparable = false;
      } else {
        fractions[i] = q.doubleValue();
        total += fractions[i];
      }
    }
    for (int i = 0; i < fractions.length; i++) {
      fractions[i] = comparable && total > 0 ? fractions[i] / total : 1.0 / fractions.length;
    }
    return fractions;
  }

  /** The receipts of one member (or party) or one plot, added up. */
  private static final class Group {
    final TraceReceipt first;
    int count;
    double share;
    BigDecimal delivered = BigDecimal.ZERO;

    Group(TraceReceipt first) {
      this.first = first;
    }

    void add(TraceReceipt r) {
      count++;
      share += r.share();
      if (delivered != null) {
        BigDecimal q =
            r.quantity() == null ? null : Units.convert(r.quantity(), r.unit(), first.unit());
        delivered = q == null ? null : delivered.add(q);
      }
    }
  }

  private static List<TraceMember> membersOf(List<TraceReceipt> receipts, BigDecimal quantity) {
    // a member by id; a party that is not a member by its identifier (a UUID never equals a String)
    Map<Object, Group> groups = new LinkedHashMap<>(receipts.size() * 2);
    for (TraceReceipt r : receipts) {
      Object key = r.memberId() != null ? r.memberId() : r.sourceParty();
      Group group = groups.get(key);
      if (group == null) {
        group = new Group(r);
        groups.put(key, group);
      }
      group.add(r);
    }
    List<TraceMember> members = new ArrayList<>(groups.size());
    for (Group group : groups.values()) {
      TraceReceipt first = group.first;
      members.add(
          member(
              first,
              group.count,
              group.delivered == null ? null : group.delivered.stripTrailingZeros(),
              group.share,
              equivalent(group.share, quantity)));
    }
    members.sort((a, b) -> Double.compare(b.share(), a.share()));
    return members;
  }

  private static List<TracePlot> plotsOf(List<TraceReceipt> receipts, BigDecimal quantity) {
    Map<UUID, Group> groups = new LinkedHashMap<>(receipts.size() * 2);
    for (TraceReceipt r : receipts) {
      if (r.productionUnitId() != null) {
        Group group = groups.get(r.productionUnitId());
        if (group == null) {
          group = new Group(r);
          groups.put(r.productionUnitId(), group);
        }
        group.share += r.share();
      }
    }
    List<TracePlot> plots = new ArrayList<>(groups.size());
    for (Group group : groups.values()) {
      TraceReceipt first = group.first;
      plots.add(plot(first, group.share, equivalent(group.share, quantity)));
    }
    plots.sort((a, b) -> Double.compare(b.share(), a.share()));
    return plots;
  }

  /** A member's (or party's) line, named as its first receipt names it. */
  static TraceMember member(
      TraceReceipt first,
      int deliveries,
      BigDecimal delivered,
      double share,
      BigDecimal equivalent) {
    return new TraceMember(
        first.memberId(),
        first.memberCode(),
        first.memberName(),
        first.sourceParty(),
        first.sourceName(),
        deliveries,
        delivered,
        first.unit(),
        share,
        equivalent);
  }

  /** A plot's line, named as its first receipt names it. */
  static TracePlot plot(TraceReceipt first, double share, BigDecimal equivalent) {
    return new TracePlot(
        first.productionUnitId(),
        first.productionUnitCode(),
        first.productionUnitName(),
        first.memberId(),
        first.memberName(),
        share,
        equivalent);
  }

  /**
   * share × quantity, the quantity of a lot a share stands for: to 3 decimals (half up), more for a
   * small one, so that it keeps 4 significant digits up to the 6 decimals quantities have (0.4 g of
   * gold in tonnes is 0.0004 t, not 0 t); the whole quantity for a share of 1.
   */
  public static BigDecimal equivalent(double share, BigDecimal quantity) {
    if (quantity == null) {
      return null;
    }
    if (share == 1.0) {
      return quantity.stripTrailingZeros();
    }
    double value = share * quantity.doubleValue();
    int scale = scaleOf(value);
    // A trace computes thousands of these, and the exact product costs a microsecond or two each:
    // in double arithmetic the product is off by far less than a millionth of a gram, so unless it
    // lies that close to a rounding boundary it rounds as the exact one does and gives the same
    // number (with the same scale).
    double scaled = value * POWERS[scale];
    if (scaled >= 0 && scaled < 1e15) {
      double fraction = scaled - Math.floor(scaled);
      if (Math.abs(fraction - 0.5) > Math.max(1e-9, scaled * 1e-14)) {
        return BigDecimal.valueOf(Math.round(scaled), scale).stripTrailingZeros();
      }
    }
    return BigDecimal.valueOf(share)
        .multiply(quantity)
        .setScale(scale, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

  /** The decimals an equivalent quantity of about this value keeps: 3, up to 6 below 1. */
  static int scaleOf(double value) {
    return value > 0 ? Math.clamp(3 - (int) Math.floor(Math.log10(value)), 3, 6) : 3;
  }
}
