package org.ayni.trace.epcis;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The capture jobs of {@code POST /epcis/capture} (table {@code epcis_capture_job}). A job is
 * written in a transaction of its own before its events are, and finished in another, so that it
 * tells what became of a capture that failed or whose process died.
 */
@Component
class CaptureJobs {

  /** A capture job as the API shows it. */
  record CaptureJob(
      UUID id,
      OrganisationId organisationId,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime finishedAt,
      boolean running,
      boolean success,
      String errorBehaviour,
      int eventCount,
      int storedCount,
      int duplicateCount,
      String language,
      String errors) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  CaptureJobs(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MILLIS);
  }

  /** A new running job, committed at once. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public CaptureJob start(
      OrganisationId organisation,
      String createdBy,
      String errorBehaviour,
      int eventCount,
      String language) {
    UUID id = Ids.newUuid();
    OffsetDateTime now = now();
    jdbc.sql(
            """
            insert into epcis_capture_job (id, organisation_id, created_by, created_at, running,
                success, error_behaviour, event_count, language)
            values (?, ?, ?, ?, true, true, ?, ?, ?)""")
        .params(id, organisation.value(), createdBy, now, errorBehaviour, eventCount, language)
        .update();
    return new CaptureJob(
        id,
        organisation,
        createdBy,
        now,
        null,
        true,
        true,
        errorBehaviour,
        eventCount,
        0,
        0,
        language,
        null);
  }

  /** Records how a job ended, in a transaction of its own. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void finish(UUID id, boolean success, int stored, int duplicates, String errors) {
    update(id, success, stored, duplicates, errors);
  }

  /**
   * Records how a job ended in the transaction that stores its events, which saves a commit per
   * capture; a rollback of that transaction leaves the job running, to be finished otherwise.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void finishWithEvents(
      UUID id, boolean success, int stored, int duplicates, String errors) {
    update(id, success, stored, duplicates, errors);
  }

  private void update(UUID id, boolean success, int stored, int duplicates, String errors) {
    jdbc.sql(
            """
            update epcis_capture_job set running = false, success = ?, finished_at = ?,
                stored_count = ?, duplicate_count = ?, errors = ?
            where id = ? and running = true""")
        .params(success, now(), stored, duplicates, errors, id)
        .update();
  }

  /** One job of an organisation in scope. */
  public Optional<CaptureJob> find(OrganisationScope scope, UUID id) {
    String where = scope.all() ? "" : " and organisation_id in (:scope)";
    var statement =
        jdbc.sql("select * from epcis_capture_job where id = :id" + where).param("id", id);
    if (!scope.all()) {
      statement = statement.param("scope", scope.uuids());
    }
    return statement.query(CaptureJobs::job).optional();
  }

  /** The jobs of the organisations in scope, newest first, after the given one (a page token). */
  public List<CaptureJob> list(OrganisationScope scope, UUID after, int limit) {
    StringBuilder sql = new StringBuilder("select * from epcis_capture_job where 1 = 1");
    if (!scope.all()) {
      sql.append(" and organisation_id in (:scope)");
    }
    if (after != null) {
      sql.append(" and id < :after");
    }
    sql.append(" order by id desc limit :limit");
    var statement = jdbc.sql(sql.toString()).param("limit", limit);
    if (!scope.all()) {
      statement = statement.param("scope", scope.uuids());
    }
    if (after != null) {
      statement = statement.param("after", after);
    }
    return statement.query(CaptureJobs::job).list();
  }

  /** The jobs left running by a process that ended before they did. */
  public List<CaptureJob> running() {
    return jdbc.sql("select * from epcis_capture_job where running = true")
        .query(CaptureJobs::job)
        .list();
  }

  private static CaptureJob job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new CaptureJob(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("finished_at", OffsetDateTime.class),
        rs.getBoolean("running"),
        rs.getBoolean("success"),
        rs.getString("error_behaviour"),
        rs.getInt("event_count"),
        rs.getInt("stored_count"),
        rs.getInt("duplicate_count"),
        rs.getString("language"),
        rs.getString("errors"));
  }
}
