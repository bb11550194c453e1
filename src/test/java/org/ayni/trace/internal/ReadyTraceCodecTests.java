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
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.junit.jupiter.api.Test;

/** A ready trace decodes to exactly the rows it was made of, whatever their values. */
class ReadyTraceCodecTests {

  static BackwardRow lot(UUID id, double share, int depth, String code, BigDecimal quantityIn) {
    return BackwardRow.lot(
        id,
        share,
        depth,
        "urn:ayni:lot:org:" + code,
        code,
        UUID.randomUUID(),
        "KGM",
        quantityIn,
        "Cacao seco");
  }

  static BackwardRow receipt(
      BackwardRow lot, BigDecimal quantity, OffsetDateTime at, long seq, String memberName) {
    return lot.withReceipt(
        UUID.randomUUID(),
        lot.organisationId(),
        "ni:///sha-256;" + "ab".repeat(32) + "?ver=CBV2.0",
        "urn:ayni:member:org:M-1",
        UUID.randomUUID(),
        "M-1",
        memberName,
        UUID.randomUUID(),
        "P-1",
        "Parcela Ñaupa",
        quantity,
        "KGM",
        at,
        seq);
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
    BackwardRow nulls =
        new BackwardRow(
            UUID.randomUUID(),
            0,
            3,
            "urn:x",
            null,
            UUID.randomUUID(),
            null,
            null,
            null,
            true,
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
            new BigDecimal("-0.001"),
            null,
            null,
            null);
    rows.add(nulls);

    assertThat(ReadyTraceCodec.decode(ReadyTraceCodec.encode(rows))).isEqualTo(rows);
    assertThat(ReadyTraceCodec.decode(ReadyTraceCodec.encode(List.of()))).isEmpty();
  }

  @Test
  void aLotIsWrittenOnceForAllItsReceipts() {
    BackwardRow delivery = lot(UUID.randomUUID(), 0.5, 1, "D-1", BigDecimal.TEN);
    BackwardRow other = lot(UUID.randomUUID(), 0.5, 1, "D-2", BigDecimal.TEN);
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 7, 30, 0, 0, ZoneOffset.UTC);
    byte[] oneLot =
        ReadyTraceCodec.encode(
            List.of(
                receipt(delivery, BigDecimal.ONE, at, 1, "A"),
                receipt(delivery, BigDecimal.ONE, at, 2, "A")));
    byte[] twoLots =
        ReadyTraceCodec.encode(
            List.of(
                receipt(delivery, BigDecimal.ONE, at, 1, "A"),
                receipt(other, BigDecimal.ONE, at, 2, "A")));
    assertThat(twoLots.length - oneLot.length)
        .as("the second lot's columns")
        .isGreaterThan(other.identifier().length() + 16 + 16);
  }

  @Test
  void anotherVersionIsRefused() {
    byte[] body = ReadyTraceCodec.encode(List.of());
    byte[] future = Arrays.copyOf(body, body.length);
    future[0] = 2;
    assertThatThrownBy(() -> ReadyTraceCodec.decode(future))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 2");
  }
}
