package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.ayni.trace.internal.TraceQueries.LotColumns;
import org.ayni.trace.internal.TraceQueries.ReceiptColumns;
import org.junit.jupiter.api.Test;

/**
 * A ready trace decodes to exactly the rows it was made of, whatever their values, and to the trace
 * assembling them gives a reader who sees everything.
 */
class ReadyTraceCodecTests {

  static BackwardRow lot(UUID id, double share, int depth, String code, BigDecimal quantityIn) {
    return new BackwardRow(
        new LotColumns(
            id,
            "urn:ayni:lot:org:" + code,
            code,
            UUID.randomUUID(),
            "KGM",
            quantityIn,
            "Cacao seco"),
        share,
        depth,
        true,
        null);
  }

  static BackwardRow receipt(
      BackwardRow lot, BigDecimal quantity, OffsetDateTime at, long seq, String memberName) {
    return receipt(
        lot, quantity, at, seq, memberName, "ni:///sha-256;" + "ab".repeat(32) + "?ver=CBV2.0");
  }

  static BackwardRow receipt(
      BackwardRow lot,
      BigDecimal quantity,
      OffsetDateTime at,
      long seq,
      String memberName,
      String eventId) {
    return lot.withReceipt(
        new ReceiptColumns(
            UUID.randomUUID(),
            lot.lot().organisationId(),
            eventId,
            "urn:ayni:member:org:M-1",
            null,
            UUID.randomUUID(),
            "M-1",
            memberName,
            UUID.randomUUID(),
            "P-1",
            "Parcela Ñaupa",
            quantity,
            "KGM",
            at,
            seq));
  }

  @Test
  void rowsComeBackEqual() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", new BigDecimal("1000.500000"));
    BackwardRow fermented = lot(UUID.randomUUID(), 1.0 / 3, 1, "F-1", new BigDecimal("360"));
    BackwardRow delivery = lot(UUID.randomUUID(), 0.1234567890123, 2, null, null);
    List<BackwardRow> rows = new ArrayList<>();
    rows.add(self);
    rows.add(fermented);
    rows.add(
        receipt(
            delivery,
            new BigDecimal("12.345678"),
            OffsetDateTime.of(2026, 3, 1, 7, 30, 0, 123_000_000, ZoneOffset.ofHours(-5)),
            Long.MAX_VALUE - 1,
            "Anselma Quispe Ñahui"));
    rows.add(
        receipt(
            delivery,
            new BigDecimal("123456789012345678901234567890.5"),
            OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC),
            1,
            null));
    rows.add(
        delivery.withReceipt(
            new ReceiptColumns(
                UUID.randomUUID(),
                delivery.lot().organisationId(),
                "urn:uuid:" + UUID.randomUUID(),
                "urn:ayni:party:org:cooperativa-san-juan",
                "Cooperativa San Juan de Ñaupa",
                null,
                null,
                null,
                null,
                null,
                null,
                new BigDecimal("40"),
                "KGM",
                OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.ofHours(-5)),
                7L)));
    BackwardRow nulls =
        new BackwardRow(
            new LotColumns(UUID.randomUUID(), "urn:x", null, UUID.randomUUID(), null, null, null),
            0,
            3,
            true,
            new ReceiptColumns(
                UUID.randomUUID(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new BigDecimal("-0.001"),
                null,
                null,
                null));
    rows.add(nulls);

    byte[] body = ReadyTraceCodec.encode(rows);
    assertThat(ReadyTraceCodec.rows(body)).isEqualTo(rows);
    assertThat(ReadyTraceCodec.trace(body))
        .as("the trace of a reader who sees everything, as assembling the rows gives it")
        .isEqualTo(TraceAssembly.backward(OrganisationScope.everything(), rows));
    assertThat(ReadyTraceCodec.organisations(body))
        .containsExactlyInAnyOrder(
            self.lot().organisationId(),
            fermented.lot().organisationId(),
            delivery.lot().organisationId(),
            nulls.lot().organisationId());
  }

  @Test
  void theTraceStoredIsTheAssembledOneWithMembersAndPlots() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", new BigDecimal("100"));
    BackwardRow a = lot(UUID.randomUUID(), 0.75, 1, "D-1", new BigDecimal("30"));
    BackwardRow b = lot(UUID.randomUUID(), 0.25, 1, "D-2", new BigDecimal("10"));
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 7, 30, 0, 0, ZoneOffset.UTC);
    BackwardRow first = receipt(a, new BigDecimal("30"), at, 1, "Ana");
    BackwardRow second = receipt(a, new BigDecimal("10"), at, 2, "Eva");
    // the first receipt's member delivers again, from the same plot, into D-2
    ReceiptColumns ana = first.receipt();
    BackwardRow third =
        b.withReceipt(
            new ReceiptColumns(
                UUID.randomUUID(),
                b.lot().organisationId(),
                "urn:event:3",
                ana.sourceParty(),
                ana.sourceName(),
                ana.memberId(),
                ana.memberCode(),
                ana.memberName(),
                ana.productionUnitId(),
                ana.productionUnitCode(),
                ana.productionUnitName(),
                new BigDecimal("10"),
                "KGM",
                at,
                3L));
    List<BackwardRow> rows = List.of(self, first, second, third);

    var trace = ReadyTraceCodec.trace(ReadyTraceCodec.encode(rows));

    assertThat(trace).isEqualTo(TraceAssembly.backward(OrganisationScope.everything(), rows));
    assertThat(trace.receipts()).extracting(r -> r.share()).containsExactly(0.5625, 0.1875, 0.25);
    assertThat(trace.members()).hasSize(2);
    assertThat(trace.members().getFirst().deliveries()).isEqualTo(2);
    assertThat(trace.members().getFirst().memberName()).isEqualTo("Ana");
    assertThat(trace.members().getFirst().equivalentQuantity()).isEqualByComparingTo("81.25");
    assertThat(trace.plots()).hasSize(2);
    assertThat(trace.receiptShare()).isEqualTo(1.0);
  }

  @Test
  void aStringOrIdSeenBeforeIsStoredOnce() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN);
    BackwardRow delivery = lot(UUID.randomUUID(), 1.0, 1, "D-1", BigDecimal.TEN);
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 7, 30, 0, 0, ZoneOffset.UTC);
    String name = "Anselma Quispe Ñahui de los Andes del Norte";
    byte[] same =
        ReadyTraceCodec.encode(
            List.of(
                self,
                receipt(delivery, BigDecimal.ONE, at, 1, name),
                receipt(delivery, BigDecimal.ONE, at, 2, name)));
    byte[] different =
        ReadyTraceCodec.encode(
            List.of(
                self,
                receipt(delivery, BigDecimal.ONE, at, 1, name),
                receipt(delivery, BigDecimal.ONE, at, 2, "B" + name.substring(1))));
    assertThat(different.length - same.length).isGreaterThan(name.length());
  }

  @Test
  void aNewStringCostsWhatItDoesNotShareWithTheColumnsPreviousOne() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN);
    BackwardRow first = lot(UUID.randomUUID(), 0.5, 1, "cooperativa-norte-D-2025-000001", null);
    UUID id = UUID.randomUUID();
    byte[] sharing =
        ReadyTraceCodec.encode(
            List.of(self, first, lot(id, 0.5, 1, "cooperativa-norte-D-2025-000002", null)));
    byte[] notSharing =
        ReadyTraceCodec.encode(
            List.of(self, first, lot(id, 0.5, 1, "Xooperativa-norte-D-2025-000002", null)));
    // the identifier and the code each share all but their last character
    assertThat(notSharing.length - sharing.length).isGreaterThan(2 * 28);
  }

  @Test
  void eventIdsInHashOrUuidFormAreStoredAsTheirBytesAndComeBackAsTheyWere() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN);
    BackwardRow delivery = lot(UUID.randomUUID(), 1.0, 1, "D-1", BigDecimal.TEN);
    String hash = "ni:///sha-256;" + "0123456789abcdef".repeat(4) + "?ver=CBV2.0";
    List<String> ids =
        List.of(
            hash,
            hash.toUpperCase(java.util.Locale.ROOT),
            "ni:///sha-256;" + "0123456789abcdef".repeat(4) + "?ver=CBV2.1",
            "urn:uuid:" + UUID.randomUUID(),
            "urn:uuid:" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT),
            "urn:uuid:0-0-0-0-0",
            "urn:uuid:" + UUID.randomUUID() + "x",
            "https://example.org/event/1");
    List<BackwardRow> rows = new ArrayList<>();
    rows.add(self);
    for (String id : ids) {
      rows.add(receipt(delivery, BigDecimal.ONE, null, 1, "Ana", id));
    }
    assertThat(ReadyTraceCodec.rows(ReadyTraceCodec.encode(rows))).isEqualTo(rows);

    String text = "urn:event:" + "x".repeat(hash.length() - 10);
    int asHash =
        ReadyTraceCodec.encode(List.of(self, receipt(delivery, BigDecimal.ONE, null, 1, "A", hash)))
            .length;
    int asText =
        ReadyTraceCodec.encode(List.of(self, receipt(delivery, BigDecimal.ONE, null, 1, "A", text)))
            .length;
    assertThat(asText - asHash).isGreaterThanOrEqualTo(hash.length() - 32);
  }

  @Test
  void stringsSplitNowhereInsideACharacterAndTimesKeepTheirOffsets() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN);
    BackwardRow delivery = lot(UUID.randomUUID(), 1.0, 1, "D-1", new BigDecimal("3"));
    List<BackwardRow> rows = new ArrayList<>();
    rows.add(self);
    // U+1F600 and U+1F601 share their high surrogate: the prefix must not end between the two
    rows.add(
        receipt(delivery, BigDecimal.ONE, at(2026, ZoneOffset.ofHoursMinutes(5, 45)), 3, "Ñ😀a"));
    rows.add(
        receipt(delivery, BigDecimal.ONE, at(1999, ZoneOffset.ofTotalSeconds(-17)), 2, "Ñ😁b"));
    rows.add(receipt(delivery, BigDecimal.ONE, at(2031, ZoneOffset.ofHours(-18)), 1, "Ñ😁"));
    assertThat(ReadyTraceCodec.rows(ReadyTraceCodec.encode(rows))).isEqualTo(rows);
  }

  private static OffsetDateTime at(int year, ZoneOffset offset) {
    return OffsetDateTime.of(year, 3, 1, 7, 30, 0, 999_999_999, offset);
  }

  @Test
  void rowsNotInTraceOrderAreRefused() {
    BackwardRow self = lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN);
    BackwardRow upstream = lot(UUID.randomUUID(), 1.0, 1, "D-1", BigDecimal.TEN);
    assertThatThrownBy(() -> ReadyTraceCodec.encode(List.of(upstream, self)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherVersionIsRefused() {
    byte[] body =
        ReadyTraceCodec.encode(List.of(lot(UUID.randomUUID(), 1.0, 0, "E-1", BigDecimal.TEN)));
    byte[] future = Arrays.copyOf(body, body.length);
    future[0] = (byte) (ReadyTraceCodec.VERSION + 1);
    String message = "version " + (ReadyTraceCodec.VERSION + 1);
    assertThatThrownBy(() -> ReadyTraceCodec.rows(future))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
    assertThatThrownBy(() -> ReadyTraceCodec.trace(future))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
    byte[] past = Arrays.copyOf(body, body.length);
    past[0] = (byte) (ReadyTraceCodec.VERSION - 1);
    assertThatThrownBy(() -> ReadyTraceCodec.trace(past))
        .as("a ready trace of an earlier version is not read as this one")
        .isInstanceOf(IllegalStateException.class);
  }
}
