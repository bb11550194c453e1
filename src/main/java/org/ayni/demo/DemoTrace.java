package org.ayni.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Member;
import org.ayni.registry.MemberFilter;
import org.ayni.registry.MemberStatus;
import org.ayni.registry.Members;
import org.ayni.registry.ProductionUnitFilter;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnitView;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.trace.InspectionForm;
import org.ayni.trace.InspectionOutcome;
import org.ayni.trace.Lot;
import org.ayni.trace.LotQuantity;
import org.ayni.trace.MergeForm;
import org.ayni.trace.OutputLot;
import org.ayni.trace.Product;
import org.ayni.trace.ProductForm;
import org.ayni.trace.ProductKind;
import org.ayni.trace.Products;
import org.ayni.trace.ReceiptForm;
import org.ayni.trace.ShipmentForm;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceOperations;
import org.ayni.trace.TraceStep;
import org.ayni.trace.TransformationForm;
import org.springframework.stereotype.Component;

/**
 * A small chain of each producer organisation, recorded through the trace operations like they
 * would record it, with a few lots left in stock to try the operations on:
 *
 * <ul>
 *   <li>Cepicafe: twelve members' deliveries of wet cacao, two fermentation batches, their drying
 *       (within the 0.40 wet-to-dry factor of the reference data), an export lot merged from the
 *       dried lots, its quality inspection and its shipment to a chocolatier; four newer deliveries
 *       in stock;
 *   <li>AgroAndino: physalis from its associations' fields, dried (within 0.25) into a lot of which
 *       part is shipped to an importer;
 *   <li>Citeindigena: roundwood from the community forests, sawn (within SERFOR's 0.56) into a lot
 *       of which part is sold to a furniture maker;
 *   <li>Royal Knit: alpaca sweaters from the knitters' homes, put together into a collection of
 *       which part goes to a fair-trade importer;
 *   <li>Red Social: gold from the miners' organisations' claims, put together into a lot for a
 *       refiner.
 * </ul>
 */
@Component
class DemoTrace {

  /** Reads on behalf of the system, to find the members and plots the chain starts from. */
  private static final CurrentUser SYSTEM =
      new CurrentUser(new UUID(0, 0), "system", "system", true, Map.of(), Set.of());

  /** Cepicafe's deliveries that go into the export lot; four more stay in stock. */
  private static final int DELIVERIES = 12;

  private static final int IN_STOCK = 4;

  private static final ZoneId LIMA = ZoneId.of("America/Lima");
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoTrace.class);

  private final Products products;
  private final TraceOperations operations;
  private final Members members;
  private final ProductionUnits units;
  private final Clock clock;

  DemoTrace(
      Products products,
      TraceOperations operations,
      Members members,
      ProductionUnits units,
      Clock clock) {
    this.products = products;
    this.operations = operations;
    this.members = members;
    this.units = units;
    this.clock = clock;
  }

  void load(Map<String, OrganisationId> organisations) {
    try {
      chain(organisations.get("cepicafe"));
      physalis(organisations.get("agroandino"));
      timber(organisations.get("citeindigena"));
      knitwear(organisations.get("royal-knit"));
      gold(organisations.get("red-social"));
    } catch (ChainStopped e) {
      // Without the lot projection (a test context that replaces it) there are no lots to go on.
      log.warn("Demo chains stopped: {}", e.getMessage());
    }
  }

  /** Thrown when an operation left no lot to continue the chain with. */
  private static final class ChainStopped extends RuntimeException {
    ChainStopped(String message) {
      super(message, null, false, false);
    }
  }

  private static Lot first(org.ayni.trace.OperationResult result, String what) {
    if (result.lots().isEmpty()) {
      throw new ChainStopped("no lot after " + what);
    }
    return result.lots().getFirst();
  }

  private void chain(OrganisationId cepicafe) {
    Product wet = product(cepicafe, "CACAO-BABA", "Cacao en baba", ProductKind.CACAO_WET, null);
    Product fermented =
        product(cepicafe, "CACAO-FERM", "Cacao fermentado", ProductKind.CACAO_FERMENTED, null);
    String gtinBody = "0775123400001";
    Product dry =
        product(
            cepicafe,
            "CACAO-SECO",
            "Cacao blanco seco (exportación)",
            ProductKind.CACAO_DRY,
            gtinBody + TraceIds.checkDigit(gtinBody));

    OffsetDateTime now = now();
    List<Lot> received =
        deliveries(
            cepicafe,
            ProductionUnitKind.FARM_PLOT,
            DELIVERIES + IN_STOCK,
            wet,
            "ENT",
            i -> BigDecimal.valueOf(80 + (i * 37) % 160),
            // the last ones came in after the export lot was made
            i ->
                i < DELIVERIES
                    ? now.minusDays(20 - i).withHour(9)
                    : now.minusDays(16 - i).withHour(8),
            "Centro de acopio Piura");
    List<Lot> deliveries = received.subList(0, Math.min(DELIVERIES, received.size()));
    int half = deliveries.size() / 2;
    String boxes = "Cajones de fermentación Piura";
    String beds = "Tendales de secado Piura";
    BigDecimal fermentation = new BigDecimal("0.88");
    BigDecimal drying = new BigDecimal("0.39");
    Lot batch1 =
        transform(
            cepicafe,
            TraceStep.FERMENTING,
            deliveries.subList(0, half),
            fermented,
            "FER-01",
            fermentation,
            now.minusDays(8),
            boxes);
    Lot batch2 =
        transform(
            cepicafe,
            TraceStep.FERMENTING,
            deliveries.subList(half, deliveries.size()),
            fermented,
            "FER-02",
            fermentation,
            now.minusDays(7),
            boxes);
    Lot dried1 =
        transform(
            cepicafe,
            TraceStep.DRYING,
            List.of(batch1),
            dry,
            "SEC-01",
            drying,
            now.minusDays(3),
            beds);
    Lot dried2 =
        transform(
            cepicafe,
            TraceStep.DRYING,
            List.of(batch2),
            dry,
            "SEC-02",
            drying,
            now.minusDays(3).plusHours(2),
            beds);
    Lot export =
        merge(
            cepicafe,
            List.of(dried1, dried2),
            "EXP-2026-001",
            now.minusDays(2),
            "Almacén de exportación Paita");

    InspectionForm inspection = new InspectionForm();
    inspection.setOutcome(InspectionOutcome.CONFORMANT);
    inspection.setMoisturePercent(new BigDecimal("6.9"));
    inspection.setCutTestBeans(300);
    inspection.setWellFermented(255);
    inspection.setPartlyPurple(24);
    inspection.setPurple(6);
    inspection.setSlaty(5);
    inspection.setMouldy(3);
    inspection.setInsectDamaged(3);
    inspection.setGerminated(2);
    inspection.setFlat(2);
    inspection.setNote("Grado I (ISO 2451)");
    inspection.setInspectedAt(now.minusDays(1));
    operations.inspect(null, export.id(), inspection);

    ship(
        cepicafe,
        export,
        export.quantityIn(),
        "Chocolaterie Artisanale Demo (Bruxelles)",
        "FAC-2026-0042",
        now.minusHours(6));
  }

  /**
   * AgroAndino buys fresh physalis from its associations' members, dries it (the 0.25 of the
   * reference data is the most it may yield; its line gives about 0.21), inspects the dried lot and
   * ships part of it.
   */
  private void physalis(OrganisationId agroandino) {
    Product fresh =
        product(
            agroandino, "AGU-FRESCO", "Aguaymanto fresco", ProductKind.PHYSALIS_FRESH, "KGM", null);
    Product dried =
        product(
            agroandino,
            "AGU-DESH",
            "Aguaymanto deshidratado orgánico",
            ProductKind.PHYSALIS_DRIED,
            "KGM",
            null);
    OffsetDateTime now = now();
    List<Lot> deliveries =
        deliveries(
            agroandino,
            ProductionUnitKind.FARM_PLOT,
            8,
            fresh,
            "AGU",
            i -> BigDecimal.valueOf(60 + (i * 29) % 140),
            i -> now.minusDays(12 - i).withHour(10),
            "Planta de deshidratado Cajamarca");
    // the last two deliveries wait for the next drying batch
    Lot batch =
        transform(
            agroandino,
            TraceStep.DRYING,
            deliveries.subList(0, deliveries.size() - 2),
            dried,
            "DESH-001",
            new BigDecimal("0.21"),
            now.minusDays(3),
            "Secador de bandejas Cajamarca");
    InspectionForm inspection = new InspectionForm();
    inspection.setOutcome(InspectionOutcome.CONFORMANT);
    inspection.setMoisturePercent(new BigDecimal("17.5"));
    inspection.setNote("Color y calibre conformes");
    inspection.setInspectedAt(now.minusDays(2));
    operations.inspect(null, batch.id(), inspection);
    ship(
        agroandino,
        batch,
        new BigDecimal("100"),
        "Naturkost Import Demo (Hamburg)",
        "FAC-AA-2026-0117",
        now.minusDays(1));
  }

  /**
   * Citeindigena's storage centre receives roundwood from the community forests (held in common: a
   * community member brings it), saws it within SERFOR's 0.56 and sells part of the sawn timber.
   */
  private void timber(OrganisationId citeindigena) {
    Product logs =
        product(
            citeindigena,
            "TROZA",
            "Madera rolliza (trozas) FSC",
            ProductKind.TIMBER_ROUNDWOOD,
            "MTQ",
            null);
    Product sawn =
        product(
            citeindigena,
            "ASERRADA",
            "Madera aserrada FSC (cumala, capirona)",
            ProductKind.TIMBER_SAWN,
            "MTQ",
            null);
    OffsetDateTime now = now();
    List<Lot> deliveries =
        deliveries(
            citeindigena,
            ProductionUnitKind.FOREST_UNIT,
            5,
            logs,
            "TRZ",
            i -> new BigDecimal("8.4").add(BigDecimal.valueOf((i * 37) % 11)),
            i -> now.minusDays(30 - 3 * i).withHour(11),
            "Centro de acopio Pucallpa");
    Lot boards =
        transform(
            citeindigena,
            TraceStep.SAWING,
            deliveries.subList(0, Math.min(3, deliveries.size())),
            sawn,
            "ASE-001",
            new BigDecimal("0.52"),
            now.minusDays(10),
            "Aserradero Pucallpa");
    ship(
        citeindigena,
        boards,
        new BigDecimal("8"),
        "Mueblería Demo (Lima)",
        "FAC-CI-2026-0031",
        now.minusDays(4));
  }

  /**
   * Royal Knit's knitters deliver alpaca sweaters from their homes; the pieces go together into a
   * collection, of which part is shipped to a fair-trade importer.
   */
  private void knitwear(OrganisationId royalKnit) {
    Product sweater =
        product(
            royalKnit,
            "CHOMPA-ALP",
            "Chompa tejida a mano de alpaca",
            ProductKind.TEXTILE,
            "H87",
            null);
    OffsetDateTime now = now();
    List<Lot> deliveries =
        deliveries(
            royalKnit,
            ProductionUnitKind.WORKSHOP,
            6,
            sweater,
            "TEJ",
            i -> BigDecimal.valueOf(4 + (i * 5) % 9),
            i -> now.minusDays(25 - 2 * i).withHour(15),
            "Taller central Ocongate");
    Lot collection = merge(royalKnit, deliveries, "COL-2027-INV", now.minusDays(9), "Cusco");
    ship(
        royalKnit,
        collection,
        new BigDecimal("30"),
        "Fair Trade Importer Demo (Antwerpen)",
        "FAC-RK-2026-0208",
        now.minusDays(5));
  }

  /**
   * Red Social's miners' organisations bring gold from their claims (mercury-free gravimetry); the
   * deliveries go together into a lot sold to a refiner.
   */
  private void gold(OrganisationId redSocial) {
    Product gold =
        product(
            redSocial,
            "ORO-BRUTO",
            "Oro bruto (gravimetría sin mercurio)",
            ProductKind.GOLD,
            "GRM",
            null);
    OffsetDateTime now = now();
    List<Lot> deliveries =
        deliveries(
            redSocial,
            ProductionUnitKind.MINING_CLAIM,
            7,
            gold,
            "ORO",
            i -> new BigDecimal("38.5").add(BigDecimal.valueOf((i * 23) % 90)),
            i -> now.minusDays(21 - 2 * i).withHour(12),
            "Oficina de acopio Chalhuanca");
    // the last delivery waits for the next lot
    Lot lot =
        merge(
            redSocial,
            deliveries.subList(0, deliveries.size() - 1),
            "LOTE-ORO-2026-11",
            now.minusDays(6),
            "Oficina de acopio Chalhuanca");
    ship(
        redSocial,
        lot,
        lot.quantityIn(),
        "Refinería Demo (Lima)",
        "FAC-RS-2026-0019",
        now.minusDays(2));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock.withZone(LIMA)).withNano(0);
  }

  private Product product(
      OrganisationId organisation, String code, String name, ProductKind kind, String gtin) {
    return product(organisation, code, name, kind, "KGM", gtin);
  }

  private Product product(
      OrganisationId organisation,
      String code,
      String name,
      ProductKind kind,
      String unit,
      String gtin) {
    ProductForm form = new ProductForm();
    form.setOrganisationId(organisation.value());
    form.setCode(code);
    form.setName(name);
    form.setKind(kind);
    form.setUnit(unit);
    form.setGtin(gtin);
    return products.create(null, form);
  }

  /**
   * Members' deliveries of the product, one from each of up to {@code count} sources of the kind
   * ({@link #sources}), as new lots of the organisation coded {@code prefix-001}…; quantity and
   * time by the delivery's index.
   */
  private List<Lot> deliveries(
      OrganisationId organisation,
      ProductionUnitKind kind,
      int count,
      Product product,
      String prefix,
      IntFunction<BigDecimal> quantity,
      IntFunction<OffsetDateTime> at,
      String location) {
    List<Source> sources = sources(organisation, kind, count);
    List<Lot> lots = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      ReceiptForm receipt = new ReceiptForm();
      receipt.setOrganisationId(organisation.value());
      receipt.setMemberId(sources.get(i).member());
      receipt.setProductionUnitId(sources.get(i).unit().unit().id());
      receipt.setProductId(product.id());
      receipt.setLotCode(String.format("%s-%03d", prefix, i + 1));
      receipt.setQuantity(quantity.apply(i));
      receipt.setReceivedAt(at.apply(i));
      receipt.setLocation(location);
      lots.add(first(operations.receiveFromMember(null, receipt), receipt.getLotCode()));
    }
    return lots;
  }

  /** The whole of each input turned into one output of the given yield of their sum. */
  private Lot transform(
      OrganisationId organisation,
      TraceStep step,
      List<Lot> inputs,
      Product product,
      String code,
      BigDecimal yield,
      OffsetDateTime at,
      String location) {
    TransformationForm form = new TransformationForm();
    form.setOrganisationId(organisation.value());
    form.setStep(step);
    BigDecimal total = BigDecimal.ZERO;
    for (Lot lot : inputs) {
      form.getInputs().add(all(lot));
      total = total.add(lot.quantityIn());
    }
    form.getOutputs().add(output(product, code, total.multiply(yield)));
    form.setOccurredAt(at);
    form.setLocation(location);
    return first(operations.transform(null, form), code);
  }

  private Lot merge(
      OrganisationId organisation,
      List<Lot> inputs,
      String code,
      OffsetDateTime at,
      String location) {
    MergeForm merge = new MergeForm();
    merge.setOrganisationId(organisation.value());
    merge.setInputs(inputs.stream().map(DemoTrace::all).toList());
    merge.setLotCode(code);
    merge.setOccurredAt(at);
    merge.setLocation(location);
    return first(operations.merge(null, merge), code);
  }

  private void ship(
      OrganisationId organisation,
      Lot lot,
      BigDecimal quantity,
      String buyer,
      String invoice,
      OffsetDateTime at) {
    LotQuantity part = new LotQuantity();
    part.setLotId(lot.id());
    part.setQuantity(quantity);
    ShipmentForm shipment = new ShipmentForm();
    shipment.setOrganisationId(organisation.value());
    shipment.setLots(List.of(part));
    shipment.setBuyerName(buyer);
    shipment.setReferenceType("inv");
    shipment.setReference(invoice);
    shipment.setShippedAt(at);
    operations.ship(null, shipment);
  }

  /** A member and the production unit it delivers from. */
  private record Source(UUID member, ProductionUnitView unit) {}

  /**
   * Up to {@code count} sources among the active units of the kind of the organisation and those
   * below it, taking the organisations in turn: a member's own unit with that member (one unit per
   * member), a unit its organisation holds in common with the organisation's next active member.
   */
  private List<Source> sources(OrganisationId organisation, ProductionUnitKind kind, int count) {
    Map<String, List<Source>> byOrganisation = new LinkedHashMap<>();
    Map<OrganisationId, List<UUID>> activeMembers = new HashMap<>();
    Set<UUID> taken = new HashSet<>();
    for (ProductionUnitView v :
        units
            .search(
                SYSTEM,
                new ProductionUnitFilter(null, organisation, null, kind, true),
                new PageQuery(0, PageQuery.MAX_SIZE))
            .items()) {
      List<UUID> active =
          activeMembers.computeIfAbsent(v.unit().organisationId(), this::activeMembers);
      UUID member = v.unit().memberId();
      if (member == null) {
        member = active.stream().filter(m -> !taken.contains(m)).findFirst().orElse(null);
      } else if (!active.contains(member)) {
        member = null;
      }
      if (member != null && taken.add(member)) {
        byOrganisation
            .computeIfAbsent(v.organisationCode(), k -> new ArrayList<>())
            .add(new Source(member, v));
      }
    }
    List<Source> chosen = new ArrayList<>();
    for (int round = 0; chosen.size() < count; round++) {
      boolean any = false;
      for (List<Source> list : byOrganisation.values()) {
        if (round < list.size() && chosen.size() < count) {
          chosen.add(list.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    if (chosen.isEmpty()) {
      throw new ChainStopped("no " + kind + " with an active member");
    }
    return chosen;
  }

  private List<UUID> activeMembers(OrganisationId organisation) {
    return members
        .search(
            SYSTEM,
            new MemberFilter(null, organisation, null, MemberStatus.ACTIVE),
            new PageQuery(0, PageQuery.MAX_SIZE))
        .items()
        .stream()
        .filter(m -> m.organisationId().equals(organisation))
        .map(Member::id)
        .toList();
  }

  private static LotQuantity all(Lot lot) {
    LotQuantity q = new LotQuantity();
    q.setLotId(lot.id());
    q.setQuantity(lot.quantityIn());
    return q;
  }

  private static OutputLot output(Product product, String code, BigDecimal quantity) {
    OutputLot out = new OutputLot();
    out.setProductId(product.id());
    out.setLotCode(code);
    out.setQuantity(quantity.setScale(1, RoundingMode.DOWN));
    return out;
  }
}
