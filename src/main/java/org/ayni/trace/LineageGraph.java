package org.ayni.trace;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A lot's lineage as a tree for display: backward from the lot through the lots it was made of to
 * the receipts, members and plots; forward to the lots made from it and their shipments. A lot
 * reached twice (through a split and a merge) is shown once and then marked {@code repeated}.
 *
 * @param truncated nodes left out because the tree was too large to show
 */
public record LineageGraph(Node backward, Node forward, int truncated) {

  /** One node: its kind (LOT, RECEIPT, MEMBER, PLOT, SHIPMENT, PARTY) and what to show of it. */
  public record Node(
      String kind,
      UUID id,
      String label,
      String detail,
      double share,
      BigDecimal quantity,
      String unit,
      boolean repeated,
      List<Node> children) {

    public Node {
      children = List.copyOf(children);
    }
  }
}
