package org.ayni.access;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ayni.access.internal.UserStore;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.Ids;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates users and grants them roles in organisations. */
@Service
public class UserAccounts {

  /** Usernames: letters, digits, dot, dash, underscore, at sign; 3 to 100 characters. */
  private static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{3,100}";

  private static final int MIN_PASSWORD_LENGTH = 10;

  private final UserStore users;
  private final PasswordEncoder passwords;
  private final AuditTrail audit;

  UserAccounts(UserStore users, PasswordEncoder passwords, AuditTrail audit) {
    this.users = users;
    this.passwords = passwords;
    this.audit = audit;
  }

  /**
   * Creates a user. {@code actor} is null only when the system itself creates users (demo data);
   * otherwise only a platform administrator or an organisation administrator may create one.
   */
  @Transactional
  public UUID create(CurrentUser actor, NewUser user) {
    if (actor != null && actor.adminScope().isEmpty()) {
      throw new ForbiddenException("error.forbidden.admin");
    }
    if (actor != null && user.platformAdmin()) {
      actor.requirePlatformAdmin();
    }
    validate(user);
    UUID id = Ids.newUuid();
    users.insert(
        id,
        user.username(),
        passwords.encode(user.password()),
        user.displayName(),
        user.email(),
        user.platformAdmin(),
        user.preferredLanguage(),
        OffsetDateTime.now(ZoneOffset.UTC));
    if (actor != null) {
      audit.record(actor, null, "user", id, "create", Map.of("username", user.username()));
    }
    return id;
  }

  @Transactional
  public void grant(CurrentUser actor, UUID userId, OrganisationId organisation, Role role) {
    if (actor != null) {
      actor.requireAdmin(organisation);
    }
    users.putRole(userId, organisation, role);
    audit.record(actor, organisation, "user", userId, "grant", Map.of("role", role.name()));
  }

  @Transactional
  public void revoke(CurrentUser actor, UUID userId, OrganisationId organisation) {
    actor.requireAdmin(organisation);
    users.removeRole(userId, organisation);
    audit.record(actor, organisation, "user", userId, "revoke", Map.of());
  }

  public Optional<UUID> idOf(String username) {
    return users.idOf(username);
  }

  /** Users holding a role in one of the organisations in scope, with their roles there. */
  public List<UserSummary> usersIn(OrganisationScope scope) {
    return users.usersWithRolesIn(scope);
  }

  private void validate(NewUser user) {
    var problems = new ArrayList<FieldProblem>();
    if (user.username() == null || !user.username().matches(USERNAME_PATTERN)) {
      problems.add(FieldProblem.of("username", "user.username.invalid"));
    } else if (users.idOf(user.username()).isPresent()) {
      problems.add(FieldProblem.of("username", "user.username.taken"));
    }
    if (user.password() == null || user.password().length() < MIN_PASSWORD_LENGTH) {
      problems.add(FieldProblem.of("password", "user.password.short", MIN_PASSWORD_LENGTH));
    }
    if (user.displayName() == null || user.displayName().isBlank()) {
      problems.add(FieldProblem.of("displayName", "validation.required"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** What it takes to create a user. */
  public record NewUser(
      String username,
      String password,
      String displayName,
      String email,
      boolean platformAdmin,
      String preferredLanguage) {}
}
