package org.ayni.trace.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Member;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnitView;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.Places;
import org.ayni.trace.Product;
import org.ayni.trace.Products;
import org.ayni.trace.ReceiptForm;
import org.ayni.trace.TraceOperations;
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
 * A member's delivery recorded from the member's trace page: which plot it came from, what and how
 * much, when, and for which of the organisations the user records for that the member belongs to
 * (the same as {@code POST /api/v1/trace/receipts}). The time is entered as the organisation's
 * local time; left empty, it is now. A recorded delivery opens its new lot's page.
 */
@Controller
@RequestMapping("/trace/members/{memberId}/receipts")
class ReceiptPages {

  private final TraceOperations operations;
  private final Members members;
  private final ProductionUnits units;
  private final Products products;
  private final Organisations organisations;
  private final Clock clock;
  private final MessageSource messages;
  private final Recording recording;
  private final Places places;

  ReceiptPages(
      TraceOperations operations,
      Members members,
      ProductionUnits units,
      Products products,
      Organisations organisations,
      Clock clock,
      MessageSource messages,
      Recording recording,
      Places places) {
    this.operations = operations;
    this.members = members;
    this.units = units;
    this.products = products;
    this.organisations = organisations;
    this.clock = clock;
    this.messages = messages;
    this.recording = recording;
    this.places = places;
  }

  @GetMapping
  String form(CurrentUser user, @PathVariable UUID memberId, Model model) {
    Member member = members.get(user, memberId);
    List<Organisation> recorders = recorders(user, member);
    List<Product> offered = offered(user, recorders);
    ReceiptForm form = new ReceiptForm();
    // the organisation that defines the products delivered: the first of those that has any
    if (!offered.isEmpty()) {
      form.setOrganisationId(offered.getFirst().organisationId().value());
    } else if (!recorders.isEmpty()) {
      form.setOrganisationId(recorders.getFirst().id().value());
    }
    // where there is only one to choose, it is chosen
    List<ProductionUnitView> plots = units.deliverable(user, member);
    if (plots.size() == 1) {
      form.setProductionUnitId(plots.getFirst().unit().id());
    }
    List<Product> own =
        offered.stream()
            .filter(p -> p.organisationId().value().equals(form.getOrganisationId()))
            .toList();
    if (own.size() == 1) {
      form.setProductId(own.getFirst().id());
    }
    return page(user, member, recorders, offered, plots, form, "", model);
  }

  @PostMapping
  String record(
      CurrentUser user,
      @PathVariable UUID memberId,
      @ModelAttribute("receiptForm") ReceiptForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      Model model,
      RedirectAttributes redirect) {
    Member member = members.get(user, memberId);
    List<Organisation> recorders = recorders(user, member);
    if (recorders.isEmpty()) {
      user.requireRecord(member.organisationId());
    }
    form.setMemberId(memberId);
    form.setReceivedAt(
        LocalTimes.parse(
            time, LocalTimes.zone(recorders, form.getOrganisationId()), binding, "receivedAt"));
    String recorded =
        recording.toLot(() -> operations.receiveFromMember(user, form), binding, redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(
        user,
        member,
        recorders,
        offered(user, recorders),
        units.deliverable(user, member),
        form,
        time,
        model);
  }

  private List<Organisation> recorders(CurrentUser user, Member member) {
    return recorders(organisations, user, member);
  }

  /** The organisations the user records for that the member belongs to (or is below). */
  static List<Organisation> recorders(
      Organisations organisations, CurrentUser user, Member member) {
    Set<OrganisationId> line = new HashSet<>();
    OrganisationId at = member.organisationId();
    while (at != null && line.add(at)) {
      at =
          organisations
              .find(OrganisationScope.everything(), at)
              .map(Organisation::parentId)
              .orElse(null);
    }
    return organisations.recordable(user).stream().filter(o -> line.contains(o.id())).toList();
  }

  /** The products still offered of the organisations, in their order. */
  private List<Product> offered(CurrentUser user, List<Organisation> recorders) {
    List<Product> offered = new ArrayList<>();
    for (Organisation o : recorders) {
      products.list(user, o.id()).stream().filter(Product::active).forEach(offered::add);
    }
    return offered;
  }

  private String page(
      CurrentUser user,
      Member member,
      List<Organisation> recorders,
      List<Product> offered,
      List<ProductionUnitView> plots,
      ReceiptForm form,
      String time,
      Model model) {
    model.addAttribute("member", member);
    model.addAttribute("recorders", recorders);
    model.addAttribute("plots", plots);
    model.addAttribute("products", offered);
    model.addAttribute("units", Units.PRODUCT_UNITS);
    model.addAttribute("receiptForm", form);
    model.addAttribute("time", time);
    model.addAttribute(
        "now", LocalTimes.now(clock, LocalTimes.zone(recorders, form.getOrganisationId())));
    model.addAttribute(
        "places",
        form.getOrganisationId() == null
            ? List.of()
            : places.names(user, new OrganisationId(form.getOrganisationId())));
    model.addAttribute("view", TraceView.of(organisations.readable(user), messages));
    return "trace/receipt";
  }
}
