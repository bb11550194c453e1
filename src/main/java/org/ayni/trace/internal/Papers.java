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

  /** An event's papers as a shipment keeps them ("desadv GR 001, inv F-12"); empty for none. */
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
   * type.
   */
  static boolean named(TraceEvent receipt, String shipped) {
    if (shipped == null || receipt.bizTransactions().isEmpty()) {
      return false;
    }
    List<String> papers = List.of(shipped.split(", "));
    for (TraceEvent.BizTransaction t : receipt.bizTransactions()) {
      String id = TraceIds.readReference(t.id());
      if (id == null || id.isBlank()) {
        continue;
      }
      for (String paper : papers) {
        // the id alone, or after its type (one word): "desadv GR 001" names "GR 001", not "001"
        int cut = paper.length() - id.length() - 1;
        if (paper.equals(id)
            || (cut > 0 && paper.endsWith(" " + id) && paper.indexOf(' ') == cut)) {
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
    if (shipped == null) {
      return false;
    }
    Map<String, Set<String>> byKind = new HashMap<>();
    for (String paper : shipped.split(", ")) {
      int space = paper.indexOf(' ');
      if (space > 0) {
        byKind
            .computeIfAbsent(paper.substring(0, space), k -> new HashSet<>())
            .add(paper.substring(space + 1));
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
