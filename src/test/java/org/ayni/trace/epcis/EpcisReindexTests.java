package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.ayni.support.AyniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Migrations V18 and V20 index what events stored before the persistent-disposition, sensor and
 * extension-field indexes carry: an event written as an earlier version stored it (its row and
 * body, no index rows) is not found by those parameters until the migration's re-indexing has run,
 * and is found afterwards; running it again writes nothing more. Migration V34 indexes anew the
 * times finer than a microsecond that the database rounded.
 */
@AyniIntegrationTest
class EpcisReindexTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired JdbcTemplate template;

  @Test
  void eventsStoredBeforeTheIndexesAreFoundOnceReindexed() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "cepicafe");
    EpcisClient client = tenant.client(port);
    String tag = EpcisFixtures.tag();
    String eventId = "urn:uuid:" + UUID.randomUUID();
    String disposition = "https://ayni.org/voc/disp/" + tag + "-old";
    String body =
        """
        {"@context":[{"ex":"https://example.org/sensor/"}],"type":"ObjectEvent","eventID":"%s",
         "eventTime":"2026-01-10T08:00:00-05:00","eventTimeZoneOffset":"-05:00","action":"OBSERVE",
         "epcList":["urn:ayni:test:%s:old"],"persistentDisposition":{"set":["%s"]},
         "ayni:note":"old-%s",
         "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":27,"uom":"CEL"},
           {"type":"ex:Ripeness","stringValue":"ripe-%s"}]}]}"""
            .formatted(eventId, tag, disposition, tag, tag)
            .replace("\n", "");
    long seq = jdbc.sql("select nextval('epcis_event_seq')").query(Long.class).single();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            insert into epcis_event (seq, organisation_id, event_id, error_declared, event_type,
                action, event_time, event_time_zone_offset, record_time, body)
            values (?, ?, ?, false, 'ObjectEvent', 'OBSERVE', ?, '-05:00', ?, ?)""")
        .params(seq, tenant.id(), eventId, now, now, body)
        .update();
    String bySensor = "EQ_type=Temperature&GE_value_CEL=27";
    String byDisposition = "EQ_persistentDisposition_set=" + disposition;
    String byOwnType = "EQ_type=https://example.org/sensor/Ripeness";
    String byField = "EQ_ayni:note=old-" + tag;
    for (String query : List.of(bySensor, byDisposition, byOwnType, byField)) {
      assertThat(client.events(query)).as("before: " + query).isEmpty();
    }

    V18__IndexEarlierEvents migration = context.getBean(V18__IndexEarlierEvents.class);
    assertThat(migration.reindex(template)).isGreaterThanOrEqualTo(1);
    V20__IndexEarlierEventFields fields = context.getBean(V20__IndexEarlierEventFields.class);
    assertThat(fields.reindex(template)).isGreaterThanOrEqualTo(1);

    for (String query : List.of(bySensor, byDisposition, byOwnType, byField)) {
      assertThat(client.events(query))
          .as("after: " + query)
          .map(e -> e.path("eventID").asString())
          .containsExactly(eventId);
    }
    long rows = rows(seq);
    assertThat(rows).isEqualTo(4); // a disposition, two sensor reports, a field
    migration.reindex(template);
    fields.reindex(template);
    assertThat(rows(seq)).as("nothing written twice").isEqualTo(rows);
    // an event captured now is indexed at capture: the migration leaves it alone
    String captured = "urn:uuid:" + UUID.randomUUID();
    JsonNode job =
        client.capture(
            EpcisFixtures.document(
                List.of(
                    """
                    {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-11T08:00:00-05:00",
                     "eventTimeZoneOffset":"-05:00","action":"OBSERVE",
                     "epcList":["urn:ayni:test:%s:new"],
                     "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":28,
                       "uom":"CEL"}]}]}"""
                        .formatted(captured, tag))));
    assertThat(job.path("success").asBoolean()).as("%s", job).isTrue();
    long capturedSeq =
        jdbc.sql("select seq from epcis_event where event_id = ?")
            .param(captured)
            .query(Long.class)
            .single();
    assertThat(rows(capturedSeq)).isEqualTo(1);
    migration.reindex(template);
    fields.reindex(template);
    assertThat(rows(capturedSeq)).isEqualTo(1);
  }

  @Test
  void timesFinerThanAMicrosecondIndexedRoundedAreIndexedTruncated() {
    EpcisFixtures.Tenant tenant = EpcisFixtures.tenant(context, "cepicafe");
    EpcisClient client = tenant.client(port);
    String tag = EpcisFixtures.tag();
    String eventId = "urn:uuid:" + UUID.randomUUID();
    String body =
        """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"2026-01-10T18:59:59.9999997-05:00",
         "eventTimeZoneOffset":"-05:00","action":"OBSERVE","epcList":["urn:ayni:test:%s:late"],
         "errorDeclaration":{"declarationTime":"2026-01-12T18:59:59.999999501-05:00",
          "reason":"did_not_occur"}}"""
            .formatted(eventId, tag)
            .replace("\n", "");
    long seq = jdbc.sql("select nextval('epcis_event_seq')").query(Long.class).single();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    // as the database indexed them: rounded to the microsecond, to midnight
    jdbc.sql(
            """
            insert into epcis_event (seq, organisation_id, event_id, error_declared, event_type,
                action, event_time, event_time_zone_offset, record_time, declaration_time,
                error_reason, body)
            values (?, ?, ?, true, 'ObjectEvent', 'OBSERVE', ?, '-05:00', ?, ?, 'did_not_occur',
                ?)""")
        .params(
            seq,
            tenant.id(),
            eventId,
            OffsetDateTime.parse("2026-01-11T00:00:00Z"),
            now,
            OffsetDateTime.parse("2026-01-13T00:00:00Z"),
            body)
        .update();
    // (by eventID: the row has no index rows of its EPCs)
    String before = "EQ_eventID=" + eventId + "&LT_eventTime=2026-01-11T00:00:00Z";
    String declared = "EQ_eventID=" + eventId + "&LT_errorDeclarationTime=2026-01-13T00:00:00Z";
    assertThat(client.events(before)).isEmpty();
    assertThat(client.events(declared)).isEmpty();

    V34__TruncateIndexedTimes migration = context.getBean(V34__TruncateIndexedTimes.class);
    assertThat(migration.truncate(template)).isGreaterThanOrEqualTo(1);
    assertThat(client.events(before)).hasSize(1);
    assertThat(client.events(declared)).hasSize(1);
    // as GS1's query schema spells the parameter too
    assertThat(client.events(declared.replace("errorDeclarationTime", "errorDeclaration_Time")))
        .hasSize(1);
    assertThat(
            jdbc.sql("select event_time from epcis_event where seq = ?")
                .param(seq)
                .query(OffsetDateTime.class)
                .single()
                .toInstant())
        .isEqualTo("2026-01-10T23:59:59.999999Z");
  }

  private long rows(long seq) {
    return jdbc.sql(
            "select (select count(*) from epcis_event_sensor where seq = ?)"
                + " + (select count(*) from epcis_event_persistent_disposition where seq = ?)"
                + " + (select count(*) from epcis_event_field where seq = ?)")
        .params(seq, seq, seq)
        .query(Long.class)
        .single();
  }
}
