package org.ayni.trace;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.reference.ReferenceValue;
import org.ayni.reference.ReferenceValueRecorded;
import org.ayni.reference.Verification;
import org.ayni.registry.Organisations;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.CatalogueStore;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The maximum yields mass balance checks transformations against: the platform defaults seeded from
 * reference data (cacao wet → dry, physalis fresh → dried, roundwood → sawn timber) and each
 * organisation's own per product and step, which take precedence. A new factor is a new row; the
 * newest of the most specific applies. A platform administrator changes a default by recording a
 * new version of its reference value: the version in force today becomes the default's newest row.
 */
@Service
public class ConversionFactors {

  private final CatalogueStore store;
  private final Organisations organisations;
  private final Products products;
  private final AuditTrail audit;
  private final Clock clock;

  ConversionFactors(
      CatalogueStore store,
      Organisations organisations,
      Products products,
      AuditTrail audit,
      Clock clock) {
    this.store = store;
    this.organisations = organisations;
    this.products = products;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The factors that may apply to an organisation's products: its own and the platform defaults
   * (only the defaults when no organisation is given).
   */
  public List<ConversionFactor> list(CurrentUser user, OrganisationId organisation) {
    if (organisation == null) {
      return store.defaults();
    }
    if (!user.canRead(organisation)) {
      throw new NotFoundException("organisation.not-found");
    }
    return store.factors(organisation);
  }

  /**
   * The verified platform default that an organisation's own factor claims more than, for its
   * product's kind and step and in its product's measure: SERFOR's 0.56 m³ of sawn timber per m³ of
   * logs, which only SERFOR's inspection and a technical study may raise (rules.md §8.3); not
   * boards counted per m³. Empty for a default, a factor of no product, or one that claims no more
   * than its reference. The own factor still applies: the pages flag it.
   */
  public Optional<ConversionFactor> verifiedDefaultExceeded(ConversionFactor own) {
    return verifiedDefaultExceeded(own, store.defaults());
  }

  /** As {@link #verifiedDefaultExceeded(ConversionFactor)}, with the defaults read once. */
  public Optional<ConversionFactor> verifiedDefaultExceeded(
      ConversionFactor own, List<ConversionFactor> defaults) {
    if (own.organisationId() == null || own.productId() == null) {
      return Optional.empty();
    }
    Optional<Product> product = store.product(OrganisationScope.everything(), own.productId());
    if (product.isEmpty()) {
      return Optional.empty();
    }
    // newest first: the first of a kind and step is its latest version
    for (ConversionFactor d : defaults) {
      if (d.productKind() == product.get().kind()
          && (own.step() == null || own.step().equals(d.step()))) {
        boolean sameMeasure =
            d.outputUnit() != null
                && Units.base(d.outputUnit()).equals(Units.base(product.get().unit()));
        return d.verification() == Verification.V
                && sameMeasure
                && own.maxYield().compareTo(d.maxYield()) > 0
            ? Optional.of(d)
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Records a new version of each platform default that a reference value backs, in the transaction
   * that records the value: from now on when it is in force today, from its first day when it is
   * dated ahead (factors are read only once recorded), not at all when a later version is in force
   * already. A value that cannot be a yield is refused beside it, and nothing is recorded.
   */
  @EventListener
  void referenceRecorded(ReferenceValueRecorded recorded) {
    ReferenceValue value = recorded.value();
    // a default is one per kind of product and step; newest first, the first is its latest
    record Default(ProductKind kind, String step) {}
    Map<Default, ConversionFactor> backed = new LinkedHashMap<>();
    for (ConversionFactor f : store.defaults()) {
      if (value.key().equals(f.referenceKey())) {
        backed.putIfAbsent(new Default(f.productKind(), f.step()), f);
      }
    }
    // in force today: from now on; dated ahead: from its first day (a row not read before then)
    boolean ahead = value.validFrom().isAfter(LocalDate.now(clock));
    if (backed.isEmpty() || !(recorded.inForce() || ahead)) {
      return; // an earlier version, superseded already
    }
    OffsetDateTime from =
        recorded.inForce()
            ? OffsetDateTime.now(clock.withZone(ZoneOffset.UTC))
            : value.validFrom().atStartOfDay().atOffset(ZoneOffset.UTC);
    BigDecimal yield = value.numericValue();
    if (yield == null
        || yield.signum() <= 0
        || yield.compareTo(BigDecimal.valueOf(1000)) > 0
        || yield.stripTrailingZeros().scale() > 6) {
      throw new InvalidInputException(FieldProblem.of("numericValue", "trace.factor.reference"));
    }
    for (ConversionFactor f : backed.values()) {
      store.insert(
          new ConversionFactor(
              Ids.newUuid(),
              null,
              null,
              f.productKind(),
              f.step(),
              yield.stripTrailingZeros(),
              f.inputUnit(),
              f.outputUnit(),
              f.referenceKey(),
              value.verification(),
              value.source(),
              value.note(),
              from,
              value.recordedBy(),
              false));
    }
  }

  /**
   * Records an organisation's own maximum yield for one of its products in a step (its
   * administrators only): above 0, at most 1000 and to six decimals, as it is kept. {@code user} is
   * null only for the system's own demo data.
   */
  @Transactional
  public ConversionFactor set(CurrentUser user, ConversionFactorForm form) {
    OrganisationId organisation =
        form.getOrganisationId() == null ? null : new OrganisationId(form.getOrganisationId());
    if (user != null && organisation != null && user.canRead(organisation)) {
      user.requireAdmin(organisation);
    }
    InputCheck check = new InputCheck();
    check.required("organisationId", organisation);
    OrganisationScope scope = user == null ? OrganisationScope.everything() : user.adminScope();
    if (organisation != null && organisations.find(scope, organisation).isEmpty()) {
      check.add("organisationId", "organisation.unknown");
    }
    check.required("productId", form.getProductId());
    Product product = null;
    if (form.getProductId() != null && !check.hasProblem("organisationId")) {
      try {
        product = products.find(scope, form.getProductId());
        check.check(
            product.organisationId().equals(organisation), "productId", "trace.product.unknown");
      } catch (NotFoundException e) {
        check.add("productId", "trace.product.unknown");
      }
    }
    check.required("step", form.getStep());
    TraceStep step = form.getStep();
    if (step != null && !step.takesFactor()) {
      check.add("step", "trace.factor.no-factor-step");
    } else if (product != null && step != null) {
      // a factor of a step that does not make the product would hold nothing (ADR 0018)
      step.check(check, "step", product.kind());
    }
    check.required("maxYield", form.getMaxYield());
    check.check(
        form.getMaxYield() == null
            || (form.getMaxYield().signum() > 0
                && form.getMaxYield().compareTo(BigDecimal.valueOf(1000)) <= 0),
        "maxYield",
        "trace.factor.range");
    // out of what it is measured as (kilograms of cacao out of kilograms of cacao), a step that
    // only takes away yields less: 4 for 0.4 would let four times the mass out; and making
    // (commissioning) a product of a classified kind adds no weight or volume of its own: 2 m³ of
    // logs are not made into 2000 m³ of sawn timber (what a recipe adds, sugar in chocolate, makes
    // a product of the kind OTHER or is recorded as an input; the planner holds such outputs to
    // their inputs too). By-products (kind OTHER: sawdust per cubic metre of logs) and counts
    // (pieces per kilogram) are measured otherwise.
    if (product != null
        && step != null
        && form.getMaxYield() != null
        && product.heldToItsInputs()
        && form.getMaxYield().compareTo(BigDecimal.ONE) > 0) {
      if (step.onlyTakesAway()) {
        // a decimal point forgotten, most likely: the value a tenth of what was typed
        BigDecimal typed = form.getMaxYield().stripTrailingZeros();
        check.add(
            "maxYield",
            "trace.factor.above-one",
            typed.movePointLeft(1).toPlainString(),
            typed.toPlainString());
      } else {
        check.add("maxYield", "trace.factor.above-one-kind");
      }
    }
    // kept to six decimals (numeric(12,6)): more would be rounded, 0.0000001 to a factor of 0,
    // which would switch mass balance off for the product
    check.check(
        form.getMaxYield() == null || form.getMaxYield().stripTrailingZeros().scale() <= 6,
        "maxYield",
        "trace.quantity.precision");
    check.required("source", form.getSource()).maxLength("source", form.getSource(), 1000);
    check.required("verification", form.getVerification());
    check.maxLength("note", form.getNote(), 1000);
    check.throwIfAny();
    store.lockForFactors(product.id());
    ConversionFactor factor =
        new ConversionFactor(
            Ids.newUuid(),
            organisation,
            product.id(),
            null,
            form.getStep().bizStep(),
            form.getMaxYield().stripTrailingZeros(),
            null,
            null,
            null,
            form.getVerification(),
            form.getSource().trim(),
            form.getNote() == null || form.getNote().isBlank() ? null : form.getNote().trim(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
            user == null ? "system" : user.username(),
            false);
    store.insert(factor);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("product", product.code());
    details.put("step", factor.step());
    details.put("maxYield", factor.maxYield().toPlainString());
    details.put("source", factor.source());
    audit.record(user, organisation, "conversion-factor", factor.id(), "create", details);
    return factor;
  }

  /**
   * Withdraws one of an organisation's own factors (its administrators): from now on neither it nor
   * an earlier own factor of the same product and step applies, but the one that applied before
   * them (its own for the product in every step, or the platform's default for the kind). It stays
   * listed, and lots held to it keep it; recording an own factor again brings one back. Only the
   * factor that applies now may be withdrawn.
   *
   * @param note why, if said
   */
  @Transactional
  public ConversionFactor withdraw(CurrentUser user, UUID id, String note) {
    ConversionFactor factor =
        store
            .factor(id)
            .filter(f -> f.organisationId() != null && user.canRead(f.organisationId()))
            .orElseThrow(() -> new NotFoundException("trace.factor.not-found"));
    user.requireAdmin(factor.organisationId());
    // after any factor of the product being recorded: the newest is read once it is in
    store.lockForFactors(factor.productId());
    InputCheck check = new InputCheck();
    check.maxLength("note", note, 1000);
    // the newest own factor of the product and step, withdrawals included, is the one that applies
    ConversionFactor newest =
        store.factors(factor.organisationId()).stream()
            .filter(f -> Objects.equals(f.organisationId(), factor.organisationId()))
            .filter(f -> Objects.equals(f.productId(), factor.productId()))
            .filter(f -> Objects.equals(f.step(), factor.step()))
            .findFirst()
            .orElse(factor);
    check.check(
        !factor.withdrawn() && newest.id().equals(factor.id()), "id", "trace.factor.not-standing");
    check.throwIfAny();
    ConversionFactor withdrawal =
        new ConversionFactor(
            Ids.newUuid(),
            factor.organisationId(),
            factor.productId(),
            null,
            factor.step(),
            factor.maxYield(),
            null,
            null,
            null,
            factor.verification(),
            factor.source(),
            note == null || note.isBlank() ? null : note.trim(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
            user.username(),
            true);
    store.insert(withdrawal);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("withdrawn", factor.id());
    details.put("step", factor.step());
    details.put("maxYield", factor.maxYield().toPlainString());
    audit.record(
        user, factor.organisationId(), "conversion-factor", factor.id(), "withdraw", details);
    return withdrawal;
  }
}
