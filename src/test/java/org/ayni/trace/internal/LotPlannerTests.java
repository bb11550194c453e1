package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.CitedFactors;
import org.ayni.trace.ProductKind;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.Action;
import org.ayni.trace.TraceEvent.EventType;
import org.ayni.trace.TraceEvent.Party;
import org.ayni.trace.TraceEvent.QuantityElement;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceRuleViolation;
import org.ayni.trace.TraceStep;
import org.ayni.trace.internal.LotState.FactorRow;
import org.ayni.trace.internal.LotState.LotRow;
import org.ayni.trace.internal.LotState.Moved;
import org.ayni.trace.internal.LotState.MovementRow;
import org.ayni.trace.internal.LotState.ProductRow;
import org.ayni.trace.internal.LotState.ShipmentRow;
import org.ayni.trace.internal.LotState.StockRow;
import org.ayni.trace.internal.LotState.VoidTarget;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * The rules the lot projection enforces on a batch of events, without a database: mass balance
 * against the maximum yield of the output's product (the platform defaults seeded from the
 * reference data, an organisation's own factor first), stock that never goes below zero, quantities
 * below zero, lots of another organisation, and corrections.
 */
class LotPlannerTests {

  static final OffsetDateTime AT = OffsetDateTime.parse("2026-05-04T08:00:00-05:00");

  /** cacao.wet-to-dry-factor as V7 seeds it from the reference data (rules.md §8.1). */
  static final FactorRow CACAO =
      new FactorRow(
          UUID.randomUUID(),
          null,
          null,
          ProductKind.CACAO_DRY,
          TraceStep.DRYING.bizStep(),
          new BigDecimal("0.40"),
          "KGM",
          "KGM",
          "U",
          "Industry rule of thumb 0.35–0.40 (rules.md §8.1); calibrate from the co-operative’s own weighings",
          "cacao.wet-to-dry-factor",
          AT);

  /** timber.sawn-yield (SERFOR, rules.md §8.3). */
  static final FactorRow TIMBER =
      new FactorRow(
          UUID.randomUUID(),
          null,
          null,
          ProductKind.TIMBER_SAWN,
          TraceStep.SAWING.bizStep(),
          new BigDecimal("0.56"),
          "MTQ",
          "MTQ",
          "V",
          "SERFOR reference yield coefficients (rules.md §8.3)",
          "timber.sawn-yield",
          AT);

  final OrganisationId org = OrganisationId.newId();
  final ProductRow wet = product("wet", ProductKind.CACAO_WET, "KGM");
  final ProductRow dry = product("dry", ProductKind.CACAO_DRY, "KGM");
  final ProductRow fermented = product("fermented", ProductKind.CACAO_FERMENTED, "KGM");
  final ProductRow logs = product("logs", ProductKind.TIMBER_ROUNDWOOD, "MTQ");
  final ProductRow sawn = product("sawn", ProductKind.TIMBER_SAWN, "MTQ");

  LotState state() {
    LotState state = new LotState(org);
    state.products.addAll(List.of(wet, dry, fermented, logs, sawn));
    state.factors.addAll(List.of(CACAO, TIMBER));
    return state;
  }

  ProductRow product(String code, ProductKind kind, String unit) {
    return new ProductRow(
        UUID.randomUUID(), code, TraceIds.product("test", code), kind, unit, null);
  }

  static String lot(String code) {
    return TraceIds.lot("test", null, code);
  }

  static QuantityElement q(String lot, String quantity, String uom) {
    return new QuantityElement(lot, new BigDecimal(quantity), uom);
  }

  static TraceEvent receipt(String lot, String quantity, String uom, ProductRow product) {
    return event(
        EventType.ObjectEvent,
        Action.ADD,
        "receiving",
        List.of(q(lot, quantity, uom)),
        List.of(),
        List.of(),
        List.of(new Party("owning_party", "urn:ayni:member:test:M1")),
        List.of(),
        product == null ? Map.of() : Map.of(TraceIds.EXT_PRODUCT, product.urn()));
  }

  static TraceEvent transform(
      TraceStep step, List<QuantityElement> in, List<QuantityElement> out, ProductRow product) {
    return transform(step.bizStep(), in, out, product);
  }

  static TraceEvent transform(
      String bizStep, List<QuantityElement> in, List<QuantityElement> out, ProductRow product) {
    return event(
        EventType.TransformationEvent,
        null,
        bizStep,
        List.of(),
        in,
        out,
        List.of(),
        List.of(),
        product == null ? Map.of() : Map.of(TraceIds.EXT_PRODUCT, product.urn()));
  }

  static TraceEvent event(
      EventType type,
      Action action,
      String step,
      List<QuantityElement> what,
      List<QuantityElement> in,
      List<QuantityElement> out,
      List<Party> sources,
      List<Party> destinations,
      Map<String, String> extensions) {
    return new TraceEvent(
        "urn:uuid:" + UUID.randomUUID(),
        type,
        action,
        AT,
        "-05:00",
        step,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        what,
        List.of(),
        in,
        List.of(),
        out,
        sources,
        destinations,
        List.of(),
        null,
        extensions,
        null,
        null);
  }

  LotPlan plan(LotState state, TraceEvent... events) {
    return LotPlanner.plan(org, List.of(events), state);
  }

  @Test
  void anObservationWithoutABusinessStepNamesItsLotAndMovesNothing() {
    LotPlan plan =
        plan(
            state(),
            receipt(lot("W1"), "100", "KGM", wet),
            event(
                EventType.ObjectEvent,
                Action.OBSERVE,
                null,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of()));
    assertThat(plan.movements).as("the receipt's only").hasSize(1);
  }

  @Test
  void dryingMayYieldUpToTheCacaoFactorOfTheReferenceData() {
    LotPlan plan =
        plan(
            state(),
            receipt(lot("W1"), "100", "KGM", wet),
            transform(
                TraceStep.DRYING,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(q(lot("S1"), "40", "KGM")),
                dry));
    assertThat(plan.edges).hasSize(1);
    assertThat(plan.edges.getFirst().factorId()).as("kept with the edge").isEqualTo(CACAO.id());
    assertThat(plan.newLots).extracting(l -> l.identifier).containsExactly(lot("W1"), lot("S1"));
  }

  @Test
  void dryingAboveTheCacaoFactorIsRefusedNamingTheFactorAndItsSource() {
    assertThatThrownBy(
            () ->
                plan(
                    state(),
                    receipt(lot("W1"), "100", "KGM", wet),
                    transform(
                        TraceStep.DRYING,
                        List.of(q(lot("W1"), "100", "KGM")),
                        List.of(q(lot("S1"), "41", "KGM")),
                        dry)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.eventIndex()).isEqualTo(1);
              assertThat(v.messageKey()).isEqualTo("trace.mass-balance.exceeded");
              assertThat(v.arguments().subList(0, 5))
                  .containsExactly("41", "KGM", "100", "0.4", "40");
              assertThat(v.arguments().get(5).toString())
                  .startsWith("cacao.wet-to-dry-factor, U: ")
                  .contains("rules.md §8.1");
            });
  }

  @Test
  void anOrganisationsOwnFactorTakesPrecedenceOverTheDefault() {
    LotState state = state();
    FactorRow own = ownFactor(dry, TraceStep.DRYING, "0.45", AT);
    state.factors.add(own);
    LotPlan plan =
        plan(
            state,
            receipt(lot("W1"), "100", "KGM", wet),
            transform(
                TraceStep.DRYING,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(q(lot("S1"), "44", "KGM")),
                dry));
    assertThat(plan.edges).extracting(LotPlan.Edge::factorId).containsExactly(own.id());
  }

  @Test
  void anOwnFactorOfOneStepLeavesTheOtherStepsLimitsToAnOutputMadeUnderAnotherStepName() {
    LotState state = state();
    // sorting dried cacao loses nothing: the organisation's own factor for that step, twice
    state.factors.add(ownFactor(dry, TraceStep.SORTING, "0.30", AT.minusDays(1)));
    state.factors.add(ownFactor(dry, TraceStep.SORTING, "1", AT));
    TraceEvent receipt = receipt(lot("W1"), "100", "KGM", wet);
    // wet made dry under another step name is still held to the drying factor (0.40), not to 1
    refused(
        () ->
            plan(
                state,
                receipt,
                transform(
                    TraceStep.COMMISSIONING,
                    List.of(q(lot("W1"), "100", "KGM")),
                    List.of(q(lot("S1"), "41", "KGM")),
                    dry)),
        "trace.mass-balance.exceeded",
        "41",
        "KGM",
        "100",
        "0.4",
        "40",
        new CitedFactors(List.of(TransformationRules.cited(CACAO))));
    // nor to the superseded 0.30 of sorting
    LotState again = state();
    again.factors.add(ownFactor(dry, TraceStep.SORTING, "0.30", AT.minusDays(1)));
    again.factors.add(ownFactor(dry, TraceStep.SORTING, "1", AT));
    LotPlan strictest =
        plan(
            again,
            receipt,
            transform(
                TraceStep.COMMISSIONING,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(q(lot("S1"), "40", "KGM")),
                dry));
    assertThat(strictest.edges).extracting(LotPlan.Edge::factorId).containsExactly(CACAO.id());
    // the organisation's own drying factor replaces the platform's in that step, as everywhere
    LotState calibrated = state();
    calibrated.factors.add(ownFactor(dry, TraceStep.SORTING, "1", AT));
    FactorRow drying = ownFactor(dry, TraceStep.DRYING, "0.45", AT);
    calibrated.factors.add(drying);
    LotPlan own =
        plan(
            calibrated,
            receipt,
            transform(
                TraceStep.COMMISSIONING,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(q(lot("S1"), "45", "KGM")),
                dry));
    assertThat(own.edges).extracting(LotPlan.Edge::factorId).containsExactly(drying.id());
  }

  FactorRow ownFactor(ProductRow product, TraceStep step, String maxYield, OffsetDateTime at) {
    return new FactorRow(
        UUID.randomUUID(),
        org,
        product.id(),
        null,
        step.bizStep(),
        new BigDecimal(maxYield),
        null,
        null,
        "P",
        "Own weighings",
        null,
        at);
  }

  @Test
  void sawingMayYieldUpToTheSerforCoefficientInCubicMetres() {
    LotState state = state();
    plan(
        state,
        receipt(lot("R1"), "10", "MTQ", logs),
        transform(
            TraceStep.SAWING,
            List.of(q(lot("R1"), "10", "MTQ")),
            List.of(q(lot("T1"), "5.6", "MTQ")),
            sawn));
    assertThatThrownBy(
            () ->
                plan(
                    state(),
                    receipt(lot("R1"), "10", "MTQ", logs),
                    transform(
                        TraceStep.SAWING,
                        List.of(q(lot("R1"), "10", "MTQ")),
                        List.of(q(lot("T1"), "5.7", "MTQ")),
                        sawn)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.arguments().get(3)).isEqualTo("0.56");
              assertThat(v.arguments().get(5).toString())
                  .startsWith("timber.sawn-yield, V: SERFOR");
            });
  }

  @Test
  void withoutAFactorATransformationCannotYieldMoreThanItTakesIn() {
    LotPlan plan =
        plan(
            state(),
            receipt(lot("W1"), "100", "KGM", wet),
            transform(
                TraceStep.FERMENTING,
                List.of(q(lot("W1"), "100", "KGM")),
                List.of(q(lot("F1"), "100", "KGM")),
                fermented));
    assertThat(plan.edges)
        .extracting(LotPlan.Edge::factorId)
        .as("held to its inputs")
        .containsOnlyNulls();
    assertThatThrownBy(
            () ->
                plan(
                    state(),
                    receipt(lot("W1"), "100", "KGM", wet),
                    transform(
                        TraceStep.FERMENTING,
                        List.of(q(lot("W1"), "0.1", "TNE")),
                        List.of(q(lot("F1"), "101", "KGM")),
                        fermented)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.mass-balance.no-factor");
              // given in the output's unit: 0.1 t in is 100 kg
              assertThat(v.arguments()).containsExactly("101", "KGM", "100");
            });
  }

  @Test
  void anOutputOfAnUnknownProductYieldsAtMostTheInputs() {
    // an event from outside names no product of ours: nothing is made from nothing all the same
    plan(
        state(),
        receipt(lot("W1"), "10", "KGM", wet),
        transform(
            TraceStep.COMMISSIONING,
            List.of(q(lot("W1"), "10", "KGM")),
            List.of(q(lot("X1"), "10000", "GRM")),
            null));
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "10", "KGM", wet),
                transform(
                    TraceStep.COMMISSIONING,
                    List.of(q(lot("W1"), "10", "KGM")),
                    List.of(q("urn:epc:idpat:sgtin:4012345.044444.*", "900", "KGM")),
                    null)),
        "trace.mass-balance.no-factor",
        "900",
        "KGM",
        "10");
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "10", "KGM", wet),
                transform(
                    TraceStep.DRYING,
                    List.of(q(lot("W1"), "10", "KGM")),
                    List.of(q(lot("X1"), "1", "KGM")),
                    product("typo", ProductKind.CACAO_DRY, "KGM"))),
        "trace.product.unknown-reference",
        TraceIds.product("test", "typo"));
  }

  @Test
  void inputsOfAnotherDimensionNeitherAddToNorSwitchOffTheBalance() {
    ProductRow sacks = product("sacks", ProductKind.OTHER, "H87");
    LotState state = state();
    state.products.add(sacks);
    // a sack counted beside 100 kg of wet cacao: the cacao may still yield 40 kg, not more
    refused(
        () ->
            plan(
                state,
                receipt(lot("W1"), "100", "KGM", wet),
                receipt(lot("S1"), "1", "H87", sacks),
                transform(
                    TraceStep.DRYING,
                    List.of(q(lot("W1"), "100", "KGM"), q(lot("S1"), "1", "H87")),
                    List.of(q(lot("D1"), "1000", "KGM")),
                    dry)),
        "trace.mass-balance.exceeded",
        "1000",
        "KGM",
        "100",
        "0.4",
        "40",
        new CitedFactors(List.of(TransformationRules.cited(CACAO))));
    LotState again = state();
    again.products.add(sacks);
    plan(
        again,
        receipt(lot("W1"), "100", "KGM", wet),
        receipt(lot("S1"), "1", "H87", sacks),
        transform(
            TraceStep.DRYING,
            List.of(q(lot("W1"), "100", "KGM"), q(lot("S1"), "1", "H87")),
            List.of(q(lot("D1"), "40", "KGM")),
            dry));
  }

  @Test
  void piecesMadeFromKilogramsAreHeldToTheirFactorPerKilogram() {
    ProductRow fibre = product("fibre", ProductKind.FIBRE, "KGM");
    ProductRow sweaters = product("sweaters", ProductKind.TEXTILE, "H87");
    FactorRow perKilogram = ownFactor(sweaters, TraceStep.COMMISSIONING, "3", AT);
    // without a factor nothing measures pieces against kilograms: refused, or anything would pass
    refused(
        () -> knit(fibre, sweaters, null, "500"),
        "trace.mass-balance.no-measure",
        "500",
        "H87",
        "KGM");
    // with one, of at most 3 sweaters a kilogram of fibre: 30 from 10 kg (0.01 t), not 31
    knit(fibre, sweaters, perKilogram, "30");
    assertThatThrownBy(() -> knit(fibre, sweaters, perKilogram, "31"))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.mass-balance.exceeded-per");
              assertThat(v.arguments().subList(0, 6))
                  .containsExactly("31", "H87", "10", "KGM", "3", "30");
            });
  }

  /**
   * Two lots of sweaters knitted from one lot of fibre are held to their factor together: what each
   * needs of the fibre adds up (review of 2026-12-07n, 4: each was held to the whole of the inputs,
   * so two lots of 20 pieces passed from 10 kg at 2 pieces per kg).
   */
  @Test
  void outputsOfPiecesFromKilogramsAreHeldTogetherToTheirFactor() {
    ProductRow fibre = product("fibre", ProductKind.FIBRE, "KGM");
    ProductRow sweaters = product("sweaters", ProductKind.TEXTILE, "H87");
    FactorRow perKilogram = ownFactor(sweaters, TraceStep.COMMISSIONING, "3", AT);
    // 15 + 16 sweaters need 5 + 5.333… kg of fibre: more than the 10 kg (0.01 t) that went in
    refused(
        () -> knitTwo(fibre, sweaters, perKilogram, "15", "16"),
        "trace.mass-balance.exceeded-several",
        "10.333334",
        "KGM",
        new DefaultMessageSourceResolvable(
            new String[] {"trace.mass-balance.needs"},
            new Object[] {
              new DefaultMessageSourceResolvable(
                  new String[] {"trace.mass-balance.need-per"},
                  new Object[] {"15", "H87", "3", "KGM"},
                  null),
              new DefaultMessageSourceResolvable(
                  new String[] {"trace.mass-balance.need-per"},
                  new Object[] {"16", "H87", "3", "KGM"},
                  null)
            },
            null),
        "10",
        new CitedFactors(List.of(TransformationRules.cited(perKilogram))));
    // 15 + 15 need the 10 kg that went in
    knitTwo(fibre, sweaters, perKilogram, "15", "15");
  }

  /** Two lots of sweaters knitted from 0.01 t of fibre received, under the factor. */
  void knitTwo(
      ProductRow fibre, ProductRow sweaters, FactorRow factor, String first, String second) {
    LotState state = state();
    state.products.addAll(List.of(fibre, sweaters));
    state.factors.add(factor);
    plan(
        state,
        receipt(lot("Y1"), "0.01", "TNE", fibre),
        transform(
            TraceStep.COMMISSIONING,
            List.of(q(lot("Y1"), "0.01", "TNE")),
            List.of(q(lot("K1"), first, "H87"), q(lot("K2"), second, "H87")),
            sweaters));
  }

  /**
   * An input named without a quantity beside an output that has one is refused: it takes nothing of
   * its lot, so what comes out would be made of nothing (review of 2026-12-07n, 6: 1,000 kg of dry
   * cacao "dried" from a lot that kept its 100 kg). An output without a quantity makes no stock and
   * no longer switches off the others' check.
   */
  @Test
  void anInputWithoutAQuantityIsRefusedBesideAMeasuredOutput() {
    QuantityElement unmeasured = new QuantityElement(lot("W1"), null, null);
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100", "KGM", wet),
                transform(
                    TraceStep.DRYING,
                    List.of(unmeasured),
                    List.of(q(lot("D1"), "1000", "KGM")),
                    dry)),
        "trace.mass-balance.input-unmeasured",
        lot("W1"),
        "1000",
        "KGM",
        lot("D1"));
    // an output without a quantity beside 1000 kg: they are still held to 100 kg × 0.4
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100", "KGM", wet),
                transform(
                    TraceStep.DRYING,
                    List.of(q(lot("W1"), "100", "KGM")),
                    List.of(
                        new QuantityElement(lot("D2"), null, "KGM"), q(lot("D1"), "1000", "KGM")),
                    dry)),
        "trace.mass-balance.exceeded",
        "1000",
        "KGM",
        "100",
        "0.4",
        "40",
        new CitedFactors(List.of(TransformationRules.cited(CACAO))));
    // nothing measured in or out: nothing is made, and there is nothing to check
    LotPlan named =
        plan(
            state(),
            receipt(lot("W1"), "100", "KGM", wet),
            transform(
                TraceStep.DRYING,
                List.of(unmeasured),
                List.of(new QuantityElement(lot("D1"), null, "KGM")),
                dry));
    assertThat(named.movements).hasSize(1);
  }

  /**
   * A factor above 1 holds only where the output may grow: not a product of a classified kind by
   * weight or volume, nor one made even in part of its own kind (QA of 2026-12-07f, findings 1 and
   * 2: four sweaters sorted into eight under a pieces-per-kilogram factor; 2 m³ of logs made into
   * 2000 m³ of sawn timber under a factor of 1000; QA of 2026-12-07g: a gram of another lot beside
   * them let the factor apply again).
   */
  @Test
  void aFactorAboveOneLetsNoOutputGrowThatCannot() {
    ProductRow sweaters = product("sweaters", ProductKind.TEXTILE, "H87");
    ProductRow yarn = product("yarn", ProductKind.FIBRE, "KGM");
    FactorRow perKilogram = ownFactor(sweaters, TraceStep.SORTING, "2", AT);
    cannotGrow(perKilogram, TraceStep.SORTING, sweaters, "8", "4", new In("4", "H87", sweaters));
    cannotGrow(
        perKilogram,
        TraceStep.SORTING,
        sweaters,
        "6",
        "3",
        new In("3", "H87", sweaters),
        new In("10", "GRM", yarn));

    FactorRow recipe = ownFactor(sawn, TraceStep.COMMISSIONING, "1000", AT);
    for (String out : List.of("2000", "2.000001")) {
      cannotGrow(recipe, TraceStep.COMMISSIONING, sawn, out, "2", new In("2", "MTQ", logs));
    }
    // at most what went in, and no factor cited for it
    assertThat(made(recipe, TraceStep.COMMISSIONING, sawn, "2", new In("2", "MTQ", logs)).edges)
        .extracting(LotPlan.Edge::factorId)
        .containsOnlyNulls();

    // a product of the kind OTHER made of something else still may: sugar in chocolate; made in
    // part of itself, it may not (5 kg of it and a gram of sugar are not 50 kg)
    ProductRow chocolate = product("chocolate", ProductKind.OTHER, "KGM");
    ProductRow sugar = product("sugar", ProductKind.OTHER, "KGM");
    FactorRow tenfold = ownFactor(chocolate, TraceStep.COMMISSIONING, "10", AT);
    cannotGrow(
        tenfold,
        TraceStep.COMMISSIONING,
        chocolate,
        "50",
        "5.001",
        new In("5", "KGM", chocolate),
        new In("1", "GRM", sugar));
    FactorRow recipeOfChocolate = ownFactor(chocolate, TraceStep.COMMISSIONING, "1.6", AT);
    assertThat(
            made(
                    recipeOfChocolate,
                    TraceStep.COMMISSIONING,
                    chocolate,
                    "16",
                    new In("10", "KGM", dry))
                .edges)
        .extracting(LotPlan.Edge::factorId)
        .containsOnly(recipeOfChocolate.id());
  }

  /** An input of a transformation: a lot of the product received first. */
  record In(String quantity, String unit, ProductRow product) {}

  /**
   * The inputs received (lots I0, I1…), then made in the step into one lot of the output product,
   * under the factor.
   */
  /**
   * The output made as {@link #made} makes it is refused as unable to grow: its quantity and unit,
   * the inputs of its dimension ({@code inputs}, in that unit) and its kind.
   */
  void cannotGrow(
      FactorRow factor,
      TraceStep step,
      ProductRow output,
      String quantity,
      String inputs,
      In... ins) {
    refused(
        () -> made(factor, step, output, quantity, ins),
        "trace.mass-balance.cannot-grow",
        quantity,
        output.unit(),
        inputs,
        output.kind());
  }

  LotPlan made(FactorRow factor, TraceStep step, ProductRow output, String quantity, In... ins) {
    LotState state = state();
    state.factors.add(factor);
    List<TraceEvent> events = new ArrayList<>();
    List<QuantityElement> inputs = new ArrayList<>();
    for (int k = 0; k < ins.length; k++) {
      In in = ins[k];
      if (!state.products.contains(in.product())) {
        state.products.add(in.product());
      }
      events.add(receipt(lot("I" + k), in.quantity(), in.unit(), in.product()));
      inputs.add(q(lot("I" + k), in.quantity(), in.unit()));
    }
    if (!state.products.contains(output)) {
      state.products.add(output);
    }
    events.add(transform(step, inputs, List.of(q(lot("OUT"), quantity, output.unit())), output));
    return plan(state, events.toArray(TraceEvent[]::new));
  }

  /**
   * A lot's total beyond what its rows keep is refused as a rule, naming the event, not a failure
   * of the database that fails the whole capture (QA of 2026-12-07g, finding N3).
   */
  @Test
  void aLotsTotalBeyondWhatItKeepsIsRefused() {
    assertThatThrownBy(
            () ->
                plan(
                    state(),
                    receipt(lot("B1"), "999999999999", "KGM", wet),
                    receipt(lot("B1"), "999999999999", "KGM", wet)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.eventIndex()).isOne();
              assertThat(v.messageKey()).isEqualTo("trace.quantity.total-too-large");
              assertThat(v.arguments()).containsExactly(lot("B1"), "1000000000000", "KGM");
            });
    plan(state(), receipt(lot("B1"), "999999999999", "KGM", wet));
  }

  /**
   * Dry cacao and husks dried out of one lot: each output takes what its factor needs of the
   * inputs, and the refusal says what each needs and their sum against what went in (QA of
   * 2026-12-07l, finding 8: it gave a yield "together" of 0.4285 that nobody set, and 42.85 kg of
   * outputs that any other mix would change).
   */
  @Test
  void aRefusalOfOutputsOfSeveralFactorsSaysWhatEachNeedsOfTheInputs() {
    ProductRow husks = product("husks", ProductKind.OTHER, "KGM");
    LotState state = state();
    state.products.add(husks);
    // 40 / 0.4 + 5 / 1 = 105 kg of inputs needed for 100
    refused(
        () -> plan(state, receipt(lot("W1"), "100", "KGM", wet), driedWithHusks("40", "5", husks)),
        "trace.mass-balance.exceeded-several",
        "105",
        "KGM",
        new DefaultMessageSourceResolvable(
            new String[] {"trace.mass-balance.needs"},
            new Object[] {
              new DefaultMessageSourceResolvable(
                  new String[] {"trace.mass-balance.need"},
                  new Object[] {"40", "KGM", "0.4"},
                  null),
              new DefaultMessageSourceResolvable(
                  new String[] {"trace.mass-balance.need-whole"}, new Object[] {"5", "KGM"}, null)
            },
            null),
        "100",
        new CitedFactors(List.of(TransformationRules.cited(CACAO), CitedFactors.Cited.NONE)));
    // within what the inputs allow it is recorded: 36 / 0.4 + 10 = 100
    LotState within = state();
    within.products.add(husks);
    plan(within, receipt(lot("W1"), "100", "KGM", wet), driedWithHusks("36", "10", husks));
  }

  /** 100 kg of wet cacao W1 dried into dry cacao D1 and husks H1, in kilograms. */
  private TraceEvent driedWithHusks(String dried, String husked, ProductRow husks) {
    return event(
        EventType.TransformationEvent,
        null,
        TraceStep.DRYING.bizStep(),
        List.of(),
        List.of(q(lot("W1"), "100", "KGM")),
        List.of(q(lot("D1"), dried, "KGM"), q(lot("H1"), husked, "KGM")),
        List.of(),
        List.of(),
        Map.of(
            TraceIds.EXT_PRODUCTS,
            lot("D1") + "=" + dry.urn() + " " + lot("H1") + "=" + husks.urn()));
  }

  @Test
  void aFactorPerUnitOfInputWeighsTheOutputInItsBaseUnit() throws Throwable {
    // 500 kg of sawdust a cubic metre of logs: 500,000 g pass, 400 t do not
    ProductRow sawdust = product("sawdust", ProductKind.OTHER, "KGM");
    FactorRow perCubicMetre = ownFactor(sawdust, TraceStep.SAWING, "500", AT);
    for (String[] out : List.of(new String[] {"500000", "GRM"}, new String[] {"400", "TNE"})) {
      LotState state = state();
      state.products.add(sawdust);
      state.factors.add(perCubicMetre);
      ThrowingCallable sawn =
          () ->
              plan(
                  state,
                  receipt(lot("L1"), "1", "MTQ", logs),
                  transform(
                      TraceStep.SAWING,
                      List.of(q(lot("L1"), "1", "MTQ")),
                      List.of(q(lot("A1"), out[0], out[1])),
                      sawdust));
      if (out[1].equals("GRM")) {
        sawn.call();
      } else {
        assertThatThrownBy(sawn)
            .isInstanceOfSatisfying(
                TraceRuleViolation.class,
                v ->
                    assertThat(v.arguments().subList(0, 6))
                        .containsExactly("400000", "KGM", "1", "MTQ", "500", "500"));
      }
    }
  }

  /** Sweaters knitted from 0.01 t of fibre received, under the factor if any. */
  void knit(ProductRow fibre, ProductRow sweaters, FactorRow factor, String pieces) {
    LotState state = state();
    state.products.addAll(List.of(fibre, sweaters));
    if (factor != null) {
      state.factors.add(factor);
    }
    plan(
        state,
        receipt(lot("Y1"), "0.01", "TNE", fibre),
        transform(
            TraceStep.COMMISSIONING,
            List.of(q(lot("Y1"), "0.01", "TNE")),
            List.of(q(lot("K1"), pieces, "H87")),
            sweaters));
  }

  @Test
  void aLotIsMadeOnlyInAUnitItsProductIsKeptIn() {
    // ten kilograms of wet cacao dried into a thousand "pieces" of a product weighed in kilograms
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "10", "KGM", wet),
                transform(
                    TraceStep.DRYING,
                    List.of(q(lot("W1"), "10", "KGM")),
                    List.of(q(lot("D1"), "1000", null)),
                    dry)),
        "trace.lot.unit-of-product",
        lot("D1"),
        "dry",
        "KGM",
        "H87");
  }

  @Test
  void aQuantityOfAnotherDimensionThanTheLotsIsRefused() {
    // a count without a unit taken from a lot kept in kilograms would leave its stock unknown,
    // and an unknown stock holds nothing back
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100", "KGM", wet),
                event(
                    EventType.ObjectEvent,
                    Action.OBSERVE,
                    "shipping",
                    List.of(q(lot("W1"), "1", null)),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    Map.of())),
        "trace.unit.incompatible",
        lot("W1"),
        "KGM",
        "H87");
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100", "KGM", wet),
                receipt(lot("W1"), "2", "MTQ", null)),
        "trace.unit.incompatible",
        lot("W1"),
        "KGM",
        "MTQ");
  }

  @Test
  void aLargeLotMayNotGoOverByAnyAmount() {
    // 100,000 t dried: 40,000 t at most, and 35 g more is more
    plan(
        state(),
        receipt(lot("W1"), "100000000", "KGM", wet),
        transform(
            TraceStep.DRYING,
            List.of(q(lot("W1"), "100000000", "KGM")),
            List.of(q(lot("D1"), "40000000", "KGM")),
            dry));
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100000000", "KGM", wet),
                transform(
                    TraceStep.DRYING,
                    List.of(q(lot("W1"), "100000000", "KGM")),
                    List.of(q(lot("D1"), "40000000.035", "KGM")),
                    dry)),
        "trace.mass-balance.exceeded",
        "40000000.035",
        "KGM",
        "100000000",
        "0.4",
        "40000000",
        new CitedFactors(List.of(TransformationRules.cited(CACAO))));
  }

  @Test
  void stockNeverGoesBelowZero() {
    LotState state = state();
    assertThatThrownBy(
            () ->
                plan(
                    state,
                    receipt(lot("W1"), "100", "KGM", wet),
                    transform(
                        TraceStep.FERMENTING,
                        List.of(q(lot("W1"), "120", "KGM")),
                        List.of(q(lot("F1"), "90", "KGM")),
                        fermented)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.stock.insufficient");
              assertThat(v.arguments()).containsExactly(lot("W1"), "100", "KGM", "120");
            });
    // Other units of the same dimension are converted: 1 t in, 600 kg out leaves 0.4 t.
    LotState tonnes = state();
    plan(
        tonnes,
        receipt(lot("T1"), "1", "TNE", wet),
        transform(
            TraceStep.FERMENTING,
            List.of(q(lot("T1"), "600", "KGM")),
            List.of(q(lot("F2"), "500", "KGM")),
            fermented));
    StockRow left = tonnes.stock.get(tonnes.lots.get(lot("T1")).id);
    assertThat(left.quantity).isEqualByComparingTo("0.4");
    assertThat(left.unit).isEqualTo("TNE");
    // A second batch reads that stock and may not take more than is left.
    assertThatThrownBy(
            () ->
                plan(
                    tonnes,
                    transform(
                        TraceStep.FERMENTING,
                        List.of(q(lot("T1"), "401", "KGM")),
                        List.of(q(lot("F3"), "300", "KGM")),
                        fermented)))
        .isInstanceOf(TraceRuleViolation.class)
        .hasMessageContaining("trace.stock.insufficient");
  }

  /** The same event at {@link #AT} plus some hours. */
  static TraceEvent hoursLater(TraceEvent e, int hours) {
    return e.at(AT.plusHours(hours));
  }

  static TraceEvent ferment(String input, String quantity, String output) {
    return transform(
        TraceStep.FERMENTING,
        List.of(q(lot(input), quantity, "KGM")),
        List.of(q(lot(output), "1", "KGM")),
        null);
  }

  @Test
  void anOperationDatedInThePastTakesOnlyWhatWasThereAndLeavesEnoughForWhatCameLater() {
    // 08:00 in 100, 10:00 all 100 out, 12:00 100 in again (the lot came back): 100 now, none at 11
    TraceEvent[] gap = {
      receipt(lot("W1"), "100", "KGM", wet),
      hoursLater(ferment("W1", "100", "F1"), 2),
      hoursLater(receipt(lot("W1"), "100", "KGM", wet), 4)
    };
    assertThatThrownBy(() -> plan(state(), append(gap, hoursLater(ferment("W1", "50", "F2"), 3))))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.stock.insufficient-then");
              assertThat(v.eventIndex()).isEqualTo(3);
              assertThat(v.arguments())
                  .containsExactly(
                      lot("W1"), "2026-05-04 11:00", "0", "KGM", "50", "2026-05-04 11:00");
            });
    // before the lot came in at all
    assertThatThrownBy(() -> plan(state(), append(gap, hoursLater(ferment("W1", "1", "F2"), -1))))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> assertThat(v.messageKey()).isEqualTo("trace.stock.insufficient-then"));
    // at its own time it is there, and after the 12:00 receipt too: accepted
    assertThat(plan(state(), append(gap, hoursLater(ferment("W1", "50", "F2"), 5))).movements)
        .hasSize(6);

    // 08:00 in 100, 10:00 80 out, 12:00 50 in: 70 now, 100 at 09:00, but only 20 after 10:00
    TraceEvent[] taken = {
      receipt(lot("W1"), "100", "KGM", wet),
      hoursLater(ferment("W1", "80", "F1"), 2),
      hoursLater(receipt(lot("W1"), "50", "KGM", wet), 4)
    };
    refused(
        () -> plan(state(), append(taken, hoursLater(ferment("W1", "50", "F2"), 1))),
        "trace.stock.insufficient-later",
        lot("W1"),
        "2026-05-04 10:00",
        "20",
        "KGM",
        "50",
        "2026-05-04 09:00");
    LotState state = state();
    plan(state, append(taken, hoursLater(ferment("W1", "20", "F2"), 1)));
    assertThat(state.stock.get(state.lots.get(lot("W1")).id).quantity).isEqualByComparingTo("50");
    // an event at the time of another counts after it (recorded later): 10:00 may take the 20 left
    assertThat(plan(state(), append(taken, hoursLater(ferment("W1", "20", "F2"), 2))).movements)
        .hasSize(6);
  }

  @Test
  void eventsAtOneInstantWrittenAtOtherOffsetsAreInTheOrderTheyWereRecorded() {
    OffsetDateTime tenInLima = AT.plusHours(2); // 10:00-05:00, which is 15:00Z
    OffsetDateTime fifteenUtc = tenInLima.withOffsetSameInstant(java.time.ZoneOffset.UTC);
    // at 10:00 50 in (written in UTC), then 120 out: 80 + 50 - 120 leaves 10, and 09:00 had 100
    LotState state = state();
    plan(
        state,
        receipt(lot("W1"), "100", "KGM", wet),
        receipt(lot("W1"), "50", "KGM", wet).at(fifteenUtc),
        ferment("W1", "120", "F1").at(tenInLima),
        hoursLater(ferment("W1", "20", "F2"), 1));
    assertThat(state.stock.get(state.lots.get(lot("W1")).id).quantity).isEqualByComparingTo("10");
    // at 10:00 90 out (in UTC) before 100 in: 80 - 90 is below zero, whatever the offsets say
    // (the times as they were where the refused event happened: at its offset)
    refused(
        () ->
            plan(
                state(),
                receipt(lot("W1"), "100", "KGM", wet),
                ferment("W1", "90", "F1").at(fifteenUtc),
                receipt(lot("W1"), "100", "KGM", wet).at(tenInLima),
                hoursLater(ferment("W1", "20", "F2"), 1)),
        "trace.stock.insufficient-later",
        lot("W1"),
        "2026-05-04 10:00",
        "10",
        "KGM",
        "20",
        "2026-05-04 09:00");
  }

  /** Asserts that planning is refused with the message and its arguments. */
  static void refused(ThrowingCallable planning, String key, Object... arguments) {
    assertThatThrownBy(planning)
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo(key);
              assertThat(v.arguments()).containsExactly(arguments);
            });
  }

  @Test
  void aLotConsumedBeforeItsOriginInOneDocumentIsHeldToItsStockInTheOrderOfTime() {
    // a device sends 80 kg taken at 12:00, then 50 kg received at 08:00: 50 were never 80, so
    // another delivery is still to come (ADR 0017): taken, not tracked
    LotState short_ = state();
    plan(short_, hoursLater(ferment("W1", "80", "F1"), 4), receipt(lot("W1"), "50", "KGM", wet));
    assertThat(short_.stock.get(short_.lots.get(lot("W1")).id).tracked).isFalse();
    // 100 received at 08:00 cover it: tracked, 20 left
    LotState enough = state();
    plan(enough, hoursLater(ferment("W1", "80", "F1"), 4), receipt(lot("W1"), "100", "KGM", wet));
    StockRow held = enough.stock.get(enough.lots.get(lot("W1")).id);
    assertThat(held.tracked).isTrue();
    assertThat(held.quantity).isEqualByComparingTo("20");
    // what came in after it was taken is not its origin: still not tracked, as before
    LotState later = state();
    plan(
        later,
        hoursLater(ferment("W1", "80", "F1"), 4),
        hoursLater(receipt(lot("W1"), "50", "KGM", wet), 5));
    assertThat(later.stock.get(later.lots.get(lot("W1")).id).tracked).isFalse();
  }

  @Test
  void undoingAnInflowIsRefusedWhenWhatLaterEventsTookWasThatInflow() {
    // read from the database: in 100 at 08:00 (the receipt undone), out 100 at 09:00, in 100 at
    // 10:00
    LotState state = state();
    LotRow w1 = storedWet(state, "W1", "200");
    StockRow held = new StockRow(w1.id, new BigDecimal("100"), "KGM", true);
    UUID first = UUID.randomUUID();
    held.since.add(new Moved(first, AT, new BigDecimal("100"), "KGM"));
    held.since.add(new Moved(UUID.randomUUID(), AT.plusHours(1), new BigDecimal("-100"), "KGM"));
    held.since.add(new Moved(UUID.randomUUID(), AT.plusHours(2), new BigDecimal("100"), "KGM"));
    held.movedAt = AT.plusHours(2);
    state.stock.put(w1.id, held);
    VoidTarget receipt = new VoidTarget("urn:uuid:first", 1);
    receipt.at = AT;
    receipt.movements.add(new MovementRow(first, w1.id, "RECEIPT", new BigDecimal("100"), "KGM"));
    state.voidTargets.put(receipt.eventId, receipt);
    assertThatThrownBy(() -> plan(state, declaration("urn:uuid:first")))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.correction.stock-negative-then");
              assertThat(v.arguments())
                  .containsExactly(lot("W1"), "-100", "KGM", "2026-05-04 09:00");
            });
  }

  /** A lot of wet cacao of the organisation's as the database gives it, added to the state. */
  LotRow storedWet(LotState state, String code, String quantityIn) {
    LotRow row =
        new LotRow(
            UUID.randomUUID(),
            lot(code),
            org,
            "LOT",
            code,
            null,
            wet.id(),
            "KGM",
            new BigDecimal(quantityIn),
            null,
            null,
            null,
            AT);
    state.addLot(row);
    return row;
  }

  /** {@link #storedWet} with all of its 100 kg in stock. */
  LotRow wetInStock(LotState state, String code) {
    LotRow row = storedWet(state, code, "100");
    state.stock.put(row.id, new StockRow(row.id, new BigDecimal("100"), "KGM", true));
    return row;
  }

  static TraceEvent[] append(TraceEvent[] events, TraceEvent more) {
    List<TraceEvent> all = new ArrayList<>(List.of(events));
    all.add(more);
    return all.toArray(TraceEvent[]::new);
  }

  @Test
  void aLotFirstSeenBeingConsumedHasNoKnownStockAndIsNotRefused() {
    LotState state = state();
    LotPlan plan =
        plan(
            state,
            transform(
                TraceStep.COMMISSIONING,
                List.of(q("urn:epc:class:lgtin:4012345.022222.87545GHGH", "500", "KGM")),
                List.of(q("urn:epc:idpat:sgtin:4012345.044444.*", "452", "KGM")),
                null));
    StockRow input =
        state.stock.get(state.lots.get("urn:epc:class:lgtin:4012345.022222.87545GHGH").id);
    assertThat(input.tracked).isFalse();
    assertThat(plan.edges).hasSize(1);
    assertThat(state.lots.get("urn:epc:class:lgtin:4012345.022222.87545GHGH").gtin)
        .isEqualTo("04012345222227");
  }

  @Test
  void quantitiesBelowZeroAreRefused() {
    assertThatThrownBy(() -> plan(state(), receipt(lot("W1"), "-5", "KGM", wet)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.quantity.negative");
              assertThat(v.arguments()).containsExactly(lot("W1"), "-5");
            });
  }

  @Test
  void aProductIsMadeOnlyOfItsKindOrOfAKindBeforeItInItsChain() {
    ProductRow physalis = product("physalis", ProductKind.PHYSALIS_FRESH, "KGM");
    ProductRow chocolate = product("chocolate", ProductKind.OTHER, "KGM");
    LotState state = state();
    state.products.addAll(List.of(physalis, chocolate));
    TraceEvent wetIn = receipt(lot("W1"), "100", "KGM", wet);
    // cacao "sorted" into fresh physalis would lead a physalis lot's trace to cacao plots
    refused(
        () -> plan(state, wetIn, whole(TraceStep.SORTING, "W1", "100", "A1", "100", physalis)),
        "trace.transformation.kind",
        ProductKind.PHYSALIS_FRESH,
        ProductKind.CACAO_WET);
    // nor is dry cacao made wet again
    refused(
        () ->
            plan(
                state,
                receipt(lot("S1"), "40", "KGM", dry),
                whole(TraceStep.SORTING, "S1", "40", "W2", "40", wet)),
        "trace.transformation.kind",
        ProductKind.CACAO_WET,
        ProductKind.CACAO_DRY);
    // along the chain, into what is in no chain, and from a lot of no known product: as before
    plan(state, wetIn, whole(TraceStep.FERMENTING, "W1", "100", "F1", "100", fermented));
    plan(state, wetIn, whole(TraceStep.COMMISSIONING, "W1", "100", "C1", "100", chocolate));
    plan(
        state,
        receipt(lot("X1"), "100", "KGM", null),
        whole(TraceStep.SORTING, "X1", "100", "A1", "100", physalis));
  }

  /**
   * A lot of no product made from a lot of a product is of that lot's kind, in the document that
   * makes it too: dry cacao split into a lot of no product is not sorted into fresh physalis, and
   * sorted into dry cacao it yields at most what went in (not the drying factor's 40 %).
   */
  @Test
  void aLotOfNoProductIsOfTheKindsItWasMadeOf() {
    ProductRow physalis = product("physalis", ProductKind.PHYSALIS_FRESH, "KGM");
    LotState state = state();
    state.products.add(physalis);
    TraceEvent dryIn = receipt(lot("S1"), "40", "KGM", dry);
    TraceEvent split =
        transform(
            TraceStep.SPLITTING,
            List.of(q(lot("S1"), "40", "KGM")),
            List.of(q(lot("P1"), "40", "KGM")),
            null);
    refused(
        () -> plan(state, dryIn, split, whole(TraceStep.SORTING, "P1", "40", "A1", "40", physalis)),
        "trace.transformation.kind",
        ProductKind.PHYSALIS_FRESH,
        ProductKind.CACAO_DRY);
    LotState again = state();
    LotPlan plan = plan(again, dryIn, split, whole(TraceStep.SORTING, "P1", "40", "D2", "40", dry));
    assertThat(plan.edges).hasSize(2);
    assertThat(again.originKinds.get(again.lots.get(lot("P1")).id))
        .containsExactly(ProductKind.CACAO_DRY);
  }

  @Test
  void aStepOfOursMakesOnlyTheKindsItMakes() {
    ProductRow logs = product("logs", ProductKind.TIMBER_ROUNDWOOD, "MTQ");
    ProductRow boards = product("boards", ProductKind.TIMBER_SAWN, "MTQ");
    LotState state = state();
    state.products.addAll(List.of(logs, boards));
    TraceEvent wetIn = receipt(lot("W1"), "100", "KGM", wet);
    // wet cacao "sawn" into dry cacao: the mass adds up (the drying factor holds it), the step not
    refused(
        () -> plan(state, wetIn, whole(TraceStep.SAWING, "W1", "100", "D1", "30", dry)),
        "trace.transformation.step",
        TraceStep.SAWING.bizStep(),
        ProductKind.CACAO_DRY);
    // nor is wet cacao fermented into dry cacao in one step: drying makes it
    refused(
        () -> plan(state, wetIn, whole(TraceStep.FERMENTING, "W1", "100", "D1", "30", dry)),
        "trace.transformation.step",
        TraceStep.FERMENTING.bizStep(),
        ProductKind.CACAO_DRY);
    plan(state, wetIn, whole(TraceStep.DRYING, "W1", "100", "D1", "30", dry));
    // logs sawn into shorter logs and into boards, boards kiln-dried, logs sorted
    TraceEvent logsIn = receipt(lot("R1"), "10", "MTQ", logs);
    plan(state, logsIn, whole(TraceStep.SAWING, "R1", "10", "R2", "10", logs));
    plan(state, logsIn, whole(TraceStep.SORTING, "R1", "10", "R3", "10", logs));
    plan(
        state,
        receipt(lot("B1"), "5", "MTQ", boards),
        whole(TraceStep.DRYING, "B1", "5", "B2", "5", boards));
    // another vocabulary's step is not judged
    plan(
        state,
        wetIn,
        transform(
            "urn:example:bizstep:roasting",
            List.of(q(lot("W1"), "100", "KGM")),
            List.of(q(lot("D1"), "30", "KGM")),
            dry));
  }

  @Test
  void aLotsProductThatComesAfterATransformationUsedItHoldsThatTransformationAgain() {
    ProductRow physalis = product("physalis", ProductKind.PHYSALIS_FRESH, "KGM");
    LotState state = state();
    state.products.add(physalis);
    TraceEvent sorted = whole(TraceStep.SORTING, "X1", "40", "A1", "40", physalis);
    // what X1 is, is not known yet: the sorting holds
    plan(state, sorted);
    // the same document goes on with X1's delivery: wet cacao, which physalis is not made of
    LotState again = state();
    again.products.add(physalis);
    assertThatThrownBy(() -> plan(again, sorted, receipt(lot("X1"), "40", "KGM", wet)))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.eventIndex()).isEqualTo(1);
              assertThat(v.messageKey()).isEqualTo("trace.origin.consumed-as");
              assertThat(v.arguments().getFirst()).isEqualTo(lot("X1"));
              assertThat(
                      ((org.springframework.context.MessageSourceResolvable) v.arguments().get(2))
                          .getCodes())
                  .containsExactly("trace.transformation.kind");
            });
  }

  /** One lot transformed into one of the product, both in the product's unit. */
  private static TraceEvent whole(
      TraceStep step, String from, String in, String to, String out, ProductRow product) {
    return transform(
        step,
        List.of(q(lot(from), in, product.unit())),
        List.of(q(lot(to), out, product.unit())),
        product);
  }

  @Test
  void piecesAreCountedInWholeNumbersAsTheFormsHaveThem() {
    // lots received from outside, without a product of ours
    refused(
        () -> plan(state(), receipt(lot("P1"), "2.5", "H87", null)),
        "trace.quantity.pieces-whole",
        lot("P1"),
        "2.5");
    // a quantity without a unit is a count
    refused(
        () -> plan(state(), receipt(lot("P1"), "0.5", null, null)),
        "trace.quantity.pieces-whole",
        lot("P1"),
        "0.5");
    assertThat(plan(state(), receipt(lot("P1"), "3.000", "H87", null)).movements).hasSize(1);
    assertThat(plan(state(), receipt(lot("W1"), "2.5", "KGM", wet)).movements).hasSize(1);
  }

  /**
   * A lot whose only shipment here its shipper declared erroneous: the receiver may still name it
   * (its own events of it may come late), but a receipt of it is refused saying why, whether it
   * adds the lot or observes its arrival; one declared erroneous before it came is taken and
   * receives nothing (the second used to be refused with trace.receipt.not-pending).
   */
  @Test
  void aLotShippedHereInAShipmentItsShipperUndidIsNamedNotReceived() {
    TraceEvent observed = receiving(q(lot("X1"), "50", "KGM"));
    TraceEvent added = object(Action.ADD, "receiving", Map.of(), q(lot("X1"), "50", "KGM"));
    for (TraceEvent receipt : List.of(observed, added)) {
      refused(() -> plan(undone(), receipt), "trace.receipt.shipment-voided", lot("X1"));
      LotPlan plan = LotPlanner.plan(org, List.of(receipt), undone(), Set.of(0));
      assertThat(plan.shipmentsReceived).isEmpty();
      assertThat(plan.movements).isEmpty();
    }
  }

  /** A lot of another organisation's shipped here in a shipment its shipper undid. */
  private LotState undone() {
    LotState state = shippedHere("50");
    UUID foreign = state.lots.get(lot("X1")).id;
    state.shipmentsTo.remove(foreign);
    state.shipmentsUndone.add(foreign);
    return state;
  }

  @Test
  void aLotOfAnotherOrganisationIsRefusedUnlessItWasShippedHere() {
    LotState state = shippedHere("50");
    LotRow foreign = state.lots.get(lot("X1"));
    List<ShipmentRow> shipped = state.shipmentsTo.remove(foreign.id);
    TraceEvent ship =
        event(
            EventType.ObjectEvent,
            Action.OBSERVE,
            "shipping",
            List.of(q(lot("X1"), "10", "KGM")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of());
    assertThatThrownBy(() -> plan(state, ship))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.lot.other-organisation");
              assertThat(v.arguments()).containsExactly(lot("X1"));
            });
    state.shipmentsTo.put(foreign.id, shipped);
    TraceEvent receive = receiving(q(lot("X1"), "50", "KGM"));
    LotPlan plan = plan(state, receive);
    assertThat(plan.shipmentsReceived).hasSize(1);
    assertThat(state.stock.get(foreign.id).quantity).isEqualByComparingTo("50");
    assertThat(plan.receipts).as("a transfer is not a new origin").isEmpty();
  }

  @Test
  void aShipmentReceivedInTwoLinesOfOneReceiptIsReceivedOnceForTheirSum() {
    LotState state = shippedHere("30");
    LotPlan plan = plan(state, receiving(q(lot("X1"), "10", "KGM"), q(lot("X1"), "0.012", "TNE")));
    assertThat(plan.shipmentsReceived).hasSize(1);
    assertThat(plan.movements).hasSize(2);
    assertThat(state.stock.get(state.lots.get(lot("X1")).id).quantity).isEqualByComparingTo("22");
    // the lines together may not exceed what was shipped
    assertThatThrownBy(
            () ->
                plan(
                    shippedHere("30"),
                    receiving(q(lot("X1"), "10", "KGM"), q(lot("X1"), "25", "KGM"))))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.receipt.exceeds-shipment");
              assertThat(v.arguments()).containsExactly(lot("X1"), "35", "KGM", "30", "KGM");
            });
  }

  @Test
  void aShipmentToTheOrganisationItselfIsRefused() {
    LotState state = state();
    state.organisations.put(
        "test", new LotState.PartyRef(UUID.randomUUID(), org, "test", "Test", null));
    TraceEvent toItself =
        event(
            EventType.ObjectEvent,
            Action.OBSERVE,
            "shipping",
            List.of(q(lot("W1"), "10", "KGM")),
            List.of(),
            List.of(),
            List.of(),
            List.of(new Party("owning_party", TraceIds.ORGANISATION + "test")),
            Map.of());
    refused(
        () -> plan(state, receipt(lot("W1"), "100", "KGM", wet), toItself),
        "trace.shipment.to-itself");
  }

  @Test
  void aLotIsReceivedOnlyAsAProductOfTheKindItWasShippedAs() {
    UUID theirs = UUID.randomUUID();
    for (ProductRow as : List.of(dry, wet)) {
      LotState state = shippedHere("50");
      state.lots.get(lot("X1")).productId = theirs;
      state.otherKinds.put(theirs, ProductKind.CACAO_WET);
      TraceEvent received =
          object(
              Action.OBSERVE,
              "receiving",
              Map.of(TraceIds.EXT_PRODUCT, as.urn()),
              q(lot("X1"), "50", "KGM"));
      if (as == dry) {
        // the shipper's wet cacao received as dry cacao of the receiver's
        refused(() -> plan(state, received), "trace.receipt.other-kind", "CACAO_DRY", "CACAO_WET");
      } else {
        assertThat(plan(state, received).shipmentsReceived).hasSize(1);
      }
    }
  }

  @Test
  void aShipmentInKilogramsIsNotReceivedInCubicMetres() {
    refused(
        () -> plan(shippedHere("50"), receiving(q(lot("X1"), "50", "MTQ"))),
        "trace.unit.incompatible",
        lot("X1"),
        "KGM",
        "MTQ");
  }

  @Test
  void aShipmentIsNotReceivedBeforeItWasShipped() {
    // shipped at 10:00: a receipt dated 09:00 is refused, one in its minute (10:00:30) is not
    LotState state = shippedHere("50");
    ShipmentRow shipment = state.shipmentsTo.get(state.lots.get(lot("X1")).id).getFirst();
    shipment.shippedAt = AT.plusHours(2).plusSeconds(40);
    refused(
        () -> plan(state, hoursLater(receiving(q(lot("X1"), "50", "KGM")), 1)),
        "trace.receipt.before-shipment",
        lot("X1"),
        "2026-05-04 10:00");
    LotPlan plan =
        plan(state, receiving(q(lot("X1"), "50", "KGM")).at(AT.plusHours(2).plusSeconds(30)));
    assertThat(plan.shipmentsReceived).hasSize(1);
  }

  @Test
  void aPatternOfAnotherOrganisationsProductIsTheirsToName() {
    // 07751234000016: company prefix 7751234, item reference 000001 (indicator 0)
    String gtin = "07751234000016";
    for (String pattern :
        List.of(
            "urn:epc:idpat:sgtin:7751234.000001.*",
            "urn:epc:idpat:sgtin:7751234.*.*",
            "URN:EPC:IDPAT:SGTIN:7751234.000001.*")) {
      LotState state = state();
      state.foreignGtins.put(gtin, OrganisationId.newId());
      TraceEvent named = object(Action.OBSERVE, "inspecting", Map.of(), q(pattern, "1", null));
      refused(() -> plan(state, named), "trace.lot.gtin-other-organisation", pattern, gtin);
    }
    assertThat(TraceIds.patternOf("urn:epc:idpat:sgtin:7751234.000002.*", "07751234000016"))
        .as("another item of the company")
        .isFalse();
    assertThat(TraceIds.patternOf("urn:epc:idpat:sgtin:*.*.*", "07751234000016"))
        .as("every company's")
        .isFalse();
  }

  @Test
  void aDeclarationOfAnEventThisLogDoesNotHoldChangesNothingWhateverLogHoldsIt() {
    // another organisation's log may hold the eventID: refused, the answer would tell it does
    LotPlan plan = plan(state(), declaration("urn:uuid:theirs"));
    assertThat(plan.voids).isEmpty();
    assertThat(plan.movements).isEmpty();
    // it names lots as any event does: not one of a code only another organisation makes, whether
    // a lot of that code exists or not
    LotState state = state();
    state.foreignCodes.put("other", OrganisationId.newId());
    String theirs = TraceIds.lot("other", null, "NEVER");
    TraceEvent declared =
        receipt(theirs, "1", "KGM", null)
            .declaredErroneous(
                new TraceEvent.ErrorDeclaration(AT.plusDays(1), "did_not_occur", List.of()));
    refused(() -> plan(state, declared), "trace.lot.urn-other-organisation", theirs, "other");
  }

  /** A state where another organisation's lot X1 was shipped here and not received yet. */
  LotState shippedHere(String kg) {
    LotState state = state();
    LotRow foreign =
        new LotRow(
            UUID.randomUUID(),
            lot("X1"),
            OrganisationId.newId(),
            "LOT",
            "X1",
            null,
            null,
            "KGM",
            new BigDecimal(kg),
            null,
            null,
            null,
            AT);
    state.addLot(foreign);
    state.shipmentsTo.put(
        foreign.id,
        new ArrayList<>(
            List.of(
                new ShipmentRow(UUID.randomUUID(), foreign.id, new BigDecimal(kg), "KGM", false))));
    return state;
  }

  static TraceEvent receiving(QuantityElement... lines) {
    return object(Action.OBSERVE, "receiving", Map.of(), lines);
  }

  /** An ObjectEvent of the lines, with no parties. */
  static TraceEvent object(
      Action action, String bizStep, Map<String, String> extensions, QuantityElement... lines) {
    return event(
        EventType.ObjectEvent,
        action,
        bizStep,
        List.of(lines),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        extensions);
  }

  @Test
  void aCorrectionUndoesTheDeclaredEventsStockAndEdgesButNotBelowZero() {
    LotState state = state();
    LotRow w1 = wetInStock(state, "W1");
    VoidTarget target = new VoidTarget("urn:uuid:erroneous", 7);
    target.movements.add(
        new MovementRow(UUID.randomUUID(), w1.id, "RECEIPT", new BigDecimal("100"), "KGM"));
    target.receiptIds.add(UUID.randomUUID());
    state.voidTargets.put(target.eventId, target);
    TraceEvent declaration = declaration("urn:uuid:erroneous");
    LotPlan plan = plan(state, declaration);
    assertThat(state.stock.get(w1.id).quantity).isEqualByComparingTo("0");
    assertThat(w1.quantityIn).isEqualByComparingTo("0");
    assertThat(plan.movements)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo("CORRECTION");
              assertThat(m.quantity()).isEqualByComparingTo("-100");
              assertThat(m.reversalOf()).isEqualTo(target.movements.getFirst().id());
            });
    assertThat(plan.voidedReceipts).containsExactlyElementsOf(target.receiptIds);
    assertThat(plan.voids)
        .singleElement()
        .satisfies(v -> assertThat(v.eventId()).isEqualTo("urn:uuid:erroneous"));

    // Declared again: nothing more to undo.
    assertThat(plan(state, declaration("urn:uuid:erroneous")).movements).isEmpty();

    // The receipt of a lot already used downstream cannot be undone alone.
    LotState used = state();
    LotRow w2 = storedWet(used, "W2", "100");
    used.stock.put(w2.id, new StockRow(w2.id, new BigDecimal("10"), "KGM", true));
    VoidTarget receipt = new VoidTarget("urn:uuid:used", 3);
    receipt.movements.add(
        new MovementRow(UUID.randomUUID(), w2.id, "RECEIPT", new BigDecimal("100"), "KGM"));
    used.voidTargets.put(receipt.eventId, receipt);
    assertThatThrownBy(() -> plan(used, declaration("urn:uuid:used")))
        .isInstanceOfSatisfying(
            TraceRuleViolation.class,
            v -> {
              assertThat(v.messageKey()).isEqualTo("trace.correction.stock-negative");
              assertThat(v.arguments()).containsExactly(lot("W2"), "-90", "KGM");
            });
  }

  /**
   * A receipt declared erroneous marks its lot as touched, so that its ready trace and those
   * downstream are rebuilt without it: also one without a quantity, which moved no stock (review of
   * 2026-12-07o, 2), and one whose quantity does not convert into its lot's unit (recorded before
   * such quantities were refused), which leaves the lot's quantity in as it was.
   */
  @Test
  void aReceiptDeclaredErroneousTouchesItsLotWithOrWithoutAQuantityThatConverts() {
    LotState state = state();
    LotRow w1 = wetInStock(state, "W1");
    VoidTarget bare = new VoidTarget("urn:uuid:erroneous", 7);
    bare.receiptIds.add(UUID.randomUUID());
    bare.receiptLots.add(w1.id);
    state.voidTargets.put(bare.eventId, bare);
    LotPlan plan = plan(state, declaration("urn:uuid:erroneous"));
    assertThat(plan.movements).isEmpty();
    assertThat(plan.voidedReceipts).containsExactlyElementsOf(bare.receiptIds);
    assertThat(plan.touched()).containsExactly(w1.id);
    assertThat(plan.changesExistingLots()).isTrue();

    LotState legacy = state();
    LotRow w2 = wetInStock(legacy, "W2");
    VoidTarget pieces = new VoidTarget("urn:uuid:erroneous", 7);
    pieces.movements.add(
        new MovementRow(UUID.randomUUID(), w2.id, "RECEIPT", new BigDecimal("5"), "H87"));
    pieces.receiptIds.add(UUID.randomUUID());
    pieces.receiptLots.add(w2.id);
    legacy.voidTargets.put(pieces.eventId, pieces);
    LotPlan undone = plan(legacy, declaration("urn:uuid:erroneous"));
    assertThat(w2.quantityIn).isEqualByComparingTo("100");
    assertThat(undone.touched()).containsExactly(w2.id);
    assertThat(undone.changesExistingLots()).isTrue();
  }

  /**
   * A quantity the lot's rows (six decimals of the unit it is kept in) would keep only rounded is
   * refused: 0.4 g of a lot kept in tonnes is 0.0000004 t, and five such takes left the stored
   * stock at 1 t while the log took 2 g (review of 2026-12-07n, 3). A gram, 0.000001 t, is kept. A
   * movement recorded before such quantities were refused is not undone by a rounded amount.
   */
  @Test
  void aQuantityFinerThanItsLotKeepsIsRefused() {
    TraceEvent tonne = receipt(lot("T1"), "1", "TNE", wet);
    refused(
        () ->
            plan(
                state(),
                tonne,
                object(Action.DELETE, "destroying", Map.of(), q(lot("T1"), "0.4", "GRM"))),
        "trace.unit.too-fine",
        lot("T1"),
        "TNE",
        "0.4",
        "GRM",
        "0.0000004");
    LotState state = state();
    plan(state, tonne, object(Action.DELETE, "destroying", Map.of(), q(lot("T1"), "1", "GRM")));
    assertThat(state.stock.get(state.lots.get(lot("T1")).id).quantity)
        .isEqualByComparingTo("0.999999");

    LotState legacy = state();
    LotRow w1 = wetInStock(legacy, "W1");
    VoidTarget take = new VoidTarget("urn:uuid:erroneous", 7);
    take.movements.add(
        new MovementRow(UUID.randomUUID(), w1.id, "INPUT", new BigDecimal("-0.0004"), "GRM"));
    legacy.voidTargets.put(take.eventId, take);
    refused(
        () -> plan(legacy, declaration("urn:uuid:erroneous")),
        "trace.unit.too-fine",
        lot("W1"),
        "KGM",
        "0.0004",
        "GRM",
        "0.0000004");
  }

  @Test
  void anErrorDeclarationOfAnEventNeverSeenHasNoEffect() {
    LotPlan plan = plan(state(), declaration("urn:uuid:never-seen"));
    assertThat(plan.newLots).isEmpty();
    assertThat(plan.movements).isEmpty();
    assertThat(plan.voids).isEmpty();
  }

  static TraceEvent declaration(String eventId) {
    TraceEvent base = receipt(lot("W1"), "100", "KGM", null);
    return new TraceEvent(
        eventId,
        base.type(),
        base.action(),
        base.eventTime(),
        base.eventTimeZoneOffset(),
        base.bizStep(),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        base.quantities(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new TraceEvent.ErrorDeclaration(AT.plusDays(1), "did_not_occur", List.of()),
        Map.of(),
        null,
        null);
  }
}
