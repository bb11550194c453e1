package org.ayni.trace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Member;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InputCheck;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.TraceEvent.Action;
import org.ayni.trace.TraceEvent.BizTransaction;
import org.ayni.trace.TraceEvent.ErrorDeclaration;
import org.ayni.trace.TraceEvent.EventType;
import org.ayni.trace.TraceEvent.Party;
import org.ayni.trace.TraceEvent.QuantityElement;
import org.ayni.trace.internal.EventRules;
import org.ayni.trace.internal.TraceQueries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an organisation records about its lots, each as one immutable event appended to the log
 * (which the lot projection turns into lots, stock and lineage in the same transaction):
 *
 * <ul>
 *   <li>a member's delivery: ObjectEvent ADD, bizStep receiving, source the member (owning party)
 *       and the production unit (location);
 *   <li>a transformation, split or merge: TransformationEvent with our step URIs;
 *   <li>a quality inspection: ObjectEvent OBSERVE, inspecting, disposition conformant or
 *       non_conformant, with the measurements as {@code ayni:} extensions;
 *   <li>a shipment: ObjectEvent OBSERVE, shipping, destination the buyer;
 *   <li>a receipt from another organisation: ObjectEvent OBSERVE, receiving, source the supplier;
 *   <li>a correction: the erroneous event again with an EPCIS errorDeclaration.
 * </ul>
 *
 * <p>Every input is checked before anything is written (all problems at once); what the projection
 * refuses (mass balance, stock, another organisation's lot) comes back the same way. {@code user}
 * null is the system itself (demo data).
 */
@Service
public class TraceOperations {

  /** Reads on behalf of the system (demo data). */
  static final CurrentUser SYSTEM =
      new CurrentUser(new UUID(0, 0), "system", "system", true, Map.of(), Set.of());

  private static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,19}";
  private static final BigDecimal MAX_QUANTITY = EventRules.MAX_QUANTITY;
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Set<String> REFERENCE_TYPES = Set.copyOf(ShipmentForm.REFERENCE_TYPES);
  private static final DateTimeFormatter CODE_DATE = DateTimeFormatter.ofPattern("yyMMdd");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The extension field of an event that records again what an erroneous event recorded. */
  public static final String CORRECTS_EVENT = "ayni:correctsEvent";

  private final ObjectProvider<EventLog> eventLog;
  private final Lots lots;
  private final Products products;
  private final TraceQueries queries;
  private final Organisations organisations;
  private final Members members;
  private final ProductionUnits units;
  private final AuditTrail audit;
  private final Clock clock;
  private final Places places;

  TraceOperations(
      ObjectProvider<EventLog> eventLog,
      Lots lots,
      Products products,
      TraceQueries queries,
      Organisations organisations,
      Members members,
      ProductionUnits units,
      AuditTrail audit,
      Clock clock,
      Places places) {
    this.eventLog = eventLog;
    this.lots = lots;
    this.products = products;
    this.queries = queries;
    this.organisations = organisations;
    this.members = members;
    this.units = units;
    this.audit = audit;
    this.clock = clock;
    this.places = places;
  }

  /** A member's delivery from one of its production units: a new lot of the organisation. */
  @Transactional
  public OperationResult receiveFromMember(CurrentUser user, ReceiptForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    Member member = null;
    check.required("memberId", f.getMemberId());
    if (f.getMemberId() != null) {
      member = member(user, f.getMemberId());
      if (member == null
          || (org != null
              && !organisations.withDescendants(org.id()).contains(member.organisationId()))) {
        check.add("memberId", "trace.member.unknown");
        member = null;
      }
    }
    ProductionUnit unit = null;
    check.required("productionUnitId", f.getProductionUnitId());
    if (f.getProductionUnitId() != null) {
      unit = unit(user, f.getProductionUnitId());
      if (unit == null) {
        check.add("productionUnitId", "trace.production-unit.unknown");
      } else if (member != null && !unit.deliverableBy(member)) {
        check.add("productionUnitId", "trace.production-unit.not-members");
      }
    }
    Product product = product(user, org, f.getProductId(), "productId", check);
    positive(check, "quantity", f.getQuantity());
    // the unit is checked against the product; without one, the product's problem says it
    String uom = product == null ? null : unit(check, "unit", f.getUnit(), product);
    wholeIfPieces(check, "quantity", f.getQuantity(), uom);
    ZoneId zone = zone(org);
    OffsetDateTime at = time(check, "receivedAt", f.getReceivedAt(), zone);
    String identifier =
        org == null || product == null
            ? null
            : identifier(
                check, "lotCode", org, product.gtin(), f.getLotCode(), "R", zone, new HashSet<>());
    Places.check(check, "location", f.getLocation());
    check.throwIfAny();
    String memberUrn = TraceIds.member(code(member.organisationId()), member.memberCode());
    String unitUrn = TraceIds.unit(code(unit.organisationId()), unit.code());
    TraceEvent event =
        event(
            EventType.ObjectEvent,
            Action.ADD,
            at,
            "receiving",
            "active",
            location(org, f.getLocation()),
            List.of(new QuantityElement(identifier, f.getQuantity(), Units.forEpcis(uom))),
            List.of(),
            List.of(),
            List.of(new Party("owning_party", memberUrn), new Party("location", unitUrn)),
            List.of(new Party("owning_party", TraceIds.organisation(org.code()))),
            List.of(),
            Map.of(TraceIds.EXT_PRODUCT, productUrn(org, product)));
    String eventId = append(org.id(), event, "quantity");
    madeHere(org.id(), eventId, List.of(identifier), k -> "lotCode");
    List<Lot> created = lotsByIdentifier(List.of(identifier));
    Map<String, Object> details = details(eventId, identifier);
    details.put("member", member.memberCode());
    details.put("productionUnit", unit.code());
    details.put("quantity", f.getQuantity().toPlainString() + " " + uom);
    audit.record(user, org.id(), "lot", entity(created, identifier), "receipt", details);
    return result(user, eventId, created);
  }

  /** Inputs with quantities turned into outputs with quantities in one step. */
  @Transactional
  public OperationResult transform(CurrentUser user, TransformationForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    check.required("step", f.getStep());
    List<Lot> inputLots = new ArrayList<>();
    List<QuantityElement> inputs = inputs(user, org, f.getInputs(), "inputs", check, inputLots);
    ZoneId zone = zone(org);
    List<QuantityElement> outputs = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    Set<String> products = new HashSet<>();
    Set<String> fresh = new HashSet<>();
    check.check(!f.getOutputs().isEmpty(), "outputs", "trace.outputs.required");
    for (int k = 0; k < f.getOutputs().size(); k++) {
      OutputLot out = f.getOutputs().get(k);
      String field = "outputs[" + k + "]";
      Product product =
          out == null ? null : product(user, org, out.getProductId(), field + ".productId", check);
      positive(check, field + ".quantity", out == null ? null : out.getQuantity());
      if (product != null) {
        wholeIfPieces(check, field + ".quantity", out.getQuantity(), product.unit());
        if (f.getStep() != null && !check.hasProblem("step")) {
          f.getStep().check(check, "step", product.kind());
        }
      }
      if (org != null && product != null) {
        String prefix = f.getStep() == null ? "T" : f.getStep().name().substring(0, 1);
        String identifier =
            identifier(
                check,
                field + ".lotCode",
                org,
                product.gtin(),
                out.getLotCode(),
                prefix,
                zone,
                fresh);
        if (identifier != null && out.getQuantity() != null) {
          outputs.add(
              new QuantityElement(identifier, out.getQuantity(), Units.forEpcis(product.unit())));
          pairs.add(identifier + "=" + productUrn(org, product));
          products.add(productUrn(org, product));
        }
      }
    }
    OffsetDateTime at = dated(check, "occurredAt", f.getOccurredAt(), inputLots, org, zone);
    Places.check(check, "location", f.getLocation());
    check.throwIfAny();
    Map<String, String> extensions =
        products.size() == 1
            ? Map.of(TraceIds.EXT_PRODUCT, products.iterator().next())
            : Map.of(TraceIds.EXT_PRODUCTS, String.join(" ", pairs));
    TraceEvent event =
        transformation(
            at, f.getStep().bizStep(), location(org, f.getLocation()), inputs, outputs, extensions);
    // the form's one output: a refusal of mass balance is beside its quantity, which is what the
    // user changes
    String balanceField = outputs.size() == 1 ? "outputs[0].quantity" : "outputs";
    String eventId =
        append(
            org.id(),
            event,
            key ->
                key.startsWith("trace.stock.")
                    ? "inputs"
                    : key.startsWith("trace.mass-balance.") ? balanceField : "outputs");
    madeHere(
        org.id(),
        eventId,
        outputs.stream().map(QuantityElement::epcClass).toList(),
        k -> "outputs[" + k + "].lotCode");
    List<Lot> created = lotsByIdentifier(outputs.stream().map(QuantityElement::epcClass).toList());
    Map<String, Object> details = details(eventId, outputs.getFirst().epcClass());
    details.put("step", f.getStep().name());
    details.put("inputs", inputs.stream().map(q -> q.epcClass() + " " + q.quantity()).toList());
    details.put("outputs", outputs.stream().map(q -> q.epcClass() + " " + q.quantity()).toList());
    audit.record(
        user,
        org.id(),
        "lot",
        entity(created, outputs.getFirst().epcClass()),
        "transformation",
        details);
    return result(user, eventId, created);
  }

  /** A lot divided into new lots of the same product; the rest stays in the lot. */
  @Transactional
  public OperationResult split(CurrentUser user, UUID lotId, SplitForm f) {
    Lot lot = lots.find(Lots.scope(user), lotId);
    Held held = held(user, lot);
    OrganisationId holder = held.holder();
    if (user != null) {
      user.requireRecord(holder);
    }
    Organisation org = organisation(holder);
    ZoneId zone = zone(org);
    InputCheck check = new InputCheck();
    check.check(!f.getParts().isEmpty(), "parts", "trace.parts.required");
    Product product = ownProduct(lot, holder);
    if (product == null && !lot.organisationId().equals(holder)) {
      product = lots.receivedAs(lot, org).orElse(null);
    }
    String gtin = product == null ? null : product.gtin();
    BigDecimal total = BigDecimal.ZERO;
    List<QuantityElement> outputs = new ArrayList<>();
    Set<String> fresh = new HashSet<>();
    for (int k = 0; k < f.getParts().size(); k++) {
      SplitPart part = f.getParts().get(k);
      String field = "parts[" + k + "]";
      BigDecimal quantity = part == null ? null : part.getQuantity();
      positive(check, field + ".quantity", quantity);
      wholeIfPieces(check, field + ".quantity", quantity, lot.unit());
      String identifier =
          identifier(
              check,
              field + ".lotCode",
              org,
              gtin,
              part == null ? null : part.getLotCode(),
              "S",
              zone,
              fresh);
      // (a quantity refused beside its part is not taken from the stock as well)
      if (quantity != null && quantity.signum() > 0 && quantity.compareTo(MAX_QUANTITY) < 0) {
        total = total.add(quantity);
        if (identifier != null) {
          outputs.add(new QuantityElement(identifier, quantity, Units.forEpcis(lot.unit())));
        }
      }
    }
    if (!check.hasProblem("parts")) {
      available(check, "parts", lot, held.holding(), total);
    }
    OffsetDateTime at = dated(check, "occurredAt", f.getOccurredAt(), List.of(lot), org, zone);
    check.throwIfAny();
    Map<String, String> extensions =
        product == null ? Map.of() : Map.of(TraceIds.EXT_PRODUCT, productUrn(org, product));
    TraceEvent event =
        transformation(
            at,
            TraceStep.SPLITTING.bizStep(),
            place(lot, holder, held.holding()),
            List.of(new QuantityElement(lot.identifier(), total, Units.forEpcis(lot.unit()))),
            outputs,
            extensions);
    String eventId = append(holder, event, "parts");
    madeHere(
        holder,
        eventId,
        outputs.stream().map(QuantityElement::epcClass).toList(),
        k -> "parts[" + k + "].lotCode");
    List<Lot> created = lotsByIdentifier(outputs.stream().map(QuantityElement::epcClass).toList());
    Map<String, Object> details = details(eventId, lot.identifier());
    details.put("parts", outputs.stream().map(q -> q.epcClass() + " " + q.quantity()).toList());
    audit.record(user, holder, "lot", lot.id(), "split", details);
    return result(user, eventId, created);
  }

  /** What the inputs add up to in the unit (one of their dimension). */
  private static BigDecimal sum(List<QuantityElement> inputs, List<Lot> lots, String unit) {
    BigDecimal total = BigDecimal.ZERO;
    for (int k = 0; k < lots.size(); k++) {
      total = total.add(Units.convert(inputs.get(k).quantity(), lots.get(k).unit(), unit));
    }
    return total;
  }

  /** Lots of one product put together into a new lot. */
  @Transactional
  public OperationResult merge(CurrentUser user, MergeForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    check.check(f.getInputs().size() >= 2, "inputs", "trace.merge.two-lots");
    List<Lot> inputLots = new ArrayList<>();
    // (none at all is said once, by the rule of two)
    List<QuantityElement> inputs =
        f.getInputs().isEmpty()
            ? List.of()
            : inputs(user, org, f.getInputs(), "inputs", check, inputLots);
    Product product = null;
    String unit = inputLots.isEmpty() ? null : inputLots.getFirst().unit();
    for (int k = 0; k < inputLots.size(); k++) {
      Lot lot = inputLots.get(k);
      if (!java.util.Objects.equals(lot.productId(), inputLots.getFirst().productId())) {
        check.add("inputs", "trace.merge.same-product");
        break;
      }
      if (!Units.comparable(lot.unit(), unit)) {
        check.add("inputs", "trace.unit.mismatch", lot.unit(), unit);
        break;
      }
    }
    if (!inputLots.isEmpty() && org != null) {
      product = ownProduct(inputLots.getFirst(), org.id());
    }
    BigDecimal total = BigDecimal.ZERO;
    if (!check.hasProblem("inputs")) {
      // in the product's unit (a lot captured in tonnes merged with lots in kilograms of a product
      // kept in kilograms is in kilograms), else the first lot's; where that takes more than the
      // log's six decimals (0.1 t and 0.0001 kg), in the first of the lots' that holds the sum
      // exactly: nothing is lost
      List<String> candidates = new ArrayList<>();
      if (product != null && Units.comparable(product.unit(), unit)) {
        candidates.add(product.unit());
      }
      inputLots.forEach(lot -> candidates.add(lot.unit()));
      for (String candidate : candidates) {
        unit = candidate;
        total = sum(inputs, inputLots, unit);
        if (total.stripTrailingZeros().scale() <= 6) {
          break;
        }
      }
      // none does (units not of ten): rounded down, never more than went in
      total = total.setScale(Math.min(total.scale(), 6), RoundingMode.DOWN);
    }
    if (!check.hasProblem("inputs") && !inputLots.isEmpty()) {
      check.check(total.signum() > 0, "inputs", "trace.quantity.positive");
      check.check(
          total.compareTo(MAX_QUANTITY) < 0,
          "inputs",
          "trace.quantity.too-large",
          MAX_QUANTITY.toPlainString());
    }
    ZoneId zone = zone(org);
    String identifier =
        org == null
            ? null
            : identifier(
                check,
                "lotCode",
                org,
                product == null ? null : product.gtin(),
                f.getLotCode(),
                "M",
                zone,
                new HashSet<>());
    OffsetDateTime at = dated(check, "occurredAt", f.getOccurredAt(), inputLots, org, zone);
    Places.check(check, "location", f.getLocation());
    check.throwIfAny();
    Map<String, String> extensions =
        product == null ? Map.of() : Map.of(TraceIds.EXT_PRODUCT, productUrn(org, product));
    TraceEvent event =
        transformation(
            at,
            TraceStep.MERGING.bizStep(),
            location(org, f.getLocation()),
            inputs,
            List.of(new QuantityElement(identifier, total, Units.forEpcis(unit))),
            extensions);
    String eventId = append(org.id(), event, "inputs");
    madeHere(org.id(), eventId, List.of(identifier), k -> "lotCode");
    List<Lot> created = lotsByIdentifier(List.of(identifier));
    Map<String, Object> details = details(eventId, identifier);
    details.put("inputs", inputs.stream().map(q -> q.epcClass() + " " + q.quantity()).toList());
    audit.record(user, org.id(), "lot", entity(created, identifier), "merge", details);
    return result(user, eventId, created);
  }

  /** A quality inspection: conformant or not, with moisture, cut-test counts or gold's fineness. */
  @Transactional
  public OperationResult inspect(CurrentUser user, UUID lotId, InspectionForm f) {
    Lot lot = lots.find(Lots.scope(user), lotId);
    Held held = held(user, lot);
    OrganisationId holder = held.holder();
    if (user != null) {
      user.requireRecord(holder);
    }
    Organisation org = organisation(holder);
    InputCheck check = new InputCheck();
    check.required("outcome", f.getOutcome());
    LotDetail.Holding holding = held.holding();
    // each measurement of the kinds it is taken of (a lot of no known kind: any), as the form
    // offers them: moisture not of gold or garments, the cut test of cacao, fineness of gold
    ProductKind kind = knownKind(lot);
    if (f.getMoisturePercent() != null) {
      check.check(
          kind != ProductKind.GOLD && kind != ProductKind.TEXTILE,
          "moisturePercent",
          "trace.inspection.not-of-kind");
      check.check(
          f.getMoisturePercent().signum() >= 0
              && f.getMoisturePercent().compareTo(BigDecimal.valueOf(100)) <= 0,
          "moisturePercent",
          "trace.inspection.percent");
      check.check(
          f.getMoisturePercent().stripTrailingZeros().scale() <= 2,
          "moisturePercent",
          "trace.inspection.decimals");
    }
    // gold's fineness (ley), in parts per thousand
    if (f.getFinenessPerMille() != null) {
      check.check(
          kind == null || kind == ProductKind.GOLD,
          "finenessPerMille",
          "trace.inspection.not-of-kind");
      check.check(
          f.getFinenessPerMille().signum() > 0
              && f.getFinenessPerMille().compareTo(BigDecimal.valueOf(1000)) <= 0,
          "finenessPerMille",
          "trace.inspection.fineness");
      check.check(
          f.getFinenessPerMille().stripTrailingZeros().scale() <= 2,
          "finenessPerMille",
          "trace.inspection.decimals");
    }
    Map<String, Integer> cut = new LinkedHashMap<>();
    cut.put("WellFermented", f.getWellFermented());
    cut.put("PartlyPurple", f.getPartlyPurple());
    cut.put("Purple", f.getPurple());
    cut.put("Slaty", f.getSlaty());
    cut.put("Mouldy", f.getMouldy());
    cut.put("InsectDamaged", f.getInsectDamaged());
    cut.put("Germinated", f.getGerminated());
    cut.put("Flat", f.getFlat());
    boolean cutTest = f.getCutTestBeans() != null || cut.values().stream().anyMatch(v -> v != null);
    if (cutTest) {
      check.check(
          kind == null || kind.name().startsWith("CACAO_"),
          "cutTestBeans",
          "trace.inspection.not-of-kind");
      check.required("cutTestBeans", f.getCutTestBeans());
      check.range("cutTestBeans", f.getCutTestBeans(), 1, 10_000);
      int sum = 0;
      boolean inRange =
          f.getCutTestBeans() != null && f.getCutTestBeans() >= 1 && f.getCutTestBeans() <= 10_000;
      for (var entry : cut.entrySet()) {
        String field =
            Character.toLowerCase(entry.getKey().charAt(0)) + entry.getKey().substring(1);
        check.range(field, entry.getValue(), 0, 10_000);
        sum += entry.getValue() == null ? 0 : Math.max(0, entry.getValue());
        inRange &= entry.getValue() == null || entry.getValue() >= 0 && entry.getValue() <= 10_000;
      }
      // (counts out of range are said so beside their fields, not added up against the beans)
      check.check(
          !inRange || sum <= f.getCutTestBeans(),
          "cutTestBeans",
          "trace.inspection.cut-test-sum",
          sum,
          f.getCutTestBeans() == null ? 0 : f.getCutTestBeans());
    }
    check.maxLength("note", f.getNote(), 500);
    OffsetDateTime at =
        dated(check, "inspectedAt", f.getInspectedAt(), List.of(lot), org, zone(org));
    // what the holder no longer held at the inspection's time (shipped or used up, by a movement
    // before it) is not inspected by it; a result dated before the last movement is
    check.check(
        holding == null
            || !holding.tracked()
            || holding.quantity().signum() > 0
            || at == null
            || queries
                .lastMovedWithin(List.of(lot.id()), holder, at, at.plusYears(1000))
                .isPresent(),
        "inspectedAt",
        "trace.inspection.nothing-held");
    check.throwIfAny();
    Map<String, String> extensions = new LinkedHashMap<>();
    if (f.getMoisturePercent() != null) {
      extensions.put(
          "ayni:moisturePercent", f.getMoisturePercent().stripTrailingZeros().toPlainString());
    }
    if (f.getFinenessPerMille() != null) {
      extensions.put(
          "ayni:finenessPerMille", f.getFinenessPerMille().stripTrailingZeros().toPlainString());
    }
    if (cutTest) {
      extensions.put("ayni:cutTestBeans", String.valueOf(f.getCutTestBeans()));
      cut.forEach(
          (name, value) -> {
            if (value != null) {
              extensions.put("ayni:cutTest" + name, String.valueOf(value));
            }
          });
    }
    if (f.getNote() != null && !f.getNote().isBlank()) {
      extensions.put("ayni:inspectionNote", f.getNote().trim());
    }
    BigDecimal quantity =
        holding != null && holding.tracked() && holding.quantity().signum() > 0
            ? holding.quantity()
            : null;
    TraceEvent event =
        event(
            EventType.ObjectEvent,
            Action.OBSERVE,
            at,
            "inspecting",
            f.getOutcome().disposition(),
            place(lot, holder, holding),
            List.of(
                new QuantityElement(
                    lot.identifier(),
                    quantity,
                    quantity == null ? null : Units.forEpcis(lot.unit()))),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            extensions);
    String eventId = append(holder, event, "outcome");
    Map<String, Object> details = details(eventId, lot.identifier());
    details.put("outcome", f.getOutcome().name());
    details.putAll(extensions);
    audit.record(user, holder, "lot", lot.id(), "inspection", details);
    return result(user, eventId, lotsByIdentifier(List.of(lot.identifier())));
  }

  /** Lots (or parts of them) shipped to a buyer. */
  @Transactional
  public OperationResult ship(CurrentUser user, ShipmentForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    List<Lot> shippedLots = new ArrayList<>();
    List<QuantityElement> shipped = inputs(user, org, f.getLots(), "lots", check, shippedLots);
    String buyerParty = null;
    String buyerName = null;
    boolean byCode = f.getBuyerOrganisationId() == null && !blank(f.getBuyerOrganisationCode());
    if (f.getBuyerOrganisationId() != null || byCode) {
      Optional<Organisation> buyer =
          byCode
              ? organisations.byCode(f.getBuyerOrganisationCode().trim())
              : organisations.find(
                  OrganisationScope.everything(), new OrganisationId(f.getBuyerOrganisationId()));
      String field = byCode ? "buyerOrganisationCode" : "buyerOrganisationId";
      if (buyer.isEmpty() || (org != null && buyer.get().id().equals(org.id()))) {
        check.add(field, byCode ? "trace.buyer.unknown-code" : "trace.buyer.unknown");
      } else if (!buyer.get().active()) {
        check.add(field, "trace.buyer.inactive");
      } else {
        buyerParty = TraceIds.organisation(buyer.get().code());
      }
      // a name beside a buyer on the platform would be dropped without a word, and so a code
      // beside one chosen
      check.check(
          f.getBuyerName() == null || f.getBuyerName().isBlank(), "buyerName", "trace.buyer.both");
      check.check(
          byCode || blank(f.getBuyerOrganisationCode()),
          "buyerOrganisationCode",
          "trace.buyer.both-platform");
    } else {
      // neither chosen: "required" beside the outside buyer's name alone would not say the other
      check
          .check(!blank(f.getBuyerName()), "buyerName", "trace.buyer.none")
          .maxLength("buyerName", f.getBuyerName(), 200);
      if (org != null && f.getBuyerName() != null && !f.getBuyerName().isBlank()) {
        buyerName = f.getBuyerName().trim();
        buyerParty = TraceIds.party(org.code(), buyerName);
      }
    }
    // no type (a form's empty choice, or none sent) is an invoice; a type without its number
    // would be dropped without a word
    String referenceType = blank(f.getReferenceType()) ? "inv" : f.getReferenceType().trim();
    check.check(
        REFERENCE_TYPES.contains(referenceType), "referenceType", "trace.reference-type.unknown");
    check
        .check(
            blank(f.getReferenceType())
                || !REFERENCE_TYPES.contains(referenceType)
                || !blank(f.getReference()),
            "reference",
            "trace.reference.missing")
        .maxLength("reference", f.getReference(), 200);
    OffsetDateTime at = dated(check, "shippedAt", f.getShippedAt(), shippedLots, org, zone(org));
    check.throwIfAny();
    List<BizTransaction> transactions =
        f.getReference() == null || f.getReference().isBlank()
            ? List.of()
            : List.of(
                new BizTransaction(referenceType, TraceIds.reference(f.getReference().trim())));
    Map<String, String> extensions =
        buyerName == null ? Map.of() : Map.of(TraceIds.EXT_DESTINATION_NAME, buyerName);
    TraceEvent event =
        event(
            EventType.ObjectEvent,
            Action.OBSERVE,
            at,
            "shipping",
            "in_transit",
            null,
            shipped,
            List.of(),
            List.of(),
            List.of(new Party("owning_party", TraceIds.organisation(org.code()))),
            List.of(new Party("owning_party", buyerParty)),
            transactions,
            extensions);
    String eventId = append(org.id(), event, "lots");
    List<Lot> changed = lotsByIdentifier(shipped.stream().map(QuantityElement::epcClass).toList());
    Map<String, Object> details = details(eventId, shipped.getFirst().epcClass());
    details.put("buyer", buyerParty);
    details.put("lots", shipped.stream().map(q -> q.epcClass() + " " + q.quantity()).toList());
    audit.record(
        user, org.id(), "lot", entity(changed, shipped.getFirst().epcClass()), "shipment", details);
    return result(user, eventId, changed);
  }

  /**
   * A lot received from another organisation: one shipped here by an organisation on the platform,
   * or a lot from a supplier outside it (which becomes a lot of this organisation).
   */
  @Transactional
  public OperationResult receiveFromOrganisation(CurrentUser user, OrganisationReceiptForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    String identifier =
        f.getLotIdentifier() == null || f.getLotIdentifier().isBlank()
            ? null
            : TraceIds.canonical(f.getLotIdentifier().trim());
    // a supplier's lot without an identifier becomes a lot of ours, of one of our products
    boolean ours = identifier == null && f.getSupplierOrganisationId() == null;
    if (!ours) {
      check.required("lotIdentifier", identifier).maxLength("lotIdentifier", identifier, 500);
      check.matches(
          "lotIdentifier",
          identifier,
          "[A-Za-z][A-Za-z0-9+.-]*:\\S+",
          "trace.lot.identifier-format");
    }
    positive(check, "quantity", f.getQuantity());
    Optional<Lot> existing =
        identifier == null || check.hasProblem("lotIdentifier")
            ? Optional.empty()
            : queries.lotByIdentifier(OrganisationScope.everything(), identifier);
    Optional<Organisation> supplier = Optional.empty();
    if (f.getSupplierOrganisationId() != null) {
      supplier =
          organisations.find(
              OrganisationScope.everything(), new OrganisationId(f.getSupplierOrganisationId()));
      if (supplier.isEmpty()) {
        check.add("supplierOrganisationId", "trace.supplier.unknown");
      }
    }
    // a lot only another organisation may make (its code or GTIN) is received once shipped here:
    // refused alike whether it exists or not, so that the answer does not tell
    boolean othersNeverMade =
        existing.isEmpty() && org != null && identifier != null && othersLot(identifier, org);
    if (othersNeverMade) {
      check.add("lotIdentifier", "trace.receipt.not-shipped");
    }
    Optional<TraceQueries.PendingShipment> pending = Optional.empty();
    // a lot sent back to its owner keeps its place unless the receipt gives one
    boolean backToOwner = false;
    if (existing.isPresent() && org != null) {
      // the shipment of the supplier named, else the first; to the lot's owner too, when a holder
      // sends (some of) it back
      pending =
          queries.pendingShipment(
              existing.get().id(), org.id(), supplier.map(Organisation::id).orElse(null));
      if (pending.isEmpty()) {
        // an own lot never sent back is not received; one sent back was received already
        boolean own =
            existing.get().organisationId().equals(org.id())
                && queries.shipments(OrganisationScope.everything(), existing.get().id()).stream()
                    .noneMatch(x -> org.id().value().equals(x.destinationOrganisationId()));
        check.add("lotIdentifier", own ? "trace.lot.own" : "trace.receipt.not-shipped");
      }
      backToOwner = existing.get().organisationId().equals(org.id());
      if (backToOwner && f.getProductId() != null) {
        // sent back to its owner, the lot is what it was
        check.add("productId", "trace.receipt.own-product");
      }
    }
    Product product = null;
    if (f.getProductId() != null || ours) {
      product = product(user, org, f.getProductId(), "productId", check);
    }
    if (product != null && existing.isPresent() && !backToOwner) {
      // received as a product of the receiver's, the lot stays what it was shipped as: wet cacao
      // received as fresh physalis would lead a physalis lot's trace to a cacao plot
      ProductKind shipped = knownKind(existing.get());
      if (shipped != null && product.kind() != shipped) {
        check.add("productId", "trace.receipt.other-kind", product.kind(), shipped);
      }
    }
    ZoneId zone = zone(org);
    if (ours && org != null && product != null) {
      identifier =
          identifier(
              check, "lotCode", org, product.gtin(), f.getLotCode(), "P", zone, new HashSet<>());
    }
    String uom;
    if (existing.isPresent() && (f.getUnit() == null || f.getUnit().isBlank())) {
      uom = existing.get().unit();
    } else if (othersNeverMade) {
      uom = null;
    } else if (product == null && check.hasProblem("productId")) {
      uom = null; // the unit follows from the product, which is refused: that is what to mend
    } else {
      uom = unit(check, "unit", f.getUnit(), product);
    }
    wholeIfPieces(check, "quantity", f.getQuantity(), uom);
    if (pending.isPresent()
        && pending.get().quantity() != null
        && f.getQuantity() != null
        && !check.hasProblem("quantity")
        && !check.hasProblem("unit")) {
      // no more than was shipped (less, if some was lost on the way)
      BigDecimal shipped = Units.convert(pending.get().quantity(), pending.get().unit(), uom);
      if (shipped == null) {
        // pieces of a shipment in kilograms: no measure of it at all
        check.add("unit", "trace.unit.incompatible", identifier, pending.get().unit(), uom);
      } else if (f.getQuantity().compareTo(shipped) > 0) {
        check.add(
            "quantity",
            "trace.receipt.exceeds-shipment",
            identifier,
            f.getQuantity().stripTrailingZeros().toPlainString(),
            uom,
            pending.get().quantity().stripTrailingZeros().toPlainString(),
            pending.get().unit());
      }
    }
    String supplierParty = null;
    String supplierName = null;
    if (f.getSupplierOrganisationId() != null) {
      supplierParty = supplier.map(s -> TraceIds.organisation(s.code())).orElse(null);
    } else if (f.getSupplierName() != null && !f.getSupplierName().isBlank()) {
      check.maxLength("supplierName", f.getSupplierName(), 200);
      if (org != null) {
        supplierName = f.getSupplierName().trim();
        supplierParty = TraceIds.party(org.code(), supplierName);
      }
    } else if (pending.isPresent()) {
      supplierParty = TraceIds.organisation(code(pending.get().shipper()));
    } else if (existing.isPresent()) {
      supplierParty = TraceIds.organisation(code(existing.get().organisationId()));
    } else if (!othersNeverMade) {
      check.add("supplierName", "trace.supplier.required");
    }
    OffsetDateTime at = time(check, "receivedAt", f.getReceivedAt(), zone);
    if (pending.isPresent()
        && at != null
        && pending.get().shippedAt() != null
        && beforeMinuteOf(at, pending.get().shippedAt())
        && !check.hasProblem("receivedAt")) {
      check.add("receivedAt", "trace.date.before-shipment", local(pending.get().shippedAt(), zone));
    }
    Places.check(check, "location", f.getLocation());
    check.throwIfAny();
    Map<String, String> extensions = new LinkedHashMap<>();
    if (product != null) {
      extensions.put(TraceIds.EXT_PRODUCT, productUrn(org, product));
    }
    if (supplierName != null) {
      extensions.put(TraceIds.EXT_SOURCE_NAME, supplierName);
    }
    TraceEvent event =
        event(
            EventType.ObjectEvent,
            Action.OBSERVE,
            at,
            "receiving",
            "active",
            backToOwner && blank(f.getLocation()) ? null : location(org, f.getLocation()),
            List.of(new QuantityElement(identifier, f.getQuantity(), Units.forEpcis(uom))),
            List.of(),
            List.of(),
            List.of(new Party("owning_party", supplierParty)),
            List.of(new Party("owning_party", TraceIds.organisation(org.code()))),
            pending.map(this::shipmentReferences).orElse(List.of()),
            extensions);
    String eventId = append(org.id(), event, "lotIdentifier");
    if (ours) {
      madeHere(org.id(), eventId, List.of(identifier), k -> "lotCode");
    }
    List<Lot> received = lotsByIdentifier(List.of(identifier));
    Map<String, Object> details = details(eventId, identifier);
    details.put("supplier", supplierParty);
    details.put("quantity", f.getQuantity().toPlainString() + " " + uom);
    audit.record(user, org.id(), "lot", entity(received, identifier), "org-receipt", details);
    return result(user, eventId, received);
  }

  /**
   * The business transactions (invoice, bill of lading…) of the shipment a receipt receives, which
   * the receipt names as well: the receipts of two trucks of one lot, with the same quantity in the
   * same minute, are two events, each naming its truck's papers.
   */
  private List<BizTransaction> shipmentReferences(TraceQueries.PendingShipment shipment) {
    return log()
        .find(OrganisationScope.everything(), shipment.eventId())
        .map(s -> s.event().bizTransactions())
        .orElse(List.of());
  }

  /**
   * Declares an event of the organisation erroneous: the event is appended again with an EPCIS
   * errorDeclaration (nothing is updated), and the projection undoes its effect on stock and
   * lineage.
   */
  @Transactional
  public OperationResult correct(CurrentUser user, CorrectionForm f) {
    InputCheck check = new InputCheck();
    Organisation org = recorder(user, f.getOrganisationId(), check);
    check.required("eventId", f.getEventId());
    check.required("reason", f.getReason());
    StoredEvent stored = null;
    if (org != null && f.getEventId() != null && !f.getEventId().isBlank()) {
      stored = ownEvent(user, org, f.getEventId().trim());
      if (stored == null) {
        check.add("eventId", "trace.event.unknown");
      } else if (queries.voided(org.id(), stored.event().eventId())) {
        check.add("eventId", "trace.event.already-corrected");
      }
    }
    List<String> corrective = new ArrayList<>();
    for (int k = 0; k < f.getCorrectiveEventIds().size(); k++) {
      String id = f.getCorrectiveEventIds().get(k);
      if (org != null && (id == null || ownEvent(user, org, id.trim()) == null)) {
        check.add("correctiveEventIds[" + k + "]", "trace.event.unknown");
      } else if (id != null && f.getEventId() != null && id.trim().equals(f.getEventId().trim())) {
        check.add("correctiveEventIds[" + k + "]", "trace.event.corrects-itself");
      } else if (id != null && org != null && queries.voided(org.id(), id.trim())) {
        // an event declared erroneous corrects nothing (the page does not offer one)
        check.add("correctiveEventIds[" + k + "]", "trace.event.corrective-erroneous");
      } else if (id != null) {
        corrective.add(id.trim());
      }
    }
    check.throwIfAny();
    TraceEvent e = stored.event();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone(org)));
    TraceEvent declaration =
        e.declaredErroneous(new ErrorDeclaration(now, f.getReason().word(), corrective));
    EventLog.AppendResult result = appendResult(org.id(), declaration, key -> "eventId");
    if (result.stored().isEmpty()) {
      throw new IllegalStateException(
          "the event log did not store the error declaration of " + e.eventId());
    }
    List<Lot> named = lotsByIdentifier(List.copyOf(new java.util.LinkedHashSet<>(identifiers(e))));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("eventId", e.eventId());
    details.put("reason", f.getReason().word());
    details.put("correctiveEventIds", corrective);
    String entity = e.eventId().length() > 100 ? e.eventId().substring(0, 100) : e.eventId();
    audit.record(user, org.id(), "trace-event", entity, "correction", details);
    return result(user, e.eventId(), named);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The organisation an operation records for. A caller who reads it but may not record there (an
   * auditor) is refused; one out of sight is an input problem, so that nothing tells it exists.
   */
  private Organisation recorder(CurrentUser user, UUID organisationId, InputCheck check) {
    if (organisationId == null) {
      check.required("organisationId", null);
      return null;
    }
    OrganisationId id = new OrganisationId(organisationId);
    if (user != null && user.canRead(id)) {
      user.requireRecord(id);
    }
    OrganisationScope scope = user == null ? OrganisationScope.everything() : user.recordScope();
    Optional<Organisation> org = organisations.find(scope, id);
    if (org.isEmpty()) {
      check.add("organisationId", "organisation.unknown");
      return null;
    }
    if (!org.get().active()) {
      check.add("organisationId", "organisation.inactive");
      return null;
    }
    return org.get();
  }

  private Organisation organisation(OrganisationId id) {
    return organisations
        .find(OrganisationScope.everything(), id)
        .orElseThrow(() -> new NotFoundException("organisation.not-found"));
  }

  private String code(OrganisationId id) {
    return organisation(id).code();
  }

  private Member member(CurrentUser user, UUID id) {
    try {
      return members.get(user == null ? SYSTEM : user, id);
    } catch (NotFoundException e) {
      return null;
    }
  }

  private ProductionUnit unit(CurrentUser user, UUID id) {
    try {
      return units.get(user == null ? SYSTEM : user, id);
    } catch (NotFoundException e) {
      return null;
    }
  }

  private Product product(
      CurrentUser user, Organisation org, UUID id, String field, InputCheck check) {
    if (id == null) {
      check.add(field, "validation.required");
      return null;
    }
    try {
      Product product = products.find(Lots.scope(user), id);
      if (org != null && !product.organisationId().equals(org.id())) {
        // one the caller reads: say whose it is, so that the right organisation can be chosen
        check.add(
            field,
            "trace.product.of-another",
            product.name(),
            organisations
                .find(OrganisationScope.everything(), product.organisationId())
                .map(Organisation::name)
                .orElse(""),
            org.name());
        return null;
      }
      if (!product.active()) {
        check.add(field, "trace.product.inactive", product.name());
        return null;
      }
      return product;
    } catch (NotFoundException e) {
      check.add(field, "trace.product.unknown");
      return null;
    }
  }

  /**
   * What the lot is, by its owner's product: null when it names no product, or one of no kind the
   * platform knows ({@link ProductKind#OTHER}), which no other kind can be told apart from.
   */
  private ProductKind knownKind(Lot lot) {
    return products.kindOf(lot).filter(k -> k != ProductKind.OTHER).orElse(null);
  }

  /** The lot's product, when it is one of the organisation's own. */
  private Product ownProduct(Lot lot, OrganisationId organisation) {
    if (lot.productId() == null) {
      return null;
    }
    try {
      Product product = products.find(OrganisationScope.everything(), lot.productId());
      return product.organisationId().equals(organisation) ? product : null;
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** Whether the identifier names a lot of another organisation: by its URN or its GTIN. */
  private boolean othersLot(String identifier, Organisation org) {
    String owner = TraceIds.lotOrganisationCode(identifier);
    if (owner != null) {
      return !owner.equals(org.code());
    }
    String gtin = TraceIds.parse(identifier).gtin();
    return gtin != null && products.gtinOfAnother(gtin, org.id());
  }

  private static String productUrn(Organisation org, Product product) {
    return TraceIds.product(org.code(), product.code());
  }

  /**
   * The lots taken (inputs, or lots shipped: {@code field}) from lots the organisation holds, each
   * within its stock; the lots into {@code found}.
   */
  private List<QuantityElement> inputs(
      CurrentUser user,
      Organisation org,
      List<LotQuantity> items,
      String field,
      InputCheck check,
      List<Lot> found) {
    check.check(!items.isEmpty(), field, "trace." + field + ".required");
    List<QuantityElement> inputs = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (int k = 0; k < items.size(); k++) {
      LotQuantity item = items.get(k);
      String prefix = field + "[" + k + "]";
      positive(check, prefix + ".quantity", item == null ? null : item.getQuantity());
      if (item == null || item.getLotId() == null) {
        check.add(prefix + ".lotId", "validation.required");
        continue;
      }
      if (!seen.add(item.getLotId())) {
        check.add(prefix + ".lotId", "trace.lot.duplicate");
        continue;
      }
      Optional<Lot> lot = queries.lot(Lots.scope(user), item.getLotId());
      if (lot.isEmpty()) {
        check.add(prefix + ".lotId", "trace.lot.unknown");
        continue;
      }
      if (org == null) {
        continue;
      }
      LotDetail.Holding holding = holding(lot.get().id(), org.id());
      if (holding == null) {
        check.add(prefix + ".lotId", "trace.lot.not-held");
        continue;
      }
      wholeIfPieces(check, prefix + ".quantity", item.getQuantity(), lot.get().unit());
      if (item.getQuantity() != null && item.getQuantity().signum() > 0) {
        available(check, prefix + ".quantity", lot.get(), holding, item.getQuantity());
        inputs.add(
            new QuantityElement(
                lot.get().identifier(), item.getQuantity(), Units.forEpcis(lot.get().unit())));
        found.add(lot.get());
      }
    }
    return inputs;
  }

  private LotDetail.Holding holding(UUID lot, OrganisationId organisation) {
    for (LotDetail.Holding h : queries.holdings(OrganisationScope.everything(), lot)) {
      if (h.organisationId().equals(organisation)) {
        return h;
      }
    }
    return null;
  }

  /** Refuses taking more than the organisation holds of a lot (where its stock is known). */
  private static void available(
      InputCheck check, String field, Lot lot, LotDetail.Holding h, BigDecimal wanted) {
    if (h != null && h.tracked() && h.quantity().compareTo(wanted) < 0) {
      check.add(
          field,
          "trace.stock.not-enough",
          h.quantity().stripTrailingZeros().toPlainString(),
          h.unit(),
          lot.label());
    }
  }

  /**
   * Where the holder keeps the lot: the lot's place for its owner, its holding's (given) for
   * another.
   */
  private static String place(Lot lot, OrganisationId holder, LotDetail.Holding holding) {
    if (holder.equals(lot.organisationId())) {
      return lot.location();
    }
    return holding == null ? null : holding.location();
  }

  /**
   * The organisation that splits or inspects the lot: the one that holds some of it and the user
   * records for ({@link LotDetail#recordingHolder}), else a holder the user reads (the owner
   * first), else the owner, which the caller then refuses or finds holding nothing; with its
   * holding of the lot, from the same read of the lot's holdings.
   */
  private Held held(CurrentUser user, Lot lot) {
    List<LotDetail.Holding> holdings = queries.holdings(OrganisationScope.everything(), lot.id());
    OrganisationId holder =
        LotDetail.recordingHolder(
                lot.organisationId(), holdings, o -> user == null || user.canRecord(o))
            .or(
                () ->
                    holdings.stream()
                        .map(LotDetail.Holding::organisationId)
                        .filter(o -> user == null || user.canRead(o))
                        .min(Comparator.comparing(o -> !o.equals(lot.organisationId()))))
            .orElse(lot.organisationId());
    return new Held(
        holder,
        holdings.stream().filter(h -> h.organisationId().equals(holder)).findFirst().orElse(null));
  }

  /** The organisation that splits or inspects a lot, and its holding of it (null: none). */
  private record Held(OrganisationId holder, LotDetail.Holding holding) {}

  private StoredEvent ownEvent(CurrentUser user, Organisation org, String eventId) {
    Optional<StoredEvent> stored = log().find(Lots.scope(user), eventId);
    return stored
        .filter(s -> org.id().equals(s.organisationId()))
        .filter(s -> s.event().errorDeclaration() == null)
        .orElse(null);
  }

  /** Pieces (H87) are counted, not weighed: a quantity of pieces is a whole number. */
  private static void wholeIfPieces(InputCheck check, String field, BigDecimal value, String unit) {
    if (value != null
        && Units.PIECES.equals(Units.normalise(unit))
        && !check.hasProblem(field)
        && value.stripTrailingZeros().scale() > 0) {
      check.add(field, "trace.quantity.whole-pieces");
    }
  }

  private static void positive(InputCheck check, String field, BigDecimal value) {
    check.required(field, value);
    if (value != null) {
      check.check(value.signum() > 0, field, "trace.quantity.positive");
      check.check(
          value.compareTo(MAX_QUANTITY) < 0,
          field,
          "trace.quantity.too-large",
          MAX_QUANTITY.toPlainString());
      check.check(
          value.stripTrailingZeros().scale() <= EventRules.DECIMALS,
          field,
          "trace.quantity.precision");
    }
  }

  /**
   * The unit of a quantity: as given (one a product may be kept in, comparable with the product's)
   * or the product's.
   */
  private static String unit(InputCheck check, String field, String given, Product product) {
    if (given == null || given.isBlank()) {
      if (product == null) {
        check.add(field, "validation.required");
        return null;
      }
      return product.unit();
    }
    String unit = Units.normalise(given);
    if (!Units.recordable(unit)) {
      check.add(field, "trace.unit.unknown", Units.recordableCodes());
      return null;
    }
    if (product != null && !Units.comparable(unit, product.unit())) {
      check.add(field, "trace.unit.mismatch", unit, product.unit());
      return null;
    }
    return unit;
  }

  /** The earliest time an operation may be dated, as any event ({@link EventRules#EARLIEST}). */
  static final OffsetDateTime EARLIEST = EventRules.EARLIEST;

  private OffsetDateTime time(InputCheck check, String field, OffsetDateTime given, ZoneId zone) {
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
    if (given == null) {
      return now.withNano(0);
    }
    check.check(!given.isAfter(now.plusMinutes(5)), field, "validation.date.future");
    // the year at the organisation's clock, as the form shows times
    check.check(
        given.atZoneSameInstant(zone).getYear() >= EARLIEST.getYear(),
        field,
        "validation.date.too-old",
        String.valueOf(EARLIEST.getYear()));
    // the instant given, at the offset of the organisation's clock (JSON may arrive in UTC)
    return given.atZoneSameInstant(zone).toOffsetDateTime();
  }

  /**
   * The time to record an operation of the organisation on lots at ({@link #time}, now when none is
   * given): not before the lots were made, nor, for a lot of another organisation's it holds,
   * before it received it. A time given to the minute (as forms give it) in the minute of the lots'
   * latest movement here is that movement's: people record what they do in a minute in its order,
   * and the form of the first (left at "now") had the seconds the second's lacks.
   */
  private OffsetDateTime dated(
      InputCheck check,
      String field,
      OffsetDateTime given,
      List<Lot> used,
      Organisation org,
      ZoneId zone) {
    OffsetDateTime at = time(check, field, given, zone);
    for (Lot lot : used) {
      if (at == null || check.hasProblem(field)) {
        return at;
      }
      if (lot.createdAt() != null && beforeMinuteOf(at, lot.createdAt())) {
        check.add(field, "trace.date.before-lot", lot.label(), local(lot.createdAt(), zone));
      } else if (org != null && !lot.organisationId().equals(org.id())) {
        queries
            .firstReceivedAt(lot.id(), org.id())
            .filter(received -> beforeMinuteOf(at, received))
            .ifPresent(
                received ->
                    check.add(
                        field, "trace.date.before-receipt", lot.label(), local(received, zone)));
      }
    }
    if (at == null
        || org == null
        || check.hasProblem(field)
        || !at.equals(at.truncatedTo(ChronoUnit.MINUTES))) {
      return at;
    }
    return queries
        .lastMovedWithin(used.stream().map(Lot::id).toList(), org.id(), at, at.plusMinutes(1))
        .map(moved -> moved.atZoneSameInstant(zone).toOffsetDateTime())
        .orElse(at);
  }

  /**
   * Whether a time lies before the minute of another: forms give minutes, so an operation in its
   * lot's own minute is not before it.
   */
  private static boolean beforeMinuteOf(OffsetDateTime at, OffsetDateTime other) {
    return at.isBefore(other.truncatedTo(ChronoUnit.MINUTES));
  }

  /** A time as the organisation reads it: {@code 2026-11-29 08:00}. */
  private static String local(OffsetDateTime time, ZoneId zone) {
    return time.atZoneSameInstant(zone).format(MINUTES);
  }

  private static ZoneId zone(Organisation org) {
    return org != null ? org.zone() : ZoneOffset.UTC;
  }

  /**
   * The identifier of a new lot: from the code given (checked and not taken) or a code made up as
   * {prefix}{yyMMdd}-{4 characters}.
   */
  private String identifier(
      InputCheck check,
      String field,
      Organisation org,
      String gtin,
      String code,
      String prefix,
      ZoneId zone,
      Set<String> fresh) {
    if (code == null || code.isBlank()) {
      String date = OffsetDateTime.now(clock.withZone(zone)).format(CODE_DATE);
      while (true) {
        String made = prefix + date + "-" + random(4);
        String identifier = TraceIds.lot(org.code(), gtin, made);
        if (!fresh.contains(identifier) && !queries.identifierTaken(identifier)) {
          fresh.add(identifier);
          return identifier;
        }
      }
    }
    String trimmed = code.trim();
    if (!trimmed.matches(CODE)) {
      check.add(field, "trace.lot.code-format");
      return null;
    }
    String identifier = TraceIds.lot(org.code(), gtin, trimmed);
    if (fresh.stream().anyMatch(identifier::equalsIgnoreCase)) {
      check.add(field, "trace.lot.code-repeated"); // two new lots of this operation, one code
      return null;
    }
    Optional<String> other = queries.codeInOtherCapitals(org.id(), trimmed);
    if (other.isPresent()) {
      check.add(field, "trace.lot.code-capitals", other.get());
      return null;
    }
    TraceQueries.IdentifierUse use = queries.identifierUse(identifier);
    if (use != TraceQueries.IdentifierUse.FREE) {
      // a corrected lot's code is free again once nothing names the lot any more
      check.add(
          field,
          use == TraceQueries.IdentifierUse.STILL_NAMED
              ? "trace.lot.code-still-named"
              : "trace.lot.code-taken");
      return null;
    }
    fresh.add(identifier);
    return identifier;
  }

  private static String random(int length) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private String location(Organisation org, String given) {
    return places.location(org, given);
  }

  private EventLog log() {
    EventLog log = eventLog.getIfAvailable();
    if (log == null) {
      throw new IllegalStateException("no event log is configured");
    }
    return log;
  }

  /**
   * Appends an operation's event; its eventID. The same operation sent twice (a form submitted
   * twice) is the same event, stored once. One that is the same as an event declared erroneous
   * records it again: as a new event naming the erroneous one in {@code ayni:correctsEvent}, so
   * that it is not taken for the erroneous one and left out.
   */
  private String append(OrganisationId organisation, TraceEvent event, String field) {
    return append(organisation, event, field, field);
  }

  /**
   * Appends the operation's event; a rule it breaks is a problem of {@code field}, one of stock
   * (too little in a lot it takes) of {@code stockField}.
   */
  private String append(
      OrganisationId organisation, TraceEvent event, String field, String stockField) {
    return append(organisation, event, key -> key.startsWith("trace.stock.") ? stockField : field);
  }

  /** Appends the operation's event; a rule it breaks is a problem of the field its key names. */
  private String append(
      OrganisationId organisation, TraceEvent event, Function<String, String> fieldOf) {
    TraceEvent recorded = event;
    while (true) {
      EventLog.AppendResult result = appendResult(organisation, recorded, fieldOf);
      if (!result.stored().isEmpty()) {
        return result.stored().getFirst().event().eventId();
      }
      if (result.duplicateEventIds().isEmpty()) {
        return null;
      }
      String same = result.duplicateEventIds().getFirst();
      if (!queries.voided(organisation, same)) {
        return same;
      }
      recorded = event.withExtension(CORRECTS_EVENT, same);
    }
  }

  /**
   * Refuses an operation whose new lot another request made meanwhile: its code was free when
   * checked, but a request that checked it at the same moment committed first, and this event went
   * into that lot (QA of 2026-12-07m, F1: two receipts, or a receipt and a fermentation, in one lot
   * of the fermentation's product, both answered "made"). Read after the append, in its
   * transaction, which the refusal rolls back: an event of another request that names the lot is
   * committed by then (the lot's row, which both write, orders them), and two that made it side by
   * side meet the lot's unique key instead.
   */
  private void madeHere(
      OrganisationId organisation,
      String eventId,
      List<String> identifiers,
      java.util.function.IntFunction<String> field) {
    if (eventId == null) {
      return;
    }
    for (int k = 0; k < identifiers.size(); k++) {
      if (queries.namedByAnotherEvent(identifiers.get(k), organisation, eventId)) {
        throw new InvalidInputException(FieldProblem.of(field.apply(k), "trace.lot.code-taken"));
      }
    }
  }

  private EventLog.AppendResult appendResult(
      OrganisationId organisation, TraceEvent event, Function<String, String> fieldOf) {
    try {
      return log().append(organisation, null, List.of(event));
    } catch (TraceRuleViolation v) {
      throw new InvalidInputException(
          FieldProblem.of(fieldOf.apply(v.messageKey()), v.messageKey(), v.arguments().toArray()));
    }
  }

  /**
   * What an operation answers: its event and the lots it made or changed, as the projection left
   * them and the user may see them (a lot another organisation shipped here shows what it holds,
   * not what the owner has left).
   */
  private OperationResult result(CurrentUser user, String eventId, List<Lot> lots) {
    return new OperationResult(eventId, this.lots.asSeenBy(Lots.scope(user), lots));
  }

  private List<Lot> lotsByIdentifier(List<String> identifiers) {
    List<Lot> found = new ArrayList<>();
    for (String identifier : identifiers) {
      queries.lotByIdentifier(OrganisationScope.everything(), identifier).ifPresent(found::add);
    }
    return found;
  }

  /** What the audit entry is about: the first lot, or its identifier when there is none. */
  private static Object entity(List<Lot> lots, String identifier) {
    if (!lots.isEmpty()) {
      return lots.getFirst().id();
    }
    return identifier.length() > 100 ? identifier.substring(0, 100) : identifier;
  }

  private static Map<String, Object> details(String eventId, String identifier) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("eventId", eventId);
    details.put("lot", identifier);
    return details;
  }

  private static List<String> identifiers(TraceEvent e) {
    List<String> all = new ArrayList<>(e.epcs());
    e.quantities().forEach(q -> all.add(q.epcClass()));
    all.addAll(e.inputEpcs());
    e.inputQuantities().forEach(q -> all.add(q.epcClass()));
    all.addAll(e.outputEpcs());
    e.outputQuantities().forEach(q -> all.add(q.epcClass()));
    return all;
  }

  private static TraceEvent transformation(
      OffsetDateTime at,
      String bizStep,
      String location,
      List<QuantityElement> inputs,
      List<QuantityElement> outputs,
      Map<String, String> extensions) {
    return new TraceEvent(
        null,
        EventType.TransformationEvent,
        null,
        at,
        offset(at),
        bizStep,
        "active",
        null,
        location,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        inputs,
        List.of(),
        outputs,
        List.of(),
        List.of(),
        List.of(),
        null,
        extensions,
        null,
        null);
  }

  private static TraceEvent event(
      EventType type,
      Action action,
      OffsetDateTime at,
      String bizStep,
      String disposition,
      String location,
      List<QuantityElement> quantities,
      List<QuantityElement> inputs,
      List<QuantityElement> outputs,
      List<Party> sources,
      List<Party> destinations,
      List<BizTransaction> transactions,
      Map<String, String> extensions) {
    return new TraceEvent(
        null,
        type,
        action,
        at,
        offset(at),
        bizStep,
        disposition,
        null,
        location,
        null,
        null,
        List.of(),
        quantities,
        List.of(),
        inputs,
        List.of(),
        outputs,
        sources,
        destinations,
        transactions,
        null,
        extensions,
        null,
        null);
  }

  /** The EPCIS eventTimeZoneOffset of a time: ±hh:mm. */
  static String offset(OffsetDateTime at) {
    String id = at.getOffset().getId();
    return "Z".equals(id) ? "+00:00" : id;
  }
}
