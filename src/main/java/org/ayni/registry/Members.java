package org.ayni.registry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.internal.MemberStore;
import org.ayni.registry.internal.OrganisationStore;
import org.ayni.shared.ConflictException;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers members, records their status changes and consent, within the caller's organisations.
 */
@Service
public class Members {

  private final MemberStore store;
  private final OrganisationStore organisations;
  private final AuditTrail audit;
  private final Clock clock;

  Members(MemberStore store, OrganisationStore organisations, AuditTrail audit, Clock clock) {
    this.store = store;
    this.organisations = organisations;
    this.audit = audit;
    this.clock = clock;
  }

  public PageResult<Member> search(CurrentUser user, MemberFilter filter, PageQuery page) {
    Set<OrganisationId> within =
        filter.organisationId() == null
            ? null
            : organisations.withDescendants(Set.of(filter.organisationId()));
    return store.search(user.readScope(), filter, within, page);
  }

  public Member get(CurrentUser user, UUID id) {
    return find(user.readScope(), id);
  }

  Member find(OrganisationScope scope, UUID id) {
    return store.find(scope, id).orElseThrow(() -> new NotFoundException("member.not-found"));
  }

  public List<MemberStatusChange> statusHistory(CurrentUser user, UUID id) {
    get(user, id);
    return store.statusHistory(id);
  }

  public List<String> communities(CurrentUser user) {
    return store.communities(user.readScope());
  }

  /** Registers a member; {@code user} is null only for the system's own demo data. */
  @Transactional
  public Member register(CurrentUser user, MemberForm form) {
    if (user != null && form.getOrganisationId() != null) {
      // One who reads the organisation but may not record there (an auditor) is refused; an
      // organisation out of sight stays an input problem, so that nothing tells it exists.
      OrganisationId organisation = new OrganisationId(form.getOrganisationId());
      if (user.canRead(organisation)) {
        user.requireRecord(organisation);
      }
    }
    LocalDate today = LocalDate.now(clock);
    InputCheck check = validate(user, form, null, today);
    check.throwIfAny();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    Member member = toMember(form, Ids.newUuid(), MemberStatus.ACTIVE, 0, now, now, today);
    store.insert(member);
    store.addStatusChange(
        member.organisationId(),
        member.id(),
        MemberStatus.ACTIVE,
        member.joinDate(),
        null,
        now,
        actor(user));
    audit.record(user, member.organisationId(), "member", member.id(), "create", describe(member));
    return member;
  }

  @Transactional
  public Member update(CurrentUser user, UUID id, MemberForm form) {
    Member current = get(user, id);
    user.requireRecord(current.organisationId());
    if (form.getOrganisationId() == null) {
      form.setOrganisationId(current.organisationId().value());
    }
    LocalDate today = LocalDate.now(clock);
    InputCheck check = validate(user, form, current, today);
    check.check(
        current.organisationId().value().equals(form.getOrganisationId()),
        "organisationId",
        "member.organisation.fixed");
    check.throwIfAny();
    Organisations.checkVersion(form.getVersion(), current.version());
    Member updated =
        toMember(
            form,
            id,
            current.status(),
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
            today);
    if (!store.update(updated)) {
      throw new ConflictException("error.conflict");
    }
    audit.record(user, updated.organisationId(), "member", id, "update", describe(updated));
    return updated;
  }

  /**
   * Changes a member's status (suspend, leave, reactivate); the history keeps every change. {@code
   * user} is null only for the system's own demo data.
   */
  @Transactional
  public Member changeStatus(CurrentUser user, UUID id, StatusChangeForm form) {
    Member current = find(user == null ? OrganisationScope.everything() : user.readScope(), id);
    if (user != null) {
      user.requireRecord(current.organisationId());
    }
    LocalDate today = LocalDate.now(clock);
    InputCheck check = new InputCheck();
    check.required("status", form.getStatus());
    check.required("effectiveOn", form.getEffectiveOn());
    check.notInFuture("effectiveOn", form.getEffectiveOn(), today);
    check.check(
        form.getEffectiveOn() == null || !form.getEffectiveOn().isBefore(current.joinDate()),
        "effectiveOn",
        "member.status.before-join");
    check.check(
        form.getStatus() == null || form.getStatus() != current.status(),
        "status",
        "member.status.unchanged");
    check.maxLength("reason", form.getReason(), 400);
    check.check(
        form.getStatus() == null
            || form.getStatus() == MemberStatus.ACTIVE
            || (form.getReason() != null && !form.getReason().isBlank()),
        "reason",
        "member.status.reason-required");
    check.throwIfAny();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    Member changed =
        new Member(
            current.id(),
            current.organisationId(),
            current.memberCode(),
            current.kind(),
            current.givenNames(),
            current.familyNames(),
            current.gender(),
            current.birthDate(),
            current.ageBand(),
            current.nationalId(),
            current.community(),
            current.householdSize(),
            current.joinDate(),
            form.getStatus(),
            current.phone(),
            current.consentDataUse(),
            current.consentDate(),
            current.consentMethod(),
            current.version() + 1,
            current.createdAt(),
            now);
    if (!store.update(changed)) {
      throw new ConflictException("error.conflict");
    }
    store.addStatusChange(
        current.organisationId(),
        id,
        form.getStatus(),
        form.getEffectiveOn(),
        Organisations.blankToNull(form.getReason()),
        now,
        actor(user));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", current.status().name());
    details.put("to", form.getStatus().name());
    details.put("effectiveOn", form.getEffectiveOn().toString());
    details.put("reason", form.getReason());
    audit.record(user, current.organisationId(), "member", id, "status", details);
    return changed;
  }

  private InputCheck validate(CurrentUser user, MemberForm f, Member current, LocalDate today) {
    InputCheck check = new InputCheck();
    check.required("organisationId", f.getOrganisationId());
    OrganisationId organisation =
        f.getOrganisationId() == null ? null : new OrganisationId(f.getOrganisationId());
    if (organisation != null) {
      OrganisationScope scope = user == null ? OrganisationScope.everything() : user.recordScope();
      var org = organisations.find(scope, organisation);
      if (org.isEmpty()) {
        check.add("organisationId", "organisation.unknown");
      } else if (!org.get().active()) {
        check.add("organisationId", "organisation.inactive");
      }
    }
    check.required("memberCode", f.getMemberCode()).maxLength("memberCode", f.getMemberCode(), 40);
    check.matches(
        "memberCode", f.getMemberCode(), "[A-Za-z0-9][A-Za-z0-9._/-]*", "member.code.format");
    if (organisation != null
        && !check.hasProblem("memberCode")
        && !check.hasProblem("organisationId")
        && store.codeTaken(
            organisation, f.getMemberCode().trim(), current == null ? null : current.id())) {
      check.add("memberCode", "member.code.taken");
    }
    check.required("kind", f.getKind());
    check.required("givenNames", f.getGivenNames()).maxLength("givenNames", f.getGivenNames(), 120);
    check.maxLength("familyNames", f.getFamilyNames(), 120);
    check.required("gender", f.getGender());
    check.notInFuture("birthDate", f.getBirthDate(), today);
    check.check(
        f.getBirthDate() == null || f.getBirthDate().isAfter(today.minusYears(120)),
        "birthDate",
        "member.birth-date.too-old");
    check.maxLength("nationalId", f.getNationalId(), 30);
    check.maxLength("community", f.getCommunity(), 120);
    check.range("householdSize", f.getHouseholdSize(), 1, 50);
    check.required("joinDate", f.getJoinDate());
    check.notInFuture("joinDate", f.getJoinDate(), today);
    check.check(
        f.getJoinDate() == null
            || f.getBirthDate() == null
            || f.getJoinDate().isAfter(f.getBirthDate()),
        "joinDate",
        "member.join-date.before-birth");
    check.maxLength("phone", f.getPhone(), 60);
    if (f.getConsentDataUse()) {
      check.required("consentDate", f.getConsentDate());
      check.required("consentMethod", f.getConsentMethod());
      check.notInFuture("consentDate", f.getConsentDate(), today);
    }
    return check;
  }

  private static Member toMember(
      MemberForm f,
      UUID id,
      MemberStatus status,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      LocalDate today) {
    AgeBand band = f.getBirthDate() != null ? AgeBand.of(f.getBirthDate(), today) : f.getAgeBand();
    return new Member(
        id,
        new OrganisationId(f.getOrganisationId()),
        f.getMemberCode().trim(),
        f.getKind(),
        f.getGivenNames().trim(),
        Organisations.blankToNull(f.getFamilyNames()),
        f.getGender(),
        f.getBirthDate(),
        band,
        Organisations.blankToNull(f.getNationalId()),
        Organisations.blankToNull(f.getCommunity()),
        f.getHouseholdSize(),
        f.getJoinDate(),
        status,
        Organisations.blankToNull(f.getPhone()),
        f.getConsentDataUse(),
        f.getConsentDataUse() ? f.getConsentDate() : null,
        f.getConsentDataUse() ? f.getConsentMethod() : null,
        version,
        createdAt,
        updatedAt);
  }

  private static String actor(CurrentUser user) {
    return user == null ? "system" : user.username();
  }

  private static Map<String, Object> describe(Member m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("memberCode", m.memberCode());
    d.put("name", m.fullName());
    d.put("organisationId", m.organisationId().toString());
    d.put("community", m.community());
    d.put("status", m.status().name());
    d.put("consentDataUse", m.consentDataUse());
    d.put("version", m.version());
    return d;
  }
}
