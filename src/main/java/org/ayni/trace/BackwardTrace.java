package org.ayni.trace;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Everything upstream of a lot: every lot it was made from, every receipt, member and production
 * unit, each with the share of the lot's material it contributes (proportional through every
 * transformation, split and merge). Only what the caller may read is listed; {@code hiddenShare} is
 * the share of receipts outside their scope.
 *
 * @param receiptShare the share of the lot accounted for by the listed receipts (1 when every
 *     origin is a receipt the caller sees)
 */
public record BackwardTrace(
    UUID lotId,
    String identifier,
    String code,
    BigDecimal quantity,
    String unit,
    List<TraceLot> lots,
    List<TraceReceipt> receipts,
    List<TraceMember> members,
    List<TracePlot> plots,
    double receiptShare,
    double hiddenShare) {

  public BackwardTrace {
    lots = List.copyOf(lots);
    receipts = List.copyOf(receipts);
    members = List.copyOf(members);
    plots = List.copyOf(plots);
  }
}
