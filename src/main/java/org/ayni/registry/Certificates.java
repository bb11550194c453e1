package org.ayni.registry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.internal.CertificateStore;
import org.ayni.registry.internal.OrganisationStore;
import org.ayni.shared.ConflictException;
import org.ayni.shared.ForbiddenException;
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
 * Records the certificates an organisation or one of its members holds, what they cover, and their
 * suspension, withdrawal or reactivation. Administrators of the organisation write; everyone who
 * reads the organisation sees them. "Today" comes from the injected clock.
 */
@Service
public class Certificates {

  /** The most members a certificate can list one by one; above that, it covers all members. */
  public static final int MAX_LISTED_MEMBERS = 5000;

  private final CertificateStore store;
  private final OrganisationStore organisations;
  private final AuditTrail audit;
  private final Clock clock;

  Certificates(
      CertificateStore store, OrganisationStore organisations, AuditTrail audit, Clock clock) {
    this.store = store;
    this.organisations = organisations;
    this.audit = audit;
    this.clock = clock;
  }

  /** Today, in the organisations' time zone. */
  public LocalDate today() {
    return LocalDate.now(clock);
  }

  public PageResult<Certificate> search(
      CurrentUser user, CertificateFilter filter, PageQuery page) {
    OrganisationScope scope = user.readScope();
    Set<OrganisationId> within =
        filter.organisationId() == null
            ? null
            : organisations.withDescendants(Set.of(filter.organisationId()));
    Set<OrganisationId> memberOrganisations = null;
    if (filter.memberId() != null) {
      memberOrganisations = new HashSet<>();
      var organisation = store.memberOrganisation(scope, filter.memberId());
      if (organisation.isPresent()) {
        memberOrganisations.add(organisation.get());
        memberOrganisations.addAll(organisations.ancestors(organisation.get()));
      }
    }
    return store.search(scope, filter, within, memberOrganisations, today(), page);
  }

  public Certificate get(CurrentUser user, UUID id) {
    return store
        .find(user.readScope(), id, today())
        .orElseThrow(() -> new NotFoundException("certificate.not-found"));
  }

  /** Records a certificate; {@code user} is null only for the system's own demo data. */
  @Transactional
  public Certificate create(CurrentUser user, CertificateForm form) {
    if (user != null) {
      // Only administrators record certificates; one who reads the organisation but does not
      // administer it is refused, an organisation out of sight is an input problem below.
      if (user.adminScope().isEmpty()) {
        throw new ForbiddenException("error.forbidden.admin");
      }
      if (form.getOrganisationId() != null
          && user.canRead(new OrganisationId(form.getOrganisationId()))) {
        user.requireAdmin(new OrganisationId(form.getOrganisationId()));
      }
    }
    Validated input = validate(user, form, null);
    input.check().throwIfAny();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    Certificate certificate =
        toCertificate(
            form, input, Ids.newUuid(), CertificateStatus.ACTIVE, null, null, 0, now, now);
    store.insert(certificate);
    audit.record(
        user,
        certificate.organisationId(),
        "certificate",
        certificate.id(),
        "create",
        describe(certificate));
    return certificate;
  }

  @Transactional
  public Certificate update(CurrentUser user, UUID id, CertificateForm form) {
    Certificate current = get(user, id);
    user.requireAdmin(current.organisationId());
    if (form.getOrganisationId() == null) {
      form.setOrganisationId(current.organisationId().value());
    }
    Validated input = validate(user, form, current);
    input
        .check()
        .check(
            current.organisationId().value().equals(form.getOrganisationId()),
            "organisationId",
            "certificate.organisation.fixed");
    input.check().throwIfAny();
    Organisations.checkVersion(form.getVersion(), current.version());
    Certificate updated =
        toCertificate(
            form,
            input,
            id,
            current.recordedStatus(),
            current.statusReason(),
            current.statusChangedOn(),
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)));
    if (!store.update(updated)) {
      throw new ConflictException("error.conflict");
    }
    audit.record(user, updated.organisationId(), "certificate", id, "update", describe(updated));
    return updated;
  }

  /** Suspends or withdraws a certificate (with the reason), or reactivates it; audited. */
  @Transactional
  public Certificate changeStatus(CurrentUser user, UUID id, CertificateStatusForm form) {
    Certificate current = get(user, id);
    user.requireAdmin(current.organisationId());
    LocalDate today = today();
    InputCheck check = new InputCheck();
    check.required("status", form.getStatus());
    check.check(
        form.getStatus() == null || form.getStatus().recorded(), "status", "validation.choice");
    check.check(
        form.getStatus() == null || form.getStatus() != current.recordedStatus(),
        "status",
        "certificate.status.unchanged");
    check.required("effectiveOn", form.getEffectiveOn());
    check.notInFuture("effectiveOn", form.getEffectiveOn(), today);
    check.maxLength("reason", form.getReason(), 400);
    check.check(
        form.getStatus() == null
            || form.getStatus() == CertificateStatus.ACTIVE
            || (form.getReason() != null && !form.getReason().isBlank()),
        "reason",
        "certificate.status.reason-required");
    check.throwIfAny();
    String reason =
        form.getStatus() == CertificateStatus.ACTIVE
            ? null
            : Organisations.blankToNull(form.getReason());
    Certificate changed =
        new Certificate(
            current.id(),
            current.organisationId(),
            current.holder(),
            current.scheme(),
            current.certificateNumber(),
            current.certifyingBody(),
            current.scopeProducts(),
            current.scopeAllMembers(),
            current.scopeMembers(),
            current.validFrom(),
            current.validTo(),
            Certificate.shownStatus(form.getStatus(), current.validTo(), today),
            form.getStatus(),
            Certificate.expiresSoon(form.getStatus(), current.validTo(), today),
            reason,
            form.getEffectiveOn(),
            current.version() + 1,
            current.createdAt(),
            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)));
    if (!store.updateStatus(changed)) {
      throw new ConflictException("error.conflict");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", current.recordedStatus().name());
    details.put("to", form.getStatus().name());
    details.put("effectiveOn", form.getEffectiveOn().toString());
    details.put("reason", reason);
    audit.record(user, current.organisationId(), "certificate", id, "status", details);
    return changed;
  }

  /** The checked input with the members its codes name. */
  private record Validated(
      InputCheck check, CertificateMember holder, List<CertificateMember> members) {}

  private Validated validate(CurrentUser user, CertificateForm f, Certificate current) {
    InputCheck check = new InputCheck();
    check.required("organisationId", f.getOrganisationId());
    OrganisationId organisation = null;
    if (f.getOrganisationId() != null) {
      OrganisationScope scope = user == null ? OrganisationScope.everything() : user.adminScope();
      var org = organisations.find(scope, new OrganisationId(f.getOrganisationId()));
      if (org.isEmpty()) {
        check.add("organisationId", "organisation.unknown");
      } else if (!org.get().active()) {
        check.add("organisationId", "organisation.inactive");
      } else {
        organisation = org.get().id();
      }
    }
    check.required("scheme", f.getScheme());
    check
        .required("certificateNumber", f.getCertificateNumber())
        .maxLength("certificateNumber", f.getCertificateNumber(), 80);
    if (organisation != null
        && f.getScheme() != null
        && !check.hasProblem("certificateNumber")
        && store.numberTaken(
            organisation,
            f.getScheme(),
            f.getCertificateNumber().trim(),
            current == null ? null : current.id())) {
      check.add("certificateNumber", "certificate.number.taken");
    }
    check
        .required("certifyingBody", f.getCertifyingBody())
        .maxLength("certifyingBody", f.getCertifyingBody(), 200);
    List<String> products = f.products();
    check.check(
        String.join(", ", products).length() <= 400, "scopeProducts", "validation.too-long", 400);
    check.required("validFrom", f.getValidFrom());
    check.required("validTo", f.getValidTo());
    check.check(
        f.getValidFrom() == null
            || f.getValidTo() == null
            || f.getValidTo().isAfter(f.getValidFrom()),
        "validTo",
        "certificate.valid-to.not-after-from");

    String holderCode = Organisations.blankToNull(f.getHolderMemberCode());
    List<String> codes = f.getMemberCodes();
    boolean listed = codes.stream().anyMatch(c -> c != null && !c.isBlank());
    if (holderCode != null) {
      check.check(!f.getScopeAllMembers(), "scopeAllMembers", "certificate.scope.member-held");
      check.check(!listed, "memberCodes", "certificate.scope.member-held");
    } else {
      check.check(
          !(f.getScopeAllMembers() && listed), "memberCodes", "certificate.scope.all-or-listed");
    }
    check.check(
        codes.size() <= MAX_LISTED_MEMBERS,
        "memberCodes",
        "certificate.members.too-many",
        MAX_LISTED_MEMBERS);

    CertificateMember holder = null;
    List<CertificateMember> members = new ArrayList<>();
    if (organisation != null) {
      boolean resolveList = !check.hasProblem("memberCodes");
      List<String> wanted = new ArrayList<>();
      if (holderCode != null) {
        wanted.add(holderCode);
      }
      if (resolveList) {
        codes.stream()
            .filter(c -> c != null && !c.isBlank())
            .map(String::trim)
            .forEach(wanted::add);
      }
      OrganisationScope scope = user == null ? OrganisationScope.everything() : user.readScope();
      MemberCodes resolver =
          new MemberCodes(
              organisations.withDescendants(Set.of(organisation)),
              store.membersByCode(
                  scope,
                  wanted.stream().filter(c -> !c.contains(":")).distinct().toList(),
                  wanted.stream().filter(c -> c.contains(":")).distinct().toList()));
      if (holderCode != null) {
        holder = resolver.resolve(check, "holderMemberCode", holderCode);
      }
      Set<UUID> seen = new HashSet<>();
      for (int i = 0; resolveList && i < codes.size(); i++) {
        String code = codes.get(i);
        if (code == null || code.isBlank()) {
          continue;
        }
        CertificateMember member = resolver.resolve(check, "memberCodes[" + i + "]", code.trim());
        if (member != null && seen.add(member.id())) {
          members.add(member);
        }
      }
    }
    return new Validated(check, holder, members);
  }

  /** Resolves member codes against the members found, within the certificate's organisations. */
  private record MemberCodes(Set<OrganisationId> within, List<CertificateMember> found) {

    CertificateMember resolve(InputCheck check, String field, String code) {
      String wanted = code.toLowerCase(Locale.ROOT);
      boolean qualified = code.contains(":");
      List<CertificateMember> matches =
          found.stream()
              .filter(
                  m ->
                      (qualified ? m.organisationCode() + ":" + m.memberCode() : m.memberCode())
                          .toLowerCase(Locale.ROOT)
                          .equals(wanted))
              .toList();
      List<CertificateMember> inside =
          matches.stream().filter(m -> within.contains(m.organisationId())).toList();
      if (inside.size() == 1) {
        return inside.getFirst();
      }
      if (inside.size() > 1) {
        check.add(
            field,
            "certificate.member.ambiguous",
            code,
            inside.stream()
                .map(CertificateMember::organisationCode)
                .sorted()
                .collect(Collectors.joining(", ")));
      } else if (!matches.isEmpty()) {
        check.add(field, "certificate.member.other-organisation", code);
      } else {
        check.add(field, "certificate.member.unknown", code);
      }
      return null;
    }
  }

  private Certificate toCertificate(
      CertificateForm f,
      Validated input,
      UUID id,
      CertificateStatus recordedStatus,
      String statusReason,
      LocalDate statusChangedOn,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    LocalDate today = today();
    return new Certificate(
        id,
        new OrganisationId(f.getOrganisationId()),
        input.holder(),
        f.getScheme(),
        f.getCertificateNumber().trim(),
        f.getCertifyingBody().trim(),
        f.products(),
        input.holder() == null && f.getScopeAllMembers(),
        input.members(),
        f.getValidFrom(),
        f.getValidTo(),
        Certificate.shownStatus(recordedStatus, f.getValidTo(), today),
        recordedStatus,
        Certificate.expiresSoon(recordedStatus, f.getValidTo(), today),
        statusReason,
        statusChangedOn,
        version,
        createdAt,
        updatedAt);
  }

  private static Map<String, Object> describe(Certificate c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("organisationId", c.organisationId().toString());
    d.put("holderMemberId", c.holder() == null ? null : c.holder().id().toString());
    d.put("scheme", c.scheme().name());
    d.put("certificateNumber", c.certificateNumber());
    d.put("certifyingBody", c.certifyingBody());
    d.put("scopeProducts", c.scopeProducts());
    d.put("scopeAllMembers", c.scopeAllMembers());
    d.put("scopeMemberCount", c.scopeMembers().size());
    d.put("validFrom", c.validFrom().toString());
    d.put("validTo", c.validTo().toString());
    d.put("status", c.recordedStatus().name());
    d.put("version", c.version());
    return d;
  }
}
