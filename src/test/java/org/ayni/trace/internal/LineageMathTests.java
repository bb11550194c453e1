package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.ayni.trace.internal.LineageMath.Ancestor;
import org.ayni.trace.internal.LineageMath.EdgeRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The composition arithmetic of lineage: proportional through transformations, splits and merges,
 * by quantity produced across events, equal where quantities cannot be compared, and the shares of
 * a lot's origins always summing to 1.
 */
class LineageMathTests {

  static final double EPS = 1e-12;

  final Map<String, UUID> ids = new HashMap<>();

  UUID id(String name) {
    return ids.computeIfAbsent(name, n -> UUID.nameUUIDFromBytes(n.getBytes()));
  }

  EdgeRow edge(String input, String output, String group, String in, String out) {
    return edge(input, output, group, in, out, null);
  }

  /** An edge into one part of its output ({@code part}: the part's name, null for none). */
  EdgeRow edge(String input, String output, String group, String in, String out, String part) {
    return new EdgeRow(
        UUID.randomUUID(),
        id(input),
        id(output),
        group,
        in == null ? null : new BigDecimal(in),
        "KGM",
        out == null ? null : new BigDecimal(out),
        "KGM",
        part == null ? null : id(part));
  }

  LineageMath.Result compute(Set<String> lots, List<EdgeRow> edges) {
    Set<UUID> set = new LinkedHashSet<>();
    lots.forEach(l -> set.add(id(l)));
    return LineageMath.closures(set, edges, x -> Map.of());
  }

  double share(LineageMath.Result r, String lot, String ancestor) {
    Ancestor a = r.compositions().get(id(lot)).get(id(ancestor));
    return a == null ? 0 : a.share();
  }

  int depth(LineageMath.Result r, String lot, String ancestor) {
    return r.compositions().get(id(lot)).get(id(ancestor)).depth();
  }

  @Test
  void aTransformationMixesItsInputsByTheQuantitiesTaken() {
    // 60 kg of A and 40 kg of B fermented into 90 kg of F.
    var r =
        compute(
            Set.of("F"),
            List.of(edge("A", "F", "e1", "60", "90"), edge("B", "F", "e1", "40", "90")));
    assertThat(share(r, "F", "A")).isCloseTo(0.6, within(EPS));
    assertThat(share(r, "F", "B")).isCloseTo(0.4, within(EPS));
    assertThat(depth(r, "F", "A")).isEqualTo(1);
  }

  @Test
  void sharesCarryThroughEveryStepProportionally() {
    // D1 100 + D2 300 -> F1; F1 -> S1 (drying); S1 split into S1a and S1b; S1a 70 + S2 35 -> E,
    // where S2 comes from D3 alone.
    List<EdgeRow> edges =
        List.of(
            edge("D1", "F1", "e1", "100", "360"),
            edge("D2", "F1", "e1", "300", "360"),
            edge("D3", "F2", "e2", "100", "90"),
            edge("F1", "S1", "e3", "360", "140"),
            edge("F2", "S2", "e4", "90", "35"),
            edge("S1", "S1a", "e5", "140", "70"),
            edge("S1", "S1b", "e5", "140", "70"),
            edge("S1a", "E", "e6", "70", "105"),
            edge("S2", "E", "e6", "35", "105"));
    var r = compute(new LinkedHashSet<>(List.of("E", "S1a", "S1b", "S1", "S2", "F1", "F2")), edges);
    assertThat(share(r, "S1a", "S1"))
        .as("a split part is all of its lot")
        .isCloseTo(1, within(EPS));
    assertThat(share(r, "S1b", "D2")).as("and keeps its composition").isCloseTo(0.75, within(EPS));
    assertThat(share(r, "E", "S1a"))
        .as("a merge mixes by quantity")
        .isCloseTo(2.0 / 3, within(EPS));
    assertThat(share(r, "E", "D1")).isCloseTo(1.0 / 6, within(EPS));
    assertThat(share(r, "E", "D2")).isCloseTo(0.5, within(EPS));
    assertThat(share(r, "E", "D3")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(depth(r, "E", "D1")).isEqualTo(4);
    assertThat(depth(r, "E", "D3")).isEqualTo(3);
    double roots = share(r, "E", "D1") + share(r, "E", "D2") + share(r, "E", "D3");
    assertThat(roots).as("the origins' shares sum to 1").isCloseTo(1, within(EPS));
  }

  @Test
  void aLotSplitAndMergedBackIsAllOfItsOriginReachedByTheShortestPath() {
    List<EdgeRow> edges =
        List.of(
            edge("L", "P1", "s", "100", "30"),
            edge("L", "P2", "s", "100", "70"),
            edge("P1", "M", "m", "30", "100"),
            edge("P2", "M", "m", "70", "100"),
            edge("L", "N", "n", "10", "50"),
            edge("M", "N", "n", "40", "50"));
    var r = compute(new LinkedHashSet<>(List.of("P1", "P2", "M", "N")), edges);
    assertThat(share(r, "M", "L")).isCloseTo(1, within(EPS));
    assertThat(share(r, "M", "P1")).isCloseTo(0.3, within(EPS));
    assertThat(depth(r, "M", "L")).isEqualTo(2);
    assertThat(share(r, "N", "L")).as("directly 0.2 and through M 0.8").isCloseTo(1, within(EPS));
    assertThat(depth(r, "N", "L")).isEqualTo(1);
  }

  @Test
  void aLotMadeBySeveralEventsMixesThemByTheQuantityEachProduced() {
    // 30 kg of O from A (event 1), then 10 kg more of O from B (event 2).
    List<EdgeRow> edges =
        List.of(edge("A", "O", "e1", "80", "30"), edge("B", "O", "e2", "25", "10"));
    Map<UUID, Double> w = LineageMath.weights(edges);
    assertThat(w.get(edges.get(0).id())).isCloseTo(0.75, within(EPS));
    assertThat(w.get(edges.get(1).id())).isCloseTo(0.25, within(EPS));
  }

  @Test
  void aLotThatAlsoReceivedMaterialOwesItsInputsOnlyWhatTheyProduced() {
    // 40 kg of O made from A, and 60 kg more of it delivered: A made 0.4 of O
    List<EdgeRow> edges = List.of(edge("A", "O", "e1", "100", "40"));
    Map<UUID, Double> w =
        LineageMath.weights(edges, new LineageMath.Made(new BigDecimal("0.1"), "TNE"));
    assertThat(w.get(edges.getFirst().id())).isCloseTo(0.4, within(EPS));
    assertThat(
            LineageMath.receiptShare(
                new BigDecimal("60"), "KGM", new LineageMath.Made(new BigDecimal("0.1"), "TNE")))
        .isCloseTo(0.6, within(EPS));
    assertThat(
            LineageMath.receiptShare(
                new BigDecimal("3"), "H87", new LineageMath.Made(new BigDecimal("100"), "KGM")))
        .as("pieces of a lot in kilograms do not compare")
        .isNull();
    // what its edges made, or more (a lot whose quantity in was not kept): all of it
    assertThat(
            LineageMath.weights(edges, new LineageMath.Made(new BigDecimal("30"), "KGM"))
                .get(edges.getFirst().id()))
        .isCloseTo(1.0, within(EPS));
  }

  @Test
  void aLotMadeInSeveralPartsOfOneTransformationCountsEveryPart() {
    // 100 kg of A and 100 kg of C dried into O in two events of one transformationID, 40 kg each
    // (every input has an edge into each part), and 80 kg of O dried from 200 kg of B apart
    List<EdgeRow> edges =
        List.of(
            edge("A", "O", "t", "100", "40", "O1"),
            edge("C", "O", "t", "100", "40", "O1"),
            edge("A", "O", "t", "100", "40", "O2"),
            edge("C", "O", "t", "100", "40", "O2"),
            edge("B", "O", "e", "200", "80", "O3"));
    Map<UUID, Double> w = LineageMath.weights(edges);
    assertThat(w.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(EPS));
    assertThat(w.get(edges.get(0).id()) + w.get(edges.get(2).id()))
        .as("A made half of what the transformation made, which made half of O")
        .isCloseTo(0.25, within(EPS));
    assertThat(w.get(edges.get(4).id())).isCloseTo(0.5, within(EPS));
    // 40 kg more of O delivered: what came in is 200 kg, the transformations made 160 of it
    Map<UUID, Double> received =
        LineageMath.weights(edges, new LineageMath.Made(new BigDecimal("200"), "KGM"));
    assertThat(received.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(0.8, within(EPS));
    // edges stored before parts were named: the largest part, as then
    List<EdgeRow> unnamed =
        List.of(edge("A", "O", "t", "100", "40"), edge("A", "O", "t", "100", "30"));
    assertThat(
            LineageMath.weights(unnamed, new LineageMath.Made(new BigDecimal("80"), "KGM"))
                .values()
                .stream()
                .mapToDouble(Double::doubleValue)
                .sum())
        .isCloseTo(0.5, within(EPS));
  }

  @Test
  void inputsAreWeighedInTheOutputsMeasureAndCountEquallyWhereUnmeasured() {
    EdgeRow kg = edge("A", "O", "e1", "10", "4");
    EdgeRow pieces =
        new EdgeRow(
            UUID.randomUUID(),
            id("B"),
            id("O"),
            "e1",
            new BigDecimal("220"),
            "H87",
            new BigDecimal("4"),
            "KGM",
            null);
    // 220 pieces beside 10 kg of what makes 4 kg: the output is of the kilograms (QA of
    // 2026-12-07q, F3: they counted a half each)
    Map<UUID, Double> w = LineageMath.weights(List.of(kg, pieces));
    assertThat(w.get(kg.id())).isCloseTo(1.0, within(EPS));
    assertThat(w.get(pieces.id())).isCloseTo(0.0, within(EPS));
    // pieces from kilograms and pieces: weighed in pieces, the output's measure
    EdgeRow yarn =
        new EdgeRow(
            UUID.randomUUID(),
            id("Y"),
            id("K"),
            "e3",
            new BigDecimal("2"),
            "KGM",
            new BigDecimal("3"),
            "H87",
            null);
    EdgeRow buttons =
        new EdgeRow(
            UUID.randomUUID(),
            id("U"),
            id("K"),
            "e3",
            new BigDecimal("6"),
            "H87",
            new BigDecimal("3"),
            "H87",
            null);
    EdgeRow labels =
        new EdgeRow(
            UUID.randomUUID(),
            id("L"),
            id("K"),
            "e3",
            new BigDecimal("3"),
            "H87",
            new BigDecimal("3"),
            "H87",
            null);
    Map<UUID, Double> knitted = LineageMath.weights(List.of(yarn, buttons, labels));
    assertThat(knitted.get(buttons.id())).isCloseTo(2.0 / 3, within(EPS));
    assertThat(knitted.get(yarn.id())).isCloseTo(0.0, within(EPS));
    // an input without a quantity: all count equally
    Map<UUID, Double> unmeasured =
        LineageMath.weights(List.of(kg, edge("B", "O", "e1", null, "4")));
    assertThat(unmeasured.values()).allSatisfy(v -> assertThat(v).isCloseTo(0.5, within(EPS)));
    EdgeRow tonnes =
        new EdgeRow(
            UUID.randomUUID(),
            id("C"),
            id("P"),
            "e2",
            new BigDecimal("1"),
            "TNE",
            null,
            null,
            null);
    EdgeRow kilos = edge("D", "P", "e2", "500", null);
    Map<UUID, Double> converted = LineageMath.weights(List.of(tonnes, kilos));
    assertThat(converted.get(tonnes.id())).as("1 t against 500 kg").isCloseTo(2.0 / 3, within(EPS));
  }

  @Test
  void inputsOutsideTheSetBringTheirStoredCompositions() {
    Map<UUID, Ancestor> ofA =
        Map.of(id("X"), new Ancestor(0.25, 1), id("Y"), new Ancestor(0.75, 2));
    var r =
        LineageMath.closures(
            Set.of(id("F")),
            List.of(edge("A", "F", "e", "50", "50"), edge("B", "F", "e", "50", "50")),
            lot -> lot.equals(id("A")) ? ofA : Map.of());
    assertThat(share(r, "F", "X")).isCloseTo(0.125, within(EPS));
    assertThat(share(r, "F", "Y")).isCloseTo(0.375, within(EPS));
    assertThat(depth(r, "F", "Y")).isEqualTo(3);
  }

  @Test
  void aCycleFromBadDataEndsWithoutLoopingOrNamingALotItsOwnAncestor() {
    List<EdgeRow> edges =
        List.of(
            edge("A", "B", "e1", "1", "1"),
            edge("B", "A", "e2", "1", "1"),
            edge("A", "A", "e3", "1", "1"));
    var r = compute(new LinkedHashSet<>(List.of("A", "B")), edges);
    assertThat(r.compositions().get(id("A"))).doesNotContainKey(id("A"));
    assertThat(r.compositions().get(id("B"))).doesNotContainKey(id("B"));
  }

  /**
   * Random chains of transformations, splits and merges over 40 lots (each made from up to three
   * earlier lots with random quantities): for every lot the shares of its origins (ancestors with
   * no inputs) sum to 1, and every output's edge weights sum to 1.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
  void theSharesOfEveryLotsOriginsSumToOne(long seed) {
    Random random = new Random(seed);
    List<String> lots = new ArrayList<>();
    List<EdgeRow> edges = new ArrayList<>();
    Set<String> made = new LinkedHashSet<>();
    for (int i = 0; i < 40; i++) {
      String lot = "r" + seed + "-" + i;
      if (i >= 5 && random.nextDouble() < 0.8) {
        int inputs = 1 + random.nextInt(3);
        Set<String> chosen = new HashSet<>();
        for (int k = 0; k < inputs; k++) {
          chosen.add(lots.get(random.nextInt(lots.size())));
        }
        int events = 1 + (random.nextDouble() < 0.2 ? 1 : 0);
        List<String> list = new ArrayList<>(chosen);
        for (int k = 0; k < list.size(); k++) {
          String group = lot + "/e" + (k % events);
          edges.add(
              edge(
                  list.get(k),
                  lot,
                  group,
                  String.valueOf(1 + random.nextInt(500)),
                  String.valueOf(1 + random.nextInt(300))));
        }
        made.add(lot);
      }
      lots.add(lot);
    }
    var r = compute(made, edges);
    Set<UUID> withInputs = new HashSet<>();
    made.forEach(l -> withInputs.add(id(l)));
    Map<UUID, Double> sums = new HashMap<>();
    for (EdgeRow e : edges) {
      sums.merge(e.output(), r.weights().get(e.id()), Double::sum);
    }
    sums.forEach(
        (lot, sum) ->
            assertThat(sum).as("weights into %s, seed %s", lot, seed).isCloseTo(1, within(1e-9)));
    for (String lot : made) {
      double origins =
          r.compositions().get(id(lot)).entrySet().stream()
              .filter(a -> !withInputs.contains(a.getKey()))
              .mapToDouble(a -> a.getValue().share())
              .sum();
      assertThat(origins).as("origins of %s, seed %s", lot, seed).isCloseTo(1, within(1e-9));
    }
  }
}
