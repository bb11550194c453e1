package org.ayni.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.ConversionFactor;
import org.ayni.trace.ConversionFactorForm;
import org.ayni.trace.ConversionFactors;
import org.ayni.trace.Product;
import org.ayni.trace.ProductForm;
import org.ayni.trace.Products;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Products and conversion factors over REST. */
@RestController
@RequestMapping("/api/v1")
@Tag(
    name = "Products and conversion factors",
    description =
        "What organisations keep in lots (unit, optional GTIN) and the maximum yields mass balance"
            + " checks transformations against, with their source")
class ProductApi {

  private final Products products;
  private final ConversionFactors factors;

  ProductApi(Products products, ConversionFactors factors) {
    this.products = products;
    this.factors = factors;
  }

  @GetMapping("/products")
  @Operation(summary = "Products of the organisations in reach (of one when given)")
  List<Product> list(CurrentUser user, @RequestParam(required = false) UUID organisationId) {
    return products.list(user, organisationId == null ? null : new OrganisationId(organisationId));
  }

  @GetMapping("/products/{id}")
  @Operation(summary = "One product")
  Product get(CurrentUser user, @PathVariable UUID id) {
    return products.get(user, id);
  }

  @PostMapping("/products")
  @Operation(summary = "Define a product")
  ResponseEntity<Product> create(CurrentUser user, @RequestBody ProductForm form) {
    Product created = products.create(user, form);
    return ResponseEntity.created(URI.create("/api/v1/products/" + created.id())).body(created);
  }

  @PutMapping("/products/{id}")
  @Operation(
      summary =
          "Change a product: name, GTIN, kind and unit (while no lot is of it), active (offered"
              + " for new lots); code and organisation stay")
  Product update(CurrentUser user, @PathVariable UUID id, @RequestBody ProductForm form) {
    return products.update(user, id, form);
  }

  @GetMapping("/conversion-factors")
  @Operation(
      summary =
          "Conversion factors: the platform defaults from reference data and, for an"
              + " organisation, its own (unverified ones have verification U), newest first; a row"
              + " with withdrawn true withdrew the own factor of its product and step (it repeats"
              + " the withdrawn values, and applies to nothing)")
  List<ConversionFactor> factors(
      CurrentUser user, @RequestParam(required = false) UUID organisationId) {
    return factors.list(user, organisationId == null ? null : new OrganisationId(organisationId));
  }

  @PostMapping("/conversion-factors")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record an organisation's own maximum yield of a product in a step")
  ConversionFactor setFactor(CurrentUser user, @RequestBody ConversionFactorForm form) {
    return factors.set(user, form);
  }

  /** Why an own factor is withdrawn, if said. */
  record Withdrawal(String note) {}

  @PostMapping("/conversion-factors/{id}/withdrawal")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Withdraw an organisation's own factor that applies now: the one that applied before it"
              + " (its own for every step, or the platform default) applies again; answers the"
              + " withdrawal, a new row")
  ConversionFactor withdrawFactor(
      CurrentUser user, @PathVariable UUID id, @RequestBody(required = false) Withdrawal body) {
    return factors.withdraw(user, id, body == null ? null : body.note());
  }
}
