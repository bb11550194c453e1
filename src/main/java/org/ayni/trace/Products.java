package org.ayni.trace;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.ConflictException;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.CatalogueStore;
import org.ayni.trace.internal.ReadyTraceBackfill;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The products organisations keep in lots, with their unit and optional GTIN. */
@Service
public class Products {

  private final CatalogueStore store;
  private final ReadyTraceBackfill backfill;
  private final Organisations organisations;
  private final AuditTrail audit;
  private final Clock clock;

  Products(
      CatalogueStore store,
      ReadyTraceBackfill backfill,
      Organisations organisations,
      AuditTrail audit,
      Clock clock) {
    this.store = store;
    this.backfill = backfill;
    this.organisations = organisations;
    this.audit = audit;
    this.clock = clock;
  }

  /** Products in the caller's scope, of one organisation when given. */
  public List<Product> list(CurrentUser user, OrganisationId organisation) {
    return store.products(user.readScope(), organisation);
  }

  public Product get(CurrentUser user, UUID id) {
    return find(user == null ? OrganisationScope.everything() : user.readScope(), id);
  }

  /**
   * The kind of a lot's product, for a reader the lot is shown to (its owner, a holder, or an
   * organisation it was shipped to, which may not read the owner's products): what the lot is, as a
   * refusal to receive it as another kind tells it anyway.
   */
  public Optional<ProductKind> kindOf(Lot lot) {
    return lot.productId() == null
        ? Optional.empty()
        : store.product(OrganisationScope.everything(), lot.productId()).map(Product::kind);
  }

  /** Whether a product of another organisation than this one has the GTIN. */
  boolean gtinOfAnother(String gtin, OrganisationId organisation) {
    return store.gtinOfAnother(gtin, organisation);
  }

  /** The organisation's product with the code, if it has one. */
  Optional<Product> byCode(OrganisationId organisation, String code) {
    return store.products(OrganisationScope.everything(), organisation).stream()
        .filter(p -> p.code().equals(code))
        .findFirst();
  }

  Product find(OrganisationScope scope, UUID id) {
    return store
        .product(scope, id)
        .orElseThrow(() -> new NotFoundException("trace.product.not-found"));
  }

  /** Defines a product; {@code user} is null only for the system's own demo data. */
  @Transactional
  public Product create(CurrentUser user, ProductForm form) {
    OrganisationId organisation =
        form.getOrganisationId() == null ? null : new OrganisationId(form.getOrganisationId());
    if (user != null && organisation != null && user.canRead(organisation)) {
      user.requireRecord(organisation);
    }
    InputCheck check = new InputCheck();
    check.required("organisationId", organisation);
    if (organisation != null
        && organisations
            .find(user == null ? OrganisationScope.everything() : user.recordScope(), organisation)
            .filter(Organisation::active)
            .isEmpty()) {
      check.add("organisationId", "organisation.unknown");
    }
    check.required("code", form.getCode()).maxLength("code", form.getCode(), 40);
    check.matches("code", form.getCode(), "[A-Za-z0-9][A-Za-z0-9._-]*", "trace.code.format");
    if (!check.hasProblem("code")
        && !check.hasProblem("organisationId")
        && store.productCodeTaken(organisation, form.getCode().trim())) {
      check.add("code", "trace.product.code-taken");
    }
    String unit = checkedUnit(form, check);
    String gtin = gtin(form, null, check);
    check.throwIfAny();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    Product product =
        new Product(
            Ids.newUuid(),
            organisation,
            form.getCode().trim(),
            form.getName().trim(),
            form.getKind(),
            unit,
            TraceIds.gtin14(gtin),
            true,
            0,
            now,
            now);
    store.insert(product);
    audit.record(user, organisation, "product", product.id(), "create", describe(product));
    return product;
  }

  /**
   * Changes a product's name, GTIN (for lots made from then on), kind and unit (only while no lot
   * is of it: the kind decides which conversion factor holds its transformations, so changing it
   * would let a transformation refused pass afterwards) or whether it is offered for new lots; its
   * code and organisation stay, as events name the product by them. A new name reaches the traces
   * of its lots and of those downstream of them at once (from the closure, until their ready traces
   * are built again after the rename).
   */
  @Transactional
  public Product update(CurrentUser user, UUID id, ProductForm form) {
    Product current = get(user, id);
    if (user != null) {
      user.requireRecord(current.organisationId());
    }
    InputCheck check = new InputCheck();
    check.check(
        form.getCode() == null || form.getCode().trim().equals(current.code()),
        "code",
        "trace.product.code-fixed");
    check.check(
        form.getOrganisationId() == null
            || form.getOrganisationId().equals(current.organisationId().value()),
        "organisationId",
        "trace.product.organisation-fixed");
    String unit = checkedUnit(form, check);
    boolean unitChanges = unit != null && !check.hasProblem("unit") && !unit.equals(current.unit());
    boolean kindChanges = form.getKind() != null && form.getKind() != current.kind();
    if ((unitChanges || kindChanges) && store.productHasLots(id)) {
      check.check(!unitChanges, "unit", "trace.product.unit-fixed", current.unit());
      check.check(!kindChanges, "kind", "trace.product.kind-fixed", current.kind());
    }
    String gtin = gtin(form, id, check);
    check.throwIfAny();
    if (form.getVersion() != null && form.getVersion() != current.version()) {
      throw new ConflictException("error.conflict");
    }
    Product updated =
        new Product(
            id,
            current.organisationId(),
            current.code(),
            form.getName().trim(),
            form.getKind(),
            unit,
            TraceIds.gtin14(gtin),
            form.getActive() == null ? current.active() : form.getActive(),
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)));
    if (!store.update(updated)) {
      throw new ConflictException("error.conflict");
    }
    if (!updated.name().equals(current.name())) {
      // Ready traces hold the names of their lots' products; the rest of what they show of a
      // product (kind, unit) does not change while a lot is of it, and its GTIN is in none. Those
      // of its lots and downstream are built again after the rename, a few lots at a time.
      backfill.productRenamed(id);
    }
    Map<String, Object> details = describe(updated);
    details.put("active", updated.active());
    audit.record(user, updated.organisationId(), "product", id, "update", details);
    return updated;
  }

  /** Checks name, kind and unit; the unit, normalised. */
  private static String checkedUnit(ProductForm form, InputCheck check) {
    check.required("name", form.getName()).maxLength("name", form.getName(), 200);
    check.required("kind", form.getKind());
    String unit = form.getUnit() == null ? null : form.getUnit().trim().toUpperCase();
    check.required("unit", unit);
    check.check(
        unit == null || unit.isBlank() || Units.recordable(unit),
        "unit",
        "trace.unit.unknown",
        Units.recordableCodes());
    return unit;
  }

  /**
   * The GTIN given (or null), checked (not all zeros, which GS1 allows no product) and not another
   * product's than {@code self}.
   */
  private String gtin(ProductForm form, UUID self, InputCheck check) {
    String gtin = form.getGtin() == null || form.getGtin().isBlank() ? null : form.getGtin().trim();
    // GS1 assigns no GTIN of zeros only, though its check digit (0) is right
    check.check(
        gtin == null || (TraceIds.validGtin(gtin) && !gtin.matches("0+")),
        "gtin",
        "trace.gtin.invalid");
    if (gtin != null && !check.hasProblem("gtin")) {
      String gtin14 = TraceIds.gtin14(gtin);
      if (self == null ? store.gtinTaken(gtin14) : store.gtinTaken(gtin14, self)) {
        check.add("gtin", "trace.gtin.taken");
      }
    }
    return gtin;
  }

  private static Map<String, Object> describe(Product product) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("code", product.code());
    details.put("name", product.name());
    details.put("unit", product.unit());
    details.put("gtin", product.gtin());
    return details;
  }
}
