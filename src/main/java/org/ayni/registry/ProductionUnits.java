package org.ayni.registry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.internal.MemberStore;
import org.ayni.registry.internal.OrganisationStore;
import org.ayni.registry.internal.ProductionUnitStore;
import org.ayni.shared.ConflictException;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.geo.GeoJson;
import org.ayni.shared.geo.GeometryKind;
import org.ayni.shared.geo.ParsedGeometry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records production units with their geometry and keeps every state they had: each create, edit,
 * deactivation and reactivation adds a version (and an audit entry) in the same transaction.
 */
@Service
public class ProductionUnits {

  /** Largest declared area accepted, in hectares (a large community forest). */
  static final BigDecimal MAX_AREA_HA = BigDecimal.valueOf(1_000_000);

  /** Smallest declared area accepted: 1 m², the precision areas are kept with. */
  static final BigDecimal MIN_AREA_HA = new BigDecimal("0.0001");

  private final ProductionUnitStore store;
  private final OrganisationStore organisations;
  private final MemberStore members;
  private final AuditTrail audit;
  private final Clock clock;

  ProductionUnits(
      ProductionUnitStore store,
      OrganisationStore organisations,
      MemberStore members,
      AuditTrail audit,
      Clock clock) {
    this.store = store;
    this.organisations = organisations;
    this.members = members;
    this.audit = audit;
    this.clock = clock;
  }

  public PageResult<ProductionUnitView> search(
      CurrentUser user, ProductionUnitFilter filter, PageQuery page) {
    return store.search(user.readScope(), filter, within(filter), null, page);
  }

  /**
   * The other units of an organisation (and those below it), drawn faintly beside the one being
   * mapped so that plots do not overlap.
   */
  public PageResult<ProductionUnitView> neighbours(
      CurrentUser user, OrganisationId organisation, UUID except, PageQuery page) {
    ProductionUnitFilter filter = new ProductionUnitFilter(null, organisation, null, null, true);
    return store.search(user.readScope(), filter, within(filter), except, page);
  }

  /**
   * The active units a member may deliver from ({@link ProductionUnit#deliverableBy}): its own and
   * those its organisation holds in common, by name.
   */
  public List<ProductionUnitView> deliverable(CurrentUser user, Member member) {
    return store.deliverable(user.readScope(), member.id(), member.organisationId());
  }

  public ProductionUnit get(CurrentUser user, UUID id) {
    return store.find(user.readScope(), id).orElseThrow(ProductionUnits::notFound);
  }

  public ProductionUnitView view(CurrentUser user, UUID id) {
    return store.findView(user.readScope(), id).orElseThrow(ProductionUnits::notFound);
  }

  /** Every version of a unit, newest first. */
  public List<ProductionUnitVersion> versions(CurrentUser user, UUID id) {
    get(user, id);
    return store.versions(id);
  }

  public ProductionUnitVersion version(CurrentUser user, UUID id, int version) {
    get(user, id);
    return store
        .version(id, version)
        .orElseThrow(() -> new NotFoundException("production-unit.version.not-found"));
  }

  /** Records a unit; {@code user} is null only for the system's own demo data. */
  @Transactional
  public ProductionUnit create(CurrentUser user, ProductionUnitForm form) {
    if (user != null) {
      // One who reads the organisation (or the member) but may not record there, an auditor, is
      // refused; one out of sight stays an input problem, so that nothing tells it exists.
      if (form.getOrganisationId() != null) {
        OrganisationId organisation = new OrganisationId(form.getOrganisationId());
        if (user.canRead(organisation)) {
          user.requireRecord(organisation);
        }
      }
      if (form.getMemberId() != null) {
        members
            .find(user.readScope(), form.getMemberId())
            .ifPresent(m -> user.requireRecord(m.organisationId()));
      }
    }
    Checked checked = validate(user, form, null);
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    ProductionUnit unit = toUnit(form, checked, Ids.newUuid(), true, 1, now, now);
    store.insert(unit);
    store.addVersion(ProductionUnitVersion.of(unit, checked.changeNote(), now, actor(user)));
    audit.record(
        user, unit.organisationId(), "production-unit", unit.id(), "create", describe(unit));
    return unit;
  }

  /**
   * Changes a unit: its current state is replaced and the new state added as the next version; the
   * old version stays as it was. An edit that changes nothing writes nothing.
   */
  @Transactional
  public ProductionUnit update(CurrentUser user, UUID id, ProductionUnitForm form) {
    ProductionUnit current = get(user, id);
    user.requireRecord(current.organisationId());
    if (form.getOrganisationId() == null) {
      form.setOrganisationId(current.organisationId().value());
    }
    Checked checked = validate(user, form, current);
    checkVersion(form.getVersion(), current.version());
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    ProductionUnit updated =
        toUnit(
            form, checked, id, current.active(), current.version() + 1, current.createdAt(), now);
    if (sameContent(current, updated)) {
      return current;
    }
    if (!store.update(updated)) {
      throw new ConflictException("error.conflict");
    }
    store.addVersion(ProductionUnitVersion.of(updated, checked.changeNote(), now, actor(user)));
    audit.record(
        user, updated.organisationId(), "production-unit", id, "update", describe(updated));
    return updated;
  }

  /**
   * Deactivates a unit (no longer farmed, abandoned claim…) or reactivates it; its versions stay.
   */
  @Transactional
  public ProductionUnit setActive(
      CurrentUser user, UUID id, boolean active, Integer version, String changeNote) {
    ProductionUnit current = get(user, id);
    user.requireRecord(current.organisationId());
    InputCheck check = new InputCheck();
    check.required("version", version);
    check.maxLength("changeNote", changeNote, 400);
    check.throwIfAny();
    checkVersion(version, current.version());
    if (current.active() == active) {
      throw new ConflictException(
          active ? "production-unit.already-active" : "production-unit.already-inactive");
    }
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    ProductionUnit changed =
        new ProductionUnit(
            current.id(),
            current.organisationId(),
            current.memberId(),
            current.code(),
            current.name(),
            current.kind(),
            current.geometryKind(),
            current.geometry(),
            current.declaredAreaHa(),
            current.computedAreaHa(),
            current.centroidLat(),
            current.centroidLon(),
            current.mainProducts(),
            active,
            current.version() + 1,
            current.createdAt(),
            now);
    if (!store.update(changed)) {
      throw new ConflictException("error.conflict");
    }
    String note = Organisations.blankToNull(changeNote);
    store.addVersion(ProductionUnitVersion.of(changed, note, now, actor(user)));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", changed.version());
    details.put("changeNote", note);
    audit.record(
        user,
        current.organisationId(),
        "production-unit",
        id,
        active ? "reactivate" : "deactivate",
        details);
    return changed;
  }

  /** What validation found out on the way: the parsed geometry and the cleaned-up texts. */
  private record Checked(ParsedGeometry geometry, List<String> products, String changeNote) {}

  private Checked validate(CurrentUser user, ProductionUnitForm f, ProductionUnit current) {
    InputCheck check = new InputCheck();
    OrganisationScope scope = user == null ? OrganisationScope.everything() : user.recordScope();
    Member member = null;
    if (f.getMemberId() != null) {
      member = members.find(scope, f.getMemberId()).orElse(null);
      if (member == null) {
        check.add("memberId", "production-unit.member.unknown");
      } else if (f.getOrganisationId() == null) {
        f.setOrganisationId(member.organisationId().value());
      }
    }
    check.required("organisationId", f.getOrganisationId());
    Organisation organisation = null;
    if (f.getOrganisationId() != null) {
      organisation =
          organisations.find(scope, new OrganisationId(f.getOrganisationId())).orElse(null);
      if (organisation == null) {
        check.add("organisationId", "organisation.unknown");
      } else if (!organisation.active()) {
        check.add("organisationId", "organisation.inactive");
      }
    }
    if (current != null) {
      check.check(
          current.organisationId().value().equals(f.getOrganisationId()),
          "organisationId",
          "production-unit.organisation.fixed");
    }
    if (member != null && organisation != null) {
      check.check(
          member.organisationId().equals(organisation.id()),
          "memberId",
          "production-unit.member.other-organisation");
      boolean memberChanged = current == null || !member.id().equals(current.memberId());
      check.check(
          !memberChanged || member.status() != MemberStatus.LEFT,
          "memberId",
          "production-unit.member.left");
    }
    check.required("code", f.getCode()).maxLength("code", f.getCode(), 40);
    check.matches(
        "code", f.getCode(), "[A-Za-z0-9][A-Za-z0-9._/-]*", "production-unit.code.format");
    if (organisation != null
        && !check.hasProblem("code")
        && !check.hasProblem("organisationId")
        && store.codeTaken(
            organisation.id(), f.getCode().trim(), current == null ? null : current.id())) {
      check.add("code", "production-unit.code.taken");
    }
    check.required("name", f.getName()).maxLength("name", f.getName(), 200);
    check.required("kind", f.getKind());
    ParsedGeometry geometry = null;
    try {
      geometry =
          GeoJson.parse(
              f.getGeometry(), "geometry", organisation == null ? null : organisation.country());
    } catch (InvalidInputException e) {
      check.addAll(e.problems());
    }
    BigDecimal declared = f.getDeclaredAreaHa();
    if (declared == null) {
      check.check(
          geometry == null || geometry.kind() != GeometryKind.POINT,
          "declaredAreaHa",
          "production-unit.area.required-for-point");
    } else if (declared.compareTo(MIN_AREA_HA) < 0 || declared.compareTo(MAX_AREA_HA) > 0) {
      check.add(
          "declaredAreaHa",
          "production-unit.area.range",
          MIN_AREA_HA.toPlainString(),
          MAX_AREA_HA.toPlainString());
    } else {
      check.check(
          declared.stripTrailingZeros().scale() <= 4,
          "declaredAreaHa",
          "production-unit.area.decimals");
    }
    List<String> products = splitProducts(f.getMainProducts());
    check.maxLength("mainProducts", String.join(", ", products), 300);
    check.maxLength("changeNote", f.getChangeNote(), 400);
    if (current != null) {
      check.required("version", f.getVersion());
    }
    check.throwIfAny();
    return new Checked(geometry, products, Organisations.blankToNull(f.getChangeNote()));
  }

  private static List<String> splitProducts(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split("[,;\\n]"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  private static ProductionUnit toUnit(
      ProductionUnitForm f,
      Checked checked,
      UUID id,
      boolean active,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    ParsedGeometry g = checked.geometry();
    return new ProductionUnit(
        id,
        new OrganisationId(f.getOrganisationId()),
        f.getMemberId(),
        f.getCode().trim(),
        f.getName().trim(),
        f.getKind(),
        g.kind(),
        g.geoJson(),
        plain(f.getDeclaredAreaHa()),
        plain(g.areaHectares()),
        g.centroidLatitude(),
        g.centroidLongitude(),
        checked.products(),
        active,
        version,
        createdAt,
        updatedAt);
  }

  /** An area as it reads back from the database: at most 4 decimals, no trailing zeros. */
  private static BigDecimal plain(BigDecimal area) {
    if (area == null) {
      return null;
    }
    BigDecimal stripped = area.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static boolean sameContent(ProductionUnit a, ProductionUnit b) {
    return Objects.equals(a.memberId(), b.memberId())
        && a.code().equals(b.code())
        && a.name().equals(b.name())
        && a.kind() == b.kind()
        && a.geometry().equals(b.geometry())
        && compare(a.declaredAreaHa(), b.declaredAreaHa())
        && a.mainProducts().equals(b.mainProducts());
  }

  private static boolean compare(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  private static void checkVersion(Integer submitted, int stored) {
    if (submitted != null && submitted != stored) {
      throw new ConflictException("error.conflict");
    }
  }

  private Set<OrganisationId> within(ProductionUnitFilter filter) {
    return filter.organisationId() == null
        ? null
        : organisations.withDescendants(Set.of(filter.organisationId()));
  }

  private static NotFoundException notFound() {
    return new NotFoundException("production-unit.not-found");
  }

  private static String actor(CurrentUser user) {
    return user == null ? "system" : user.username();
  }

  private static Map<String, Object> describe(ProductionUnit u) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("code", u.code());
    d.put("name", u.name());
    d.put("kind", u.kind().name());
    d.put("memberId", Optional.ofNullable(u.memberId()).map(UUID::toString).orElse(null));
    d.put("geometryKind", u.geometryKind().name());
    d.put("computedAreaHa", u.computedAreaHa().toPlainString());
    d.put("declaredAreaHa", u.declaredAreaHa() == null ? null : u.declaredAreaHa().toPlainString());
    d.put("mainProducts", String.join(", ", u.mainProducts()));
    d.put("active", u.active());
    d.put("version", u.version());
    return d;
  }
}
