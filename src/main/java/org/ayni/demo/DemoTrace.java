package org.ayni.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * A small cacao chain of Cepicafe's, recorded through the trace operations like a co-operative
 * would: twelve members' deliveries of wet cacao, two fermentation batches, their drying (within
 * the 0.40 wet-to-dry factor of the reference data), an export lot merged from the dried lots, its
 * quality inspection and its shipment to a chocolatier.
 */
@Component
class DemoTrace {

  /** Reads on behalf of the system, to find the members and plots the chain starts from. */
  private static final CurrentUser SYSTEM =
      new CurrentUser(new UUID(0, 0), "system", "system", true, Map.of(), Set.of());

  private static final int DELIVERIES = 12;
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
    } catch (ChainStopped e) {
      // Without the lot projection (a test context that replaces it) there are no lots to go on.
      log.warn("Demo cacao chain stopped: {}", e.getMessage());
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

    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneId.of("America/Lima"))).withNano(0);
    List<ProductionUnitView> plots = plots(cepicafe);
    List<Lot> deliveries = new ArrayList<>();
    for (int i = 0; i < plots.size(); i++) {
      ProductionUnitView plot = plots.get(i);
      ReceiptForm receipt = new ReceiptForm();
      receipt.setOrganisationId(cepicafe.value());
      receipt.setMemberId(plot.unit().memberId());
      receipt.setProductionUnitId(plot.unit().id());
      receipt.setProductId(wet.id());
      receipt.setLotCode(String.format("ENT-%03d", i + 1));
      receipt.setQuantity(BigDecimal.valueOf(80 + (i * 37) % 160));
      receipt.setReceivedAt(now.minusDays(20 - i).withHour(9));
      receipt.setLocation("Centro de acopio Piura");
      deliveries.add(first(operations.receiveFromMember(null, receipt), receipt.getLotCode()));
    }
    int half = deliveries.size() / 2;
    Lot batch1 =
        ferment(cepicafe, fermented, deliveries.subList(0, half), "FER-01", now.minusDays(8));
    Lot batch2 =
        ferment(
            cepicafe,
            fermented,
            deliveries.subList(half, deliveries.size()),
            "FER-02",
            now.minusDays(7));
    Lot dried1 = dry(cepicafe, dry, batch1, "SEC-01", now.minusDays(3));
    Lot dried2 = dry(cepicafe, dry, batch2, "SEC-02", now.minusDays(3).plusHours(2));

    MergeForm merge = new MergeForm();
    merge.setOrganisationId(cepicafe.value());
    merge.setInputs(List.of(all(dried1), all(dried2)));
    merge.setLotCode("EXP-2026-001");
    merge.setOccurredAt(now.minusDays(2));
    merge.setLocation("Almacén de exportación Paita");
    Lot export = first(operations.merge(null, merge), merge.getLotCode());

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

    ShipmentForm shipment = new ShipmentForm();
    shipment.setOrganisationId(cepicafe.value());
    shipment.setLots(List.of(all(export)));
    shipment.setBuyerName("Chocolaterie Artisanale Demo (Bruxelles)");
    shipment.setReferenceType("inv");
    shipment.setReference("FAC-2026-0042");
    shipment.setShippedAt(now.minusHours(6));
    operations.ship(null, shipment);
  }

  private Product product(
      OrganisationId organisation, String code, String name, ProductKind kind, String gtin) {
    ProductForm form = new ProductForm();
    form.setOrganisationId(organisation.value());
    form.setCode(code);
    form.setName(name);
    form.setKind(kind);
    form.setUnit("KGM");
    form.setGtin(gtin);
    return products.create(null, form);
  }

  /** One plot each of the first active members of Cepicafe's base organisations, in turn. */
  private List<ProductionUnitView> plots(OrganisationId cepicafe) {
    Set<UUID> active =
        members
            .search(
                SYSTEM,
                new MemberFilter(null, cepicafe, null, MemberStatus.ACTIVE),
                new PageQuery(0, PageQuery.MAX_SIZE))
            .items()
            .stream()
            .map(Member::id)
            .collect(Collectors.toSet());
    Map<String, List<ProductionUnitView>> byOrganisation = new LinkedHashMap<>();
    Set<UUID> taken = new java.util.HashSet<>();
    for (ProductionUnitView v :
        units
            .search(
                SYSTEM,
                new ProductionUnitFilter(null, cepicafe, null, ProductionUnitKind.FARM_PLOT, true),
                new PageQuery(0, PageQuery.MAX_SIZE))
            .items()) {
      UUID member = v.unit().memberId();
      if (member != null && active.contains(member) && taken.add(member)) {
        byOrganisation.computeIfAbsent(v.organisationCode(), k -> new ArrayList<>()).add(v);
      }
    }
    List<ProductionUnitView> chosen = new ArrayList<>();
    for (int round = 0; chosen.size() < DELIVERIES; round++) {
      boolean any = false;
      for (List<ProductionUnitView> list : byOrganisation.values()) {
        if (round < list.size() && chosen.size() < DELIVERIES) {
          chosen.add(list.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return chosen;
  }

  private Lot ferment(
      OrganisationId organisation,
      Product fermented,
      List<Lot> inputs,
      String code,
      OffsetDateTime at) {
    TransformationForm form = new TransformationForm();
    form.setOrganisationId(organisation.value());
    form.setStep(TraceStep.FERMENTING);
    BigDecimal total = BigDecimal.ZERO;
    for (Lot lot : inputs) {
      form.getInputs().add(all(lot));
      total = total.add(lot.quantityIn());
    }
    form.getOutputs().add(output(fermented, code, total.multiply(new BigDecimal("0.88"))));
    form.setOccurredAt(at);
    form.setLocation("Cajones de fermentación Piura");
    return first(operations.transform(null, form), code);
  }

  private Lot dry(
      OrganisationId organisation, Product dry, Lot input, String code, OffsetDateTime at) {
    TransformationForm form = new TransformationForm();
    form.setOrganisationId(organisation.value());
    form.setStep(TraceStep.DRYING);
    form.getInputs().add(all(input));
    form.getOutputs().add(output(dry, code, input.quantityIn().multiply(new BigDecimal("0.39"))));
    form.setOccurredAt(at);
    form.setLocation("Tendales de secado Piura");
    return first(operations.transform(null, form), code);
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
