package org.ayni.trace.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.ayni.trace.internal.TraceQueries.BackwardRow;

/**
 * The stored form of a ready trace (ADR 0007): the rows of a lot's backward trace, in trace order,
 * written once per lot (its columns, then its receipts) rather than once per row. Visibility is not
 * stored (it depends on who reads); decoded rows say visible and the reader corrects that.
 *
 * <p>Layout, version 1: a version byte, the number of lots, then per lot its id, share, depth,
 * identifier, code, organisation, unit, quantity in, product name and its receipts (count, then per
 * receipt id, organisation, event id, source party, member id, code and name, production unit id,
 * code and name, quantity, unit, time received and sequence number). Strings are UTF-8 with a
 * length (0 for null, else length + 1); numbers of unknown size are variable-length.
 */
final class ReadyTraceCodec {

  static final int VERSION = 1;

  private ReadyTraceCodec() {}

  /** Encodes rows in trace order (the rows of one lot next to each other). */
  static byte[] encode(List<BackwardRow> rows) {
    Out out = new Out(rows.size() * 320 + 16);
    out.varint(VERSION);
    List<int[]> groups = new ArrayList<>();
    for (int i = 0; i < rows.size(); ) {
      int end = i + 1;
      while (end < rows.size() && rows.get(end).lotId().equals(rows.get(i).lotId())) {
        end++;
      }
      groups.add(new int[] {i, end});
      i = end;
    }
    out.varint(groups.size());
    for (int[] g : groups) {
      BackwardRow lot = rows.get(g[0]);
      out.uuid(lot.lotId());
      out.raw(Double.doubleToLongBits(lot.share()));
      out.varint(lot.depth());
      out.string(lot.identifier());
      out.string(lot.code());
      out.uuid(lot.organisationId());
      out.string(lot.unit());
      out.decimal(lot.quantityIn());
      out.string(lot.productName());
      int receipts = lot.receiptId() == null ? 0 : g[1] - g[0];
      out.varint(receipts);
      for (int i = g[0]; i < g[0] + receipts; i++) {
        BackwardRow r = rows.get(i);
        if (r.receiptId() == null) {
          throw new IllegalArgumentException(
              "a lot's rows are either one without receipt or all receipts");
        }
        out.uuid(r.receiptId());
        out.uuid(r.receiptOrganisationId());
        out.string(r.eventId());
        out.string(r.sourceParty());
        out.uuid(r.memberId());
        out.string(r.memberCode());
        out.string(r.memberName());
        out.uuid(r.productionUnitId());
        out.string(r.productionUnitCode());
        out.string(r.productionUnitName());
        out.decimal(r.receiptQuantity());
        out.string(r.receiptUnit());
        out.time(r.receivedAt());
        out.sequence(r.receiptSeq());
      }
    }
    return out.toByteArray();
  }

  /** Decodes what {@link #encode} wrote; every row says visible. */
  static List<BackwardRow> decode(byte[] body) {
    In in = new In(body);
    int version = (int) in.varint();
    if (version != VERSION) {
      throw new IllegalStateException("ready trace version " + version + " is not " + VERSION);
    }
    int lots = (int) in.varint();
    List<BackwardRow> rows = new ArrayList<>(lots + lots / 4);
    for (int l = 0; l < lots; l++) {
      // Arguments are evaluated left to right (JLS 15.7.4): the order of the fields written.
      BackwardRow lot =
          BackwardRow.lot(
              in.uuid(),
              Double.longBitsToDouble(in.raw()),
              (int) in.varint(),
              in.string(),
              in.string(),
              in.uuid(),
              in.string(),
              in.decimal(),
              in.string());
      int receipts = (int) in.varint();
      if (receipts == 0) {
        rows.add(lot);
      }
      for (int r = 0; r < receipts; r++) {
        rows.add(
            lot.withReceipt(
                in.uuid(),
                in.uuid(),
                in.string(),
                in.string(),
                in.uuid(),
                in.string(),
                in.string(),
                in.uuid(),
                in.string(),
                in.string(),
                in.decimal(),
                in.string(),
                in.time(),
                in.sequence()));
      }
    }
    if (in.position != body.length) {
      throw new IllegalStateException(
          "ready trace has " + (body.length - in.position) + " bytes left");
    }
    return rows;
  }

  /** A growing byte buffer. */
  private static final class Out extends ByteArrayOutputStream {

    Out(int size) {
      super(size);
    }

    void varint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void raw(long value) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        write((int) (value >>> shift));
      }
    }

    void uuid(UUID id) {
      if (id == null) {
        write(0);
        return;
      }
      write(1);
      raw(id.getMostSignificantBits());
      raw(id.getLeastSignificantBits());
    }

    void string(String text) {
      if (text == null) {
        varint(0);
        return;
      }
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length + 1L);
      writeBytes(utf8);
    }

    /** Null as 0; else 1 + zigzag scale and a long unscaled value, or 2 + scale and bytes. */
    void decimal(BigDecimal value) {
      if (value == null) {
        write(0);
        return;
      }
      BigInteger unscaled = value.unscaledValue();
      if (unscaled.bitLength() < 64) {
        write(1);
        varint(zigzag(value.scale()));
        varint(zigzag(unscaled.longValue()));
      } else {
        write(2);
        varint(zigzag(value.scale()));
        byte[] bytes = unscaled.toByteArray();
        varint(bytes.length);
        writeBytes(bytes);
      }
    }

    void time(OffsetDateTime time) {
      if (time == null) {
        write(0);
        return;
      }
      write(1);
      varint(zigzag(time.toEpochSecond()));
      varint(time.getNano());
      varint(zigzag(time.getOffset().getTotalSeconds()));
    }

    /** A sequence number or null (0), else the number + 1. */
    void sequence(Long seq) {
      varint(seq == null ? 0 : seq + 1);
    }

    private static long zigzag(long v) {
      return (v << 1) ^ (v >> 63);
    }
  }

  /** Reads what {@link Out} wrote. */
  private static final class In {

    private final byte[] bytes;
    private int position;

    In(byte[] bytes) {
      this.bytes = Objects.requireNonNull(bytes);
    }

    long varint() {
      long value = 0;
      int shift = 0;
      while (true) {
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
        shift += 7;
      }
    }

    long raw() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (bytes[position++] & 0xFF);
      }
      return value;
    }

    UUID uuid() {
      if (bytes[position++] == 0) {
        return null;
      }
      return new UUID(raw(), raw());
    }

    String string() {
      int length = (int) varint();
      if (length == 0) {
        return null;
      }
      String text = new String(bytes, position, length - 1, StandardCharsets.UTF_8);
      position += length - 1;
      return text;
    }

    BigDecimal decimal() {
      int tag = bytes[position++];
      if (tag == 0) {
        return null;
      }
      int scale = (int) unzigzag(varint());
      if (tag == 1) {
        return BigDecimal.valueOf(unzigzag(varint()), scale);
      }
      int length = (int) varint();
      byte[] unscaled = new byte[length];
      System.arraycopy(bytes, position, unscaled, 0, length);
      position += length;
      return new BigDecimal(new BigInteger(unscaled), scale);
    }

    Long sequence() {
      long value = varint();
      return value == 0 ? null : value - 1;
    }

    OffsetDateTime time() {
      if (bytes[position++] == 0) {
        return null;
      }
      long seconds = unzigzag(varint());
      int nanos = (int) varint();
      int offset = (int) unzigzag(varint());
      return OffsetDateTime.ofInstant(
          Instant.ofEpochSecond(seconds, nanos), ZoneOffset.ofTotalSeconds(offset));
    }

    private static long unzigzag(long v) {
      return (v >>> 1) ^ -(v & 1);
    }
  }
}
