package org.ayni.trace.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.reference.Verification;
import org.ayni.registry.Member;
import org.ayni.registry.MemberFilter;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.trace.ConversionFactor;
import org.ayni.trace.ConversionFactorForm;
import org.ayni.trace.ConversionFactors;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.Lineage;
import org.ayni.trace.ListedLot;
import org.ayni.trace.Lots;
import org.ayni.trace.Places;
import org.ayni.trace.Product;
import org.ayni.trace.ProductKind;
import org.ayni.trace.Products;
import org.ayni.trace.TraceShipment;
import org.ayni.trace.TraceStep;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Traceability pages: the trace search, a member's forward trace and the conversion factors (a
 * lot's page is {@link LotPages}). The same records and operations as the API.
 */
@Controller
@RequestMapping("/trace")
class TracePages {

  private final Lots lots;
  private final Lineage lineage;
  private final Products products;
  private final ConversionFactors factors;
  private final Organisations organisations;
  private final Members members;
  private final MessageSource messages;
  private final Places places;

  TracePages(
      Lots lots,
      Lineage lineage,
      Products products,
      ConversionFactors factors,
      Organisations organisations,
      Members members,
      MessageSource messages,
      Places places) {
    this.lots = lots;
    this.lineage = lineage;
    this.products = products;
    this.factors = factors;
    this.organisations = organisations;
    this.members = members;
    this.messages = messages;
    this.places = places;
  }

  /** The lot list and trace search; at {@code /trace/lots} too, where the lots' pages are. */
  @GetMapping({"", "/lots"})
  String search(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) Boolean inStock,
      @RequestParam(required = false) String location,
      @RequestParam(required = false) Integer page,
      Model model) {
    OrganisationId organisation =
        organisationId == null ? null : new OrganisationId(organisationId);
    PageResult<ListedLot> result =
        lots.list(
            user,
            LotApi.filter(q, organisationId, null, inStock, location),
            PageQuery.of(page, null));
    model.addAttribute("result", result);
    boolean searching = q != null && !q.isBlank();
    model.addAttribute(
        "members",
        searching
            ? members
                .search(user, new MemberFilter(q, organisation, null, null), new PageQuery(0, 10))
                .items()
            : List.of());
    model.addAttribute("q", q);
    model.addAttribute("organisationId", organisationId);
    model.addAttribute("inStock", inStock);
    model.addAttribute("location", location == null || location.isBlank() ? null : location);
    model.addAttribute("mayRecord", !organisations.recordable(user).isEmpty());
    model.addAttribute("operationKinds", OperationPages.KINDS);
    List<Organisation> readable = organisations.readable(user);
    model.addAttribute("organisations", readable);
    // the places to filter by: those of the organisation listed (the reader's only one if none is)
    OrganisationId placesOf =
        organisation != null
            ? organisation
            : readable.size() == 1 ? readable.getFirst().id() : null;
    model.addAttribute(
        "places",
        placesOf != null && user.canRead(placesOf) ? places.choices(user, placesOf) : List.of());
    // the names of the places of the lots listed (a place asked for is not named by this: the
    // reader may have written another organisation's)
    Set<String> located = new HashSet<>();
    result.items().forEach(r -> located.add(r.lot().location()));
    located.remove(null);
    // the owners of lots shipped to the reader too
    model.addAttribute(
        "view",
        TraceView.of(readable, messages)
            .naming(
                organisations.namesById(
                    result.items().stream()
                        .map(r -> r.lot().organisationId())
                        .filter(o -> !user.canRead(o))
                        .collect(Collectors.toSet())))
            .placing(places.names(user, located)));
    return "trace/search";
  }

  /** The lot list, as filtered, in CSV ({@code /api/v1/lots.csv}). */
  @GetMapping("/lots/export.csv")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) Boolean inStock,
      @RequestParam(required = false) String location,
      HttpServletResponse response)
      throws IOException {
    LotApi.writeCsv(
        lots,
        places,
        organisations,
        user,
        LotApi.filter(q, organisationId, null, inStock, location),
        response);
  }

  @GetMapping("/members/{id}")
  String member(CurrentUser user, @PathVariable UUID id, Model model) {
    Member member = members.get(user, id);
    model.addAttribute("member", member);
    model.addAttribute("mayRecord", !ReceiptPages.recorders(organisations, user, member).isEmpty());
    ForwardTrace forward = lineage.forwardFromMember(user, id);
    model.addAttribute("forward", forward);
    model.addAttribute("deliveries", lineage.deliveries(user, id));
    Set<OrganisationId> parties = parties(forward);
    parties.removeIf(user::canRead);
    // dates at the clock of the member's organisation, as its lots' pages show them
    model.addAttribute(
        "view",
        TraceView.of(organisations.readable(user), messages)
            .at(organisations.zone(member.organisationId()))
            .naming(organisations.namesById(parties)));
    return "trace/member";
  }

  /**
   * The forward trace of a member's deliveries as the API answers it ({@code
   * /api/v1/trace/members/{id}/forward}), for the signed-in user.
   */
  @GetMapping(path = "/members/{id}/forward.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ForwardTrace memberForwardJson(CurrentUser user, @PathVariable UUID id) {
    return lineage.forwardFromMember(user, id);
  }

  /**
   * The organisations on the platform the shipments of a forward trace name: who shipped them and
   * who they went to (named alike, by their short names).
   */
  static Set<OrganisationId> parties(ForwardTrace forward) {
    Set<OrganisationId> parties = new HashSet<>();
    for (TraceShipment s : forward.shipments()) {
      for (UUID party : new UUID[] {s.shipperOrganisationId(), s.destinationOrganisationId()}) {
        if (party != null) {
          parties.add(new OrganisationId(party));
        }
      }
    }
    return parties;
  }

  @GetMapping("/factors")
  String factors(
      CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    // a user of one organisation has it chosen, with its form (it was hidden until filtered)
    UUID chosen = organisationId != null ? organisationId : TraceView.only(organisations, user);
    ConversionFactorForm form = new ConversionFactorForm();
    form.setOrganisationId(chosen);
    return factorsPage(user, chosen, form, false, model);
  }

  /**
   * Records an organisation's own maximum yield for one of its products in a step (its
   * administrators, as {@code POST /api/v1/conversion-factors}); it takes precedence over the
   * platform default from then on. Back to the organisation's factors, or the form with a message
   * beside each field in error.
   */
  @PostMapping("/factors")
  String setFactor(
      CurrentUser user,
      @ModelAttribute("factorForm") ConversionFactorForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (!binding.hasErrors()) {
      try {
        factors.set(user, form);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/trace/factors?organisationId=" + form.getOrganisationId();
      } catch (InvalidInputException e) {
        Refusals.bind(e, binding);
      }
    }
    return factorsPage(user, form.getOrganisationId(), form, true, model);
  }

  /** Withdraws one of the organisation's own factors (its administrators): back to its factors. */
  @PostMapping("/factors/{id}/withdrawal")
  String withdrawFactor(
      CurrentUser user,
      @PathVariable UUID id,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String note,
      RedirectAttributes redirect) {
    try {
      factors.withdraw(user, id, note);
      redirect.addFlashAttribute("saved", true);
    } catch (InvalidInputException e) {
      // withdrawn meanwhile, or replaced by a newer version (the list shows which), or a note too
      // long to keep
      FieldProblem problem = e.problems().getFirst();
      redirect.addFlashAttribute("factorNotice", problem.messageKey());
      redirect.addFlashAttribute("factorNoticeArguments", problem.arguments().toArray());
    }
    return "redirect:/trace/factors"
        + (organisationId == null ? "" : "?organisationId=" + organisationId);
  }

  private String factorsPage(
      CurrentUser user,
      UUID organisationId,
      ConversionFactorForm form,
      boolean refused,
      Model model) {
    OrganisationId organisation =
        organisationId == null ? null : new OrganisationId(organisationId);
    List<Product> own = organisation == null ? List.of() : products.list(user, organisation);
    // the platform's defaults for the kinds of product the organisation has (a cacao co-operative
    // was shown those of physalis and timber; QA of 2026-12-07); all of them where it has none
    Set<ProductKind> kinds = EnumSet.noneOf(ProductKind.class);
    own.forEach(p -> kinds.add(p.kind()));
    List<ConversionFactor> listed =
        factors.list(user, organisation).stream()
            .filter(
                f ->
                    kinds.isEmpty()
                        || f.organisationId() != null
                        || f.productKind() == null
                        || kinds.contains(f.productKind()))
            .toList();
    model.addAttribute("factors", listed);
    Set<UUID> superseded = superseded(listed);
    model.addAttribute("supersededFactors", superseded);
    // the own factors that apply now, which their administrators may withdraw
    model.addAttribute(
        "withdrawable",
        listed.stream()
            .filter(f -> f.organisationId() != null && !f.withdrawn())
            .filter(f -> !superseded.contains(f.id()))
            .filter(f -> user.canAdminister(f.organisationId()))
            .map(ConversionFactor::id)
            .collect(Collectors.toSet()));
    Map<UUID, String> productNames = new HashMap<>();
    Map<UUID, String> productUnits = new HashMap<>();
    Map<UUID, Product> byId = new HashMap<>();
    for (Product p : own) {
      productNames.put(p.id(), p.name());
      productUnits.put(p.id(), p.unit());
      byId.put(p.id(), p);
    }
    model.addAttribute("productNames", productNames);
    model.addAttribute("productUnits", productUnits);
    // an own factor above 1 recorded while its product was of the kind OTHER, and still applying:
    // the product is now of a kind held to its inputs, which the planner does whatever the factor
    // (QA 2026-12-07g N2)
    Map<UUID, ProductKind> heldToInputs = new HashMap<>();
    for (ConversionFactor f : listed) {
      Product p = f.productId() == null ? null : byId.get(f.productId());
      if (p != null
          && !f.withdrawn()
          && !superseded.contains(f.id())
          && p.heldToItsInputs()
          && f.maxYield().compareTo(BigDecimal.ONE) > 0) {
        heldToInputs.put(f.id(), p.kind());
      }
    }
    model.addAttribute("heldToInputs", heldToInputs);
    // an own factor above a verified default of its product's kind and step (rules.md §8.3: more
    // than SERFOR's 0.56 needs SERFOR's inspection and a technical study)
    Map<UUID, ConversionFactor> aboveVerified = new HashMap<>();
    List<ConversionFactor> defaults = factors.list(user, null);
    for (ConversionFactor f : listed) {
      if (!f.withdrawn() && !superseded.contains(f.id())) {
        factors.verifiedDefaultExceeded(f, defaults).ifPresent(d -> aboveVerified.put(f.id(), d));
      }
    }
    model.addAttribute("aboveVerified", aboveVerified);
    model.addAttribute("products", own);
    model.addAttribute("organisationId", organisationId);
    List<Organisation> readable = organisations.readable(user);
    model.addAttribute("organisations", readable);
    // a refused form is shown again with its messages, whoever sent it
    model.addAttribute(
        "showForm", refused || (organisation != null && user.canAdminister(organisation)));
    // otherwise, where the form is: for one of the organisations the user administers
    model.addAttribute("formHint", organisation == null && !user.adminScope().isEmpty());
    model.addAttribute("factorForm", form);
    model.addAttribute(
        "steps", Arrays.stream(TraceStep.values()).filter(TraceStep::takesFactor).toList());
    model.addAttribute("verifications", Verification.values());
    // when each version was recorded, to the minute at the organisation's clock: several recorded
    // on one day told apart
    TraceView view = TraceView.of(readable, messages);
    model.addAttribute(
        "view", organisation == null ? view : view.at(organisations.zone(organisation)));
    return "trace/factors";
  }

  /**
   * The factors a newer one of the same organisation, product (or kind) and step replaced, by id:
   * listed newest first, the first of each is the one that applies.
   */
  static Set<UUID> superseded(List<ConversionFactor> newestFirst) {
    Set<List<Object>> seen = new HashSet<>();
    Set<UUID> superseded = new HashSet<>();
    for (ConversionFactor f : newestFirst) {
      List<Object> key =
          Arrays.asList(
              f.organisationId(),
              f.productId(),
              f.productId() == null ? f.productKind() : null,
              f.step());
      if (!seen.add(key)) {
        superseded.add(f.id());
      }
    }
    return superseded;
  }
}
