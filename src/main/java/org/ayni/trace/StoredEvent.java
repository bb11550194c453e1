package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * An event as the log holds it: the event, the organisation that recorded it, when (recordTime),
 * its position in the log ({@code seq}, increasing in commit order within one capture) and the
 * capture job it came with (null for a single-event capture or an internal command).
 */
public record StoredEvent(
    long seq,
    OrganisationId organisationId,
    OffsetDateTime recordTime,
    UUID captureId,
    TraceEvent event) {}
