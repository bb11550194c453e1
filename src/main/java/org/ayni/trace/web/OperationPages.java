package org.ayni.trace.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.trace.Lot;
import org.ayni.trace.LotQuantity;
import org.ayni.trace.Lots;
import org.ayni.trace.MergeForm;
import org.ayni.trace.OperationResult;
import org.ayni.trace.OrganisationReceiptForm;
import org.ayni.trace.OutputLot;
import org.ayni.trace.Places;
import org.ayni.trace.Product;
import org.ayni.trace.Products;
import org.ayni.trace.QualityVerdict;
import org.ayni.trace.ShipmentForm;
import org.ayni.trace.TraceOperations;
import org.ayni.trace.TraceStep;
import org.ayni.trace.TransformationForm;
import org.ayni.trace.Units;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Operations of an organisation, recorded from one page each: on its lots in stock, a
 * transformation (the lots used, with quantities, into one new lot of a step's product), a merge
 * (into one new lot of the same product) and a shipment (to a buyer), the page listing the lots in
 * stock (narrowed by a search) with a quantity to enter beside each, those left empty not used; and
 * a purchase, a lot bought from a supplier outside the platform, received as a new lot. The same as
 * {@code /api/v1/trace/transformations}, {@code /merges}, {@code /shipments} and {@code
 * /organisation-receipts}.
 */
@Controller
@RequestMapping("/trace/operations")
class OperationPages {

  /** Most lots a page lists; a search narrows them. */
  static final int MAX_LOTS = 200;

  /** The steps a transformation may record (splitting and merging have operations of their own). */
  static final List<TraceStep> STEPS =
      List.of(
          TraceStep.FERMENTING,
          TraceStep.DRYING,
          TraceStep.SAWING,
          TraceStep.DEHUSKING,
          TraceStep.SORTING,
          TraceStep.COMMISSIONING);

  /** The operations, as their pages name them. */
  enum Kind {
    TRANSFORMATION("transformation", "inputs", "occurredAt"),
    MERGE("merge", "inputs", "occurredAt"),
    SHIPMENT("shipment", "lots", "shippedAt"),
    PURCHASE("purchase", null, "receivedAt");

    final String path;
    final String lotsField;
    final String timeField;

    Kind(String path, String lotsField, String timeField) {
      this.path = path;
      this.lotsField = lotsField;
      this.timeField = timeField;
    }

    static Kind of(String path) {
      for (Kind k : values()) {
        if (k.path.equals(path)) {
          return k;
        }
      }
      throw new IllegalArgumentException(path);
    }
  }

  /** The operations' pages, as their paths name them. */
  static final List<String> KINDS = Arrays.stream(Kind.values()).map(k -> k.path).toList();

  /** Those of them on lots in stock (what a lot's page links to). */
  static final List<String> ON_LOTS =
      Arrays.stream(Kind.values()).filter(k -> k.lotsField != null).map(k -> k.path).toList();

  private final TraceOperations operations;
  private final Lots lots;
  private final Products products;
  private final Organisations organisations;
  private final Clock clock;
  private final MessageSource messages;
  private final Recording recording;
  private final Places places;

  OperationPages(
      TraceOperations operations,
      Lots lots,
      Products products,
      Organisations organisations,
      Clock clock,
      MessageSource messages,
      Recording recording,
      Places places) {
    this.operations = operations;
    this.lots = lots;
    this.products = products;
    this.organisations = organisations;
    this.clock = clock;
    this.messages = messages;
    this.recording = recording;
    this.places = places;
  }

  @GetMapping({"/transformation", "/merge", "/shipment", "/purchase"})
  String form(
      CurrentUser user,
      HttpServletRequest request,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String q,
      Model model) {
    String path = request.getRequestURI();
    Kind k = Kind.of(path.substring(path.lastIndexOf('/') + 1));
    List<Organisation> recorders = organisations.recordable(user);
    UUID organisation = organisationId != null ? organisationId : startingRecorder(recorders);
    List<Lot> rows = k.lotsField == null ? List.of() : inStock(user, organisation, q);
    List<LotQuantity> entries = new ArrayList<>();
    for (Lot lot : rows) {
      LotQuantity entry = new LotQuantity();
      entry.setLotId(lot.id());
      entries.add(entry);
    }
    Object form =
        switch (k) {
          case TRANSFORMATION -> {
            TransformationForm f = new TransformationForm();
            f.setOrganisationId(organisation);
            f.setInputs(entries);
            // (the page adds the by-product's row beside the output's)
            f.setOutputs(new ArrayList<>(List.of(new OutputLot())));
            yield f;
          }
          case MERGE -> {
            MergeForm f = new MergeForm();
            f.setOrganisationId(organisation);
            f.setInputs(entries);
            yield f;
          }
          case SHIPMENT -> {
            ShipmentForm f = new ShipmentForm();
            f.setOrganisationId(organisation);
            f.setLots(entries);
            yield f;
          }
          case PURCHASE -> {
            OrganisationReceiptForm f = new OrganisationReceiptForm();
            f.setOrganisationId(organisation);
            yield f;
          }
        };
    return page(user, k, recorders, organisation, q, rows, form, "", false, model);
  }

  @PostMapping("/transformation")
  String transform(
      CurrentUser user,
      @ModelAttribute("operation") TransformationForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      @RequestParam(required = false) String q,
      Model model,
      RedirectAttributes redirect) {
    Rows rows =
        new Rows(form.getOrganisationId(), form.getInputs(), form::setInputs, form::setOccurredAt);
    return record(
        user,
        Kind.TRANSFORMATION,
        rows,
        () -> withoutEmptyByProduct(form, () -> operations.transform(user, form)),
        form,
        binding,
        time,
        q,
        model,
        redirect);
  }

  /**
   * Runs the transformation without the by-product row when it is left empty (the page offers one
   * beside the output); the output's row is always sent on, so that an empty one is refused. A
   * refusal of mass balance of the output and its by-product together is shown beside the output's
   * quantity, as one of the output alone is, and listed with the form's other problems.
   */
  private static OperationResult withoutEmptyByProduct(
      TransformationForm form, Supplier<OperationResult> operation) {
    List<OutputLot> outputs = form.getOutputs();
    if (outputs == null || outputs.isEmpty()) {
      return operation.get();
    }
    OutputLot first = outputs.getFirst();
    try {
      return FormRows.filledOnly(
          outputs,
          o ->
              o == first
                  || o.getProductId() != null
                  || o.getQuantity() != null
                  || (o.getLotCode() != null && !o.getLotCode().isBlank()),
          form::setOutputs,
          "outputs",
          operation);
    } catch (InvalidInputException e) {
      List<FieldProblem> problems = new ArrayList<>();
      for (FieldProblem p : e.problems()) {
        boolean balance =
            "outputs".equals(p.field()) && p.messageKey().startsWith("trace.mass-balance.");
        problems.add(
            balance ? new FieldProblem("outputs[0].quantity", p.messageKey(), p.arguments()) : p);
      }
      throw new InvalidInputException(problems);
    }
  }

  @PostMapping("/merge")
  String merge(
      CurrentUser user,
      @ModelAttribute("operation") MergeForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      @RequestParam(required = false) String q,
      Model model,
      RedirectAttributes redirect) {
    Rows rows =
        new Rows(form.getOrganisationId(), form.getInputs(), form::setInputs, form::setOccurredAt);
    return record(
        user,
        Kind.MERGE,
        rows,
        () -> operations.merge(user, form),
        form,
        binding,
        time,
        q,
        model,
        redirect);
  }

  @PostMapping("/shipment")
  String ship(
      CurrentUser user,
      @ModelAttribute("operation") ShipmentForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      @RequestParam(required = false) String q,
      Model model,
      RedirectAttributes redirect) {
    Rows rows =
        new Rows(form.getOrganisationId(), form.getLots(), form::setLots, form::setShippedAt);
    return record(
        user,
        Kind.SHIPMENT,
        rows,
        () -> operations.ship(user, form),
        form,
        binding,
        time,
        q,
        model,
        redirect);
  }

  /**
   * The part of a transformation's, merge's or shipment's form this page fills in: the
   * organisation, the rows of lots with a quantity each, and the operation's time.
   */
  private record Rows(
      UUID organisationId,
      List<LotQuantity> entries,
      Consumer<List<LotQuantity>> setEntries,
      Consumer<OffsetDateTime> setTime) {}

  /**
   * Receives a lot from a supplier outside the platform as a new lot of one of the organisation's
   * products (as {@code POST /api/v1/trace/organisation-receipts} without a lot identifier).
   */
  @PostMapping("/purchase")
  String purchase(
      CurrentUser user,
      @ModelAttribute("operation") OrganisationReceiptForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      Model model,
      RedirectAttributes redirect) {
    List<Organisation> recorders = organisations.recordable(user);
    if (recorders.isEmpty()) {
      throw new ForbiddenException("error.forbidden.record");
    }
    form.setLotIdentifier(null);
    form.setSupplierOrganisationId(null);
    form.setReceivedAt(
        LocalTimes.parse(
            time, LocalTimes.zone(recorders, form.getOrganisationId()), binding, "receivedAt"));
    String recorded =
        recording.toLot(() -> operations.receiveFromOrganisation(user, form), binding, redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(
        user,
        Kind.PURCHASE,
        recorders,
        form.getOrganisationId(),
        null,
        List.of(),
        form,
        time,
        true,
        model);
  }

  /**
   * Records the operation with the lots given a quantity, then opens the lot it made or changed
   * first; or shows the form again with each problem beside its field (a lot's beside its row).
   */
  private String record(
      CurrentUser user,
      Kind kind,
      Rows rows,
      Supplier<OperationResult> operation,
      Object form,
      BindingResult binding,
      String time,
      String q,
      Model model,
      RedirectAttributes redirect) {
    UUID organisationId = rows.organisationId();
    List<LotQuantity> entries = rows.entries();
    List<Organisation> recorders = organisations.recordable(user);
    if (recorders.isEmpty()) {
      throw new ForbiddenException("error.forbidden.record");
    }
    ZoneId zone = LocalTimes.zone(recorders, organisationId);
    rows.setTime().accept(LocalTimes.parse(time, zone, binding, kind.timeField));
    String recorded =
        recording.toLot(
            () ->
                FormRows.filledOnly(
                    entries,
                    e -> e.getQuantity() != null,
                    rows.setEntries(),
                    kind.lotsField,
                    operation),
            binding,
            redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(
        user,
        kind,
        recorders,
        organisationId,
        q,
        rows(user, organisationId, q, entries),
        form,
        time,
        true,
        model);
  }

  /**
   * The organisation's lots in stock, its own holdings, not those of organisations below it (a
   * search narrows them), at most {@link #MAX_LOTS}.
   */
  private List<Lot> inStock(CurrentUser user, UUID organisationId, String q) {
    if (organisationId == null) {
      return List.of();
    }
    return lots.inStockOf(user, new OrganisationId(organisationId), q, new PageQuery(0, MAX_LOTS))
        .items();
  }

  /** The lots of the rows posted, in their order (one read for those still in the list). */
  private List<Lot> rows(
      CurrentUser user, UUID organisationId, String q, List<LotQuantity> posted) {
    Map<UUID, Lot> listed = new HashMap<>();
    inStock(user, organisationId, q).forEach(l -> listed.put(l.id(), l));
    List<Lot> rows = new ArrayList<>();
    for (LotQuantity entry : posted) {
      Lot lot = entry == null || entry.getLotId() == null ? null : listed.get(entry.getLotId());
      if (lot == null && entry != null && entry.getLotId() != null) {
        try {
          lot = lots.get(user, entry.getLotId());
        } catch (NotFoundException e) {
          // a lot the user may not see: its row shows the id posted, and the refusal beside it
        }
      }
      rows.add(lot);
    }
    return rows;
  }

  /**
   * The organisation a form starts with when none is chosen: the one the user records for above all
   * the others they record for (a central above its base organisations), or none when there are
   * several such.
   */
  static UUID startingRecorder(List<Organisation> recorders) {
    Set<OrganisationId> ids = recorders.stream().map(Organisation::id).collect(Collectors.toSet());
    List<Organisation> tops =
        recorders.stream()
            .filter(o -> o.parentId() == null || !ids.contains(o.parentId()))
            .toList();
    return tops.size() == 1 ? tops.getFirst().id().value() : null;
  }

  private String page(
      CurrentUser user,
      Kind kind,
      List<Organisation> recorders,
      UUID organisationId,
      String q,
      List<Lot> rows,
      Object form,
      String time,
      boolean refused,
      Model model) {
    OrganisationId organisation =
        organisationId == null ? null : new OrganisationId(organisationId);
    List<Organisation> readable = organisations.readable(user);
    model.addAttribute("kind", kind.path);
    model.addAttribute("operationKinds", KINDS);
    model.addAttribute("lotsField", kind.lotsField);
    model.addAttribute("timeField", kind.timeField);
    model.addAttribute("recorders", recorders);
    model.addAttribute("organisationId", organisationId);
    boolean recordsFor =
        organisation != null && recorders.stream().anyMatch(o -> o.id().equals(organisation));
    // a refused form is shown again with its messages, whoever sent it
    model.addAttribute("showForm", refused || recordsFor);
    // an organisation asked for that the user does not record for: said, not an empty page (what
    // it is, or whether it exists, is not told)
    model.addAttribute("notRecordedFor", !refused && organisation != null && !recordsFor);
    model.addAttribute("q", q);
    model.addAttribute("rows", rows);
    // a lot its last inspection found non-conformant is marked, whatever its disposition says now
    Map<UUID, QualityVerdict> verdicts =
        lots.verdictsHeldBy(user, organisation, rows.stream().filter(Objects::nonNull).toList());
    model.addAttribute("verdicts", verdicts);
    model.addAttribute(
        "anyNonConformant", verdicts.values().stream().anyMatch(QualityVerdict::nonConformant));
    model.addAttribute("full", rows.size() >= MAX_LOTS);
    if (form instanceof TransformationForm t) {
      // the output and the by-product, whatever rows were posted
      List<OutputLot> outputs = t.getOutputs() == null ? new ArrayList<>() : t.getOutputs();
      while (outputs.size() < 2) {
        outputs.add(new OutputLot());
      }
      t.setOutputs(outputs);
    }
    model.addAttribute("operation", form);
    model.addAttribute("time", time);
    model.addAttribute("now", LocalTimes.now(clock, LocalTimes.zone(recorders, organisationId)));
    model.addAttribute("steps", STEPS);
    model.addAttribute("units", Units.PRODUCT_UNITS);
    model.addAttribute("referenceTypes", ShipmentForm.REFERENCE_TYPES);
    model.addAttribute(
        "products",
        organisation == null
            ? List.of()
            : products.list(user, organisation).stream().filter(Product::active).toList());
    // buyers to choose: the organisations the user reads and those the organisation deals with
    Map<OrganisationId, Organisation> buyers = new LinkedHashMap<>();
    readable.forEach(o -> buyers.put(o.id(), o));
    if (organisation != null) {
      organisations
          .all(lots.counterparties(user, organisation))
          .forEach(o -> buyers.put(o.id(), o));
      buyers.remove(organisation);
    }
    model.addAttribute(
        "buyers",
        buyers.values().stream()
            .filter(Organisation::active)
            .sorted(Comparator.comparing(o -> o.name().toLowerCase(Locale.ROOT)))
            .toList());
    model.addAttribute(
        "places", organisation == null ? List.of() : places.names(user, organisation));
    model.addAttribute("view", TraceView.of(readable, messages));
    return "trace/operation";
  }
}
