package org.ayni.access.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail in table {@code audit_event}; written in the caller's transaction. */
@Component
class JdbcAuditTrail implements AuditTrail {

  private static final int MAX_DETAILS = 20_000;

  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder().build();

  JdbcAuditTrail(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(
      CurrentUser actor,
      OrganisationId organisation,
      String entityType,
      Object entityId,
      String action,
      Map<String, ?> details) {
    String text = details == null || details.isEmpty() ? null : json.writeValueAsString(details);
    if (text != null && text.length() > MAX_DETAILS) {
      text = text.substring(0, MAX_DETAILS);
    }
    jdbc.sql(
            """
            insert into audit_event (id, occurred_at, actor, organisation_id, entity_type, entity_id,
                                     action, details)
            values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            Ids.newUuid(),
            OffsetDateTime.now(ZoneOffset.UTC),
            actor == null ? "system" : actor.username(),
            organisation == null ? null : organisation.value(),
            entityType,
            String.valueOf(entityId),
            action,
            text)
        .update();
  }

  @Override
  public List<AuditEntry> history(CurrentUser viewer, String entityType, Object entityId) {
    var scope = viewer.readScope();
    String where = scope.all() ? "" : " and organisation_id in (:orgs)";
    var statement =
        jdbc.sql(
                """
                select occurred_at, actor, entity_type, entity_id, action, details
                from audit_event where entity_type = :type and entity_id = :id"""
                    + where
                    + " order by occurred_at desc")
            .param("type", entityType)
            .param("id", String.valueOf(entityId));
    if (!scope.all()) {
      statement = statement.param("orgs", scope.uuids());
    }
    return statement
        .query(
            (rs, n) ->
                new AuditEntry(
                    rs.getObject("occurred_at", OffsetDateTime.class),
                    rs.getString("actor"),
                    rs.getString("entity_type"),
                    rs.getString("entity_id"),
                    rs.getString("action"),
                    rs.getString("details")))
        .list();
  }
}
