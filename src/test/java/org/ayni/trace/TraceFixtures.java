package org.ayni.trace;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.registry.Gender;
import org.ayni.registry.Member;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnits;
import org.ayni.support.Http;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data of the trace tests, unique per call: a base organisation of Cepicafe's with two members
 * and three plots (A has two), and Cepicafe's products wet, fermented and dry cacao with codes of
 * their own, so that each test traces exactly what it recorded.
 */
final class TraceFixtures {

  final String tag;
  final UUID cepicafe;
  final Organisation base;
  final Member memberA;
  final Member memberB;
  final ProductionUnit plotA1;
  final ProductionUnit plotA2;
  final ProductionUnit plotB1;
  final Product wet;
  final Product fermented;
  final Product dry;
  private final Products products;

  private TraceFixtures(ApplicationContext context) {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    Organisations organisations = context.getBean(Organisations.class);
    Members members = context.getBean(Members.class);
    ProductionUnits units = context.getBean(ProductionUnits.class);
    products = context.getBean(Products.class);
    tag = UUID.randomUUID().toString().substring(0, 8);
    cepicafe = organisationId(jdbc, "cepicafe");
    OrganisationForm org = new OrganisationForm();
    org.setParentId(cepicafe);
    org.setKind(OrganisationKind.COOPERATIVE);
    org.setCode("cepicafe-trace-" + tag);
    org.setName("Base de trazabilidad " + tag);
    org.setCountry("PE");
    org.setRegion("Piura");
    org.setLanguages(List.of("es"));
    base = organisations.create(null, org);
    memberA = members.register(null, member("TA-" + tag, "Anselma"));
    memberB = members.register(null, member("TB-" + tag, "Bernardino"));
    plotA1 = units.create(null, plot(memberA, "TA1-" + tag, 0));
    plotA2 = units.create(null, plot(memberA, "TA2-" + tag, 1));
    plotB1 = units.create(null, plot(memberB, "TB1-" + tag, 2));
    wet =
        products.create(
            null, product("WET-" + tag, "Cacao en baba " + tag, ProductKind.CACAO_WET, null));
    fermented =
        products.create(
            null,
            product("FER-" + tag, "Cacao fermentado " + tag, ProductKind.CACAO_FERMENTED, null));
    dry =
        products.create(
            null, product("DRY-" + tag, "Cacao seco " + tag, ProductKind.CACAO_DRY, gtin()));
  }

  static TraceFixtures create(ApplicationContext context) {
    return new TraceFixtures(context);
  }

  static final String PASSWORD = "trace-Password-2026";

  /** An organisation of another group, and a field officer whose only role is there. */
  record Outsider(UUID id, String code, String username) {

    Http api(int port) {
      return Http.basic(port, username, PASSWORD);
    }
  }

  /**
   * A new organisation outside Cepicafe (not one of the demo's, whose users the tenancy walker
   * plays: what Cepicafe ships to this one must not show up in their reads).
   */
  static Outsider outsider(ApplicationContext context, String prefix) {
    return outsider(context, prefix, "PE", null);
  }

  /** An outsider in a country, keeping its clock in the time zone (null: the country's default). */
  static Outsider outsider(
      ApplicationContext context, String prefix, String country, String timeZone) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String code = prefix + "-" + tag;
    OrganisationForm form = new OrganisationForm();
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode(code);
    form.setName("Organización de prueba " + tag);
    form.setCountry(country);
    form.setTimeZone(timeZone);
    form.setLanguages(List.of("es"));
    Organisation organisation = context.getBean(Organisations.class).create(null, form);
    UserAccounts accounts = context.getBean(UserAccounts.class);
    UUID user =
        accounts.create(
            null,
            new UserAccounts.NewUser(
                code + ".campo", PASSWORD, "Prueba " + tag, null, false, "es"));
    accounts.grant(null, user, organisation.id(), Role.FIELD_OFFICER);
    return new Outsider(organisation.id().value(), code, code + ".campo");
  }

  /** A GTIN-14 unique to this run (check digit included). */
  static String gtin() {
    String digits =
        String.format(
            "%013d", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 10_000_000_000_000L);
    return digits + TraceIds.checkDigit(digits);
  }

  private MemberForm member(String code, String name) {
    MemberForm m = new MemberForm();
    m.setOrganisationId(base.id().value());
    m.setMemberCode(code);
    m.setKind(MemberKind.HOUSEHOLD);
    m.setGivenNames(name);
    m.setFamilyNames("Trazable " + tag);
    m.setGender(Gender.FEMALE);
    m.setBirthDate(LocalDate.of(1975, 3, 1));
    m.setJoinDate(LocalDate.of(2015, 1, 10));
    return m;
  }

  private ProductionUnitForm plot(Member member, String code, int offset) {
    double lon = -80.2 - offset * 0.01;
    double lat = -5.2 - (Math.abs(tag.hashCode()) % 1000) * 0.0001;
    ProductionUnitForm form = new ProductionUnitForm();
    form.setOrganisationId(base.id().value());
    form.setMemberId(member.id());
    form.setCode(code);
    form.setName("Parcela " + code);
    form.setKind(ProductionUnitKind.FARM_PLOT);
    form.setGeometry(
        "{\"type\":\"Polygon\",\"coordinates\":[[["
            + lon
            + ","
            + lat
            + "],["
            + (lon + 0.002)
            + ","
            + lat
            + "],["
            + (lon + 0.002)
            + ","
            + (lat + 0.002)
            + "],["
            + lon
            + ","
            + (lat + 0.002)
            + "],["
            + lon
            + ","
            + lat
            + "]]]}");
    form.setMainProducts("cacao");
    return form;
  }

  /** Another product of Cepicafe, of the kind, kept in the unit (UN/ECE code). */
  Product another(String code, String name, ProductKind kind, String unit) {
    ProductForm form = product(code, name, kind, null);
    form.setUnit(unit);
    return products.create(null, form);
  }

  private ProductForm product(String code, String name, ProductKind kind, String gtin) {
    ProductForm form = new ProductForm();
    form.setOrganisationId(cepicafe);
    form.setCode(code);
    form.setName(name);
    form.setKind(kind);
    form.setUnit("KGM");
    form.setGtin(gtin);
    return form;
  }

  /** A new product of Cepicafe as {@code POST /api/v1/products} takes it: dry cacao in kg. */
  Map<String, Object> newProduct(String code, String gtin) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organisationId", cepicafe);
    body.put("code", code);
    body.put("name", "Producto " + tag);
    body.put("kind", "CACAO_DRY");
    body.put("unit", "KGM");
    body.put("gtin", gtin);
    return body;
  }

  static UUID organisationId(JdbcClient jdbc, String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single();
  }

  // ---- request bodies -------------------------------------------------------------------------

  Map<String, Object> receipt(Member member, ProductionUnit plot, String lotCode, int kg) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organisationId", cepicafe);
    body.put("memberId", member.id());
    body.put("productionUnitId", plot.id());
    body.put("productId", wet.id());
    body.put("lotCode", lotCode);
    body.put("quantity", kg);
    return body;
  }

  /** Records a member's delivery of kg of wet cacao into a new lot of the code; the lot's id. */
  String delivered(Http api, Member member, ProductionUnit plot, String lotCode, int kg) {
    return TraceChainTests.created(
        api.post("/api/v1/trace/receipts", receipt(member, plot, lotCode, kg)));
  }

  /**
   * The body of an own conversion factor of the organisation's dry cacao in a step (verified in
   * part).
   */
  Map<String, Object> dryFactor(String step, Object maxYield, String source) {
    Map<String, Object> factor = new HashMap<>();
    factor.put("organisationId", cepicafe);
    factor.put("productId", dry.id());
    factor.put("step", step);
    factor.put("maxYield", maxYield);
    factor.put("source", source);
    factor.put("verification", "P");
    return factor;
  }

  Map<String, Object> transformation(
      TraceStep step, List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organisationId", cepicafe);
    body.put("step", step.name());
    body.put("inputs", inputs);
    body.put("outputs", outputs);
    return body;
  }

  /** An event of the given shape, an hour ago at Peru's offset, without event id or body. */
  static TraceEvent event(
      TraceEvent.EventType type,
      TraceEvent.Action action,
      String bizStep,
      List<TraceEvent.QuantityElement> what,
      List<TraceEvent.QuantityElement> in,
      List<TraceEvent.QuantityElement> out) {
    return event(null, type, action, bizStep, what, in, out);
  }

  /** The same with an event id (as the capture gives every event before its projection sees it). */
  static TraceEvent event(
      String eventId,
      TraceEvent.EventType type,
      TraceEvent.Action action,
      String bizStep,
      List<TraceEvent.QuantityElement> what,
      List<TraceEvent.QuantityElement> in,
      List<TraceEvent.QuantityElement> out) {
    return event(eventId, type, action, bizStep, what, in, out, List.of());
  }

  /** Kilograms of a lot taken out of stock (a DELETE destroying), an hour ago. */
  static TraceEvent taking(String identifier, int kg) {
    return event(
        TraceEvent.EventType.ObjectEvent,
        TraceEvent.Action.DELETE,
        "destroying",
        List.of(new TraceEvent.QuantityElement(identifier, new BigDecimal(kg), "KGM")),
        List.of(),
        List.of());
  }

  /** A delivery into a lot as a capture records it: an ADD receiving with its sources. */
  static TraceEvent delivery(
      String identifier, BigDecimal quantity, String unit, List<TraceEvent.Party> sources) {
    return event(
        null,
        TraceEvent.EventType.ObjectEvent,
        TraceEvent.Action.ADD,
        "receiving",
        List.of(new TraceEvent.QuantityElement(identifier, quantity, unit)),
        List.of(),
        List.of(),
        sources);
  }

  private static TraceEvent event(
      String eventId,
      TraceEvent.EventType type,
      TraceEvent.Action action,
      String bizStep,
      List<TraceEvent.QuantityElement> what,
      List<TraceEvent.QuantityElement> in,
      List<TraceEvent.QuantityElement> out,
      List<TraceEvent.Party> sources) {
    return new TraceEvent(
        eventId,
        type,
        action,
        OffsetDateTime.now(),
        "-05:00",
        bizStep,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        what,
        List.of(),
        in,
        List.of(),
        out,
        sources,
        List.of(),
        List.of(),
        null,
        Map.of(),
        null,
        null);
  }

  /** What the owner holds of the lot with the code. */
  static BigDecimal stock(JdbcClient jdbc, String code) {
    return jdbc.sql(
            "select s.quantity from lot_stock s join lot l on l.id = s.lot_id where l.code = ?")
        .param(code)
        .query(BigDecimal.class)
        .single();
  }

  /**
   * The next whole minute at Lima's clock, as a form or a client sends a time it was given (the
   * same in two requests, unlike a time made up per request): after anything recorded just now,
   * within the five minutes ahead that operations accept.
   */
  static String nextMinute() {
    return OffsetDateTime.now(ZoneOffset.ofHours(-5))
        .plusMinutes(1)
        .truncatedTo(ChronoUnit.MINUTES)
        .toString();
  }

  static Map<String, Object> input(String lotId, Number quantity) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("lotId", lotId);
    in.put("quantity", quantity);
    return in;
  }

  static Map<String, Object> output(Product product, String code, Number quantity) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("productId", product.id());
    out.put("lotCode", code);
    out.put("quantity", quantity instanceof BigDecimal b ? b : quantity);
    return out;
  }

  /** Builds the chain; returns the lot ids by short name. */
  Map<String, String> chain(Http campo) {
    String t = tag;
    Map<String, String> ids = new HashMap<>();
    ids.put("D1", delivered(campo, memberA, plotA1, "D1-" + t, 100));
    ids.put("D2", delivered(campo, memberB, plotB1, "D2-" + t, 300));
    ids.put("D3", delivered(campo, memberA, plotA2, "D3-" + t, 100));
    ids.put(
        "F1",
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                transformation(
                    TraceStep.FERMENTING,
                    List.of(
                        TraceFixtures.input(ids.get("D1"), 100),
                        TraceFixtures.input(ids.get("D2"), 300)),
                    List.of(TraceFixtures.output(fermented, "F1-" + t, 360))))));
    ids.put(
        "F2",
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                transformation(
                    TraceStep.FERMENTING,
                    List.of(TraceFixtures.input(ids.get("D3"), 100)),
                    List.of(TraceFixtures.output(fermented, "F2-" + t, 90))))));
    ids.put(
        "S1",
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                transformation(
                    TraceStep.DRYING,
                    List.of(TraceFixtures.input(ids.get("F1"), 360)),
                    List.of(TraceFixtures.output(dry, "S1-" + t, 140))))));
    ids.put(
        "S2",
        TraceChainTests.created(
            campo.post(
                "/api/v1/trace/transformations",
                transformation(
                    TraceStep.DRYING,
                    List.of(TraceFixtures.input(ids.get("F2"), 90)),
                    List.of(TraceFixtures.output(dry, "S2-" + t, 35))))));
    Http.Response split =
        campo.post(
            "/api/v1/lots/" + ids.get("S1") + "/split",
            Map.of(
                "parts",
                List.of(
                    Map.of("lotCode", "S1A-" + t, "quantity", 70),
                    Map.of("lotCode", "S1B-" + t, "quantity", 70))));
    org.assertj.core.api.Assertions.assertThat(split.status()).as(split.body()).isEqualTo(201);
    ids.put("S1A", split.json().path("lots").get(0).path("id").asString());
    ids.put("S1B", split.json().path("lots").get(1).path("id").asString());
    Map<String, Object> merge = new HashMap<>();
    merge.put("organisationId", cepicafe);
    merge.put("lotCode", "E-" + t);
    merge.put(
        "inputs",
        List.of(TraceFixtures.input(ids.get("S1A"), 70), TraceFixtures.input(ids.get("S2"), 35)));
    ids.put("E", TraceChainTests.created(campo.post("/api/v1/trace/merges", merge)));
    Map<String, Object> shipment = new HashMap<>();
    shipment.put("organisationId", cepicafe);
    shipment.put("lots", List.of(TraceFixtures.input(ids.get("E"), 105)));
    shipment.put("buyerName", "Chocolatier " + t);
    shipment.put("reference", "INV-" + t);
    Http.Response shipped = campo.post("/api/v1/trace/shipments", shipment);
    org.assertj.core.api.Assertions.assertThat(shipped.status()).as(shipped.body()).isEqualTo(201);
    return ids;
  }
}
