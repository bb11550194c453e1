package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One event of a lot's timeline, as the lot page and the API show it, in the order things happened:
 * an event at its time, an error declaration at the time it was declared.
 *
 * @param bizStep the CBV word (receiving, shipping…) or our step URI
 * @param partyNames names of its source and destination parties, by party: an organisation on the
 *     platform by its name, a member and plot of a delivery the reader may see as the registry
 *     names them, another as the event names it ({@code ayni:sourceName}, {@code
 *     ayni:destinationName})
 * @param measurements the event's other {@code ayni:} extension values (moisture, cut test…)
 * @param declaresError this event declares the event with the same eventID erroneous
 * @param declaredAt when it did (its declarationTime, else when it was recorded); null for others
 * @param undoes a declaration that undid an event of its own organisation in this timeline; false
 *     for one that names no event of its organisation (captured before its event, or by an
 *     organisation of another's event), which changes nothing, and for other events
 * @param correctiveEventIds the events a declaration names as correcting the erroneous one
 * @param erroneous a later event declared this one erroneous
 * @param place where it happened (its bizLocation), if it says
 */
public record TimelineEntry(
    long seq,
    String eventId,
    String type,
    String action,
    String bizStep,
    String disposition,
    OffsetDateTime eventTime,
    OffsetDateTime recordTime,
    UUID organisationId,
    List<TraceEvent.QuantityElement> quantities,
    List<TraceEvent.QuantityElement> inputs,
    List<TraceEvent.QuantityElement> outputs,
    List<TraceEvent.Party> sources,
    List<TraceEvent.Party> destinations,
    List<TraceEvent.BizTransaction> bizTransactions,
    Map<String, String> partyNames,
    Map<String, String> measurements,
    boolean declaresError,
    String errorReason,
    OffsetDateTime declaredAt,
    boolean undoes,
    List<String> correctiveEventIds,
    boolean erroneous,
    String place) {

  public TimelineEntry {
    correctiveEventIds = List.copyOf(correctiveEventIds);
  }
}
