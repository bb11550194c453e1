package org.ayni.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Certificate;
import org.ayni.registry.CertificateFilter;
import org.ayni.registry.CertificateForm;
import org.ayni.registry.CertificateMember;
import org.ayni.registry.CertificateScheme;
import org.ayni.registry.CertificateStatus;
import org.ayni.registry.CertificateStatusForm;
import org.ayni.registry.Certificates;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.web.ApiPage;
import org.ayni.shared.web.Csv;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Certificates over REST. */
@RestController
@RequestMapping("/api/v1")
@Tag(
    name = "Certificates",
    description = "Certificates held by an organisation or one of its members, and what they cover")
class CertificateApi {

  static final List<String> CSV_HEADER =
      List.of(
          "id",
          "organisation_id",
          "holder_member_code",
          "scheme",
          "certificate_number",
          "certifying_body",
          "scope_products",
          "scope_all_members",
          "scope_member_count",
          "scope_member_codes",
          "valid_from",
          "valid_to",
          "status",
          "expiring_soon",
          "status_reason",
          "status_changed_on");

  private final Certificates certificates;

  CertificateApi(Certificates certificates) {
    this.certificates = certificates;
  }

  @GetMapping("/certificates")
  @Operation(
      summary =
          "List and search certificates (q: number or certifying body; organisationId: that"
              + " organisation and those below it; memberId: held by or covering the member;"
              + " status EXPIRED: active but past validity; expiringSoon: within 60 days)")
  ApiPage<Certificate> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) CertificateScheme scheme,
      @RequestParam(required = false) CertificateStatus status,
      @RequestParam(required = false) Boolean expiringSoon,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        certificates.search(
            user,
            filter(q, organisationId, memberId, scheme, status, expiringSoon),
            PageQuery.of(page, size)));
  }

  @GetMapping(value = "/certificates.csv", produces = "text/csv")
  @Operation(summary = "Export the filtered certificate list as CSV")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) CertificateScheme scheme,
      @RequestParam(required = false) CertificateStatus status,
      @RequestParam(required = false) Boolean expiringSoon,
      HttpServletResponse response)
      throws IOException {
    writeCsv(
        certificates,
        user,
        filter(q, organisationId, memberId, scheme, status, expiringSoon),
        response);
  }

  @GetMapping("/certificates/{id}")
  @Operation(summary = "One certificate, with the members it covers")
  Certificate get(CurrentUser user, @PathVariable UUID id) {
    return certificates.get(user, id);
  }

  @PostMapping("/certificates")
  @Operation(
      summary =
          "Record a certificate (organisation administrators); members are named by code, or"
              + " organisation-code:member-code for a member of a base organisation")
  ResponseEntity<Certificate> create(CurrentUser user, @RequestBody CertificateForm form) {
    Certificate created = certificates.create(user, form);
    return ResponseEntity.created(URI.create("/api/v1/certificates/" + created.id())).body(created);
  }

  @PutMapping("/certificates/{id}")
  @Operation(
      summary = "Change a certificate; send the version you read to guard against lost updates")
  Certificate update(CurrentUser user, @PathVariable UUID id, @RequestBody CertificateForm form) {
    return certificates.update(user, id, form);
  }

  @PostMapping("/certificates/{id}/status")
  @Operation(
      summary =
          "Suspend, withdraw or reactivate a certificate (ACTIVE, SUSPENDED, WITHDRAWN); a reason"
              + " is required unless ACTIVE")
  Certificate changeStatus(
      CurrentUser user, @PathVariable UUID id, @RequestBody CertificateStatusForm form) {
    return certificates.changeStatus(user, id, form);
  }

  static CertificateFilter filter(
      String q,
      UUID organisationId,
      UUID memberId,
      CertificateScheme scheme,
      CertificateStatus status,
      Boolean expiringSoon) {
    return new CertificateFilter(
        q,
        organisationId == null ? null : new OrganisationId(organisationId),
        memberId,
        scheme,
        status,
        expiringSoon);
  }

  static void writeCsv(
      Certificates certificates,
      CurrentUser user,
      CertificateFilter filter,
      HttpServletResponse response)
      throws IOException {
    Csv.write(
        response,
        "certificates.csv",
        CSV_HEADER,
        page -> certificates.search(user, filter, page),
        c ->
            Arrays.asList(
                c.id(),
                c.organisationId(),
                c.holder() == null ? null : c.holder().reference(c.organisationId()),
                c.scheme(),
                c.certificateNumber(),
                c.certifyingBody(),
                String.join(", ", c.scopeProducts()),
                c.scopeAllMembers(),
                c.scopeMembers().size(),
                memberReferences(c),
                c.validFrom(),
                c.validTo(),
                c.status(),
                c.expiringSoon(),
                c.statusReason(),
                c.statusChangedOn()));
  }

  /** The members a certificate lists, as references relative to its organisation. */
  static String memberReferences(Certificate c) {
    return c.scopeMembers().stream()
        .map((CertificateMember m) -> m.reference(c.organisationId()))
        .collect(Collectors.joining(" "));
  }
}
