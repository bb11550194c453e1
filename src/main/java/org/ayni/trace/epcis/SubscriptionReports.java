package org.ayni.trace.epcis;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.ayni.access.CurrentUser;
import org.ayni.access.SignedIn;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.web.EpcisVersion;
import org.ayni.trace.internal.EventFeed;
import org.ayni.trace.internal.EventFilter;
import org.ayni.trace.internal.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes and sends the reports of EPCIS subscriptions (ADR 0009), on one scheduler thread:
 *
 * <ol>
 *   <li><b>follow</b>: takes what transactions appended to the log ({@link EventFeed}, visible once
 *       they commit) and notes, for each subscription, the events that match its query and its
 *       account may read, as pending; then forgets the feed entries, in the same transaction;
 *   <li><b>backfill</b>: for a subscription with an {@code initialRecordTime}, notes the matching
 *       events already in the log when it was made, 500 at a time;
 *   <li><b>deliver</b>: POSTs a stream subscription's pending events as soon as there are any, a
 *       scheduled one's when its schedule is due (an empty report too with {@code reportIfEmpty}),
 *       as EPCISQueryDocuments of at most {@code batch} events with the subscription's ID, signed
 *       with its token ({@code GS1-Signature: sha256=} HMAC-SHA256 of the body, in hex). Pending
 *       events are forgotten only when the subscriber answered 2xx; otherwise the report is tried
 *       again later, waiting twice as long each time up to {@code retry-max}.
 * </ol>
 *
 * Events are reported in log order; a report is made with what the subscription's account may read
 * when it is made, and nothing for an account that is disabled or gone.
 */
@Component
class SubscriptionReports {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionReports.class);

  /** Feed entries followed in one transaction. */
  private static final int FEED_BATCH = 100;

  /** Positions looked up in one query. */
  private static final int CHUNK = 1000;

  /** Reports one subscription sends in one round before the others get their turn. */
  private static final int REPORTS_PER_ROUND = 20;

  private final Subscriptions subscriptions;
  private final NamedQueries queries;
  private final EventFeed feed;
  private final EventStore events;
  private final EpcisWriter writer;
  private final SignedIn accounts;
  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate transactions;
  private final CloseableHttpClient client;
  private final Clock clock;
  private final int batch;
  private final Duration retryInitial;
  private final Duration retryMax;

  SubscriptionReports(
      Subscriptions subscriptions,
      NamedQueries queries,
      EventFeed feed,
      EventStore events,
      EpcisWriter writer,
      SignedIn accounts,
      JdbcClient jdbc,
      JdbcTemplate template,
      TransactionTemplate transactions,
      CloseableHttpClient webhookClient,
      Clock clock,
      @Value("${ayni.epcis.subscriptions.batch:500}") int batch,
      @Value("${ayni.epcis.subscriptions.retry-initial:PT10S}") Duration retryInitial,
      @Value("${ayni.epcis.subscriptions.retry-max:PT1H}") Duration retryMax) {
    this.subscriptions = subscriptions;
    this.queries = queries;
    this.feed = feed;
    this.events = events;
    this.writer = writer;
    this.accounts = accounts;
    this.jdbc = jdbc;
    this.template = template;
    this.transactions = transactions;
    this.client = webhookClient;
    this.clock = clock;
    this.batch = batch;
    this.retryInitial = retryInitial;
    this.retryMax = retryMax;
  }

  /** One round: follow the log, backfill, deliver what is due. */
  @Scheduled(
      fixedDelayString = "${ayni.epcis.subscriptions.interval:PT1S}",
      initialDelayString = "${ayni.epcis.subscriptions.interval:PT1S}")
  void run() {
    try {
      while (follow()) {
        // until the feed is drained
      }
      // the subscriptions as they stand after following (which reads them in its transaction, so
      // that one made meanwhile misses nothing); without any, nothing else to do
      List<Subscriptions.Subscription> all = subscriptions.all();
      if (!all.isEmpty()) {
        backfill(all);
        deliver(all);
      }
    } catch (RuntimeException e) {
      log.error("EPCIS subscription reports failed; trying again in the next round", e);
    }
  }

  /**
   * A subscription ready to be matched: its account as it stands and its query's criteria (with its
   * initialRecordTime); empty when the account is disabled or gone, or the query no longer parses.
   */
  private record Matching(
      Subscriptions.Subscription subscription,
      CurrentUser owner,
      List<EventFilter.Criterion> criteria) {}

  private Optional<Matching> matching(
      Subscriptions.Subscription subscription, Map<UUID, Optional<CurrentUser>> owners) {
    Optional<CurrentUser> owner = owners.computeIfAbsent(subscription.ownerId(), accounts::account);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    Optional<NamedQueries.NamedQuery> query = queries.find(owner.get(), subscription.queryName());
    if (query.isEmpty()) {
      return Optional.empty();
    }
    List<EventFilter.Criterion> criteria;
    try {
      criteria =
          new ArrayList<>(
              EpcisQueryParameters.parse(
                      NamedQueries.parameters(query.get().query()),
                      List.of(),
                      NamedQueries.context(query.get().query()))
                  .filter()
                  .criteria());
    } catch (EpcisException e) {
      log.warn("The query of subscription {} no longer parses: {}", subscription.id(), e);
      return Optional.empty();
    }
    if (subscription.initialRecordTime() != null) {
      criteria.add(
          new EventFilter.Between(
              EventFilter.TimeColumn.RECORD_TIME, subscription.initialRecordTime(), null));
    }
    return Optional.of(new Matching(subscription, owner.get(), criteria));
  }

  /** Follows up to FEED_BATCH feed entries; whether there were that many. */
  boolean follow() {
    Boolean more =
        transactions.execute(
            status -> {
              List<EventFeed.Entry> entries = feed.oldest(FEED_BATCH);
              if (entries.isEmpty()) {
                return false;
              }
              List<Subscriptions.Subscription> all = subscriptions.all();
              if (!all.isEmpty()) {
                Map<OrganisationId, List<Long>> appended = new LinkedHashMap<>();
                for (EventFeed.Entry entry : entries) {
                  appended
                      .computeIfAbsent(entry.organisation(), o -> new ArrayList<>())
                      .addAll(entry.seqs());
                }
                Map<UUID, Optional<CurrentUser>> owners = new HashMap<>();
                for (Subscriptions.Subscription subscription : all) {
                  matching(subscription, owners).ifPresent(m -> note(m, appended));
                }
              }
              feed.remove(entries);
              return entries.size() == FEED_BATCH;
            });
    return Boolean.TRUE.equals(more);
  }

  /**
   * Notes the appended events that match, of the organisations the owner may read: its own, and
   * those shared with it, which the feed holds as the receiver's (LotStore.share).
   */
  private void note(Matching matching, Map<OrganisationId, List<Long>> appended) {
    for (Map.Entry<OrganisationId, List<Long>> organisation : appended.entrySet()) {
      if (!matching.owner().canRead(organisation.getKey())) {
        continue;
      }
      List<Long> seqs = organisation.getValue();
      for (int from = 0; from < seqs.size(); from += CHUNK) {
        List<Long> chunk = seqs.subList(from, Math.min(seqs.size(), from + CHUNK));
        List<EventFilter.Criterion> criteria = new ArrayList<>(matching.criteria());
        criteria.add(new EventFilter.Positions(chunk));
        List<EventStore.Row> rows =
            events.query(
                matching.owner().readScope(),
                new EventFilter(criteria, EventFilter.Order.LOG, false, null, chunk.size()));
        pending(matching.subscription().id(), rows);
      }
    }
  }

  /** Notes the rows as pending for the subscription, in one batch; one noted already stays once. */
  private void pending(UUID subscription, List<EventStore.Row> rows) {
    template.batchUpdate(
        "insert into epcis_subscription_pending (subscription_id, seq) select ?, ?"
            + " where not exists (select 1 from epcis_subscription_pending"
            + " where subscription_id = ? and seq = ?)",
        rows.stream()
            .map(r -> new Object[] {subscription, r.seq(), subscription, r.seq()})
            .toList());
  }

  /** Notes, for subscriptions with an initialRecordTime, events of the log before them. */
  void backfill(List<Subscriptions.Subscription> all) {
    Map<UUID, Optional<CurrentUser>> owners = new HashMap<>();
    for (Subscriptions.Subscription subscription : all) {
      if (subscription.backfillUntilSeq() == null) {
        continue;
      }
      Optional<Matching> matching = matching(subscription, owners);
      if (matching.isEmpty()) {
        continue;
      }
      transactions.executeWithoutResult(
          status -> {
            // its row before its pending rows, as a deletion locks them (see forget); gone: done
            if (jdbc.sql("select id from epcis_subscription where id = ? for update")
                .param(subscription.id())
                .query(UUID.class)
                .optional()
                .isEmpty()) {
              return;
            }
            List<EventFilter.Criterion> criteria = new ArrayList<>(matching.get().criteria());
            criteria.add(new EventFilter.PositionAtMost(subscription.backfillUntilSeq()));
            List<EventStore.Row> rows =
                events.query(
                    matching.get().owner().readScope(),
                    new EventFilter(
                        criteria,
                        EventFilter.Order.LOG,
                        false,
                        new EventFilter.Cursor(null, subscription.backfillAfterSeq()),
                        batch));
            pending(subscription.id(), rows);
            boolean done = rows.size() < batch;
            jdbc.sql(
                    "update epcis_subscription set backfill_after_seq = ?, backfill_until_seq = ?"
                        + " where id = ?")
                .params(
                    done ? null : rows.getLast().seq(),
                    done ? null : subscription.backfillUntilSeq(),
                    subscription.id())
                .update();
          });
    }
  }

  /** Sends the reports that are due. */
  void deliver(List<Subscriptions.Subscription> all) {
    OffsetDateTime now = now();
    Set<UUID> withPending =
        new HashSet<>(
            jdbc.sql("select distinct subscription_id from epcis_subscription_pending")
                .query(UUID.class)
                .list());
    for (Subscriptions.Subscription subscription : all) {
      if (subscription.backfillUntilSeq() != null
          || (subscription.nextAttemptAt() != null && subscription.nextAttemptAt().isAfter(now))
          || (subscription.stream() && !withPending.contains(subscription.id()))) {
        continue;
      }
      accounts.account(subscription.ownerId()).ifPresent(owner -> report(subscription, owner));
    }
  }

  /** Sends a subscription's pending events (or an empty report, when it asks for one). */
  private void report(Subscriptions.Subscription subscription, CurrentUser owner) {
    boolean scheduled = !subscription.stream();
    for (int round = 0; round < REPORTS_PER_ROUND; round++) {
      List<Long> seqs =
          jdbc.sql(
                  "select seq from epcis_subscription_pending where subscription_id = ?"
                      + " order by seq limit ?")
              .params(subscription.id(), batch)
              .query(Long.class)
              .list();
      List<EventStore.Row> rows =
          seqs.isEmpty()
              ? List.of()
              : events.query(
                  owner.readScope(),
                  new EventFilter(
                      List.of(new EventFilter.Positions(seqs)),
                      EventFilter.Order.LOG,
                      false,
                      null,
                      seqs.size()));
      boolean send = !rows.isEmpty() || (scheduled && round == 0 && subscription.reportIfEmpty());
      if (send) {
        String failure = send(subscription, rows);
        if (failure != null) {
          failed(subscription, failure);
          return;
        }
      }
      forget(subscription.id(), seqs, send);
      if (seqs.size() < batch) {
        break;
      }
    }
    if (scheduled) {
      jdbc.sql("update epcis_subscription set next_attempt_at = ? where id = ?")
          .params(SubscriptionSchedule.next(subscription.cron(), now()), subscription.id())
          .update();
    }
  }

  /** The report sent; null when the subscriber took it, what went wrong otherwise. */
  private String send(Subscriptions.Subscription subscription, List<EventStore.Row> rows) {
    byte[] body =
        writer
            .queryDocument(
                rows,
                now(),
                subscription.queryName(),
                subscription.id().toString(),
                subscription.epcFormat())
            .getBytes(StandardCharsets.UTF_8);
    HttpPost post = new HttpPost(URI.create(subscription.dest()));
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    EpcisVersion.headers(post::setHeader);
    post.setHeader(EpcFormat.HEADER, subscription.epcFormat().answered());
    if (subscription.signatureToken() != null) {
      post.setHeader("GS1-Signature", signature(subscription.signatureToken(), body));
    }
    try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
      int status = response.getCode();
      // the body is not read: closing the response drops the connection
      return status >= 200 && status < 300 ? null : "HTTP " + status;
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** The GS1-Signature of a body: {@code sha256=} and the HMAC-SHA256 with the token, in hex. */
  static String signature(String token, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /**
   * Forgets the events reported and notes the report. The subscription's row is locked before its
   * pending rows, in the order a subscription's deletion locks them (the row, then its pending rows
   * by cascade): the other order deadlocked with a deletion during a report.
   */
  private void forget(UUID subscription, List<Long> seqs, boolean notified) {
    transactions.executeWithoutResult(
        status -> {
          if (notified) {
            jdbc.sql(
                    "update epcis_subscription set last_notified_at = ?, failures = 0,"
                        + " last_failure = null, next_attempt_at = null where id = ?")
                .params(now(), subscription)
                .update();
          }
          if (!seqs.isEmpty()) {
            jdbc.sql(
                    "delete from epcis_subscription_pending where subscription_id = :id"
                        + " and seq in (:seqs)")
                .param("id", subscription)
                .param("seqs", seqs)
                .update();
          }
        });
  }

  private void failed(Subscriptions.Subscription subscription, String failure) {
    int failures = subscription.failures() + 1;
    Duration wait = retryInitial.multipliedBy(1L << Math.min(failures - 1, 20));
    if (wait.compareTo(retryMax) > 0) {
      wait = retryMax;
    }
    String text = failure.length() > 1000 ? failure.substring(0, 1000) : failure;
    log.info(
        "EPCIS subscription {} could not deliver to {} ({}); trying again in {}",
        subscription.id(),
        subscription.dest(),
        text,
        wait);
    jdbc.sql(
            "update epcis_subscription set failures = ?, last_failure = ?, next_attempt_at = ?"
                + " where id = ?")
        .params(failures, text, now().plus(wait), subscription.id())
        .update();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MILLIS);
  }
}
