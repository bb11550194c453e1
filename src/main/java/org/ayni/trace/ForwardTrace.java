package org.ayni.trace;

import java.util.List;
import java.util.UUID;

/**
 * Everything downstream of a lot or of a member's deliveries: every lot that contains some of it
 * (with the share) and every shipment of those lots. Only what the caller may read is listed.
 *
 * @param origin "lot" or "member"
 * @param hiddenDownstream some of it went on into lots the caller may not read (another
 *     organisation's, made of what was shipped to it); how many is that organisation's to tell
 */
public record ForwardTrace(
    String origin,
    UUID originId,
    String originLabel,
    List<TraceLot> lots,
    List<TraceShipment> shipments,
    boolean hiddenDownstream) {

  public ForwardTrace {
    lots = List.copyOf(lots);
    shipments = List.copyOf(shipments);
  }
}
