package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.trace.TraceIds;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Migration V23 gives what earlier captures stored in another spelling of a GS1 trade item its
 * canonical one, in the query indexes and as lot identifiers, and leaves a lot alone whose
 * canonical identifier another lot already has; running it again changes nothing more.
 */
@AyniIntegrationTest
class TraceMigrationTests {

  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired JdbcTemplate template;

  @Test
  void earlierSpellingsBecomeCanonicalWhereNoOtherLotHasTheIdentifier() {
    String itemReference = "0" + String.format("%05d", new Random().nextInt(100_000));
    String gtin = TraceIds.gtin("9521236", itemReference);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String urn = "urn:epc:class:lgtin:9521236." + itemReference + ".M-" + tag;
    String item = "HTTPS://example.org/gtin/" + gtin.substring(1) + "/ser/I-" + tag;
    String twin = "urn:epc:class:lgtin:9521236." + itemReference + ".T-" + tag;
    String twinCanonical = TraceIds.canonical(twin);
    UUID organisation = organisation(tag);
    long seq = event(organisation, "AggregationEvent", item, null, null);
    jdbc.sql("insert into epcis_event_epc (seq, role, epc) values (?, 'epc', ?)")
        .params(seq, item)
        .update();
    jdbc.sql(
            "insert into epcis_event_quantity (seq, role, epc_class, quantity, uom)"
                + " values (?, 'quantity', ?, 5, 'KGM')")
        .params(seq, urn)
        .update();
    lot(urn, organisation, seq);
    lot(twin, organisation, seq);
    lot(twinCanonical, organisation, seq);

    V23__CanonicalTradeItems migration = context.getBean(V23__CanonicalTradeItems.class);
    assertThat(migration.canonicalise(template)).isGreaterThanOrEqualTo(1);

    assertThat(value("select epc from epcis_event_epc where seq = ?", seq))
        .isEqualTo("https://id.gs1.org/01/" + gtin + "/21/I-" + tag);
    assertThat(value("select parent_id from epcis_event where seq = ?", seq))
        .isEqualTo("https://id.gs1.org/01/" + gtin + "/21/I-" + tag);
    assertThat(value("select epc_class from epcis_event_quantity where seq = ?", seq))
        .isEqualTo(TraceIds.canonical(urn));
    assertThat(identifiers(tag))
        .as("the lot renamed; the twin of a lot already canonical kept")
        .containsExactlyInAnyOrder(TraceIds.canonical(urn), twin, twinCanonical);

    migration.canonicalise(template);
    assertThat(identifiers(tag))
        .containsExactlyInAnyOrder(TraceIds.canonical(urn), twin, twinCanonical);
  }

  @Test
  void aHoldingOfAnothersLotIsDescribedByItsHoldersEvents() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    UUID owner = organisation(tag);
    UUID holder = organisation(tag + "-h");
    String identifier = "urn:ayni:lot:migration-" + tag + ":L1";
    UUID lot = lot(identifier, owner, event(owner, "ObjectEvent", null, "in_transit", null));
    jdbc.sql(
            "insert into lot_stock (lot_id, organisation_id, quantity, unit, tracked)"
                + " values (?, ?, 60, 'KGM', true)")
        .params(lot, holder)
        .update();
    String place = "urn:ayni:loc:migration-" + tag + "-h:almacen";
    for (String disposition : List.of("active", "non_conformant")) {
      long seq = event(holder, "ObjectEvent", null, disposition, place);
      jdbc.sql(
              "insert into epcis_event_quantity (seq, role, epc_class, quantity, uom)"
                  + " values (?, 'quantity', ?, 60, 'KGM')")
          .params(seq, identifier)
          .update();
    }

    V24__DescribeHoldings migration = context.getBean(V24__DescribeHoldings.class);
    assertThat(migration.describe(template)).isGreaterThanOrEqualTo(1);

    assertThat(
            jdbc.sql(
                    "select disposition, location from lot_stock where lot_id = ?"
                        + " and organisation_id = ?")
                .params(lot, holder)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                .single())
        .isEqualTo("non_conformant " + place);
  }

  @Test
  void anUpgradeKeepsWhenEachHoldingLastMovedLeavingReversalsOut() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    UUID owner = organisation(tag);
    UUID lot =
        lot(
            "urn:ayni:lot:migration-" + tag + ":L1",
            owner,
            event(owner, "ObjectEvent", null, null, null));
    jdbc.sql(
            "insert into lot_stock (lot_id, organisation_id, quantity, unit, tracked)"
                + " values (?, ?, 0, 'KGM', true)")
        .params(lot, owner)
        .update();
    OffsetDateTime in = OffsetDateTime.parse("2026-03-02T08:00:00-05:00");
    UUID receipt = movement(lot, owner, "RECEIPT", 100, in, null);
    movement(lot, owner, "INPUT", -100, in.plusDays(1), null);
    // an error declared a week later undoes the receipt: its reversal is dated then
    movement(lot, owner, "CORRECTION", -100, in.plusDays(7), receipt);

    String sql =
        new String(
            getClass()
                .getResourceAsStream("/db/migration/V30__keep_when_stock_last_moved.sql")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String fill = sql.substring(sql.indexOf("update lot_stock")).strip();
    jdbc.sql(fill.substring(0, fill.length() - 1) + " where lot_id = ?").param(lot).update();

    assertThat(
            jdbc.sql("select moved_at from lot_stock where lot_id = ?")
                .param(lot)
                .query(OffsetDateTime.class)
                .single())
        .isEqualTo(in.plusDays(1).withOffsetSameInstant(ZoneOffset.UTC));
  }

  @Test
  void aLotThatAlsoReceivedDeliveriesOwesItsInputsOnlyThePartTheyMade() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    UUID owner = organisation(tag);
    long seq = event(owner, "TransformationEvent", null, null, null);
    UUID input = lot("urn:ayni:lot:migration-" + tag + ":I", owner, seq);
    UUID output = lot("urn:ayni:lot:migration-" + tag + ":O", owner, seq);
    jdbc.sql("update lot set quantity_in = 100, unit = 'KGM' where id in (?, ?)")
        .params(input, output)
        .update();
    // as an earlier version left them: 40 kg dried from I, 60 kg delivered, and I weighing all
    UUID edge = UUID.randomUUID();
    jdbc.sql(
            """
            insert into lot_edge (id, input_lot_id, output_lot_id, organisation_id, event_id, seq,
                input_quantity, input_unit, output_quantity, output_unit, weight)
            values (?, ?, ?, ?, 'urn:uuid:x', ?, 100, 'KGM', 40, 'KGM', 1.0)""")
        .params(edge, input, output, owner, seq)
        .update();
    jdbc.sql("insert into lot_lineage (lot_id, ancestor_id, share, depth) values (?, ?, 1.0, 1)")
        .params(output, input)
        .update();
    jdbc.sql(
            """
            insert into lot_receipt (id, lot_id, organisation_id, event_id, seq, quantity, unit,
                received_at)
            values (?, ?, ?, 'urn:uuid:y', ?, 60, 'KGM', ?)""")
        .params(UUID.randomUUID(), output, owner, seq, OffsetDateTime.now())
        .update();

    V32__WeighInputsAgainstReceipts migration =
        context.getBean(V32__WeighInputsAgainstReceipts.class);
    assertThat(migration.weigh(template)).isGreaterThanOrEqualTo(1);

    assertThat(
            jdbc.sql("select weight from lot_edge where id = ?")
                .param(edge)
                .query(Double.class)
                .single())
        .isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(
            jdbc.sql("select share from lot_lineage where lot_id = ? and ancestor_id = ?")
                .params(output, input)
                .query(Double.class)
                .single())
        .isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void placesAreKeyedByTheirNamesAsFormsWriteThemAndASecondOfOneNameIsLeftUnkeyed() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    UUID organisation = organisation(tag);
    String first = "urn:ayni:loc:" + tag + ":a-almacen";
    String second = "urn:ayni:loc:" + tag + ":b-almacen";
    String other = "urn:ayni:loc:" + tag + ":c-bodega";
    String keyed = "urn:ayni:loc:" + tag + ":0-patio";
    place(organisation, first, "Almacén Ñaña", null);
    place(organisation, second, "ALMACEN NANA", null);
    place(organisation, other, "Bodega", null);
    // a place keyed already keeps its key, which a place first by URN does not take
    place(organisation, keyed, "Patio", "patio");
    String late = "urn:ayni:loc:" + tag + ":00-patio";
    place(organisation, late, "patio", null);

    V42__KeyPlaceNames migration = context.getBean(V42__KeyPlaceNames.class);
    // other tests' places may be keyed too: the database is shared
    assertThat(migration.key(template)).isGreaterThanOrEqualTo(2);

    assertThat(key(first)).isEqualTo("almacen-nana");
    assertThat(key(second)).isNull();
    assertThat(key(other)).isEqualTo("bodega");
    assertThat(key(keyed)).isEqualTo("patio");
    assertThat(key(late)).isNull();
    assertThat(migration.key(template)).as("run again, nothing more").isZero();
  }

  /** A place's name key (null without one). */
  private String key(String location) {
    return jdbc.sql("select name_key from trace_place where location = ?")
        .param(location)
        .query(String.class)
        .list()
        .getFirst();
  }

  private void place(UUID organisation, String location, String name, String key) {
    jdbc.sql(
            "insert into trace_place (organisation_id, location, name, name_key)"
                + " values (?, ?, ?, ?)")
        .params(organisation, location, name, key)
        .update();
  }

  private UUID movement(
      UUID lot, UUID organisation, String kind, int quantity, OffsetDateTime at, UUID undoes) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into stock_movement (id, lot_id, organisation_id, event_id, seq, kind, quantity,
                unit, occurred_at, reversal_of)
            values (?, ?, ?, 'urn:uuid:x', 1, ?, ?, 'KGM', ?, ?)""")
        .params(id, lot, organisation, kind, quantity, at, undoes)
        .update();
    return id;
  }

  /**
   * An organisation of its own, so that the rows written here as an earlier version wrote them
   * reach no other test's reads.
   */
  private UUID organisation(String tag) {
    OrganisationForm form = new OrganisationForm();
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode("migration-" + tag);
    form.setName("Migración " + tag);
    form.setCountry("PE");
    form.setLanguages(List.of("es"));
    return context.getBean(Organisations.class).create(null, form).id().value();
  }

  /** An event of the log as an earlier version stored it: its row only; its position. */
  private long event(
      UUID organisation, String type, String parent, String disposition, String place) {
    long seq = jdbc.sql("select nextval('epcis_event_seq')").query(Long.class).single();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            insert into epcis_event (seq, organisation_id, event_id, error_declared, event_type,
                action, event_time, event_time_zone_offset, record_time, parent_id, disposition,
                biz_location, body)
            values (?, ?, ?, false, ?, 'ADD', ?, '-05:00', ?, ?, ?, ?, '{}')""")
        .params(
            seq,
            organisation,
            "urn:uuid:" + UUID.randomUUID(),
            type,
            now,
            now,
            parent,
            disposition,
            place)
        .update();
    return seq;
  }

  private UUID lot(String identifier, UUID organisation, long seq) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into lot (id, identifier, organisation_id, kind, created_event_id, created_seq,
                created_at)
            values (?, ?, ?, 'LOT', 'urn:uuid:x', ?, ?)""")
        .params(id, identifier, organisation, seq, OffsetDateTime.now())
        .update();
    return id;
  }

  private String value(String sql, long seq) {
    return jdbc.sql(sql).param(seq).query(String.class).single();
  }

  private List<String> identifiers(String tag) {
    return jdbc.sql("select identifier from lot where identifier like ?")
        .param("%-" + tag)
        .query(String.class)
        .list();
  }
}
