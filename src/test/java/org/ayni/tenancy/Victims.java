package org.ayni.tenancy;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The records of Cepicafe that outsiders try to read and change: a base organisation of its own
 * (with a unique name and code) below Cepicafe, a member, a production unit and a certificate in
 * it, a user with a role there and an API token of Cepicafe's administrator, plus Cepicafe itself.
 * Each victim carries the values that identify it (name, code…): none may appear in what an
 * outsider gets back.
 *
 * <p>A new kind of record (the walker fails on a path variable of a resource it does not know):
 * create one of Cepicafe's here, below {@link #base}, with values unique to this run (use {@link
 * #tag}), and {@code add("<path segment>", id, its identifying values…)}.
 */
final class Victims {

  static final String PASSWORD = "walker-Password-2026";

  /**
   * A record of Cepicafe's, by the resource name used in paths; {@code key} is what names it in a
   * path (its id, or the eventID of an EPCIS event).
   */
  record Victim(String resource, UUID id, String key, List<String> markers) {}

  final String tag;
  final UUID central;
  final Organisation base;
  final Member member;
  final UUID user;
  final String username;
  final Map<String, List<Victim>> byResource = new LinkedHashMap<>();

  /** A base organisation of Cepicafe's and an administrator whose only role is there. */
  final Organisation ownBase;

  final String baseAdmin;

  private final JdbcClient jdbc;

  private Victims(ApplicationContext context) {
    this.jdbc = context.getBean(JdbcClient.class);
    Organisations organisations = context.getBean(Organisations.class);
    Members members = context.getBean(Members.class);
    UserAccounts accounts = context.getBean(UserAccounts.class);
    tag = UUID.randomUUID().toString().substring(0, 8);
    central = orgId("cepicafe");

    base =
        organisations.create(null, organisation("cepicafe-walk-" + tag, "Walkvictim Base " + tag));
    ownBase =
        organisations.create(null, organisation("cepicafe-own-" + tag, "Walkowner Base " + tag));

    MemberForm m = new MemberForm();
    m.setOrganisationId(base.id().value());
    m.setMemberCode("WV-" + tag);
    m.setKind(MemberKind.PERSON);
    m.setGivenNames("Walkvictim");
    m.setFamilyNames("Socia " + tag);
    m.setGender(Gender.FEMALE);
    m.setBirthDate(LocalDate.of(1980, 5, 1));
    m.setCommunity("Caserio Walkvictim " + tag);
    m.setNationalId("9" + tag.replaceAll("[^0-9]", "1"));
    m.setJoinDate(LocalDate.of(2020, 1, 15));
    member = members.register(null, m);

    username = "walkvictim." + tag;
    user =
        accounts.create(
            null,
            new UserAccounts.NewUser(
                username,
                PASSWORD,
                "Walkvictim Usuario " + tag,
                "walkvictim." + tag + "@example.org",
                false,
                "es"));
    accounts.grant(null, user, base.id(), Role.FIELD_OFFICER);

    baseAdmin = "walkowner." + tag;
    UUID ownAdmin =
        accounts.create(
            null,
            new UserAccounts.NewUser(
                baseAdmin, PASSWORD, "Walkowner Admin " + tag, null, false, "es"));
    accounts.grant(null, ownAdmin, ownBase.id(), Role.ORG_ADMIN);

    add("organisations", base.id().value(), base.name(), base.code(), base.contactEmail());
    add("organisations", central, "Central Piurana de Cafetaleros", "cepicafe");
    add(
        "members",
        member.id(),
        member.memberCode(),
        member.familyNames(),
        member.community(),
        member.nationalId());
    add("users", user, username, "Walkvictim Usuario " + tag, "walkvictim." + tag + "@example.org");
    productionUnit(context);
    certificate(context);
    token();
    epcisEvent();
    namedQuery();
    captureJob();
    productAndLot(context);
    place();
  }

  /** A place the victim base organisation named on a form (the places page lists it). */
  private void place() {
    String name = "Walkvictim Almacén " + tag;
    String location = "urn:ayni:loc:" + base.code() + ":walkvictim-almacen-" + tag;
    jdbc.sql(
            "insert into trace_place (organisation_id, location, name, name_key)"
                + " values (?, ?, ?, ?)")
        .params(base.id().value(), location, name, org.ayni.trace.TraceIds.slug(name))
        .update();
    addKeyed("places", UUID.randomUUID(), location, name, location);
  }

  private static Victims instance;

  /** The victims, created once per application (test classes share one context). */
  static synchronized Victims of(ApplicationContext context) {
    if (instance == null || !instance.stillThere()) {
      instance = new Victims(context);
    }
    return instance;
  }

  private boolean stillThere() {
    return jdbc.sql("select count(*) from organisation where id = ?")
            .param(base.id().value())
            .query(Long.class)
            .single()
        == 1;
  }

  List<Victim> of(String resource) {
    return byResource.getOrDefault(resource, List.of());
  }

  private void add(String resource, UUID id, String... markers) {
    addKeyed(resource, id, id.toString(), markers);
  }

  private void addKeyed(String resource, UUID id, String key, String... markers) {
    List<String> values = new ArrayList<>();
    for (String m : markers) {
      if (m != null && !m.isBlank()) {
        values.add(m);
      }
    }
    byResource
        .computeIfAbsent(resource, r -> new ArrayList<>())
        .add(new Victim(resource, id, key, values));
  }

  private OrganisationForm organisation(String code, String name) {
    OrganisationForm form = new OrganisationForm();
    form.setParentId(central);
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode(code);
    form.setName(name);
    form.setCountry("PE");
    form.setRegion("Piura");
    form.setContactEmail(code + "@example.org");
    form.setLanguages(List.of("es"));
    return form;
  }

  /** A production unit of the victim member, through the registry's own service. */
  private void productionUnit(ApplicationContext context) {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("organisationId", base.id().value());
    form.put("memberId", member.id());
    form.put("code", "WVP-" + tag);
    form.put("name", "Walkvictim Parcela " + tag);
    form.put("kind", "FARM_PLOT");
    form.put("geometry", Plausible.POLYGON);
    form.put("mainProducts", "cacao");
    Optional<UUID> id =
        createThroughService(
            context,
            "org.ayni.registry.ProductionUnits",
            "org.ayni.registry.ProductionUnitForm",
            form);
    id.ifPresent(u -> add("production-units", u, "WVP-" + tag, "Walkvictim Parcela " + tag));
  }

  private void certificate(ApplicationContext context) {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("organisationId", base.id().value());
    form.put("scheme", "FAIRTRADE");
    form.put("certificateNumber", "WVC-" + tag);
    form.put("certifyingBody", "Walkvictim Certificadora " + tag);
    form.put("scopeAllMembers", true);
    form.put("validFrom", LocalDate.now().minusDays(100));
    form.put("validTo", LocalDate.now().plusDays(300));
    Optional<UUID> id =
        createThroughService(
            context, "org.ayni.registry.Certificates", "org.ayni.registry.CertificateForm", form);
    id.ifPresent(u -> add("certificates", u, "WVC-" + tag, "Walkvictim Certificadora " + tag));
  }

  /** An API token of Cepicafe's administrator. */
  private void token() {
    UUID owner = userId("cepicafe.admin");
    UUID id = UUID.randomUUID();
    String prefix = "ayni_wv" + tag.substring(0, 5);
    String name = "Walkvictim Token " + tag;
    jdbc.sql(
            """
            insert into api_token (id, user_id, name, token_hash, token_prefix, created_at, expires_at)
            values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            owner,
            name,
            sha256("walkvictim-" + id),
            prefix,
            OffsetDateTime.now(ZoneOffset.UTC),
            null)
        .update();
    add("tokens", id, name, prefix);
  }

  /**
   * An EPCIS event of the victim base organisation, in the event log's table (path key: its
   * eventID), with an extension field that names it; its EPC, business step, disposition, read
   * point and business location are the victim's own (path keys of {@code /epcis/epcs/{epc}} and
   * its kind), URIs with slashes as such paths carry them percent-encoded.
   */
  private void epcisEvent() {
    String eventId = "urn:uuid:" + UUID.randomUUID();
    String note = "Walkvictim Evento " + tag;
    String epc = "urn:ayni:walkvictim:" + tag;
    String bizStep = "https://ayni.org/voc/walkvictim/bizstep/" + tag;
    String disposition = "https://ayni.org/voc/walkvictim/disposition/" + tag;
    String readPoint = "https://ayni.org/walkvictim/rp/" + tag;
    String bizLocation = "https://ayni.org/walkvictim/bl/" + tag;
    String body =
        "{\"type\":\"ObjectEvent\",\"eventID\":\""
            + eventId
            + "\",\"eventTime\":\"2026-05-04T08:00:00-05:00\",\"eventTimeZoneOffset\":\"-05:00\","
            + "\"action\":\"OBSERVE\",\"epcList\":[\""
            + epc
            + "\"],\"bizStep\":\""
            + bizStep
            + "\",\"disposition\":\""
            + disposition
            + "\",\"readPoint\":{\"id\":\""
            + readPoint
            + "\"},\"bizLocation\":{\"id\":\""
            + bizLocation
            + "\"},\"ayni:note\":\""
            + note
            + "\"}";
    long seq = jdbc.sql("select nextval('epcis_event_seq')").query(Long.class).single();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            insert into epcis_event (seq, organisation_id, event_id, error_declared, event_type,
                action, event_time, event_time_zone_offset, record_time, biz_step, disposition,
                read_point, biz_location, body)
            values (?, ?, ?, false, 'ObjectEvent', 'OBSERVE', ?, '-05:00', ?, ?, ?, ?, ?, ?)""")
        .params(
            seq,
            base.id().value(),
            eventId,
            now,
            now,
            bizStep,
            disposition,
            readPoint,
            bizLocation,
            body)
        .update();
    jdbc.sql("insert into epcis_event_epc (seq, role, epc) values (?, 'epc', ?)")
        .params(seq, epc)
        .update();
    addKeyed("events", UUID.randomUUID(), eventId, note, epc);
    addKeyed("epcs", UUID.randomUUID(), epc, note, epc);
    addKeyed("bizSteps", UUID.randomUUID(), bizStep, note, bizStep);
    addKeyed("dispositions", UUID.randomUUID(), disposition, note, disposition);
    addKeyed("readPoints", UUID.randomUUID(), readPoint, note, readPoint);
    addKeyed("bizLocations", UUID.randomUUID(), bizLocation, note, bizLocation);
  }

  /**
   * A named EPCIS query of Cepicafe's administrator (path key: its name), which asks for the victim
   * event's EPC, with a subscription (path key: its id): named queries and their subscriptions
   * belong to the account that made them.
   */
  private void namedQuery() {
    String name = "walkvictim-query-" + tag;
    String epc = "urn:ayni:walkvictim:" + tag;
    jdbc.sql(
            "insert into epcis_named_query (owner_id, name, query, created_at) values (?, ?, ?, ?)")
        .params(
            userId("cepicafe.admin"),
            name,
            "{\"MATCH_epc\":[\"" + epc + "\"]}",
            OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    addKeyed("queries", UUID.randomUUID(), name, name);
    // and a subscription to it, whose URL and secret token only that account may know of
    UUID subscription = UUID.randomUUID();
    String dest = "https://hooks.example.com/walkvictim-" + tag;
    jdbc.sql(
            """
            insert into epcis_subscription (id, owner_id, query_name, dest, signature_token,
                stream, report_if_empty, created_at, failures)
            values (?, ?, ?, ?, ?, true, false, ?, 0)""")
        .params(
            subscription,
            userId("cepicafe.admin"),
            name,
            dest,
            "walkvictim-token-" + tag,
            OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    addKeyed("subscriptions", subscription, subscription.toString(), dest);
  }

  /** A capture job of the victim base organisation. */
  private void captureJob() {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into epcis_capture_job (id, organisation_id, created_by, created_at, finished_at,
                running, success, error_behaviour, event_count, stored_count, language)
            values (?, ?, ?, ?, ?, false, true, 'rollback', 1, 1, 'es')""")
        .params(
            id,
            base.id().value(),
            username,
            OffsetDateTime.now(ZoneOffset.UTC),
            OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    add("capture", id, username);
  }

  /**
   * A product of the victim base organisation and a lot of it: the victim member's delivery from
   * the victim production unit, recorded through the trace operations (as the system).
   */
  private void productAndLot(ApplicationContext context) {
    org.ayni.trace.ProductForm product = new org.ayni.trace.ProductForm();
    product.setOrganisationId(base.id().value());
    product.setCode("WVPR-" + tag);
    product.setName("Walkvictim Producto " + tag);
    product.setKind(org.ayni.trace.ProductKind.CACAO_WET);
    product.setUnit("KGM");
    org.ayni.trace.Product created =
        context.getBean(org.ayni.trace.Products.class).create(null, product);
    add("products", created.id(), created.code(), created.name());
    // an own conversion factor of the product (its withdrawal is a path of its own)
    org.ayni.trace.ConversionFactorForm factor = new org.ayni.trace.ConversionFactorForm();
    factor.setOrganisationId(base.id().value());
    factor.setProductId(created.id());
    factor.setStep(org.ayni.trace.TraceStep.SORTING);
    factor.setMaxYield(java.math.BigDecimal.ONE);
    factor.setSource("Walkvictim Fuente " + tag);
    factor.setVerification(org.ayni.reference.Verification.P);
    org.ayni.trace.ConversionFactor own =
        context.getBean(org.ayni.trace.ConversionFactors.class).set(null, factor);
    add("conversion-factors", own.id(), own.source());
    add("factors", own.id(), own.source());
    org.ayni.trace.ReceiptForm receipt = new org.ayni.trace.ReceiptForm();
    receipt.setOrganisationId(base.id().value());
    receipt.setMemberId(member.id());
    receipt.setProductionUnitId(of("production-units").getFirst().id());
    receipt.setProductId(created.id());
    receipt.setLotCode("WVL-" + tag);
    receipt.setQuantity(new java.math.BigDecimal("50"));
    org.ayni.trace.Lot lot =
        context
            .getBean(org.ayni.trace.TraceOperations.class)
            .receiveFromMember(null, receipt)
            .lots()
            .getFirst();
    add("lots", lot.id(), lot.code(), lot.identifier());
  }

  /**
   * Creates a record with the registry's service (as the system, user null) from a form built by
   * property name, so that the walker does not depend on the form's Java shape; empty when the
   * service does not exist.
   */
  private static Optional<UUID> createThroughService(
      ApplicationContext context,
      String serviceClass,
      String formClass,
      Map<String, Object> values) {
    Class<?> service;
    Class<?> form;
    try {
      service = Class.forName(serviceClass);
      form = Class.forName(formClass);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    try {
      Object bean = context.getBean(service);
      Object instance = form.getDeclaredConstructor().newInstance();
      BeanWrapperImpl wrapper = new BeanWrapperImpl(instance);
      values.forEach(
          (name, value) -> {
            if (wrapper.isWritableProperty(name)) {
              wrapper.setPropertyValue(name, value);
            }
          });
      Method create = null;
      for (Method method : service.getMethods()) {
        if (method.getName().equals("create")
            && method.getParameterCount() == 2
            && method.getParameterTypes()[1] == form) {
          create = method;
        }
      }
      if (create == null) {
        throw new IllegalStateException(serviceClass + " has no create(user, form)");
      }
      Object created = create.invoke(bean, null, instance);
      Object id = created.getClass().getMethod("id").invoke(created);
      return Optional.of(id instanceof UUID u ? u : UUID.fromString(String.valueOf(id)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not create a victim with " + serviceClass, e);
    }
  }

  UUID orgId(String code) {
    return jdbc.sql("select id from organisation where code = ?")
        .param(code)
        .query(UUID.class)
        .single();
  }

  UUID userId(String username) {
    return jdbc.sql("select id from app_user where username = ?")
        .param(username)
        .query(UUID.class)
        .single();
  }

  /** Cepicafe and every organisation below it, now. */
  Set<UUID> cepicafeTree() {
    Set<UUID> all = new LinkedHashSet<>();
    List<UUID> level = List.of(central);
    while (!level.isEmpty()) {
      all.addAll(level);
      List<UUID> next = new ArrayList<>();
      for (UUID parent : level) {
        next.addAll(
            jdbc.sql("select id from organisation where parent_id = ?")
                .param(parent)
                .query(UUID.class)
                .list());
      }
      next.removeAll(all);
      level = next;
    }
    return all;
  }

  /** The organisations a user may read: where they hold a role, and every one below those. */
  Set<UUID> readableBy(String username) {
    boolean platform =
        jdbc.sql("select platform_admin from app_user where username = ?")
            .param(username)
            .query(Boolean.class)
            .single();
    if (platform) {
      return new HashSet<>(jdbc.sql("select id from organisation").query(UUID.class).list());
    }
    List<UUID> roots =
        jdbc.sql(
                """
                select r.organisation_id from user_role r join app_user u on u.id = r.user_id
                where u.username = ? and r.role <> 'BUYER'""")
            .param(username)
            .query(UUID.class)
            .list();
    Set<UUID> all = new HashSet<>();
    List<UUID> level = roots;
    while (!level.isEmpty()) {
      all.addAll(level);
      List<UUID> next = new ArrayList<>();
      for (UUID parent : level) {
        next.addAll(
            jdbc.sql("select id from organisation where parent_id = ?")
                .param(parent)
                .query(UUID.class)
                .list());
      }
      next.removeAll(all);
      level = next;
    }
    return all;
  }

  /**
   * What must not appear in anything an outsider gets back: the names and codes of the Cepicafe
   * organisations the outsider cannot read (names only when no other organisation has them), the
   * identifying values of every victim, and (unless the request itself named them) their ids.
   */
  Set<String> markersFor(String outsider, boolean withIds) {
    Set<UUID> readable = readableBy(outsider);
    Set<UUID> hidden = new LinkedHashSet<>(cepicafeTree());
    hidden.removeAll(readable);
    Set<String> markers = new LinkedHashSet<>();
    markers.add("cepicafe");
    Set<String> otherNames =
        new HashSet<>(
            jdbc.sql("select lower(name) from organisation where id not in (:ids)")
                .param("ids", hidden.isEmpty() ? Set.of(new UUID(0, 0)) : hidden)
                .query(String.class)
                .list());
    // The parent of a base organisation the outsider reads shows as its parentId: no leak.
    Set<UUID> parentsOfReadable = new HashSet<>();
    for (UUID id : readable) {
      jdbc.sql("select parent_id from organisation where id = ?")
          .param(id)
          .query((rs, n) -> rs.getObject(1, UUID.class))
          .optional()
          .ifPresent(parentsOfReadable::add);
    }
    for (UUID id : hidden) {
      Map<String, Object> row =
          jdbc.sql("select code, name, short_name from organisation where id = ?")
              .param(id)
              .query()
              .singleRow();
      markers.add((String) row.get("code"));
      String name = (String) row.get("name");
      if (name.length() >= 12 && !otherNames.contains(name.toLowerCase(Locale.ROOT))) {
        markers.add(name);
      }
      if (withIds && !parentsOfReadable.contains(id)) {
        markers.add(id.toString());
      }
    }
    for (List<Victim> victims : byResource.values()) {
      for (Victim v : victims) {
        if (v.resource().equals("organisations") && readable.contains(v.id())) {
          continue;
        }
        markers.addAll(v.markers());
        if (withIds && !parentsOfReadable.contains(v.id())) {
          markers.add(v.key());
        }
      }
    }
    // What the outsider may see of its own organisations is no leak, even when it contains a
    // marker (a base organisation of Cepicafe's has "cepicafe" in its code).
    List<String> own = new ArrayList<>();
    for (UUID id : readable) {
      Map<String, Object> row =
          jdbc.sql("select code, name, short_name from organisation where id = ?")
              .param(id)
              .query()
              .singleRow();
      row.values().stream()
          .filter(v -> v != null)
          .forEach(v -> own.add(v.toString().toLowerCase(Locale.ROOT)));
    }
    markers.removeIf(m -> own.stream().anyMatch(o -> o.contains(m.toLowerCase(Locale.ROOT))));
    return markers;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
