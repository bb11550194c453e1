package org.ayni.trace.web;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.Product;
import org.ayni.trace.ProductForm;
import org.ayni.trace.ProductKind;
import org.ayni.trace.Products;
import org.ayni.trace.Units;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An organisation's products (what it handles in lots, with the unit and GTIN its lots carry) and a
 * form to define one, for those who record for it: the same as {@code /api/v1/products}.
 */
@Controller
@RequestMapping("/trace/products")
class ProductPages {

  private final Products products;
  private final Organisations organisations;
  private final MessageSource messages;

  ProductPages(Products products, Organisations organisations, MessageSource messages) {
    this.products = products;
    this.organisations = organisations;
    this.messages = messages;
  }

  @GetMapping
  String list(CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    // a user of one organisation has it chosen, with its form (it was hidden until filtered)
    UUID chosen = organisationId != null ? organisationId : TraceView.only(organisations, user);
    ProductForm form = new ProductForm();
    form.setOrganisationId(chosen);
    return page(user, chosen, form, false, model);
  }

  @PostMapping
  String create(
      CurrentUser user,
      @ModelAttribute("productForm") ProductForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (!binding.hasErrors()) {
      try {
        products.create(user, form);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/trace/products?organisationId=" + form.getOrganisationId();
      } catch (InvalidInputException e) {
        Refusals.bind(e, binding);
      }
    }
    return page(user, form.getOrganisationId(), form, true, model);
  }

  @GetMapping("/{id}/edit")
  String edit(CurrentUser user, @PathVariable UUID id, Model model) {
    Product product = products.get(user, id);
    user.requireRecord(product.organisationId());
    return editPage(user, product, ProductForm.of(product), model);
  }

  /** Changes a product (as {@code PUT /api/v1/products/{id}}): back to the organisation's list. */
  @PostMapping("/{id}")
  String update(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("productForm") ProductForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    Product product = products.get(user, id);
    user.requireRecord(product.organisationId());
    // an unticked box sends nothing: not offered any more
    form.setActive(Boolean.TRUE.equals(form.getActive()));
    if (!binding.hasErrors()) {
      try {
        products.update(user, id, form);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/trace/products?organisationId=" + product.organisationId().value();
      } catch (InvalidInputException e) {
        Refusals.bind(e, binding);
      }
    }
    return editPage(user, product, form, model);
  }

  private String editPage(CurrentUser user, Product product, ProductForm form, Model model) {
    model.addAttribute("product", product);
    model.addAttribute("productForm", form);
    model.addAttribute("kinds", ProductKind.values());
    model.addAttribute("units", Units.PRODUCT_UNITS);
    model.addAttribute("view", TraceView.of(organisations.readable(user), messages));
    return "trace/product-form";
  }

  private String page(
      CurrentUser user, UUID organisationId, ProductForm form, boolean refused, Model model) {
    OrganisationId organisation =
        organisationId == null ? null : new OrganisationId(organisationId);
    model.addAttribute("products", products.list(user, organisation));
    model.addAttribute("organisationId", organisationId);
    List<Organisation> readable = organisations.readable(user);
    model.addAttribute("organisations", readable);
    model.addAttribute(
        "editable",
        organisations.recordable(user).stream()
            .map(o -> o.id().value())
            .collect(Collectors.toSet()));
    // a refused form is shown again with its messages, whoever sent it
    model.addAttribute(
        "showForm", refused || (organisation != null && user.canRecord(organisation)));
    // otherwise, where the form is: for one of the organisations the user records for
    model.addAttribute("formHint", organisation == null && !user.recordScope().isEmpty());
    model.addAttribute("productForm", form);
    model.addAttribute("kinds", ProductKind.values());
    model.addAttribute("units", Units.PRODUCT_UNITS);
    model.addAttribute("view", TraceView.of(readable, messages));
    return "trace/products";
  }
}
