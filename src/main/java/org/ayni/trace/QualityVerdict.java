package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * What the latest inspection of a lot found, of those still standing (not declared erroneous): the
 * last event, by event time, whose disposition was {@code conformant} or {@code non_conformant}. It
 * is kept apart from the lot's disposition, which every later event replaces: a shipment of part of
 * a lot found non-conformant sets its disposition to {@code in_transit}, and what stays is as
 * non-conformant as before, and so are parts split off it (ADR 0019).
 *
 * @param outcome the CBV word: {@code conformant} or {@code non_conformant}
 * @param organisationId the organisation whose event it was, one of the reader's: the lot's owner,
 *     or an organisation it was shipped to (its holding's verdict)
 * @param fromLotId for a part split off a lot, with no inspection of its own: the lot whose
 *     inspection it was (the verdict that lot had when the part was split off); null otherwise
 * @param fromLot that lot's code (or identifier)
 */
public record QualityVerdict(
    String outcome,
    String eventId,
    OffsetDateTime inspectedAt,
    OrganisationId organisationId,
    UUID fromLotId,
    String fromLot) {

  public boolean nonConformant() {
    return InspectionOutcome.NON_CONFORMANT.disposition().equals(outcome);
  }
}
