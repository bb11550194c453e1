package org.ayni.trace;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.CatalogueStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The products organisations keep in lots, with their unit and optional GTIN. */
@Service
public class Products {

  private final CatalogueStore store;
  private final Organisations organisations;
  private final AuditTrail audit;
  private final Clock clock;

  Products(CatalogueStore store, Organisations organisations, AuditTrail audit, Clock clock) {
    this.store = store;
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
    check.required("name", form.getName()).maxLength("name", form.getName(), 200);
    check.required("kind", form.getKind());
    String unit = form.getUnit() == null ? null : form.getUnit().trim().toUpperCase();
    check.required("unit", unit);
    check.check(
        unit == null || unit.isBlank() || Units.PRODUCT_UNITS.contains(unit),
        "unit",
        "trace.unit.unknown",
        String.join(", ", Units.PRODUCT_UNITS));
    String gtin = form.getGtin() == null || form.getGtin().isBlank() ? null : form.getGtin().trim();
    check.check(gtin == null || TraceIds.validGtin(gtin), "gtin", "trace.gtin.invalid");
    if (gtin != null && !check.hasProblem("gtin") && store.gtinTaken(TraceIds.gtin14(gtin))) {
      check.add("gtin", "trace.gtin.taken");
    }
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
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("code", product.code());
    details.put("name", product.name());
    details.put("unit", product.unit());
    details.put("gtin", product.gtin());
    audit.record(user, organisation, "product", product.id(), "create", details);
    return product;
  }
}
