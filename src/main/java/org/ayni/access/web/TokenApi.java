package org.ayni.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.ayni.access.ApiToken;
import org.ayni.access.CurrentUser;
import org.ayni.access.IssuedToken;
import org.ayni.access.TokenForm;
import org.ayni.access.UserTokens;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's API tokens over REST. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "Account", description = "Who the caller is, and their API tokens")
class TokenApi {

  private final UserTokens tokens;

  TokenApi(UserTokens tokens) {
    this.tokens = tokens;
  }

  @GetMapping
  @Operation(summary = "The caller's tokens, newest first (never their secrets)")
  List<ApiToken> list(CurrentUser user) {
    return tokens.mine(user);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One of the caller's tokens")
  ApiToken get(CurrentUser user, @PathVariable UUID id) {
    return tokens.get(user, id);
  }

  @PostMapping
  @Operation(
      summary =
          "Create a token (name, optional expiresInDays); the answer holds its secret, shown only"
              + " this once: send it as 'Authorization: Bearer <secret>'")
  ResponseEntity<IssuedToken> create(CurrentUser user, @RequestBody TokenForm form) {
    IssuedToken issued = tokens.create(user, form);
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.id())).body(issued);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Revoke one of the caller's tokens; it stops working at once")
  ResponseEntity<Void> revoke(CurrentUser user, @PathVariable UUID id) {
    tokens.revoke(user, id);
    return ResponseEntity.noContent().build();
  }
}
