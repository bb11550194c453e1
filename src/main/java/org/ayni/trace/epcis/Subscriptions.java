package org.ayni.trace.epcis;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions to named queries by webhook ({@code POST /epcis/queries/{name}/subscriptions}, ADR
 * 0009): the repository POSTs EPCISQueryDocuments with the query's new events to the subscriber's
 * URL, as they are recorded ({@code "stream": true}) or at the times of a schedule. A subscription
 * belongs to its named query and so to that query's account; it reports what that account may read
 * when the report is made. {@link SubscriptionReports} makes and sends the reports.
 */
@Service
class Subscriptions {

  /** The most subscriptions one named query may have. */
  static final int MAX_PER_QUERY = 20;

  /** The longest signature token kept, in characters. */
  static final int MAX_TOKEN_CHARS = 500;

  /** The longest URL kept (the column's length). */
  static final int MAX_DEST_CHARS = 2000;

  /** What a request to subscribe may hold. */
  private static final Set<String> PROPERTIES =
      Set.of("dest", "signatureToken", "stream", "schedule", "reportIfEmpty", "initialRecordTime");

  /** The entity type of subscriptions in the audit trail, whose id is the subscription's. */
  static final String AUDITED = "epcis-subscription";

  /** A subscription as stored, its secret included (never answered). */
  record Subscription(
      UUID id,
      UUID ownerId,
      String queryName,
      String dest,
      String signatureToken,
      boolean stream,
      JsonNode schedule,
      String cron,
      boolean reportIfEmpty,
      OffsetDateTime initialRecordTime,
      OffsetDateTime createdAt,
      Long backfillAfterSeq,
      Long backfillUntilSeq,
      OffsetDateTime nextAttemptAt,
      OffsetDateTime lastNotifiedAt,
      int failures,
      String lastFailure,
      EpcFormat epcFormat) {

    /** The subscription as the API answers it: without its secret. */
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("subscriptionID", id.toString());
      json.put("dest", dest);
      json.put("createdAt", EpcisWriter.format(createdAt));
      if (lastNotifiedAt != null) {
        json.put("lastNotifiedAt", EpcisWriter.format(lastNotifiedAt));
      }
      if (initialRecordTime != null) {
        json.put("initialRecordTime", EpcisWriter.format(initialRecordTime));
      }
      if (stream) {
        json.put("stream", true);
      } else {
        json.put("schedule", schedule);
        json.put("reportIfEmpty", reportIfEmpty);
      }
      json.put("signed", signatureToken != null);
      json.put("epcFormat", epcFormat.answered());
      if (failures > 0) {
        json.put("failedDeliveries", failures);
        json.put("lastFailure", lastFailure);
        json.put("nextAttemptAt", EpcisWriter.format(nextAttemptAt));
      }
      return json;
    }
  }

  private static final String COLUMNS =
      "id, owner_id, query_name, dest, signature_token, stream, schedule, cron, report_if_empty,"
          + " initial_record_time, created_at, backfill_after_seq, backfill_until_seq,"
          + " next_attempt_at, last_notified_at, failures, last_failure, epc_format";

  private final JdbcClient jdbc;
  private final NamedQueries queries;
  private final WebhookTargets targets;
  private final AuditTrail audit;
  private final EpcisJson epcisJson;
  private final JsonMapper json;
  private final Clock clock;

  Subscriptions(
      JdbcClient jdbc,
      NamedQueries queries,
      WebhookTargets targets,
      AuditTrail audit,
      EpcisJson json,
      Clock clock) {
    this.jdbc = jdbc;
    this.queries = queries;
    this.targets = targets;
    this.audit = audit;
    this.epcisJson = json;
    this.json = json.mapper();
    this.clock = clock;
  }

  /**
   * Subscribes to the caller's named query as the body describes: {@code dest} (required), {@code
   * signatureToken}, either {@code "stream": true} or a {@code schedule} (with {@code
   * reportIfEmpty}), and {@code initialRecordTime} (events recorded from then on are reported,
   * earlier ones included; without it, those recorded from now on). NoSuchResourceException when
   * the caller has no such query, SubscriptionControlsException for controls that are not valid or
   * a URL reports may not be sent to.
   */
  @Transactional
  Subscription create(CurrentUser user, String queryName, byte[] body, EpcFormat format) {
    if (queries.find(user, queryName).isEmpty()) {
      throw EpcisQueriesApi.notFound();
    }
    JsonNode request = epcisJson.read(body);
    if (!request.isObject()) {
      throw controls("epcis.subscription.body");
    }
    for (String property : request.propertyNames()) {
      if (!PROPERTIES.contains(property)) {
        throw controls("epcis.subscription.property", property);
      }
    }
    URI dest = dest(request.path("dest"));
    JsonNode tokenNode = request.path("signatureToken");
    String token = null;
    if (!tokenNode.isMissingNode()) {
      if (!tokenNode.isString()
          || tokenNode.asString().isBlank()
          || tokenNode.asString().length() > MAX_TOKEN_CHARS) {
        throw controls("epcis.subscription.token", MAX_TOKEN_CHARS);
      }
      token = tokenNode.asString();
    }
    JsonNode streamNode = request.path("stream");
    JsonNode scheduleNode = request.path("schedule");
    if (!streamNode.isMissingNode() && !streamNode.isBoolean()) {
      throw controls("epcis.subscription.stream");
    }
    boolean stream = streamNode.asBoolean(false);
    if (stream == !scheduleNode.isMissingNode()) {
      throw controls("epcis.subscription.stream-or-schedule");
    }
    SubscriptionSchedule schedule = stream ? null : SubscriptionSchedule.of(scheduleNode);
    JsonNode reportNode = request.path("reportIfEmpty");
    if (!reportNode.isMissingNode() && !reportNode.isBoolean()) {
      throw controls("epcis.subscription.report-if-empty");
    }
    OffsetDateTime initial = null;
    JsonNode initialNode = request.path("initialRecordTime");
    if (!initialNode.isMissingNode()) {
      initial = initialNode.isString() ? IndexedValues.time(initialNode.asString()) : null;
      if (initial == null) {
        throw controls("epcis.subscription.initial-record-time", initialNode.toString());
      }
      if (initial.isAfter(now().plusDays(1))) {
        // it would hold back every report until then
        throw controls("epcis.subscription.initial-record-time.future", initialNode.asString());
      }
    }
    int existing =
        jdbc.sql("select count(*) from epcis_subscription where owner_id = ? and query_name = ?")
            .params(user.userId(), queryName)
            .query(Integer.class)
            .single();
    if (existing >= MAX_PER_QUERY) {
      throw controls("epcis.subscription.too-many", MAX_PER_QUERY);
    }
    OffsetDateTime now = now();
    // events already in the log from the initial record time on are looked at up to this position
    Long until =
        initial == null
            ? null
            : jdbc.sql("select max(seq) from epcis_event")
                .query(Long.class)
                .optional()
                .orElse(null);
    Subscription subscription =
        new Subscription(
            UUID.randomUUID(),
            user.userId(),
            queryName,
            dest.toString(),
            token,
            stream,
            stream ? null : json.valueToTree(schedule.fields()),
            stream ? null : schedule.cronText(),
            !stream && reportNode.asBoolean(false),
            initial,
            now,
            until == null ? null : 0L,
            until,
            stream ? null : SubscriptionSchedule.next(schedule.cronText(), now),
            null,
            0,
            null,
            format);
    jdbc.sql(
            "insert into epcis_subscription (id, owner_id, query_name, dest, signature_token,"
                + " stream, schedule, cron, report_if_empty, initial_record_time, created_at,"
                + " backfill_after_seq, backfill_until_seq, next_attempt_at, failures, epc_format)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")
        .params(
            subscription.id(),
            subscription.ownerId(),
            queryName,
            subscription.dest(),
            token,
            stream,
            stream ? null : json.writeValueAsString(subscription.schedule()),
            subscription.cron(),
            subscription.reportIfEmpty(),
            initial,
            now,
            subscription.backfillAfterSeq(),
            until,
            subscription.nextAttemptAt(),
            format.value)
        .update();
    audit.record(
        user,
        null,
        AUDITED,
        subscription.id().toString(),
        "create",
        Map.of("query", queryName, "dest", subscription.dest()));
    return subscription;
  }

  private URI dest(JsonNode dest) {
    if (dest.isMissingNode() || dest.isNull()) {
      throw controls("epcis.subscription.dest.missing");
    }
    if (!dest.isString() || dest.asString().isBlank()) {
      throw controls("epcis.subscription.dest.syntax", dest.toString());
    }
    if (dest.asString().length() > MAX_DEST_CHARS) {
      throw controls("epcis.subscription.dest.too-long", MAX_DEST_CHARS);
    }
    try {
      return targets.check(dest.asString());
    } catch (WebhookTargets.Refused refused) {
      throw controls(refused.messageKey(), refused.arguments());
    }
  }

  private static EpcisException controls(String key, Object... arguments) {
    return new EpcisException(EpcisException.Type.SubscriptionControlsException, key, arguments);
  }

  /** The subscriptions of the caller's named query, oldest first. */
  List<Subscription> list(CurrentUser user, String queryName) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from epcis_subscription where owner_id = ? and query_name = ?"
                + " order by created_at, id")
        .params(user.userId(), queryName)
        .query(this::row)
        .list();
  }

  /** One subscription of the caller's named query. */
  Optional<Subscription> find(CurrentUser user, String queryName, String id) {
    UUID uuid = uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from epcis_subscription where id = ? and owner_id = ? and query_name = ?")
        .params(uuid, user.userId(), queryName)
        .query(this::row)
        .optional();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Ends one subscription of the caller's named query; false when there is none. */
  @Transactional
  boolean delete(CurrentUser user, String queryName, String id) {
    Optional<Subscription> subscription = find(user, queryName, id);
    if (subscription.isEmpty()) {
      return false;
    }
    jdbc.sql("delete from epcis_subscription where id = ?").param(subscription.get().id()).update();
    audit.record(
        user,
        null,
        AUDITED,
        subscription.get().id().toString(),
        "delete",
        Map.of("query", queryName, "dest", subscription.get().dest()));
    return true;
  }

  /** Every subscription, for the reports. */
  List<Subscription> all() {
    return jdbc.sql("select " + COLUMNS + " from epcis_subscription order by created_at, id")
        .query(this::row)
        .list();
  }

  Subscription row(ResultSet rs, int n) throws SQLException {
    String schedule = rs.getString(7);
    return new Subscription(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getBoolean(6),
        schedule == null ? null : json.readTree(schedule),
        rs.getString(8),
        rs.getBoolean(9),
        rs.getObject(10, OffsetDateTime.class),
        rs.getObject(11, OffsetDateTime.class),
        (Long) rs.getObject(12, Long.class),
        (Long) rs.getObject(13, Long.class),
        rs.getObject(14, OffsetDateTime.class),
        rs.getObject(15, OffsetDateTime.class),
        rs.getInt(16),
        rs.getString(17),
        EpcFormat.of(rs.getString(18)));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MILLIS);
  }
}
