package org.ayni.trace;

import java.time.OffsetDateTime;
import org.ayni.shared.OrganisationId;

/**
 * What the latest inspection of a lot found, of those still standing (not declared erroneous): the
 * last event, by event time, whose disposition was {@code conformant} or {@code non_conformant}. It
 * is kept apart from the lot's disposition, which every later event replaces: a shipment of part of
 * a lot found non-conformant sets its disposition to {@code in_transit}, and what stays is as
 * non-conformant as before (ADR 0019).
 *
 * @param outcome the CBV word: {@code conformant} or {@code non_conformant}
 * @param organisationId the organisation whose event it was: the lot's owner, or for a reader the
 *     lot was shipped to, one of the reader's organisations (its holding's verdict)
 */
public record QualityVerdict(
    String outcome, String eventId, OffsetDateTime inspectedAt, OrganisationId organisationId) {

  public boolean nonConformant() {
    return InspectionOutcome.NON_CONFORMANT.disposition().equals(outcome);
  }
}
