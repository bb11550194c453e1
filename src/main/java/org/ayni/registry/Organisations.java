package org.ayni.registry;

import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.internal.OrganisationStore;
import org.ayni.shared.ConflictException;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lists, creates, edits and deactivates organisations, within what the caller may see and do. */
@Service
public class Organisations {

  /** Languages an organisation may work in: official UI languages and the seed's local ones. */
  public static final List<String> LANGUAGES = List.of("es", "en", "fr", "qu", "ay", "shp");

  /**
   * The time zones an organisation may keep its clock in: the IANA regions (Area/City) and UTC,
   * sorted; what the form offers and the API accepts.
   */
  public static final List<String> TIME_ZONES =
      Stream.concat(
              ZoneId.getAvailableZoneIds().stream()
                  .filter(
                      z ->
                          z.matches(
                              "(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+")),
              Stream.of("UTC"))
          .sorted()
          .toList();

  /** Where most organisations are: the form's first country, whose clock is taken by default. */
  public static final String PERU = "PE";

  private static final String PERU_TIME_ZONE = "America/Lima";

  private final OrganisationStore store;
  private final AuditTrail audit;

  Organisations(OrganisationStore store, AuditTrail audit) {
    this.store = store;
    this.audit = audit;
  }

  public PageResult<Organisation> search(
      CurrentUser user, OrganisationFilter filter, PageQuery page) {
    return store.search(user.readScope(), filter, page);
  }

  public Organisation get(CurrentUser user, OrganisationId id) {
    return find(user.readScope(), id)
        .orElseThrow(() -> new NotFoundException("organisation.not-found"));
  }

  public Optional<Organisation> find(OrganisationScope scope, OrganisationId id) {
    return store.find(scope, id);
  }

  /** The base organisations or communities directly below one the caller can see. */
  public List<Organisation> children(CurrentUser user, OrganisationId id) {
    get(user, id);
    OrganisationScope scope = user.readScope();
    return store.children(id).stream().filter(o -> scope.includes(o.id())).toList();
  }

  /**
   * The names of organisations on the platform by code, whoever asks: for naming the parties of
   * events a reader may see ({@code urn:ayni:org:{code}}), as receipts and shipments name them.
   */
  public Map<String, String> namesByCode(Collection<String> codes) {
    return store.namesByCode(codes);
  }

  /**
   * The names of organisations on the platform by id, whoever asks: for naming the organisation a
   * lot a reader may see belongs to or is held by, as its identifier and traces name it.
   */
  public Map<UUID, String> namesById(Collection<OrganisationId> ids) {
    return store.namesById(ids.stream().map(OrganisationId::value).toList());
  }

  /**
   * The organisation with the code (in any case), whoever asks: for naming a party on the platform
   * by the code its URNs carry ({@code urn:ayni:org:{code}}).
   */
  public Optional<Organisation> byCode(String code) {
    return store.byCode(code);
  }

  /**
   * These organisations, whoever asks (those that exist), sorted by name: for choosers of parties a
   * caller already deals with.
   */
  public List<Organisation> all(Collection<OrganisationId> ids) {
    return store.all(ids.stream().map(OrganisationId::value).toList()).stream()
        .sorted(Comparator.comparing(o -> o.name().toLowerCase(Locale.ROOT)))
        .toList();
  }

  /**
   * The clock of the organisation, whoever asks (UTC for one that does not exist): for reading and
   * writing times of the organisation's events.
   */
  public ZoneId zone(OrganisationId id) {
    return store
        .find(OrganisationScope.everything(), id)
        .map(Organisation::zone)
        .orElse(ZoneOffset.UTC);
  }

  /** Every organisation in the caller's read scope, for choosers; sorted by name. */
  public List<Organisation> readable(CurrentUser user) {
    return store
        .search(user.readScope(), OrganisationFilter.none(), new PageQuery(0, PageQuery.MAX_SIZE))
        .items();
  }

  /** Organisations where the caller may record members and production units. */
  public List<Organisation> recordable(CurrentUser user) {
    return store
        .search(
            user.recordScope(),
            new OrganisationFilter(null, null, null, true),
            new PageQuery(0, PageQuery.MAX_SIZE))
        .items();
  }

  /** The organisation and all below it. */
  public Set<OrganisationId> withDescendants(OrganisationId id) {
    return store.withDescendants(Set.of(id));
  }

  /**
   * Creates an organisation. A top-level one needs a platform administrator; a base organisation or
   * community needs an administrator of its parent.
   */
  @Transactional
  public Organisation create(CurrentUser user, OrganisationForm form) {
    if (form.getParentId() == null) {
      if (user != null && !user.platformAdmin()) {
        throw new ForbiddenException("error.forbidden.platform");
      }
    } else if (user != null) {
      user.requireAdmin(new OrganisationId(form.getParentId()));
    }
    inheritFromParent(form, user);
    validate(form, null, user);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Organisation o = toOrganisation(form, OrganisationId.newId(), true, 0, now, now);
    store.insert(o);
    audit.record(user, o.id(), "organisation", o.id(), "create", describe(o));
    return o;
  }

  @Transactional
  public Organisation update(CurrentUser user, OrganisationId id, OrganisationForm form) {
    Organisation current = get(user, id);
    user.requireAdmin(id);
    if (form.getParentId() != null
        && (current.parentId() == null || !current.parentId().value().equals(form.getParentId()))) {
      user.requireAdmin(new OrganisationId(form.getParentId()));
    }
    if (form.getParentId() == null && current.parentId() != null) {
      user.requirePlatformAdmin();
    }
    inheritFromParent(form, user);
    validate(form, current, user);
    checkVersion(form.getVersion(), current.version());
    Organisation updated =
        toOrganisation(
            form,
            id,
            current.active(),
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(ZoneOffset.UTC));
    if (!store.update(updated)) {
      throw new ConflictException("error.conflict");
    }
    audit.record(user, id, "organisation", id, "update", describe(updated));
    return updated;
  }

  /** Deactivates (or reactivates) an organisation; its records stay, read-only in lists. */
  @Transactional
  public Organisation setActive(CurrentUser user, OrganisationId id, boolean active) {
    Organisation current = get(user, id);
    user.requireAdmin(id);
    Organisation changed =
        new Organisation(
            current.id(),
            current.parentId(),
            current.kind(),
            current.code(),
            current.name(),
            current.shortName(),
            current.country(),
            current.timeZone(),
            current.region(),
            current.legalId(),
            current.contactName(),
            current.contactEmail(),
            current.contactPhone(),
            current.address(),
            current.website(),
            current.languages(),
            current.foundedYear(),
            active,
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(ZoneOffset.UTC));
    if (!store.update(changed)) {
      throw new ConflictException("error.conflict");
    }
    audit.record(user, id, "organisation", id, active ? "reactivate" : "deactivate", Map.of());
    return changed;
  }

  static void checkVersion(Integer submitted, int stored) {
    if (submitted != null && submitted != stored) {
      throw new ConflictException("error.conflict");
    }
  }

  /**
   * What an organisation below another leaves empty it shares with its parent: the country, and the
   * time zone when it is in the parent's country (a base organisation of a Belgian network is in
   * Brussels' time unless it says otherwise).
   */
  private void inheritFromParent(OrganisationForm form, CurrentUser user) {
    if (form.getParentId() == null) {
      return;
    }
    OrganisationScope scope = user == null ? OrganisationScope.everything() : user.readScope();
    store
        .find(scope, new OrganisationId(form.getParentId()))
        .ifPresent(
            parent -> {
              if (blankToNull(form.getCountry()) == null) {
                form.setCountry(parent.country());
              }
              if (blankToNull(form.getTimeZone()) == null
                  && parent.country().equals(form.getCountry())) {
                form.setTimeZone(parent.timeZone());
              }
            });
  }

  private void validate(OrganisationForm form, Organisation current, CurrentUser user) {
    InputCheck check = new InputCheck();
    check.required("kind", form.getKind());
    check.required("code", form.getCode()).maxLength("code", form.getCode(), 40);
    check.matches("code", form.getCode(), "[a-z0-9][a-z0-9-]{1,39}", "organisation.code.format");
    if (!check.hasProblem("code")
        && store.codeTaken(form.getCode(), current == null ? null : current.id())) {
      check.add("code", "organisation.code.taken");
    }
    check.required("name", form.getName()).maxLength("name", form.getName(), 200);
    check.maxLength("shortName", form.getShortName(), 60);
    check.required("country", form.getCountry());
    check.matches("country", form.getCountry(), "[A-Z]{2}", "validation.country");
    if (form.getTimeZone() == null || form.getTimeZone().isBlank()) {
      check.check(
          PERU.equals(form.getCountry()) || check.hasProblem("country"),
          "timeZone",
          "organisation.time-zone.required");
    } else {
      check.check(
          zoneNamed(form.getTimeZone()) != null, "timeZone", "organisation.time-zone.unknown");
    }
    check.maxLength("region", form.getRegion(), 120);
    check.maxLength("legalId", form.getLegalId(), 40);
    if (PERU.equals(form.getCountry())
        && form.getLegalId() != null
        && !form.getLegalId().isBlank()) {
      check.check(
          PeruvianRuc.isValid(form.getLegalId().trim()), "legalId", "organisation.legal-id.ruc");
    }
    check.maxLength("contactName", form.getContactName(), 200);
    check
        .email("contactEmail", form.getContactEmail())
        .maxLength("contactEmail", form.getContactEmail(), 200);
    check.maxLength("contactPhone", form.getContactPhone(), 60);
    check.maxLength("address", form.getAddress(), 400);
    check.maxLength("website", form.getWebsite(), 300);
    check.matches("website", form.getWebsite(), "https?://\\S+", "validation.url");
    check.check(!form.getLanguages().isEmpty(), "languages", "validation.required");
    check.check(LANGUAGES.containsAll(form.getLanguages()), "languages", "validation.choice");
    check.range("foundedYear", form.getFoundedYear(), 1800, Year.now().getValue());
    if (form.getParentId() != null) {
      OrganisationId parent = new OrganisationId(form.getParentId());
      var parentOrg =
          user == null
              ? store.find(OrganisationScope.everything(), parent)
              : store.find(user.readScope(), parent);
      if (parentOrg.isEmpty()) {
        check.add("parentId", "organisation.parent.unknown");
      } else if (current != null
          && (parent.equals(current.id()) || store.ancestors(parent).contains(current.id()))) {
        check.add("parentId", "organisation.parent.cycle");
      }
    }
    check.throwIfAny();
  }

  private static Organisation toOrganisation(
      OrganisationForm f,
      OrganisationId id,
      boolean active,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    return new Organisation(
        id,
        f.getParentId() == null ? null : new OrganisationId(f.getParentId()),
        f.getKind(),
        f.getCode().trim(),
        f.getName().trim(),
        blankToNull(f.getShortName()),
        f.getCountry(),
        timeZone(f),
        blankToNull(f.getRegion()),
        blankToNull(f.getLegalId()),
        blankToNull(f.getContactName()),
        blankToNull(f.getContactEmail()),
        blankToNull(f.getContactPhone()),
        blankToNull(f.getAddress()),
        blankToNull(f.getWebsite()),
        f.getLanguages(),
        f.getFoundedYear(),
        active,
        version,
        createdAt,
        updatedAt);
  }

  /** The time zone chosen, or Peru's when none is and the organisation is in Peru. */
  private static String timeZone(OrganisationForm f) {
    String chosen = blankToNull(f.getTimeZone());
    return chosen != null ? zoneNamed(chosen) : PERU_TIME_ZONE;
  }

  /** One of {@link #TIME_ZONES} as written, whatever the case ({@code europe/berlin}), or null. */
  private static String zoneNamed(String name) {
    String trimmed = name.trim();
    return TIME_ZONES.stream().filter(z -> z.equalsIgnoreCase(trimmed)).findFirst().orElse(null);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static Map<String, Object> describe(Organisation o) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("code", o.code());
    d.put("name", o.name());
    d.put("kind", o.kind().name());
    d.put("parentId", o.parentId() == null ? null : o.parentId().toString());
    d.put("country", o.country());
    d.put("timeZone", o.timeZone());
    d.put("region", o.region());
    d.put("legalId", o.legalId());
    d.put("version", o.version());
    return d;
  }
}
