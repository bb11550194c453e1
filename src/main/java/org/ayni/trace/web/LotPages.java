package org.ayni.trace.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.BackwardTrace;
import org.ayni.trace.ConversionFactors;
import org.ayni.trace.CorrectionForm;
import org.ayni.trace.ErrorReason;
import org.ayni.trace.ForwardTrace;
import org.ayni.trace.InspectionForm;
import org.ayni.trace.InspectionOutcome;
import org.ayni.trace.Lineage;
import org.ayni.trace.Lot;
import org.ayni.trace.LotDetail;
import org.ayni.trace.Lots;
import org.ayni.trace.OrganisationReceiptForm;
import org.ayni.trace.Places;
import org.ayni.trace.Product;
import org.ayni.trace.ProductKind;
import org.ayni.trace.Products;
import org.ayni.trace.SplitForm;
import org.ayni.trace.SplitPart;
import org.ayni.trace.TimelineEntry;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceLot;
import org.ayni.trace.TraceOperations;
import org.ayni.trace.Units;
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
 * A lot's page: facts, stock, timeline, lineage trees and traces; and, for those who record for the
 * organisations concerned, the operations on the lot itself: splitting it, inspecting it, receiving
 * it when it was shipped to them, and declaring one of its events erroneous. The same operations as
 * the API ({@code /api/v1/lots/{id}/split}, {@code /inspections}, {@code
 * /api/v1/trace/organisation-receipts}, {@code /api/v1/trace/corrections}); a refused one comes
 * back open with a message beside each field.
 */
@Controller
@RequestMapping("/trace/lots/{id}")
class LotPages {

  /** Empty parts a split form offers. */
  static final int SPLIT_PARTS = 3;

  /** The cut test's counts an inspection of cacao may record. */
  static final List<String> CUT_TEST =
      List.of(
          "cutTestBeans",
          "wellFermented",
          "partlyPurple",
          "purple",
          "slaty",
          "mouldy",
          "insectDamaged",
          "germinated",
          "flat");

  private final Lots lots;
  private final Lineage lineage;
  private final Products products;
  private final Organisations organisations;
  private final TraceOperations operations;
  private final Clock clock;
  private final MessageSource messages;
  private final Recording recording;
  private final Places places;
  private final ConversionFactors factors;

  LotPages(
      Lots lots,
      Lineage lineage,
      Products products,
      Organisations organisations,
      TraceOperations operations,
      Clock clock,
      MessageSource messages,
      Recording recording,
      Places places,
      ConversionFactors factors) {
    this.lots = lots;
    this.lineage = lineage;
    this.products = products;
    this.organisations = organisations;
    this.operations = operations;
    this.clock = clock;
    this.messages = messages;
    this.recording = recording;
    this.places = places;
    this.factors = factors;
  }

  /** The correction form's field for corrective events of other lots, one event ID per line. */
  static final String OTHER_CORRECTIVE = "otherCorrectiveEventIds";

  /** The forms of the lot page, and the one refused (shown open with its messages), if any. */
  private record Forms(
      SplitForm split,
      InspectionForm inspection,
      OrganisationReceiptForm receipt,
      CorrectionForm correction,
      String refused,
      String time) {

    static Forms fresh() {
      return new Forms(
          withEmptyParts(new SplitForm()),
          new InspectionForm(),
          new OrganisationReceiptForm(),
          new CorrectionForm(),
          null,
          "");
    }

    Forms refusedSplit(SplitForm form, String time) {
      return new Forms(withEmptyParts(form), inspection, receipt, correction, "split", time);
    }

    Forms refusedInspection(InspectionForm form, String time) {
      return new Forms(split, form, receipt, correction, "inspection", time);
    }

    Forms refusedReceipt(OrganisationReceiptForm form, String time) {
      return new Forms(split, inspection, form, correction, "receipt", time);
    }

    Forms refusedCorrection(CorrectionForm form) {
      return new Forms(split, inspection, receipt, form, "correction", "");
    }

    /** The split form with an empty row for each part it offers. */
    static SplitForm withEmptyParts(SplitForm form) {
      List<SplitPart> parts = new ArrayList<>(form.getParts());
      while (parts.size() < SPLIT_PARTS) {
        parts.add(new SplitPart());
      }
      form.setParts(parts);
      return form;
    }
  }

  @GetMapping
  String lot(CurrentUser user, @PathVariable UUID id, Model model) {
    return page(user, id, Forms.fresh(), model);
  }

  /**
   * The lot's backward trace as the API answers it ({@code /api/v1/lots/{id}/backward}), for the
   * signed-in user: the API's door takes tokens and passwords, not the pages' session.
   */
  @GetMapping(path = "/backward.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  BackwardTrace backwardJson(CurrentUser user, @PathVariable UUID id) {
    return lineage.backward(user, id);
  }

  /** The lot's forward trace as the API answers it ({@code /api/v1/lots/{id}/forward}). */
  @GetMapping(path = "/forward.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ForwardTrace forwardJson(CurrentUser user, @PathVariable UUID id) {
    return lineage.forward(user, id);
  }

  /** Splits the lot into the parts filled in (a code and a quantity each); the rest stays. */
  @PostMapping("/splits")
  String split(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("splitForm") SplitForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      Model model,
      RedirectAttributes redirect) {
    LotDetail detail = holder(user, id);
    form.setOccurredAt(LocalTimes.parse(time, recordingZone(user, detail), binding, "occurredAt"));
    String recorded =
        recording.toLot(
            id,
            () ->
                FormRows.filledOnly(
                    form.getParts(),
                    p ->
                        p.getQuantity() != null
                            || (p.getLotCode() != null && !p.getLotCode().isBlank()),
                    form::setParts,
                    "parts",
                    () -> operations.split(user, id, form)),
            binding,
            redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(user, id, Forms.fresh().refusedSplit(form, time), model);
  }

  /** Records an inspection of the lot: its outcome and, for cacao, moisture and cut test. */
  @PostMapping("/inspections")
  String inspect(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("inspectionForm") InspectionForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      Model model,
      RedirectAttributes redirect) {
    LotDetail detail = holder(user, id);
    form.setInspectedAt(
        LocalTimes.parse(time, recordingZone(user, detail), binding, "inspectedAt"));
    String recorded =
        recording.toLot(id, () -> operations.inspect(user, id, form), binding, redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(user, id, Forms.fresh().refusedInspection(form, time), model);
  }

  /** Receives the lot, shipped to an organisation the user records for, into its stock. */
  @PostMapping("/receipts")
  String receive(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("receiptForm") OrganisationReceiptForm form,
      BindingResult binding,
      @RequestParam(name = "time", required = false, defaultValue = "") String time,
      Model model,
      RedirectAttributes redirect) {
    LotDetail detail = lots.detail(user, id);
    List<Organisation> receivers = receivers(user, detail);
    if (receivers.isEmpty() && shippedToOneOf(user, detail)) {
      // received already (the form sent twice, or by a colleague meanwhile): say so on the lot
      redirect.addFlashAttribute("notice", "trace.receipt.not-shipped");
      return "redirect:/trace/lots/" + id;
    }
    if (receivers.isEmpty()) {
      user.requireRecord(detail.lot().organisationId());
    }
    form.setLotIdentifier(detail.lot().identifier());
    form.setReceivedAt(
        LocalTimes.parse(
            time, LocalTimes.zone(receivers, form.getOrganisationId()), binding, "receivedAt"));
    String recorded =
        recording.toLot(() -> operations.receiveFromOrganisation(user, form), binding, redirect);
    if (recorded != null) {
      return recorded;
    }
    return page(user, id, Forms.fresh().refusedReceipt(form, time), model);
  }

  /**
   * Declares one of the lot's events erroneous (an EPCIS error declaration, as {@code POST
   * /api/v1/trace/corrections}): an event of an organisation the user records for, not already
   * declared erroneous. Back to the lot page, which then shows the event struck out and its effect
   * on stock and lineage undone; with a message beside the field when it cannot be.
   */
  @PostMapping("/corrections")
  String correct(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("correctionForm") CorrectionForm form,
      BindingResult binding,
      @RequestParam(name = OTHER_CORRECTIVE, required = false, defaultValue = "") String other,
      Model model,
      RedirectAttributes redirect) {
    LotDetail detail = lots.detail(user, id);
    // the user's events on the lot, those already declared erroneous too: a form sent twice (a
    // double click, a second tab) is answered beside its field, as the API answers it
    List<TimelineEntry> correctable =
        lots.timeline(user, id).stream()
            .filter(e -> !e.declaresError() && e.organisationId() != null)
            .filter(e -> user.canRecord(new OrganisationId(e.organisationId())))
            .toList();
    if (correctable.isEmpty()) {
      user.requireRecord(detail.lot().organisationId());
    }
    if (!binding.hasErrors()) {
      // those named to correct it: chosen among the lot's events (without the empty choice a
      // browser may send) and, one per line, events of other lots (a delivery recorded again as
      // a new lot, say)
      Set<String> named = new LinkedHashSet<>();
      form.getCorrectiveEventIds().stream()
          .filter(c -> c != null && !c.isBlank())
          .forEach(named::add);
      other.lines().map(String::strip).filter(c -> !c.isEmpty()).forEach(named::add);
      form.setCorrectiveEventIds(List.copyOf(named));
      form.setOrganisationId(
          correctable.stream()
              .filter(e -> e.eventId().equals(form.getEventId()))
              .map(TimelineEntry::organisationId)
              .findFirst()
              .orElse(null));
      if (form.getEventId() == null || form.getEventId().isBlank()) {
        binding.rejectValue("eventId", "validation.required");
      } else if (form.getOrganisationId() == null) {
        binding.rejectValue("eventId", "trace.event.unknown");
      } else {
        String recorded =
            recording.toLot(id, () -> operations.correct(user, form), binding, redirect);
        if (recorded != null) {
          return recorded;
        }
      }
    }
    model.addAttribute("otherCorrective", other);
    return page(user, id, Forms.fresh().refusedCorrection(form), model);
  }

  private String page(CurrentUser user, UUID id, Forms forms, Model model) {
    LotDetail detail = lots.detail(user, id);
    Lot lot = detail.lot();
    List<TimelineEntry> timeline = lots.timeline(user, detail);
    model.addAttribute("lot", lot);
    model.addAttribute("detail", detail);
    // a reader the lot was shipped to sees its own organisation's inspections only
    model.addAttribute("readsOwner", user.canRead(detail.lot().organisationId()));
    model.addAttribute("timeline", timeline);
    // the events a declaration names as its corrections, where the timeline has them
    Map<String, TimelineEntry> events = new HashMap<>();
    timeline.stream()
        .filter(e -> !e.declaresError() && e.eventId() != null)
        .forEach(e -> events.putIfAbsent(e.eventId(), e));
    model.addAttribute("timelineEvents", events);
    BackwardTrace backward = lineage.backward(user, id);
    ForwardTrace forward = lineage.forward(user, id);
    model.addAttribute("backward", backward);
    model.addAttribute("forward", forward);
    Map<UUID, LotDetail.Shipment> received = new HashMap<>();
    detail.shipments().forEach(s -> received.put(s.id(), s));
    model.addAttribute("receivedShipments", received);
    model.addAttribute("timelineLots", timelineLots(user, lot, timeline, backward, forward));
    model.addAttribute("graph", lineage.graph(id, backward, forward));
    model.addAttribute("factor", detail.factor());
    model.addAttribute(
        "factorAboveVerified",
        detail.factor() == null
            ? null
            : factors.verifiedDefaultExceeded(detail.factor()).orElse(null));
    model.addAttribute(
        "withoutFactor", detail.factor() == null && lots.madeWithoutFactor(user, detail.lot()));
    // the operations on the lot: offered to those who may record them; a refused one is shown
    // again with its messages, whoever sent it
    boolean holds = holds(user, detail);
    List<Organisation> receivers = receivers(user, detail);
    List<TimelineEntry> correctable = correctable(user, timeline);
    model.addAttribute("refused", forms.refused());
    // the operations on lots in stock, narrowed to this one, for an organisation holding it
    OrganisationId holder = recordingHolder(user, detail);
    model.addAttribute("holder", holder == null ? null : holder.value());
    model.addAttribute("operationKinds", OperationPages.ON_LOTS);
    model.addAttribute("showSplit", holds || "split".equals(forms.refused()));
    model.addAttribute("showInspection", holds || "inspection".equals(forms.refused()));
    model.addAttribute("showReceipt", !receivers.isEmpty() || "receipt".equals(forms.refused()));
    model.addAttribute(
        "showCorrection", !correctable.isEmpty() || "correction".equals(forms.refused()));
    BigDecimal pending =
        receivers.isEmpty() ? null : pending(detail, receivers.getFirst().id(), lot.unit());
    // what is on its way to an organisation that holds none of the lot yet, or none any more since
    // its receipt was declared erroneous: its page said nothing of it in its facts (QA of
    // 2026-12-07 and 2026-12-07f)
    model.addAttribute(
        "toReceive", lot.quantityIn() == null || lot.quantityIn().signum() == 0 ? pending : null);
    OrganisationReceiptForm receipt = forms.receipt();
    if (forms.refused() == null && !receivers.isEmpty()) {
      receipt.setOrganisationId(receivers.getFirst().id().value());
      // as a person writes it: 200, not the 200.000000 stored
      receipt.setQuantity(
          pending == null ? null : new BigDecimal(pending.stripTrailingZeros().toPlainString()));
    }
    model.addAttribute("splitForm", forms.split());
    model.addAttribute("inspectionForm", forms.inspection());
    model.addAttribute("receiptForm", receipt);
    model.addAttribute("correctionForm", forms.correction());
    model.addAttribute("receivers", receivers);
    model.addAttribute(
        "places", receivers.isEmpty() ? List.of() : places.names(user, receivers.getFirst().id()));
    // the products of every organisation it may be received into (named after their organisation
    // when there are several): the form's organisation may be any of them
    // of the lot's kind: one of another kind is refused (trace.receipt.other-kind), so it is not
    // offered (QA of 2026-12-07: dried physalis offered for a lot of dry cacao)
    Optional<ProductKind> kind = products.kindOf(lot);
    Optional<ProductKind> shippedKind = kind.filter(k -> k != ProductKind.OTHER);
    List<Product> receiverProducts = new ArrayList<>();
    for (Organisation receiver : receivers) {
      if (receiver.id().equals(lot.organisationId())) {
        continue; // sent back to its owner, the lot keeps its product
      }
      products.list(user, receiver.id()).stream()
          .filter(Product::active)
          .filter(p -> shippedKind.isEmpty() || p.kind() == shippedKind.get())
          .forEach(receiverProducts::add);
    }
    model.addAttribute("receiverProducts", receiverProducts);
    model.addAttribute("outcomes", InspectionOutcome.values());
    // the cut test is cacao's: offered for a lot of cacao, or of no known product; moisture is
    // not asked of gold or of knitted garments (QA of 2026-12-07)
    boolean cacao = kind.map(k -> k.name().startsWith("CACAO_")).orElse(true);
    model.addAttribute("cutTest", cacao ? CUT_TEST : List.of());
    model.addAttribute(
        "moisture", kind.map(k -> k != ProductKind.GOLD && k != ProductKind.TEXTILE).orElse(true));
    // gold's fineness (ley) is asked of gold, or of a lot of no known product
    model.addAttribute("fineness", kind.map(k -> k == ProductKind.GOLD).orElse(true));
    model.addAttribute("correctable", correctable);
    model.addAttribute("reasons", ErrorReason.values());
    model.addAttribute("time", forms.time());
    // the clock of the lot's organisation; for a holder (or an organisation it was shipped to)
    // that may not read it, its own
    ZoneId zone =
        organisations.zone(
            user.canRead(lot.organisationId())
                ? lot.organisationId()
                : detail.holdings().stream()
                    .map(LotDetail.Holding::organisationId)
                    .filter(user::canRead)
                    .findFirst()
                    .orElse(
                        receivers.isEmpty() ? lot.organisationId() : receivers.getFirst().id()));
    // the latest time each form accepts, at the clock of the organisation that records it
    model.addAttribute("now", LocalTimes.now(clock, recordingZone(user, detail)));
    model.addAttribute(
        "receiptNow",
        LocalTimes.now(
            clock,
            receivers.isEmpty() ? zone : LocalTimes.zone(receivers, receipt.getOrganisationId())));
    // the lot's owner, holders and the parties of its shipments by name, though the reader may not
    // read them
    Set<OrganisationId> others = new HashSet<>();
    others.add(lot.organisationId());
    detail.holdings().forEach(h -> others.add(h.organisationId()));
    others.addAll(TracePages.parties(forward));
    others.removeIf(user::canRead);
    // places by the names the reader's organisations wrote: the lot's, its holdings', its events'
    Set<String> located = new HashSet<>();
    located.add(lot.location());
    detail.holdings().forEach(h -> located.add(h.location()));
    timeline.forEach(e -> located.add(e.place()));
    located.remove(null);
    model.addAttribute(
        "view",
        TraceView.of(organisations.readable(user), messages)
            .at(zone)
            .naming(organisations.namesById(others))
            .placing(places.names(user, located)));
    return "trace/lot";
  }

  /**
   * The lot, when the user records for an organisation that holds some of it (what splitting and
   * inspecting it needs); refused otherwise, before anything sent is looked at.
   */
  private LotDetail holder(CurrentUser user, UUID id) {
    LotDetail detail = lots.detail(user, id);
    if (!holds(user, detail)) {
      user.requireRecord(detail.lot().organisationId());
    }
    return detail;
  }

  /**
   * The clock of the organisation that records a split or an inspection of the lot: the holder the
   * user records for (as the operation takes it), else the lot's owner.
   */
  private ZoneId recordingZone(CurrentUser user, LotDetail detail) {
    OrganisationId holder = recordingHolder(user, detail);
    return organisations.zone(holder != null ? holder : detail.lot().organisationId());
  }

  private static boolean holds(CurrentUser user, LotDetail detail) {
    return recordingHolder(user, detail) != null;
  }

  /** The organisation that records a split or an inspection of the lot for the user, or null. */
  private static OrganisationId recordingHolder(CurrentUser user, LotDetail detail) {
    return detail.recordingHolder(user::canRecord).orElse(null);
  }

  /** The organisations the user records for that the lot was shipped to and has not received. */
  private List<Organisation> receivers(CurrentUser user, LotDetail detail) {
    List<Organisation> receivers = new ArrayList<>();
    for (Organisation o : organisations.recordable(user)) {
      if (pending(detail, o.id(), detail.lot().unit()) != null) {
        receivers.add(o);
      }
    }
    return receivers;
  }

  /** Whether the lot was ever shipped to an organisation the user records for. */
  private static boolean shippedToOneOf(CurrentUser user, LotDetail detail) {
    return detail.shipments().stream()
        .anyMatch(
            s ->
                s.destinationOrganisationId() != null
                    && user.canRecord(new OrganisationId(s.destinationOrganisationId())));
  }

  /**
   * What shipments of the lot not received yet bring the organisation, in the lot's unit (what the
   * receipt form takes); null for none.
   */
  private static BigDecimal pending(LotDetail detail, OrganisationId organisation, String unit) {
    BigDecimal total = null;
    for (LotDetail.Shipment s : detail.shipments()) {
      BigDecimal q = Units.convert(s.quantity(), s.unit(), unit);
      if (q != null
          && !s.received()
          && !s.voided()
          && organisation.value().equals(s.destinationOrganisationId())) {
        total = total == null ? q : total.add(q);
      }
    }
    return total;
  }

  /** A lot the timeline names, by its identifier: its page and the code to show. */
  record LotLink(UUID id, String label) {}

  /**
   * The lots the timeline's events name that the reader may see: the lot, the lots upstream (a
   * transformation's inputs) and downstream (its outputs, the parts of a split) of it, and the
   * others its events name (the other inputs of a merge, the other parts of a split). A lot the
   * reader may not see is left out, named by its identifier alone.
   */
  private Map<String, LotLink> timelineLots(
      CurrentUser user,
      Lot lot,
      List<TimelineEntry> timeline,
      BackwardTrace backward,
      ForwardTrace forward) {
    Map<String, LotLink> links = new HashMap<>();
    for (List<TraceLot> traced : List.of(backward.lots(), forward.lots())) {
      for (TraceLot l : traced) {
        links.put(
            l.identifier(), new LotLink(l.id(), l.code() != null ? l.code() : l.identifier()));
      }
    }
    links.put(lot.identifier(), new LotLink(lot.id(), lot.label()));
    Set<String> others = new HashSet<>();
    for (TimelineEntry e : timeline) {
      for (List<TraceEvent.QuantityElement> named :
          List.of(e.quantities(), e.inputs(), e.outputs())) {
        named.forEach(q -> others.add(q.epcClass()));
      }
    }
    others.removeAll(links.keySet());
    for (Lot other : lots.byIdentifiers(user, others)) {
      links.put(other.identifier(), new LotLink(other.id(), other.label()));
    }
    return links;
  }

  /** The events of a timeline the user may declare erroneous. */
  private static List<TimelineEntry> correctable(CurrentUser user, List<TimelineEntry> timeline) {
    return timeline.stream()
        .filter(e -> !e.erroneous() && !e.declaresError() && e.organisationId() != null)
        .filter(e -> user.canRecord(new OrganisationId(e.organisationId())))
        .toList();
  }
}
