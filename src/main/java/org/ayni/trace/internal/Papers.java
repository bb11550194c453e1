package org.ayni.trace.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceIds;

/**
 * A shipment's papers (its business transactions: despatch advice, invoice, bill of lading…) as a
 * shipment keeps them, "type id, type id" with the type a bare CBV word, and how a receipt's papers
 * tell which shipment it receives (ADR 0017).
 */
final class Papers {

  private Papers() {}

  /**
   * An event's papers as a shipment keeps them ("desadv GR 001, inv F-12"; read by {@link
   * TraceIds#papers}); empty for none.
   */
  static String of(TraceEvent e) {
    List<String> references = new ArrayList<>();
    for (TraceEvent.BizTransaction t : e.bizTransactions()) {
      String type = TraceIds.cbvWord(t.type());
      String id = TraceIds.readReference(t.id());
      references.add(type == null ? id : type + " " + id);
    }
    return String.join(", ", references);
  }

  /**
   * Whether the receipt names one of the shipment's papers: a business transaction's id, of any
   * type ("desadv GR 001" is named by "GR 001", not by "001").
   */
  static boolean named(TraceEvent receipt, String shipped) {
    List<TraceIds.Paper> papers = TraceIds.papers(shipped);
    for (TraceEvent.BizTransaction t : receipt.bizTransactions()) {
      String id = TraceIds.readReference(t.id());
      if (id == null || id.isBlank()) {
        continue;
      }
      for (TraceIds.Paper paper : papers) {
        if (id.equals(paper.id()) || id.equals(paper.written())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a shipment's papers are others than the receipt's: a paper of a kind the receipt names
   * too (a despatch advice) with another number. Such a shipment is another truck of the lot, not
   * the one received; papers of kinds only one of them names (a purchase order on the receipt, a
   * despatch advice on the shipment) tell nothing.
   */
  static boolean others(TraceEvent receipt, String shipped) {
    Map<String, Set<String>> byKind = new HashMap<>();
    for (TraceIds.Paper paper : TraceIds.papers(shipped)) {
      if (paper.type() != null) {
        byKind.computeIfAbsent(paper.type(), k -> new HashSet<>()).add(paper.id());
      }
    }
    Map<String, Set<String>> received = new HashMap<>();
    for (TraceEvent.BizTransaction t : receipt.bizTransactions()) {
      String type = TraceIds.cbvWord(t.type());
      String id = TraceIds.readReference(t.id());
      if (type != null && id != null && byKind.containsKey(type)) {
        received.computeIfAbsent(type, k -> new HashSet<>()).add(id);
      }
    }
    for (var kind : received.entrySet()) {
      if (Collections.disjoint(kind.getValue(), byKind.get(kind.getKey()))) {
        return true;
      }
    }
    return false;
  }
}
