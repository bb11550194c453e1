package org.ayni.trace.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.EventLog;
import org.ayni.trace.EventProjection;
import org.ayni.trace.StoredEvent;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceRuleViolation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The event log on JDBC (ADR 0005): skips what the organisation stored already, lets every {@link
 * EventProjection} check the rest, inserts it in batches, notes it in the {@link EventFeed} and
 * lets the projections apply it, all in the caller's transaction.
 */
@Service
public class JdbcEventLog implements EventLog {

  private final EventStore store;
  private final EventFeed feed;
  private final EventFormat format;
  private final ObjectProvider<EventProjection> projections;
  private final Clock clock;
  private final LogHorizon horizon;

  JdbcEventLog(
      EventStore store,
      EventFeed feed,
      EventFormat format,
      ObjectProvider<EventProjection> projections,
      Clock clock,
      LogHorizon horizon) {
    this.store = store;
    this.feed = feed;
    this.format = format;
    this.projections = projections;
    this.clock = clock;
    this.horizon = horizon;
  }

  /** What {@link #appendEntries} did: the stored entries with their log records, and the rest. */
  public record Appended(
      List<LogEntry> stored, List<StoredEvent> storedEvents, List<LogEntry> duplicates) {}

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public AppendResult append(OrganisationId organisation, UUID captureId, List<TraceEvent> events) {
    List<FieldProblem> problems = new ArrayList<>();
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      TraceEvent event = events.get(i);
      List<FieldProblem> own = EventRules.problems(event, "events[" + i + "].");
      if (!own.isEmpty()) {
        problems.addAll(own);
        continue;
      }
      try {
        entries.add(format.entry(i, format.complete(event)));
      } catch (IllegalArgumentException notEpcis) {
        problems.add(
            FieldProblem.of("events[" + i + "]", "epcis.event.not-epcis", notEpcis.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    Appended appended;
    try {
      appended = appendEntries(organisation, captureId, entries);
    } catch (EventRefused refused) {
      if (refused.reason() instanceof TraceRuleViolation v && refused.eventIndex() >= 0) {
        throw new TraceRuleViolation(refused.eventIndex(), v.messageKey(), v.arguments().toArray());
      }
      throw refused.reason();
    }
    return new AppendResult(
        appended.storedEvents(), appended.duplicates().stream().map(LogEntry::eventId).toList());
  }

  /**
   * Appends complete entries (body and eventID set, already checked) in the caller's transaction:
   * duplicates (stored before, or repeated in the list) are skipped, the projections check and
   * apply the standard events. A projection's refusal is thrown as {@link EventRefused} naming the
   * entry's index; so is an eventID given again with another event ({@link EventIdReused}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Appended appendEntries(
      OrganisationId organisation, UUID captureId, List<LogEntry> entries) {
    // before reading which are stored: an event and its declaration sent at once are taken one
    // after the other (declarations are rare: they wait for the appends of events under way)
    store.lockEventIds(
        organisation,
        entries.stream().anyMatch(e -> e.event() != null && e.event().errorDeclaration() != null));
    horizon.begin(); // before the record time and positions: queries stop short of them
    Map<LogEntry.Key, String> stored =
        store.existing(organisation, entries.stream().map(LogEntry::eventId).toList());
    Set<LogEntry.Key> before = stored.keySet();
    Map<LogEntry.Key, String> seen = new HashMap<>(stored);
    List<LogEntry> fresh = new ArrayList<>();
    List<LogEntry> duplicates = new ArrayList<>();
    for (LogEntry entry : entries) {
      String earlier = seen.putIfAbsent(entry.key(), entry.body());
      if (earlier == null) {
        fresh.add(entry);
        continue;
      }
      switch (format.compare(entry.eventId(), earlier, entry.body())) {
        case SAME -> duplicates.add(entry); // sent again: stored once
        // events are never changed: a correction is a declaration and a new event
        case DECLARED_OTHERWISE ->
            throw new EventRefused(
                entry.index(), EventIdReused.declaredOtherwise(entry.index(), entry.eventId()));
        case OTHER ->
            throw new EventRefused(
                entry.index(), new EventIdReused(entry.index(), entry.eventId()));
      }
    }
    List<EventProjection> all = projections.orderedStream().toList();
    OffsetDateTime recordTime =
        OffsetDateTime.now(clock)
            .withOffsetSameInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MILLIS);
    List<StoredEvent> appended = new ArrayList<>();
    Map<Long, Integer> indexBySeq = new HashMap<>();
    Set<LogEntry> declaredFirst = declaredFirst(fresh, before);
    for (List<LogEntry> segment : segments(fresh)) {
      List<StoredEvent> now =
          appendSegment(
              organisation, captureId, segment, all, recordTime, indexBySeq, declaredFirst);
      appended.addAll(now);
      declaredFirst(organisation, now, appended, before, all, indexBySeq);
    }
    return new Appended(fresh, appended, duplicates);
  }

  /**
   * The entries whose error declaration came before them (stored already, or earlier in the list):
   * stored and undone at once, they take nothing.
   */
  private static Set<LogEntry> declaredFirst(List<LogEntry> entries, Set<LogEntry.Key> before) {
    Set<String> declared = new HashSet<>();
    for (LogEntry.Key key : before) {
      if (key.errorDeclared()) {
        declared.add(key.eventId());
      }
    }
    Set<LogEntry> first = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (LogEntry entry : entries) {
      TraceEvent e = entry.event();
      if (e == null || e.eventId() == null) {
        continue;
      }
      if (e.errorDeclaration() != null) {
        declared.add(e.eventId());
      } else if (declared.contains(e.eventId())) {
        first.add(entry);
      }
    }
    return first;
  }

  /**
   * The entries in runs the projections take one after the other: a new run starts at an error
   * declaration that follows an event, so that the projections see every event before it stored and
   * applied when they undo the declared one: the event itself, when it is earlier in the document,
   * and those that tell what the lots were before it (an older disposition or place that the
   * declared event had hidden). Declarations are rare, and those in a row share a run.
   */
  private static List<List<LogEntry>> segments(List<LogEntry> entries) {
    List<List<LogEntry>> segments = new ArrayList<>();
    List<LogEntry> current = new ArrayList<>();
    boolean stated = false;
    for (LogEntry entry : entries) {
      TraceEvent e = entry.event();
      if (e != null) {
        if (e.errorDeclaration() == null) {
          stated = true;
        } else if (stated) {
          segments.add(current);
          current = new ArrayList<>();
          stated = false;
        }
      }
      current.add(entry);
    }
    segments.add(current);
    return segments;
  }

  /**
   * Events whose error declaration came first (in an earlier capture, or earlier in this one):
   * stored and applied like any other, they are then undone by applying that declaration again (GS1
   * lets events arrive in any order). An event the declaration does not repeat (other lots, time…)
   * is refused as that event, by its index among the entries ({@code indexBySeq}).
   */
  private void declaredFirst(
      OrganisationId organisation,
      List<StoredEvent> appended,
      List<StoredEvent> stored,
      Set<LogEntry.Key> before,
      List<EventProjection> all,
      Map<Long, Integer> indexBySeq) {
    Map<String, StoredEvent> declarations = new HashMap<>();
    for (StoredEvent d : stored) {
      if (d.event().errorDeclaration() != null && d.event().eventId() != null) {
        declarations.putIfAbsent(d.event().eventId(), d);
      }
    }
    if (declarations.isEmpty() && before.stream().noneMatch(LogEntry.Key::errorDeclared)) {
      return; // as nearly always
    }
    for (StoredEvent e : appended) {
      String id = e.event().eventId();
      if (id == null || e.event().errorDeclaration() != null) {
        continue;
      }
      Optional<StoredEvent> declaration =
          Optional.ofNullable(declarations.get(id)).filter(d -> d.seq() < e.seq());
      if (declaration.isEmpty() && before.contains(new LogEntry.Key(id, true))) {
        declaration =
            store.ownByEventId(OrganisationScope.of(List.of(organisation)), id).stream()
                .map(this::stored)
                .flatMap(Optional::stream)
                .filter(d -> d.event().errorDeclaration() != null)
                .findFirst();
      }
      declaration.ifPresent(
          d -> {
            try {
              for (EventProjection projection : all) {
                projection.apply(organisation, List.of(d));
              }
            } catch (TraceRuleViolation v) {
              throw new EventRefused(indexBySeq.getOrDefault(e.seq(), -1), v);
            }
          });
    }
  }

  private List<StoredEvent> appendSegment(
      OrganisationId organisation,
      UUID captureId,
      List<LogEntry> fresh,
      List<EventProjection> all,
      OffsetDateTime recordTime,
      Map<Long, Integer> indexBySeq,
      Set<LogEntry> declaredFirst) {
    List<LogEntry> standard = fresh.stream().filter(e -> e.event() != null).toList();
    List<TraceEvent> events = standard.stream().map(LogEntry::event).toList();
    Set<Integer> declared = new HashSet<>();
    for (int i = 0; i < standard.size(); i++) {
      if (declaredFirst.contains(standard.get(i))) {
        declared.add(i);
      }
    }
    if (!events.isEmpty()) {
      for (EventProjection projection : all) {
        check(projection, organisation, standard, events, declared);
      }
    }
    List<Long> seqs = store.allocate(fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      indexBySeq.put(seqs.get(i), fresh.get(i).index());
    }
    store.insert(organisation, captureId, recordTime, fresh, seqs);
    feed.appended(organisation, seqs);
    List<StoredEvent> stored = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      if (fresh.get(i).event() != null) {
        stored.add(
            new StoredEvent(
                seqs.get(i), organisation, recordTime, captureId, fresh.get(i).event()));
      }
    }
    if (!stored.isEmpty()) {
      for (EventProjection projection : all) {
        projection.apply(organisation, stored);
      }
    }
    return stored;
  }

  private static void check(
      EventProjection projection,
      OrganisationId organisation,
      List<LogEntry> entries,
      List<TraceEvent> events,
      Set<Integer> declared) {
    try {
      projection.check(organisation, events, declared);
    } catch (TraceRuleViolation v) {
      int at = v.eventIndex();
      throw new EventRefused(at >= 0 && at < entries.size() ? entries.get(at).index() : -1, v);
    } catch (InvalidInputException e) {
      if (entries.size() > 1) {
        // Which event? Ask again one by one (checks only read), so the refusal names it.
        for (int i = 0; i < entries.size(); i++) {
          try {
            projection.check(
                organisation, List.of(events.get(i)), declared.contains(i) ? Set.of(0) : Set.of());
          } catch (TraceRuleViolation | InvalidInputException single) {
            throw new EventRefused(entries.get(i).index(), e);
          }
        }
      }
      throw new EventRefused(entries.size() == 1 ? entries.getFirst().index() : -1, e);
    }
  }

  @Override
  public Optional<StoredEvent> find(OrganisationScope scope, String eventId) {
    return store.ownByEventId(scope, eventId).stream()
        .map(this::stored)
        .flatMap(Optional::stream)
        .findFirst();
  }

  @Override
  public List<StoredEvent> naming(OrganisationScope scope, String identifier) {
    return stored(store.naming(scope, identifier, false));
  }

  @Override
  public List<StoredEvent> seenNaming(OrganisationScope scope, String identifier) {
    return stored(store.naming(scope, identifier, true));
  }

  private List<StoredEvent> stored(List<EventStore.Row> rows) {
    return rows.stream().map(this::stored).flatMap(Optional::stream).toList();
  }

  private Optional<StoredEvent> stored(EventStore.Row row) {
    return format
        .read(row.body())
        .map(
            event ->
                new StoredEvent(
                    row.seq(), row.organisationId(), row.recordTime(), row.captureId(), event));
  }
}
