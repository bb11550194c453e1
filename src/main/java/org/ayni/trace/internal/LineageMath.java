package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ayni.trace.Units;

/**
 * The arithmetic of lineage. A lot's composition is the quantity-weighted mix of its inputs and of
 * their compositions: an output made of 60 kg of A and 40 kg of B is 0.6 A and 0.4 B, and of each
 * of A's ancestors 0.6 times its share in A. Through a split every part keeps the composition of
 * the lot it came from; a merge mixes by the quantities merged; a lot produced by several events
 * (or a transformationID spanning events) mixes the events by the quantity each produced, all its
 * parts in each (a lot produced twice by one transformationID is 40 kg + 40 kg of it). A lot that
 * also received material directly (receipts) owes its inputs only the part of it they produced: 40
 * kg dried into a lot that then received 60 kg is 0.4 its input's and 0.6 receipts'.
 */
public final class LineageMath {

  private LineageMath() {}

  /** An ancestor of a lot: the share of the lot's material from it, and the fewest steps to it. */
  public record Ancestor(double share, int depth) {}

  /**
   * An edge input → output. {@code group} is what the output's edges are mixed by: the event (or
   * the transformationID); the quantities are the input part's and the output part's. An output
   * made in several parts of one group (listed twice, or produced by two events of one
   * transformationID) has an edge from every input into each part: {@code outputPart} names the
   * part (its stock movement), so that each counts once towards what the group made of the output;
   * null where it is not known (edges stored before parts were named, outputs without a quantity).
   */
  public record EdgeRow(
      UUID id,
      UUID input,
      UUID output,
      String group,
      BigDecimal inputQuantity,
      String inputUnit,
      BigDecimal outputQuantity,
      String outputUnit,
      UUID outputPart) {}

  /** Compositions of lots and the weights of the edges into them. */
  public record Result(Map<UUID, Map<UUID, Ancestor>> compositions, Map<UUID, Double> weights) {}

  /**
   * What came into a lot, in its unit: its receipts and what events produced into it (the lot's
   * quantity in).
   */
  public record Made(BigDecimal quantity, String unit) {}

  /**
   * A receipt's share of its lot: its quantity over what came into the lot; null where they do not
   * compare (missing, or units of different dimensions).
   */
  public static Double receiptShare(BigDecimal quantity, String unit, Made made) {
    if (quantity == null
        || made == null
        || made.quantity() == null
        || made.quantity().signum() <= 0) {
      return null;
    }
    BigDecimal q = Units.convert(quantity, unit, made.unit());
    return q == null ? null : q.doubleValue() / made.quantity().doubleValue();
  }

  /** {@link #weights(List, Made)} of a lot whose whole quantity its edges produced. */
  public static Map<UUID, Double> weights(List<EdgeRow> edgesOfOneOutput) {
    return weights(edgesOfOneOutput, null);
  }

  /**
   * The weight of each edge into one output: the share of the output produced in the edge's group,
   * times the input's share of the group's inputs. They sum to the part of what came into the
   * output ({@code made}, null for all of it) that its edges produced: 1 unless it also received
   * material. Quantities that cannot be compared (a group that made no measured part, or units of
   * different dimensions) count equally.
   */
  public static Map<UUID, Double> weights(List<EdgeRow> edgesOfOneOutput, Made made) {
    Map<String, List<EdgeRow>> groups = new LinkedHashMap<>();
    for (EdgeRow e : edgesOfOneOutput) {
      groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
    }
    Map<String, Double> groupWeights = new HashMap<>();
    List<BigDecimal> produced = new ArrayList<>();
    String unit = null;
    boolean comparable = true;
    for (List<EdgeRow> group : groups.values()) {
      // each named part once; where an edge into a part with a quantity names none (stored before
      // parts were named: V47), the largest part, as then, for the whole group (its new edges name
      // parts the old ones went into too). An edge into a part without a quantity adds nothing to
      // what a group with measured parts made (review of 2026-12-07p, 1 and 2).
      Map<UUID, BigDecimal> parts = new HashMap<>();
      BigDecimal largest = null;
      boolean unnamed = false;
      boolean measured = false;
      for (EdgeRow e : group) {
        if (e.outputQuantity() == null) {
          continue;
        }
        measured = true;
        if (unit == null) {
          unit = e.outputUnit();
        }
        BigDecimal q = Units.convert(e.outputQuantity(), e.outputUnit(), unit);
        if (q == null) {
          comparable = false;
          continue;
        }
        unnamed |= e.outputPart() == null;
        if (e.outputPart() != null) {
          parts.put(e.outputPart(), q);
        }
        if (largest == null || q.compareTo(largest) > 0) {
          largest = q;
        }
      }
      if (!measured) {
        comparable = false;
      }
      produced.add(
          unnamed || parts.isEmpty()
              ? largest
              : parts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }
    double total = 0;
    for (BigDecimal q : produced) {
      total += q == null ? 0 : q.doubleValue();
    }
    int g = 0;
    for (String key : groups.keySet()) {
      BigDecimal q = produced.get(g++);
      double w =
          comparable && total > 0 && q != null ? q.doubleValue() / total : 1.0 / groups.size();
      groupWeights.put(key, w);
    }
    // the edges' part of the lot: less than all of it where receipts brought the rest
    BigDecimal all = made == null || !comparable || total <= 0 ? null : made.quantity();
    BigDecimal inEdgeUnit = all == null ? null : Units.convert(all, made.unit(), unit);
    double part =
        inEdgeUnit != null && inEdgeUnit.signum() > 0
            ? Math.min(1.0, total / inEdgeUnit.doubleValue())
            : 1.0;
    Map<UUID, Double> weights = new HashMap<>();
    for (var entry : groups.entrySet()) {
      Map<UUID, Double> within = shares(entry.getValue());
      double groupWeight = groupWeights.get(entry.getKey()) * part;
      within.forEach((id, w) -> weights.put(id, groupWeight * w));
    }
    return weights;
  }

  /**
   * Shares of the edges of one group into one output by their input quantities, in the output's
   * measure where an input has it (as mass balance holds an output to the inputs of its dimension,
   * ADR 0013), else in the first input's: an input of another measure has no share of it (a jute
   * sack counted beside 90 and 10 kg of cacao dried together: the members' shares stay 9 to 1, not
   * a third each; QA of 2026-12-07q, F3), and is still an ancestor. Equal where an input has no
   * quantity, or none is in that measure.
   */
  private static Map<UUID, Double> shares(List<EdgeRow> group) {
    String unit = measure(group);
    List<Double> quantities = new ArrayList<>();
    boolean unmeasured = false;
    double total = 0;
    for (EdgeRow e : group) {
      BigDecimal q =
          e.inputQuantity() == null ? null : Units.convert(e.inputQuantity(), e.inputUnit(), unit);
      unmeasured |= e.inputQuantity() == null;
      quantities.add(q == null ? 0.0 : q.doubleValue());
      total += q == null ? 0.0 : q.doubleValue();
    }
    Map<UUID, Double> shares = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      double share = !unmeasured && total > 0 ? quantities.get(i) / total : 1.0 / group.size();
      shares.put(group.get(i).id(), share);
    }
    return shares;
  }

  /** The unit a group's inputs are weighed in: the output's, where an input compares with it. */
  private static String measure(List<EdgeRow> group) {
    String output = null;
    for (EdgeRow e : group) {
      if (e.outputQuantity() != null && e.outputUnit() != null) {
        output = e.outputUnit();
        break;
      }
    }
    for (EdgeRow e : group) {
      if (output != null
          && e.inputQuantity() != null
          && Units.convert(e.inputQuantity(), e.inputUnit(), output) != null) {
        return output;
      }
    }
    for (EdgeRow e : group) {
      if (e.inputQuantity() != null) {
        return e.inputUnit();
      }
    }
    return group.getFirst().inputUnit();
  }

  /** The composition of one output from the weighted edges into it and its inputs' compositions. */
  public static Map<UUID, Ancestor> compose(
      UUID output,
      List<EdgeRow> edges,
      Map<UUID, Double> weights,
      Function<UUID, Map<UUID, Ancestor>> compositionOf) {
    Map<UUID, double[]> mix = new LinkedHashMap<>();
    for (EdgeRow e : edges) {
      double w = weights.getOrDefault(e.id(), 0.0);
      if (e.input().equals(output)) {
        continue;
      }
      add(mix, e.input(), w, 1);
      Map<UUID, Ancestor> inner = compositionOf.apply(e.input());
      if (inner != null) {
        for (var a : inner.entrySet()) {
          if (!a.getKey().equals(output)) {
            add(mix, a.getKey(), w * a.getValue().share(), a.getValue().depth() + 1);
          }
        }
      }
    }
    Map<UUID, Ancestor> composition = new LinkedHashMap<>();
    mix.forEach((id, v) -> composition.put(id, new Ancestor(v[0], (int) v[1])));
    return composition;
  }

  private static void add(Map<UUID, double[]> mix, UUID id, double share, int depth) {
    double[] v = mix.computeIfAbsent(id, k -> new double[] {0, Integer.MAX_VALUE});
    v[0] += share;
    v[1] = Math.min(v[1], depth);
  }

  /** {@link #closures(Set, Collection, Function, Function)} of lots whose edges made them whole. */
  public static Result closures(
      Set<UUID> lots, Collection<EdgeRow> edgesInto, Function<UUID, Map<UUID, Ancestor>> outside) {
    return closures(lots, edgesInto, outside, lot -> null);
  }

  /**
   * The compositions of a set of lots, from every edge into them, in topological order; inputs
   * outside the set bring their stored compositions, and {@code made} says what came into each lot
   * of the set (null: what its edges produced). A cycle (which a sane log never has) is broken by
   * treating the lots left in it as if their inputs in the set had no ancestors.
   */
  public static Result closures(
      Set<UUID> lots,
      Collection<EdgeRow> edgesInto,
      Function<UUID, Map<UUID, Ancestor>> outside,
      Function<UUID, Made> made) {
    Map<UUID, List<EdgeRow>> into = new HashMap<>();
    Map<UUID, List<UUID>> next = new HashMap<>();
    Map<UUID, Integer> pending = new HashMap<>();
    for (UUID lot : lots) {
      pending.put(lot, 0);
    }
    for (EdgeRow e : edgesInto) {
      if (!lots.contains(e.output())) {
        continue;
      }
      into.computeIfAbsent(e.output(), k -> new ArrayList<>()).add(e);
      if (lots.contains(e.input()) && !e.input().equals(e.output())) {
        next.computeIfAbsent(e.input(), k -> new ArrayList<>()).add(e.output());
        pending.merge(e.output(), 1, Integer::sum);
      }
    }
    List<UUID> order = new ArrayList<>();
    Deque<UUID> ready = new ArrayDeque<>();
    pending.forEach(
        (lot, n) -> {
          if (n == 0) {
            ready.add(lot);
          }
        });
    Set<UUID> done = new LinkedHashSet<>();
    while (!ready.isEmpty()) {
      UUID lot = ready.poll();
      order.add(lot);
      done.add(lot);
      for (UUID out : next.getOrDefault(lot, List.of())) {
        if (pending.merge(out, -1, Integer::sum) == 0) {
          ready.add(out);
        }
      }
    }
    for (UUID lot : lots) {
      if (!done.contains(lot)) {
        order.add(lot);
      }
    }
    Map<UUID, Map<UUID, Ancestor>> compositions = new HashMap<>();
    Map<UUID, Double> weights = new HashMap<>();
    for (UUID lot : order) {
      List<EdgeRow> edges = into.getOrDefault(lot, List.of());
      Map<UUID, Double> w = edges.isEmpty() ? Map.of() : weights(edges, made.apply(lot));
      weights.putAll(w);
      compositions.put(
          lot,
          compose(
              lot,
              edges,
              w,
              input ->
                  lots.contains(input)
                      ? compositions.getOrDefault(input, Map.of())
                      : outside.apply(input)));
    }
    return new Result(compositions, weights);
  }
}
