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
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationFilter;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
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

/** Organisations over REST. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Organisations", description = "Producer, support and base organisations")
class OrganisationApi {

  static final List<String> CSV_HEADER =
      List.of(
          "id",
          "parent_id",
          "kind",
          "code",
          "name",
          "short_name",
          "country",
          "time_zone",
          "region",
          "legal_id",
          "contact_name",
          "contact_email",
          "contact_phone",
          "languages",
          "founded_year",
          "active");

  private final Organisations organisations;

  OrganisationApi(Organisations organisations) {
    this.organisations = organisations;
  }

  @GetMapping("/organisations")
  @Operation(summary = "List and search the organisations you can see")
  ApiPage<Organisation> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) OrganisationKind kind,
      @RequestParam(required = false) UUID parentId,
      @RequestParam(required = false) Boolean active,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        organisations.search(user, filter(q, kind, parentId, active), PageQuery.of(page, size)));
  }

  @GetMapping(value = "/organisations.csv", produces = "text/csv")
  @Operation(summary = "Export the filtered list as CSV")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) OrganisationKind kind,
      @RequestParam(required = false) UUID parentId,
      @RequestParam(required = false) Boolean active,
      HttpServletResponse response)
      throws IOException {
    writeCsv(organisations, user, filter(q, kind, parentId, active), response);
  }

  @GetMapping("/organisations/{id}")
  @Operation(summary = "One organisation")
  Organisation get(CurrentUser user, @PathVariable UUID id) {
    return organisations.get(user, new OrganisationId(id));
  }

  @GetMapping("/organisations/{id}/children")
  @Operation(summary = "The base organisations or communities directly below one")
  List<Organisation> children(CurrentUser user, @PathVariable UUID id) {
    return organisations.children(user, new OrganisationId(id));
  }

  @PostMapping("/organisations")
  @Operation(
      summary = "Create an organisation (top level: platform admin; below a parent: its admin)")
  ResponseEntity<Organisation> create(CurrentUser user, @RequestBody OrganisationForm form) {
    Organisation created = organisations.create(user, form);
    return ResponseEntity.created(URI.create("/api/v1/organisations/" + created.id()))
        .body(created);
  }

  @PutMapping("/organisations/{id}")
  @Operation(
      summary = "Change an organisation; send the version you read to guard against lost updates")
  Organisation update(CurrentUser user, @PathVariable UUID id, @RequestBody OrganisationForm form) {
    return organisations.update(user, new OrganisationId(id), form);
  }

  @PostMapping("/organisations/{id}/deactivate")
  @Operation(summary = "Deactivate an organisation; its records are kept")
  Organisation deactivate(CurrentUser user, @PathVariable UUID id) {
    return organisations.setActive(user, new OrganisationId(id), false);
  }

  @PostMapping("/organisations/{id}/reactivate")
  @Operation(summary = "Reactivate an organisation")
  Organisation reactivate(CurrentUser user, @PathVariable UUID id) {
    return organisations.setActive(user, new OrganisationId(id), true);
  }

  static OrganisationFilter filter(String q, OrganisationKind kind, UUID parentId, Boolean active) {
    return new OrganisationFilter(
        q, kind, parentId == null ? null : new OrganisationId(parentId), active);
  }

  static void writeCsv(
      Organisations organisations,
      CurrentUser user,
      OrganisationFilter filter,
      HttpServletResponse response)
      throws IOException {
    Csv.write(
        response,
        "organisations.csv",
        CSV_HEADER,
        page -> organisations.search(user, filter, page),
        o ->
            Arrays.asList(
                o.id(),
                o.parentId(),
                o.kind(),
                o.code(),
                o.name(),
                o.shortName(),
                o.country(),
                o.timeZone(),
                o.region(),
                o.legalId(),
                o.contactName(),
                o.contactEmail(),
                o.contactPhone(),
                String.join(" ", o.languages()),
                o.foundedYear(),
                o.active()));
  }
}
