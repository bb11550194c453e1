package org.ayni.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Member;
import org.ayni.registry.MemberFilter;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberStatus;
import org.ayni.registry.MemberStatusChange;
import org.ayni.registry.Members;
import org.ayni.registry.StatusChangeForm;
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

/** Members over REST. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Members", description = "Producers and households of an organisation")
class MemberApi {

  static final List<String> CSV_HEADER =
      List.of(
          "id",
          "organisation_id",
          "member_code",
          "kind",
          "given_names",
          "family_names",
          "gender",
          "birth_date",
          "age_band",
          "national_id",
          "community",
          "household_size",
          "join_date",
          "status",
          "phone",
          "consent_data_use",
          "consent_date",
          "consent_method");

  private final Members members;

  MemberApi(Members members) {
    this.members = members;
  }

  @GetMapping("/members")
  @Operation(summary = "List and search members (of an organisation and those below it)")
  ApiPage<Member> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String community,
      @RequestParam(required = false) MemberStatus status,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        members.search(
            user, filter(q, organisationId, community, status), PageQuery.of(page, size)));
  }

  @GetMapping(value = "/members.csv", produces = "text/csv")
  @Operation(summary = "Export the filtered member list as CSV")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) String community,
      @RequestParam(required = false) MemberStatus status,
      HttpServletResponse response)
      throws IOException {
    writeCsv(members, user, filter(q, organisationId, community, status), response);
  }

  @GetMapping("/members/{id}")
  @Operation(summary = "One member")
  Member get(CurrentUser user, @PathVariable UUID id) {
    return members.get(user, id);
  }

  @GetMapping("/members/{id}/status-history")
  @Operation(summary = "Every status the member has had, newest first")
  List<MemberStatusChange> history(CurrentUser user, @PathVariable UUID id) {
    return members.statusHistory(user, id);
  }

  @PostMapping("/members")
  @Operation(summary = "Register a member")
  ResponseEntity<Member> create(CurrentUser user, @RequestBody MemberForm form) {
    Member created = members.register(user, form);
    return ResponseEntity.created(URI.create("/api/v1/members/" + created.id())).body(created);
  }

  @PutMapping("/members/{id}")
  @Operation(summary = "Change a member; send the version you read to guard against lost updates")
  Member update(CurrentUser user, @PathVariable UUID id, @RequestBody MemberForm form) {
    return members.update(user, id, form);
  }

  @PostMapping("/members/{id}/status")
  @Operation(
      summary =
          "Change a member's status (ACTIVE, SUSPENDED, LEFT); a reason is required unless ACTIVE")
  Member changeStatus(CurrentUser user, @PathVariable UUID id, @RequestBody StatusChangeForm form) {
    return members.changeStatus(user, id, form);
  }

  static MemberFilter filter(String q, UUID organisationId, String community, MemberStatus status) {
    return new MemberFilter(
        q, organisationId == null ? null : new OrganisationId(organisationId), community, status);
  }

  static void writeCsv(
      Members members, CurrentUser user, MemberFilter filter, HttpServletResponse response)
      throws IOException {
    Csv.write(
        response,
        "members.csv",
        CSV_HEADER,
        page -> members.search(user, filter, page),
        m ->
            Arrays.asList(
                m.id(),
                m.organisationId(),
                m.memberCode(),
                m.kind(),
                m.givenNames(),
                m.familyNames(),
                m.gender(),
                m.birthDate(),
                m.ageBand(),
                m.nationalId(),
                m.community(),
                m.householdSize(),
                m.joinDate(),
                m.status(),
                m.phone(),
                m.consentDataUse(),
                m.consentDate(),
                m.consentMethod()));
  }
}
