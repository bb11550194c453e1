package org.ayni.trace;

import java.util.List;
import java.util.UUID;

/**
 * Everything downstream of a lot or of a member's deliveries: every lot that contains some of it
 * (with the share) and every shipment of those lots. Only what the caller may read is listed.
 *
 * @param origin "lot" or "member"
 */
public record ForwardTrace(
    String origin,
    UUID originId,
    String originLabel,
    List<TraceLot> lots,
    List<TraceShipment> shipments,
    int hiddenLots) {

  public ForwardTrace {
    lots = List.copyOf(lots);
    shipments = List.copyOf(shipments);
  }
}
