package org.ayni.trace.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Layout, version 2: a version byte; the organisations of the lots and receipts (count, ids);
 * the number of lots, then per lot its id, share, depth, identifier, code, organisation, unit,
 * quantity in, product name, equivalent quantity and its receipts (count, then per receipt id,
 * organisation, event id, source party, member id, code and name, production unit id, code and
 * name, quantity, unit, time received, sequence number, share and equivalent quantity); the members
 * (count, then per member the index of its first receipt, deliveries, quantity delivered, share and
 * equivalent quantity) and the plots (count, then per plot the index of its first receipt, share
 * and equivalent quantity), in the trace's order; the share of the lot the receipts account for.
 * Numbers of unknown size are variable-length; shares are the doubles' bits. A string or id seen
 * before in the same ready trace is written as a reference to the first (0 null, odd: new, with its
 * length or bytes, even: the earlier one's index), so a unit, a product or an organisation is
 * stored and decoded once.
 */
final class ReadyTraceCodec {

  static final int VERSION = 2;

  private ReadyTraceCodec() {}

  /** Encodes rows in trace order (the rows of one lot next to each other). */
  static byte[] encode(List<BackwardRow> rows) {
    BackwardTrace whole = TraceAssembly.backward(OrganisationScope.everything(), rows);
    Out out = new Out(rows.size() * 200 + 64);
    out.varint(VERSION);
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
      out.lot(lot);
      out.decimal(g == 0 ? null : whole.lots().get(g - 1).equivalentQuantity());
      int receipts = lot.receipt() == null ? 0 : groups.get(g)[1] - groups.get(g)[0];
      out.varint(receipts);
      for (int i = groups.get(g)[0]; i < groups.get(g)[0] + receipts; i++) {
        ReceiptColumns r = rows.get(i).receipt();
        if (r == null) {
          throw new IllegalArgumentException(
              "a lot's rows are either one without receipt or all receipts");
        }
        TraceReceipt assembled = whole.receipts().get(receipt++);
        out.receipt(r);
        out.raw(Double.doubleToLongBits(assembled.share()));
        out.decimal(assembled.equivalentQuantity());
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
      out.varint(firstOfMember.get(m.memberId() != null ? m.memberId() : m.sourceParty()));
      out.varint(m.deliveries());
      out.decimal(m.deliveredQuantity());
      out.raw(Double.doubleToLongBits(m.share()));
      out.decimal(m.equivalentQuantity());
    }
    out.varint(whole.plots().size());
    for (TracePlot p : whole.plots()) {
      out.varint(firstOfPlot.get(p.productionUnitId()));
      out.raw(Double.doubleToLongBits(p.share()));
      out.decimal(p.equivalentQuantity());
    }
    out.raw(Double.doubleToLongBits(whole.receiptShare()));
    return out.toByteArray();
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
      in.decimal(); // equivalent quantity
      int receipts = (int) in.varint();
      if (receipts == 0) {
        rows.add(lot);
      }
      for (int r = 0; r < receipts; r++) {
        rows.add(lot.withReceipt(in.receipt()));
        in.raw(); // share
        in.decimal(); // equivalent quantity
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
      TraceLot lot = TraceAssembly.lot(row.lot(), row.share(), row.depth(), in.decimal());
      if (l == 0) {
        self = lot;
      } else {
        lots.add(lot);
      }
      int count = (int) in.varint();
      for (int r = 0; r < count; r++) {
        ReceiptColumns receipt = in.receipt();
        receipts.add(TraceAssembly.receipt(row.lot(), receipt, in.rawDouble(), in.decimal()));
      }
    }
    int memberCount = (int) in.varint();
    List<TraceMember> members = new ArrayList<>(memberCount);
    for (int m = 0; m < memberCount; m++) {
      TraceReceipt first = receipts.get((int) in.varint());
      // Arguments are evaluated left to right (JLS 15.7.4): the order of the fields written.
      members.add(
          TraceAssembly.member(
              first, (int) in.varint(), in.decimal(), in.rawDouble(), in.decimal()));
    }
    int plotCount = (int) in.varint();
    List<TracePlot> plots = new ArrayList<>(plotCount);
    for (int p = 0; p < plotCount; p++) {
      TraceReceipt first = receipts.get((int) in.varint());
      plots.add(TraceAssembly.plot(first, in.rawDouble(), in.decimal()));
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

  /** A growing byte buffer that writes a string or id seen before as a reference. */
  private static final class Out extends ByteArrayOutputStream {

    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<UUID, Integer> ids = new HashMap<>();

    Out(int size) {
      super(size);
    }

    /** A lot's row: id, share, depth, then its columns. */
    void lot(BackwardRow row) {
      LotColumns lot = row.lot();
      uuid(lot.id());
      raw(Double.doubleToLongBits(row.share()));
      varint(row.depth());
      string(lot.identifier());
      string(lot.code());
      uuid(lot.organisationId());
      string(lot.unit());
      decimal(lot.quantityIn());
      string(lot.productName());
    }

    void receipt(ReceiptColumns r) {
      uuid(r.id());
      uuid(r.organisationId());
      string(r.eventId());
      string(r.sourceParty());
      uuid(r.memberId());
      string(r.memberCode());
      string(r.memberName());
      uuid(r.productionUnitId());
      string(r.productionUnitCode());
      string(r.productionUnitName());
      decimal(r.quantity());
      string(r.unit());
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
      raw(id.getMostSignificantBits());
      raw(id.getLeastSignificantBits());
    }

    void string(String text) {
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
      varint(1L + 2L * utf8.length);
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
    private final List<String> strings;
    private final List<UUID> ids;

    In(byte[] bytes) {
      this.bytes = Objects.requireNonNull(bytes);
      // about one new string per 50 bytes and one new id per 150 in the benchmark's ready traces
      strings = new ArrayList<>(bytes.length / 48 + 16);
      ids = new ArrayList<>(bytes.length / 128 + 16);
      int version = (int) varint();
      if (version != VERSION) {
        throw new IllegalStateException("ready trace version " + version + " is not " + VERSION);
      }
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
          new LotColumns(id, string(), string(), uuid(), string(), decimal(), string());
      return new BackwardRow(lot, share, depth, true, null);
    }

    /** A receipt's columns, in the order Out.receipt wrote them. */
    ReceiptColumns receipt() {
      return new ReceiptColumns(
          uuid(),
          uuid(),
          string(),
          string(),
          uuid(),
          string(),
          string(),
          uuid(),
          string(),
          string(),
          decimal(),
          string(),
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

    String string() {
      long tag = varint();
      if (tag == 0) {
        return null;
      }
      if ((tag & 1) == 0) {
        return strings.get((int) ((tag - 2) / 2));
      }
      int length = (int) (tag / 2);
      String text = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      strings.add(text);
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
