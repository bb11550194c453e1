package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.ayni.trace.CitedFactors;
import org.ayni.trace.Product;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceRuleViolation;
import org.ayni.trace.TraceStep;
import org.ayni.trace.Units;
import org.ayni.trace.internal.LotState.FactorRow;
import org.ayni.trace.internal.LotState.ProductRow;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * What a transformation may make of its inputs, judged against the organisation's products and
 * conversion factors as a batch's state has them: the kinds a product is made of (ADR 0014), the
 * kinds a step of ours makes (ADR 0018), and mass balance, each output held to the factor of its
 * product and step (ADR 0013). It reads the state and changes nothing; {@link LotPlanner} asks it
 * for each transformation, and again for one whose input's product came after it (ADR 0017).
 */
final class TransformationRules {

  /** What a division by yields may leave over (quantities are kept to six decimals). */
  private static final BigDecimal MARGIN = new BigDecimal("0.000000001");

  /**
   * An input or output of a transformation: its lot, quantity and the lot's product, and the stock
   * movement that recorded it (null where none did: a part without a quantity).
   */
  record Part(UUID lotId, BigDecimal quantity, String unit, UUID productId, UUID movement) {}

  private final LotState state;

  TransformationRules(LotState state) {
    this.state = state;
  }

  /**
   * Outputs may not exceed the inputs times the maximum yield of each output's product in this
   * step. Quantities are compared within their dimension (kilograms of output with the inputs'
   * mass, cubic metres with their volume): a sack counted in pieces beside 100 kg of wet cacao
   * neither adds to nor switches off what the cacao may yield. An output made from products of
   * other kinds in a step without a factor of its own gets the strictest of its product's factors
   * (wet cacao made dry under any step name is still held to the drying factor); one of an unknown
   * product (an event from outside that names none), or made from its own product or one of its
   * kind (sorting, re-bagging, a received lot split into the holder's product), at most the inputs.
   * An output of a dimension no input has (pieces knitted from kilograms of fibre) is held to its
   * product's factor read per unit of the inputs (pieces per kilogram), the outputs of that
   * dimension together, where the inputs are of one dimension and the product has a factor; else it
   * is refused, as nothing would measure it. An output without a quantity (a quantity element may
   * omit it) makes no stock and is not checked; an input without one is refused where an output has
   * one ({@link #unmeasured}).
   *
   * @param notKnownYet the inputs of no product whose kind is not known yet: not held as another
   *     kind (see {@link #otherKind})
   * @return the factor each output was held to, in the outputs' order (null where it was held to
   *     its inputs or not checked)
   */
  List<FactorRow> massBalance(
      int i, String bizStep, List<Part> ins, List<Part> outs, Predicate<UUID> notKnownYet) {
    List<FactorRow> unchecked = Collections.nCopies(outs.size(), null);
    if (ins.isEmpty() || outs.isEmpty()) {
      return unchecked;
    }
    // the inputs by dimension, in its base unit (KGM, MTQ, H87)
    Map<String, BigDecimal> in = new LinkedHashMap<>();
    for (Part p : ins) {
      if (p.quantity() == null) {
        unmeasured(i, p, outs);
        return unchecked; // nothing measured comes out either: no stock is made
      }
      String base = Units.base(p.unit());
      in.merge(base, Units.convert(p.quantity(), p.unit(), base), BigDecimal::add);
    }
    Map<String, Balance> balances = new LinkedHashMap<>();
    // the outputs of each dimension no input has, each needing out / yield of the inputs' one
    Map<String, Balance> perInput = new LinkedHashMap<>();
    List<FactorRow> factors = new ArrayList<>(outs.size());
    for (Part p : outs) {
      if (p.quantity() == null) {
        factors.add(null); // makes no stock, and leaves the others' check as it is
        continue;
      }
      String base = Units.base(p.unit());
      BigDecimal c = Units.convert(p.quantity(), p.unit(), base);
      ProductRow product = product(p.productId());
      FactorRow factor = null;
      if (product != null) {
        factor = factorFor(product, bizStep);
        if (factor == null && ins.stream().anyMatch(l -> otherKind(product, l, notKnownYet))) {
          factor = strictestFactor(product);
        }
      }
      if (!in.containsKey(base)) {
        // nothing of its dimension went in: only a factor per unit of the inputs measures it, and
        // what nothing measures could be made from nothing
        if (factor == null || in.size() != 1 || factor.maxYield().signum() <= 0) {
          throw new TraceRuleViolation(
              i,
              "trace.mass-balance.no-measure",
              LotPlanner.plain(p.quantity()),
              Units.normalise(p.unit()),
              String.join(", ", in.keySet()));
        }
        // held together: two lots of 20 pieces from 10 kg at 2 per kg need 20 kg, not 10 each
        // (review of 2026-12-07n, 4: each was allowed the whole of the inputs)
        Balance b = perInput.computeIfAbsent(base, k -> new Balance(base));
        b.out = b.out.add(c);
        b.equivalent = b.equivalent.add(c.divide(factor.maxYield(), MathContext.DECIMAL128));
        b.needs.add(new Need(c, factor.maxYield(), in.keySet().iterator().next()));
        b.factors.add(factor);
        factors.add(factor);
        continue;
      }
      Balance b = balances.computeIfAbsent(base, k -> new Balance(p.unit()));
      BigDecimal yield = factor == null ? BigDecimal.ONE : factor.maxYield();
      if (yield.signum() <= 0) {
        return unchecked; // not a yield (refused where factors are recorded)
      }
      if (yield.compareTo(BigDecimal.ONE) > 0 && !mayGrow(product, base, ins, notKnownYet)) {
        // a factor above 1 that this output cannot have (recorded before it was refused, or
        // meant for another dimension): held to its inputs
        factor = null;
        yield = BigDecimal.ONE;
        b.heldKind = product.kind();
      }
      b.out = b.out.add(c);
      b.equivalent = b.equivalent.add(c.divide(yield, MathContext.DECIMAL128));
      b.needs.add(new Need(c, factor == null ? null : yield, null));
      b.factors.add(factor);
      factors.add(factor);
    }
    for (var entry : balances.entrySet()) {
      check(i, entry.getValue(), in.get(entry.getKey()), entry.getKey());
    }
    for (var entry : perInput.entrySet()) {
      perInput(i, entry.getValue(), entry.getKey(), in);
    }
    return factors;
  }

  /**
   * Refuses an input named without a quantity (a quantity element may omit it) beside an output
   * that has one: it takes nothing of its lot, and what comes out could be made of nothing (review
   * of 2026-12-07n, 6: 1,000 kg of dry cacao "dried" from a lot that kept its 100 kg, traced to
   * it). Outputs without a quantity make no stock, and such a transformation stays unchecked.
   */
  private void unmeasured(int i, Part input, List<Part> outs) {
    for (Part out : outs) {
      if (out.quantity() != null) {
        throw new TraceRuleViolation(
            i,
            "trace.mass-balance.input-unmeasured",
            identifier(input),
            LotPlanner.plain(out.quantity()),
            Units.normalise(out.unit()),
            identifier(out));
      }
    }
  }

  /** A part's lot as events name it (its identifier), or its id where the batch has no row. */
  private String identifier(Part part) {
    LotState.LotRow lot = state.lotsById.get(part.lotId());
    return lot == null ? part.lotId().toString() : lot.identifier;
  }

  /** The outputs of one dimension of a transformation, against its inputs of that dimension. */
  private static final class Balance {
    final String unit;
    BigDecimal out = BigDecimal.ZERO;
    BigDecimal equivalent = BigDecimal.ZERO;
    final Set<FactorRow> factors = new LinkedHashSet<>();

    /** Each output's quantity and the yield it was held to, in the outputs' order. */
    final List<Need> needs = new ArrayList<>();

    /** The kind of an output held to its inputs although its factor was above 1, if any. */
    ProductKind heldKind;

    /**
     * @param unit the first output's unit, in which a refusal gives the quantities
     */
    Balance(String unit) {
      this.unit = Units.normalise(unit);
    }
  }

  /**
   * An output's quantity in its dimension's base unit and its factor's yield (null for one held to
   * its inputs): it needs {@code out / yield} of the inputs. For an output of a dimension no input
   * has, {@code per} is the inputs' base unit its yield is read per (pieces per KGM); else null.
   */
  private record Need(BigDecimal out, BigDecimal yield, String per) {}

  /**
   * What the inputs must have been to yield the outputs, against what they were. A quantity is kept
   * to six decimals: the check is exact (a tonne too much of a large lot is as much too much), the
   * margin only that of the division by the yields.
   */
  private static void check(int i, Balance b, BigDecimal in, String base) {
    if (b.equivalent.compareTo(in.add(MARGIN)) <= 0) {
      return;
    }
    String unit = b.unit;
    BigDecimal out = Units.convert(b.out, base, unit);
    BigDecimal inputs = Units.convert(in, base, unit);
    if (b.factors.size() == 1 && b.factors.contains(null)) {
      if (b.heldKind != null) {
        throw new TraceRuleViolation(
            i,
            "trace.mass-balance.cannot-grow",
            LotPlanner.plain(out),
            unit,
            LotPlanner.plain(inputs),
            b.heldKind);
      }
      throw new TraceRuleViolation(
          i, "trace.mass-balance.no-factor", LotPlanner.plain(out), unit, LotPlanner.plain(inputs));
    }
    CitedFactors cited =
        new CitedFactors(
            b.factors.stream().map(f -> f == null ? CitedFactors.Cited.NONE : cited(f)).toList());
    if (b.factors.size() > 1) {
      // several factors (a by-product beside the output): no one yield limits them, but what each
      // needs of the inputs adds up (QA of 2026-12-07l, finding 8: a yield of 0.7346 "together"
      // that nobody set, and a limit of the outputs' sum that changes with their mix)
      throw new TraceRuleViolation(
          i,
          "trace.mass-balance.exceeded-several",
          LotPlanner.plain(Units.convert(b.equivalent, base, unit).setScale(6, RoundingMode.UP)),
          unit,
          needs(b.needs, base, unit),
          LotPlanner.plain(inputs),
          cited);
    }
    BigDecimal yield = b.factors.iterator().next().maxYield();
    throw new TraceRuleViolation(
        i,
        "trace.mass-balance.exceeded",
        LotPlanner.plain(out),
        unit,
        LotPlanner.plain(inputs),
        LotPlanner.plain(yield),
        LotPlanner.plain(inputs.multiply(yield).round(MathContext.DECIMAL64)),
        cited);
  }

  /**
   * What each output needs of the inputs, as a message argument: "40 KGM ÷ 0.4 + 5 KGM" (an output
   * held to its inputs needs its own quantity).
   */
  private static Object needs(List<Need> needs, String base, String unit) {
    return needs.stream()
        .map(
            n -> {
              String out = LotPlanner.plain(Units.convert(n.out(), base, unit));
              if (n.per() != null) {
                return (Object)
                    new DefaultMessageSourceResolvable(
                        new String[] {"trace.mass-balance.need-per"},
                        new Object[] {out, unit, LotPlanner.plain(n.yield()), n.per()},
                        null);
              }
              return (Object)
                  (n.yield() == null
                      ? new DefaultMessageSourceResolvable(
                          new String[] {"trace.mass-balance.need-whole"},
                          new Object[] {out, unit},
                          null)
                      : new DefaultMessageSourceResolvable(
                          new String[] {"trace.mass-balance.need"},
                          new Object[] {out, unit, LotPlanner.plain(n.yield())},
                          null));
            })
        .reduce(
            (a, b) ->
                new DefaultMessageSourceResolvable(
                    new String[] {"trace.mass-balance.needs"}, new Object[] {a, b}, null))
        .orElseThrow();
  }

  /**
   * Whether an output may yield more than its inputs of its own dimension, as its factor says. Not
   * a product of a classified kind weighed or measured by volume: drying, sawing or refining takes
   * away, and what a recipe adds (sugar in chocolate) makes a product of the kind {@code OTHER}.
   * Nor one made, even in part, of its own kind (its own product, for {@code OTHER}) in that
   * dimension: four sweaters are not sorted into eight, whatever pieces per kilogram of yarn their
   * factor allows, and a gram of yarn beside them changes nothing (QA of 2026-12-07g: it let the
   * factor apply to the sweaters too). A product counted in pieces, or of the kind {@code OTHER},
   * made in that dimension only of other things may.
   */
  private boolean mayGrow(
      ProductRow product, String base, List<Part> ins, Predicate<UUID> notKnownYet) {
    if (Product.heldToItsInputs(product.kind(), base)) {
      return false;
    }
    List<Part> measured = ins.stream().filter(l -> base.equals(Units.base(l.unit()))).toList();
    return !measured.isEmpty()
        && measured.stream()
            .allMatch(
                l ->
                    product.kind() == ProductKind.OTHER && l.productId() != null
                        ? !product.id().equals(l.productId())
                        : otherKind(product, l, notKnownYet));
  }

  /**
   * The outputs of a dimension none of the inputs has, held together to their factors read per unit
   * of the inputs' one dimension, both in their base units ({@code maxYield} pieces per kilogram,
   * or kilograms of sawdust per cubic metre of logs): what each needs of the inputs, {@code out /
   * maxYield}, adds up, as for outputs of the inputs' dimension. One output is refused giving what
   * its factor allows; several saying what each needs, as {@link #check} does for several factors
   * (review of 2026-12-07n, 4: each output was held to the whole of the inputs, so n lots of one
   * product made n times what the factor allows).
   */
  private static void perInput(int i, Balance b, String base, Map<String, BigDecimal> in) {
    var only = in.entrySet().iterator().next();
    if (b.equivalent.compareTo(only.getValue().add(MARGIN)) <= 0) {
      return;
    }
    CitedFactors cited =
        new CitedFactors(b.factors.stream().map(TransformationRules::cited).toList());
    if (b.needs.size() == 1) {
      FactorRow factor = b.factors.iterator().next();
      throw new TraceRuleViolation(
          i,
          "trace.mass-balance.exceeded-per",
          LotPlanner.plain(b.out),
          base,
          LotPlanner.plain(only.getValue()),
          only.getKey(),
          LotPlanner.plain(factor.maxYield()),
          LotPlanner.plain(only.getValue().multiply(factor.maxYield())),
          cited);
    }
    throw new TraceRuleViolation(
        i,
        "trace.mass-balance.exceeded-several",
        LotPlanner.plain(b.equivalent.setScale(6, RoundingMode.UP)),
        only.getKey(),
        needs(b.needs, base, base),
        LotPlanner.plain(only.getValue()),
        cited);
  }

  /**
   * Refuses to make a product of one kind of another it is not made of ({@link
   * ProductKind#madeOf}): cacao is not sorted into fresh physalis. An input of no product is judged
   * by what it was made of ({@link #kindsOf}); one made of nothing known (received from outside
   * without a product, or first seen being consumed) is not judged.
   */
  void kinds(int i, List<Part> ins, List<Part> outs) {
    for (Part out : outs) {
      ProductRow product = product(out.productId());
      if (product == null) {
        continue;
      }
      for (Part in : ins) {
        for (ProductKind kind : kindsOf(in)) {
          if (!product.kind().madeOf(kind)) {
            throw new TraceRuleViolation(i, "trace.transformation.kind", product.kind(), kind);
          }
        }
      }
    }
  }

  /**
   * The kinds a part is: its product's, or for a lot of no product those of the nearest lots of a
   * product it was made from ({@link LotState#originKinds}); none where nothing is known.
   */
  Set<ProductKind> kindsOf(Part part) {
    if (part.productId() == null) {
      return state.originKinds.getOrDefault(part.lotId(), Set.of());
    }
    ProductKind kind = kindOf(part.productId());
    return kind == null ? Set.of() : Set.of(kind);
  }

  /**
   * Refuses a step of ours that does not make an output's kind ({@link TraceStep#makes}): cacao is
   * not sawn. Other vocabularies' steps, and outputs of no product of the organisation's, are not
   * judged.
   */
  void step(int i, String bizStep, List<Part> outs) {
    TraceStep step = TraceStep.of(bizStep);
    if (step == null) {
      return;
    }
    for (Part out : outs) {
      ProductRow product = product(out.productId());
      if (product != null && !step.makes(product.kind())) {
        throw new TraceRuleViolation(i, TraceStep.REFUSED, bizStep, product.kind());
      }
    }
  }

  /** The kind of a product of the organisation's or of another's it received, if known. */
  ProductKind kindOf(UUID productId) {
    if (productId == null) {
      return null;
    }
    ProductRow own = product(productId);
    return own != null ? own.kind() : state.otherKinds.get(productId);
  }

  /**
   * Whether an input is of another kind than the output, for mass balance. An input of no product
   * is of the kinds it was made of ({@link #kindsOf}); one made of nothing known counts as another
   * kind, except one whose kind is not known yet (a lot first seen being consumed whose origin has
   * not come): it is held, like its stock, to nothing more than its inputs.
   */
  private boolean otherKind(ProductRow output, Part input, Predicate<UUID> notKnownYet) {
    if (input.productId() == null && notKnownYet.test(input.lotId())) {
      return false;
    }
    Set<ProductKind> of = kindsOf(input);
    if (input.productId() == null && !of.isEmpty()) {
      return !of.equals(Set.of(output.kind())); // made of the output's kind only: more of it
    }
    return !sameKind(output, input.productId());
  }

  /**
   * Whether an input's product is the output's or of its kind (a lot received from another
   * organisation as a product of its own, split or re-bagged): nothing is made of it but more of
   * the same, at most the inputs.
   */
  private boolean sameKind(ProductRow output, UUID input) {
    if (output.id().equals(input)) {
      return true;
    }
    ProductKind kind = kindOf(input);
    return kind != null && kind == output.kind();
  }

  static CitedFactors.Cited cited(FactorRow f) {
    return new CitedFactors.Cited(f.referenceKey(), f.verification(), f.source());
  }

  /** The most specific conversion factor: own for the product, then the default for its kind. */
  FactorRow factorFor(ProductRow product, String step) {
    FactorRow best = null;
    int bestRank = Integer.MAX_VALUE;
    for (FactorRow f : state.factors) {
      boolean stepMatches = f.step() != null && f.step().equals(step);
      int rank;
      if (own(f, product)) {
        rank = stepMatches ? 0 : f.step() == null ? 1 : -1;
      } else if (platform(f, product)) {
        rank = stepMatches ? 2 : f.step() == null ? 3 : -1;
      } else {
        continue;
      }
      if (rank < 0) {
        continue;
      }
      if (rank < bestRank || (rank == bestRank && f.recordedAt().isAfter(best.recordedAt()))) {
        best = f;
        bestRank = rank;
      }
    }
    return best;
  }

  /**
   * The lowest maximum yield among the factors that apply to the product in each step some factor
   * names ({@link #factorFor}: the organisation's own for the product and step, else its own for
   * the product, else the platform's for its kind), their newest versions; null when it has none.
   * An organisation's own factor for one step (sorting loses nothing: 1) replaces the platform's
   * for that step only, not its drying factor.
   */
  FactorRow strictestFactor(ProductRow product) {
    Set<String> steps = new LinkedHashSet<>();
    for (FactorRow f : state.factors) {
      if (own(f, product) || platform(f, product)) {
        steps.add(f.step());
      }
    }
    FactorRow strictest = null;
    for (String step : steps) {
      FactorRow f = factorFor(product, step);
      if (f != null) {
        strictest = lower(strictest, f);
      }
    }
    return strictest;
  }

  /** Whether a factor is the organisation's own for the product. */
  private static boolean own(FactorRow f, ProductRow product) {
    return f.organisation() != null && product.id().equals(f.productId());
  }

  /** Whether a factor is a platform default for the product's kind. */
  private static boolean platform(FactorRow f, ProductRow product) {
    return f.organisation() == null && f.productId() == null && f.kind() == product.kind();
  }

  private static FactorRow lower(FactorRow a, FactorRow b) {
    return a == null || b.maxYield().compareTo(a.maxYield()) < 0 ? b : a;
  }

  ProductRow product(UUID id) {
    if (id == null) {
      return null;
    }
    for (ProductRow p : state.products) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    return null;
  }
}
