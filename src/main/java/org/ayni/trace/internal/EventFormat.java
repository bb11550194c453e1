package org.ayni.trace.internal;

import org.ayni.trace.TraceEvent;

/**
 * The wire format of the log's bodies (EPCIS 2.0 JSON-LD, implemented in {@code trace.epcis}, the
 * only package that reads or writes it).
 */
public interface EventFormat {

  /**
   * The event with its body and eventID complete: the body written from the fields when it is null,
   * the CBV 2.0 event hash as eventID when it has none (also written into the body). Throws
   * IllegalArgumentException, saying why, when the written event is not valid EPCIS 2.0.
   */
  TraceEvent complete(TraceEvent event);

  /**
   * The log entry of a completed event (see {@link #complete}), with the index rows its body holds
   * (extension fields, sensor reports).
   */
  LogEntry entry(int index, TraceEvent complete);

  /**
   * Whether two bodies given one eventID describe one event (a capture sent again), not two: the
   * same JSON with members in any order (the contexts they came with aside), or any bodies where
   * the eventID is the CBV 2.0 event hash, which names the content however it is written. Two error
   * declarations of one event are one where they say the same (reason, corrective events in any
   * order, fields of their own), whenever each was declared; otherwise they are {@link
   * Sameness#DECLARED_OTHERWISE}.
   */
  Sameness compare(String eventId, String body, String other);

  /** What two bodies given one eventID are to each other. */
  enum Sameness {
    /** one event (sent again): stored once */
    SAME,
    /** two error declarations of one event that say different things: the first stands */
    DECLARED_OTHERWISE,
    /** two events */
    OTHER
  }

  /** The event a stored body describes; empty for an extension event type. */
  java.util.Optional<TraceEvent> read(String body);
}
