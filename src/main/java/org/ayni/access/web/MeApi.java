package org.ayni.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ayni.access.CurrentUser;
import org.ayni.access.PasswordForm;
import org.ayni.access.Profile;
import org.ayni.access.UserAccounts;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account over REST. */
@RestController
@Tag(name = "Account", description = "Who the caller is, and their API tokens")
class MeApi {

  private final UserAccounts accounts;

  MeApi(UserAccounts accounts) {
    this.accounts = accounts;
  }

  @GetMapping("/api/v1/me")
  @Operation(
      summary =
          "The caller: username, display name, whether a platform administrator, and the effective"
              + " role in each organisation (inherited ones come from a central organisation)")
  Profile me(CurrentUser user) {
    return accounts.profile(user);
  }

  @PutMapping("/api/v1/me/password")
  @Operation(
      summary =
          "Change the caller's own password: currentPassword and password (and repeat, if given,"
              + " equal to it); 204")
  ResponseEntity<Void> changePassword(CurrentUser user, @RequestBody PasswordForm form) {
    accounts.changeOwnPassword(user, form);
    return ResponseEntity.noContent().build();
  }
}
