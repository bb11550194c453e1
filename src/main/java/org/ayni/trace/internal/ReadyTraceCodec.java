package org.ayni.trace.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.TraceLot;
import org.ayni.trace.TraceMember;
import org.ayni.trace.TracePlot;
import org.ayni.trace.TraceReceipt;
import org.ayni.trace.internal.TraceQueries.BackwardRow;
import org.ayni.trace.internal.TraceQueries.LotColumns;
import org.ayni.trace.internal.TraceQueries.ReceiptColumns;

/**
 * The stored form of a ready trace (ADR 0007): the rows of a lot's backward trace, in trace order,
 * written once per lot (its columns, then its receipts), together with the trace as a reader who
 * sees every lot and receipt in it gets it (shares and equivalent quantities of receipts, members
 * and plots), computed once by {@link TraceAssembly} when the ready trace is built. Such a reader's
 * trace is decoded as it is ({@link #trace}); others' are assembled from the rows ({@link #rows}),
 * which also compose the ready traces downstream.
 *
 * <p>Layout, version 4: a version byte; the numbers of different strings and ids; the organisations
 * of the lots and receipts (count, ids); the number of lots, then per lot its id, share, depth,
 * identifier, code, organisation, unit, quantity in, product name, equivalent quantity and its
 * receipts (count, then per receipt id, organisation, event id, source party and name, member id,
 * code and name, production unit id, code and name, quantity, unit, time received, sequence number,
 * share and equivalent quantity); the members (count, then per member the index of its first
 * receipt, deliveries, quantity delivered, share and equivalent quantity) and the plots (count,
 * then per plot the index of its first receipt, share and equivalent quantity), in the trace's
 * order; the share of the lot the receipts account for.
 *
 * <p>A trace of a thousand deliveries repeats much from row to row, and every byte is read on every
 * trace, so: numbers of unknown size are variable-length; a string or id seen before in the same
 * ready trace is written as a reference to the first (0 null, odd: new, even: the earlier one's
 * index), and a new string as the length of the prefix it shares with the previous new string of
 * the same column and the rest, in UTF-8 bytes ({@code urn:ayni:lot:c03:D012-0346} after {@code
 * urn:ayni:lot:c03:D012-0345} costs 4 bytes); an event id that is a CBV 2.0 hash or a {@code
 * urn:uuid:} is stored as its 32 or 16 bytes; a time as seconds from the previous one; a receipt's
 * quantity, share and equivalent quantity that equal its lot's, and a member's or plot's share and
 * equivalent quantity that equal its first receipt's, as one byte saying so. Version 3 had no
 * source name; version 2 stored every new string whole, every event id as text and every share and
 * quantity (330 kB for an export lot of the benchmark).
 */
final class ReadyTraceCodec {

  static final int VERSION = 4;

  private ReadyTraceCodec() {}

  /** Encodes rows in trace order (the rows of one lot next to each other). */
  static byte[] encode(List<BackwardRow> rows) {
    BackwardTrace whole = TraceAssembly.backward(OrganisationScope.everything(), rows);
    Out out = new Out(rows.size() * 100 + 64);
    Set<UUID> organisations = new LinkedHashSet<>();
    for (BackwardRow r : rows) {
      organisations.add(r.lot().organisationId());
      if (r.receipt() != null) {
        organisations.add(r.receipt().organisationId());
      }
    }
    organisations.remove(null);
    out.varint(organisations.size());
    organisations.forEach(out::uuid);
    List<int[]> groups = new ArrayList<>();
    for (int i = 0; i < rows.size(); ) {
      int end = i + 1;
      while (end < rows.size() && rows.get(end).lotId().equals(rows.get(i).lotId())) {
        end++;
      }
      groups.add(new int[] {i, end});
      i = end;
    }
    if (rows.getFirst().depth() != 0 || whole.lots().size() != groups.size() - 1) {
      throw new IllegalArgumentException("rows of a trace start with the lot's own");
    }
    out.varint(groups.size());
    int receipt = 0;
    for (int g = 0; g < groups.size(); g++) {
      BackwardRow lot = rows.get(groups.get(g)[0]);
      BigDecimal equivalent = g == 0 ? null : whole.lots().get(g - 1).equivalentQuantity();
      out.lot(lot);
      out.decimal(equivalent, null);
      int receipts = lot.receipt() == null ? 0 : groups.get(g)[1] - groups.get(g)[0];
      out.varint(receipts);
      for (int i = groups.get(g)[0]; i < groups.get(g)[0] + receipts; i++) {
        ReceiptColumns r = rows.get(i).receipt();
        if (r == null) {
          throw new IllegalArgumentException(
              "a lot's rows are either one without receipt or all receipts");
        }
        TraceReceipt assembled = whole.receipts().get(receipt++);
        out.receipt(r, lot.lot());
        out.share(assembled.share(), lot.share());
        out.decimal(assembled.equivalentQuantity(), equivalent);
      }
    }
    // A member's and a plot's first receipt: what TraceAssembly takes their columns from.
    Map<Object, Integer> firstOfMember = new HashMap<>();
    Map<UUID, Integer> firstOfPlot = new HashMap<>();
    for (int i = 0; i < whole.receipts().size(); i++) {
      TraceReceipt r = whole.receipts().get(i);
      firstOfMember.putIfAbsent(r.memberId() != null ? r.memberId() : r.sourceParty(), i);
      if (r.productionUnitId() != null) {
        firstOfPlot.putIfAbsent(r.productionUnitId(), i);
      }
    }
    out.varint(whole.members().size());
    for (TraceMember m : whole.members()) {
      int index = firstOfMember.get(m.memberId() != null ? m.memberId() : m.sourceParty());
      TraceReceipt first = whole.receipts().get(index);
      out.varint(index);
      out.varint(m.deliveries());
      out.decimal(m.deliveredQuantity(), null);
      out.share(m.share(), first.share());
      out.decimal(m.equivalentQuantity(), first.equivalentQuantity());
    }
    out.varint(whole.plots().size());
    for (TracePlot p : whole.plots()) {
      int index = firstOfPlot.get(p.productionUnitId());
      TraceReceipt first = whole.receipts().get(index);
      out.varint(index);
      out.share(p.share(), first.share());
      out.decimal(p.equivalentQuantity(), first.equivalentQuantity());
    }
    out.raw(Double.doubleToLongBits(whole.receiptShare()));
    return out.withHeader();
  }

  /** The organisations of the lots and receipts in a ready trace. */
  static Set<UUID> organisations(byte[] body) {
    In in = new In(body);
    int count = (int) in.varint();
    Set<UUID> organisations = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      organisations.add(in.uuid());
    }
    return organisations;
  }

  /** The rows {@link #encode} was given; every row says visible. */
  static List<BackwardRow> rows(byte[] body) {
    In in = new In(body);
    in.skipOrganisations();
    int lots = (int) in.varint();
    List<BackwardRow> rows = new ArrayList<>(lots + lots / 4);
    for (int l = 0; l < lots; l++) {
      BackwardRow lot = in.lot();
      BigDecimal equivalent = in.decimal(null);
      int receipts = (int) in.varint();
      if (receipts == 0) {
        rows.add(lot);
      }
      for (int r = 0; r < receipts; r++) {
        rows.add(lot.withReceipt(in.receipt(lot.lot())));
        in.share(lot.share());
        in.decimal(equivalent);
      }
    }
    return rows;
  }

  /** The trace of a reader who may see every lot and receipt in the ready trace. */
  static BackwardTrace trace(byte[] body) {
    In in = new In(body);
    in.skipOrganisations();
    int lotCount = (int) in.varint();
    TraceLot self = null;
    List<TraceLot> lots = new ArrayList<>(lotCount);
    List<TraceReceipt> receipts = new ArrayList<>(lotCount);
    for (int l = 0; l < lotCount; l++) {
      BackwardRow row = in.lot();
      BigDecimal equivalent = in.decimal(null);
      TraceLot lot = TraceAssembly.lot(row.lot(), row.share(), row.depth(), equivalent);
      if (l == 0) {
        self = lot;
      } else {
        lots.add(lot);
      }
      int count = (int) in.varint();
      for (int r = 0; r < count; r++) {
        ReceiptColumns receipt = in.receipt(row.lot());
        double share = in.share(row.share());
        receipts.add(TraceAssembly.receipt(row.lot(), receipt, share, in.decimal(equivalent)));
      }
    }
    int memberCount = (int) in.varint();
    List<TraceMember> members = new ArrayList<>(memberCount);
    for (int m = 0; m < memberCount; m++) {
      TraceReceipt first = receipts.get((int) in.varint());
      int deliveries = (int) in.varint();
      BigDecimal delivered = in.decimal(null);
      double share = in.share(first.share());
      members.add(
          TraceAssembly.member(
              first, deliveries, delivered, share, in.decimal(first.equivalentQuantity())));
    }
    int plotCount = (int) in.varint();
    List<TracePlot> plots = new ArrayList<>(plotCount);
    for (int p = 0; p < plotCount; p++) {
      TraceReceipt first = receipts.get((int) in.varint());
      double share = in.share(first.share());
      plots.add(TraceAssembly.plot(first, share, in.decimal(first.equivalentQuantity())));
    }
    double receiptShare = in.rawDouble();
    in.end();
    if (self == null) {
      throw new IllegalStateException("ready trace without its lot");
    }
    return new BackwardTrace(
        self.id(),
        self.identifier(),
        self.code(),
        self.quantityIn(),
        self.unit(),
        lots,
        receipts,
        members,
        plots,
        receiptShare,
        0);
  }

  /** The string columns, each front-coded against its own previous new string. */
  private enum Column {
    LOT_IDENTIFIER,
    LOT_CODE,
    LOT_UNIT,
    PRODUCT,
    EVENT,
    SOURCE,
    SOURCE_NAME,
    MEMBER_CODE,
    MEMBER_NAME,
    PLOT_CODE,
    PLOT_NAME,
    RECEIPT_UNIT
  }

  private static final String HASH_PREFIX = "ni:///sha-256;";
  private static final String HASH_SUFFIX = "?ver=CBV2.0";
  private static final String URN_UUID = "urn:uuid:";
  private static final HexFormat HEX = HexFormat.of();
  // the hash's prefix, 64 characters for its digits, and its suffix
  private static final byte[] HASH_BYTES =
      (HASH_PREFIX + "0".repeat(64) + HASH_SUFFIX).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** A growing byte buffer that writes a string or id seen before as a reference. */
  private static final class Out extends ByteArrayOutputStream {

    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<UUID, Integer> ids = new HashMap<>();
    private final byte[][] last = new byte[Column.values().length][];
    private long lastSecond;

    Out(int size) {
      super(size);
    }

    /**
     * The version, the numbers of different strings and ids (for the reader to size its tables),
     * then what was written.
     */
    byte[] withHeader() {
      Out head = new Out(count + 16);
      head.varint(VERSION);
      head.varint(strings.size());
      head.varint(ids.size());
      head.write(buf, 0, count);
      return head.toByteArray();
    }

    /** A lot's row: id, share, depth, then its columns. */
    void lot(BackwardRow row) {
      LotColumns lot = row.lot();
      uuid(lot.id());
      raw(Double.doubleToLongBits(row.share()));
      varint(row.depth());
      string(Column.LOT_IDENTIFIER, lot.identifier());
      string(Column.LOT_CODE, lot.code());
      uuid(lot.organisationId());
      string(Column.LOT_UNIT, lot.unit());
      decimal(lot.quantityIn(), null);
      string(Column.PRODUCT, lot.productName());
    }

    /** A receipt into {@code lot}. */
    void receipt(ReceiptColumns r, LotColumns lot) {
      uuid(r.id());
      uuid(r.organisationId());
      eventId(r.eventId());
      string(Column.SOURCE, r.sourceParty());
      string(Column.SOURCE_NAME, r.sourceName());
      uuid(r.memberId());
      string(Column.MEMBER_CODE, r.memberCode());
      string(Column.MEMBER_NAME, r.memberName());
      uuid(r.productionUnitId());
      string(Column.PLOT_CODE, r.productionUnitCode());
      string(Column.PLOT_NAME, r.productionUnitName());
      decimal(r.quantity(), lot.quantityIn());
      string(Column.RECEIPT_UNIT, r.unit());
      time(r.receivedAt());
      sequence(r.seq());
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
        varint(0);
        return;
      }
      Integer seen = ids.putIfAbsent(id, ids.size());
      if (seen != null) {
        varint(2L + 2L * seen);
        return;
      }
      varint(1);
      uuidBytes(id);
    }

    private void uuidBytes(UUID id) {
      raw(id.getMostSignificantBits());
      raw(id.getLeastSignificantBits());
    }

    /**
     * Null as 0; seen before as 2 + 2 × its index; else 1 + 2 × the length of what it does not
     * share with the column's previous new string, the length of what it shares, and the rest, all
     * in UTF-8 bytes (the shared part ends where a character does).
     */
    void string(Column column, String text) {
      if (text == null) {
        varint(0);
        return;
      }
      Integer seen = strings.putIfAbsent(text, strings.size());
      if (seen != null) {
        varint(2L + 2L * seen);
        return;
      }
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      byte[] previous = last[column.ordinal()];
      int shared = 0;
      if (previous != null) {
        int most = Math.min(previous.length, utf8.length);
        while (shared < most && previous[shared] == utf8[shared]) {
          shared++;
        }
        while (shared > 0 && shared < utf8.length && (utf8[shared] & 0xC0) == 0x80) {
          shared--; // not inside a character's bytes
        }
      }
      last[column.ordinal()] = utf8;
      varint(1L + 2L * (utf8.length - shared));
      varint(shared);
      write(utf8, shared, utf8.length - shared);
    }

    /** Null as 0, a CBV 2.0 hash as 1 and its 32 bytes, a urn:uuid as 2 and 16, else 3 and text. */
    void eventId(String id) {
      if (id == null) {
        write(0);
      } else if (isHash(id)) {
        write(1);
        writeBytes(HEX.parseHex(id, HASH_PREFIX.length(), id.length() - HASH_SUFFIX.length()));
      } else if (isUrnUuid(id)) {
        write(2);
        uuidBytes(UUID.fromString(id.substring(URN_UUID.length())));
      } else {
        write(3);
        string(Column.EVENT, id);
      }
    }

    private static boolean isHash(String id) {
      return id.length() == HASH_PREFIX.length() + 64 + HASH_SUFFIX.length()
          && id.startsWith(HASH_PREFIX)
          && id.endsWith(HASH_SUFFIX)
          && lowerHex(id, HASH_PREFIX.length(), HASH_PREFIX.length() + 64);
    }

    /** In the one form {@link UUID#toString} gives back. */
    private static boolean isUrnUuid(String id) {
      if (id.length() != URN_UUID.length() + 36 || !id.startsWith(URN_UUID)) {
        return false;
      }
      for (int i = URN_UUID.length(); i < id.length(); i++) {
        int at = i - URN_UUID.length();
        boolean dash = at == 8 || at == 13 || at == 18 || at == 23;
        if (dash ? id.charAt(i) != '-' : !lowerHex(id, i, i + 1)) {
          return false;
        }
      }
      return true;
    }

    private static boolean lowerHex(String text, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
          return false;
        }
      }
      return true;
    }

    /** A share: 0 when it is {@code likely} to the bit, else 1 and its bits. */
    void share(double share, double likely) {
      long bits = Double.doubleToLongBits(share);
      if (bits == Double.doubleToLongBits(likely)) {
        write(0);
      } else {
        write(1);
        raw(bits);
      }
    }

    /**
     * Null as 0; equal to {@code likely} (scale included) as 3; else 1 + zigzag scale and a long
     * unscaled value, or 2 + scale and bytes.
     */
    void decimal(BigDecimal value, BigDecimal likely) {
      if (value == null) {
        write(0);
        return;
      }
      if (value.equals(likely)) {
        write(3);
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

    /**
     * Null as 0; else 1, the seconds from the previous time written (zigzag), the nanoseconds, and
     * the offset as 2 × quarter hours (zigzag) or 1 + 2 × seconds.
     */
    void time(OffsetDateTime time) {
      if (time == null) {
        write(0);
        return;
      }
      write(1);
      long second = time.toEpochSecond();
      varint(zigzag(second - lastSecond));
      lastSecond = second;
      varint(time.getNano());
      int offset = time.getOffset().getTotalSeconds();
      varint(offset % 900 == 0 ? 2 * zigzag(offset / 900) : 1 + 2 * zigzag(offset));
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
    private final List<String> strings;
    private final List<UUID> ids;
    // each column's previous new string in UTF-8 starts at lastBytes[c][lastFrom[c]]
    private final byte[][] lastBytes = new byte[Column.values().length][];
    private final int[] lastFrom = new int[Column.values().length];
    private long lastSecond;
    private ZoneOffset lastOffset = ZoneOffset.UTC;

    In(byte[] bytes) {
      this.bytes = Objects.requireNonNull(bytes);
      int version = (int) varint();
      if (version != VERSION) {
        throw new IllegalStateException("ready trace version " + version + " is not " + VERSION);
      }
      strings = new ArrayList<>((int) varint());
      ids = new ArrayList<>((int) varint());
    }

    void skipOrganisations() {
      int count = (int) varint();
      for (int i = 0; i < count; i++) {
        uuid();
      }
    }

    /** A lot's row without receipt, with its share and depth. */
    BackwardRow lot() {
      // Arguments are evaluated left to right (JLS 15.7.4): the order Out.lot wrote them in.
      UUID id = uuid();
      double share = rawDouble();
      int depth = (int) varint();
      LotColumns lot =
          new LotColumns(
              id,
              string(Column.LOT_IDENTIFIER),
              string(Column.LOT_CODE),
              uuid(),
              string(Column.LOT_UNIT),
              decimal(null),
              string(Column.PRODUCT));
      return new BackwardRow(lot, share, depth, true, null);
    }

    /** A receipt's columns, in the order Out.receipt wrote them. */
    ReceiptColumns receipt(LotColumns lot) {
      return new ReceiptColumns(
          uuid(),
          uuid(),
          eventId(),
          string(Column.SOURCE),
          string(Column.SOURCE_NAME),
          uuid(),
          string(Column.MEMBER_CODE),
          string(Column.MEMBER_NAME),
          uuid(),
          string(Column.PLOT_CODE),
          string(Column.PLOT_NAME),
          decimal(lot.quantityIn()),
          string(Column.RECEIPT_UNIT),
          time(),
          sequence());
    }

    void end() {
      if (position != bytes.length) {
        throw new IllegalStateException(
            "ready trace has " + (bytes.length - position) + " bytes left");
      }
    }

    long varint() {
      byte first = bytes[position];
      if (first >= 0) {
        position++;
        return first; // most are below 128
      }
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

    double rawDouble() {
      return Double.longBitsToDouble(raw());
    }

    UUID uuid() {
      long tag = varint();
      if (tag == 0) {
        return null;
      }
      if (tag == 1) {
        UUID id = new UUID(raw(), raw());
        ids.add(id);
        return id;
      }
      return ids.get((int) ((tag - 2) / 2));
    }

    String string(Column column) {
      long tag = varint();
      if (tag == 0) {
        return null;
      }
      if ((tag & 1) == 0) {
        return strings.get((int) ((tag - 2) / 2));
      }
      int length = (int) (tag / 2);
      int shared = (int) varint();
      int c = column.ordinal();
      String text;
      if (shared == 0) {
        text = new String(bytes, position, length, StandardCharsets.UTF_8);
        lastBytes[c] = bytes;
        lastFrom[c] = position;
      } else {
        byte[] utf8 = new byte[shared + length];
        System.arraycopy(lastBytes[c], lastFrom[c], utf8, 0, shared);
        System.arraycopy(bytes, position, utf8, shared, length);
        text = new String(utf8, StandardCharsets.UTF_8);
        lastBytes[c] = utf8;
        lastFrom[c] = 0;
      }
      position += length;
      strings.add(text);
      return text;
    }

    String eventId() {
      int tag = bytes[position++];
      switch (tag) {
        case 0 -> {
          return null;
        }
        case 1 -> {
          byte[] text = new byte[HASH_PREFIX.length() + 64 + HASH_SUFFIX.length()];
          int at = HASH_PREFIX.length();
          System.arraycopy(HASH_BYTES, 0, text, 0, at);
          for (int i = 0; i < 32; i++) {
            int b = bytes[position++] & 0xFF;
            text[at++] = DIGITS[b >>> 4];
            text[at++] = DIGITS[b & 0xF];
          }
          System.arraycopy(HASH_BYTES, at, text, at, HASH_SUFFIX.length());
          return new String(text, StandardCharsets.ISO_8859_1);
        }
        case 2 -> {
          return URN_UUID + new UUID(raw(), raw());
        }
        case 3 -> {
          return string(Column.EVENT);
        }
        default -> throw new IllegalStateException("event id tag " + tag);
      }
    }

    double share(double likely) {
      return bytes[position++] == 0 ? likely : rawDouble();
    }

    BigDecimal decimal(BigDecimal likely) {
      int tag = bytes[position++];
      if (tag == 0) {
        return null;
      }
      if (tag == 3) {
        return likely;
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
      long second = lastSecond + unzigzag(varint());
      lastSecond = second;
      int nanos = (int) varint();
      long offset = varint();
      int seconds =
          (offset & 1) == 0 ? (int) unzigzag(offset / 2) * 900 : (int) unzigzag(offset / 2);
      if (lastOffset.getTotalSeconds() != seconds) {
        lastOffset = ZoneOffset.ofTotalSeconds(seconds);
      }
      return OffsetDateTime.of(LocalDateTime.ofEpochSecond(second, nanos, lastOffset), lastOffset);
    }

    private static long unzigzag(long v) {
      return (v >>> 1) ^ -(v & 1);
    }
  }
}
