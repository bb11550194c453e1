package org.ayni.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.access.PasswordForm;
import org.ayni.access.RoleForm;
import org.ayni.access.UserAccounts;
import org.ayni.access.UserForm;
import org.ayni.access.UserSummary;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.web.ApiPage;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users and their roles over REST, for organisation and platform administrators. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(
    name = "Users",
    description =
        "Users of the organisations the caller administers, their roles, and whether they may"
            + " sign in")
class UserApi {

  private final UserAccounts accounts;

  UserApi(UserAccounts accounts) {
    this.accounts = accounts;
  }

  @GetMapping
  @Operation(
      summary =
          "List the users with a role in an organisation the caller administers (all users for a"
              + " platform administrator), with their roles there")
  ApiPage<UserSummary> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(accounts.search(user, q, PageQuery.of(page, size)));
  }

  @GetMapping("/{id}")
  @Operation(summary = "One user")
  UserSummary get(CurrentUser user, @PathVariable UUID id) {
    return accounts.get(user, id);
  }

  @PostMapping
  @Operation(
      summary =
          "Create a user with an initial password (at least 10 characters) and a first role in an"
              + " organisation the caller administers")
  ResponseEntity<UserSummary> create(CurrentUser user, @RequestBody UserForm form) {
    UserSummary created = accounts.register(user, form);
    return ResponseEntity.created(URI.create("/api/v1/users/" + created.id())).body(created);
  }

  @PutMapping("/{id}/roles/{organisationId}")
  @Operation(
      summary =
          "Give the user a role in the organisation, or change it (body: {\"role\": \"AUDITOR\"})")
  UserSummary putRole(
      CurrentUser user,
      @PathVariable UUID id,
      @PathVariable UUID organisationId,
      @RequestBody RoleForm form) {
    form.setOrganisationId(organisationId);
    return accounts.putRole(user, id, form);
  }

  @DeleteMapping("/{id}/roles/{organisationId}")
  @Operation(summary = "Withdraw the user's role in the organisation")
  ResponseEntity<Void> removeRole(
      CurrentUser user, @PathVariable UUID id, @PathVariable UUID organisationId) {
    accounts.removeRole(user, id, new OrganisationId(organisationId));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/disable")
  @Operation(summary = "Disable the user: no sign-in, no API (tokens and Basic alike)")
  UserSummary disable(CurrentUser user, @PathVariable UUID id) {
    return accounts.setEnabled(user, id, false);
  }

  @PostMapping("/{id}/enable")
  @Operation(summary = "Enable the user again")
  UserSummary enable(CurrentUser user, @PathVariable UUID id) {
    return accounts.setEnabled(user, id, true);
  }

  @PutMapping("/{id}/password")
  @Operation(
      summary =
          "Set a new password for a user who forgot theirs (password; repeat, if given, equal to"
              + " it): where the caller administers every organisation of the user")
  UserSummary resetPassword(
      CurrentUser user, @PathVariable UUID id, @RequestBody PasswordForm form) {
    return accounts.resetPassword(user, id, form);
  }
}
