package org.ayni.access;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ayni.access.internal.UserStore;
import org.ayni.access.internal.UserStore.UserRow;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.Ids;
import org.ayni.shared.InputCheck;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates users, grants and withdraws their roles in organisations, and enables or disables them.
 * Organisation administrators manage the users of the organisations they administer (including the
 * base organisations below a central); a platform administrator manages everyone. Users outside the
 * caller's reach read as "not found".
 */
@Service
public class UserAccounts {

  /** Usernames: letters, digits, dot, dash, underscore, at sign; 3 to 100 characters. */
  private static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{3,100}";

  public static final int MIN_PASSWORD_LENGTH = 10;

  /** bcrypt reads only the first 72 bytes of a password; longer ones are refused. */
  static final int MAX_PASSWORD_BYTES = 72;

  /** The languages of the interface a user may prefer. */
  public static final List<String> LANGUAGES = List.of("es", "en", "fr");

  private final UserStore users;
  private final PasswordEncoder passwords;
  private final AuditTrail audit;
  private final OrganisationTree tree;

  UserAccounts(
      UserStore users, PasswordEncoder passwords, AuditTrail audit, OrganisationTree tree) {
    this.users = users;
    this.passwords = passwords;
    this.audit = audit;
    this.tree = tree;
  }

  /**
   * Creates a user without a role. {@code actor} is null only when the system itself creates users
   * (demo data, the first administrator); otherwise only a platform administrator or an
   * organisation administrator may create one, and only a platform administrator a platform
   * administrator.
   */
  @Transactional
  public UUID create(CurrentUser actor, NewUser user) {
    if (actor != null) {
      requireAdministrator(actor);
      if (user.platformAdmin()) {
        actor.requirePlatformAdmin();
      }
    }
    InputCheck check = new InputCheck();
    checkIdentity(
        check,
        user.username(),
        user.displayName(),
        user.email(),
        user.password(),
        user.preferredLanguage());
    check.throwIfAny();
    UUID id = insert(user);
    audit.record(actor, null, "user", id, "create", describe(user, null, null));
    return id;
  }

  /**
   * Gives a user a role in an organisation; {@code actor} is null only for the system's own demo
   * data. Administrators use {@link #putRole}.
   */
  @Transactional
  public void grant(CurrentUser actor, UUID userId, OrganisationId organisation, Role role) {
    if (actor != null) {
      RoleForm form = new RoleForm();
      form.setOrganisationId(organisation.value());
      form.setRole(role);
      putRole(actor, userId, form);
      return;
    }
    Role previous = users.directRoles(userId).get(organisation);
    users.putRole(userId, organisation, role);
    audit.record(null, organisation, "user", userId, "grant", roleChange(role, previous));
  }

  public Optional<UUID> idOf(String username) {
    return users.idOf(username);
  }

  /**
   * The users the caller administers (those with a role in an organisation the caller administers;
   * everyone for a platform administrator), with their roles there.
   */
  public PageResult<UserSummary> search(CurrentUser actor, String query, PageQuery page) {
    requireAdministrator(actor);
    PageResult<UserRow> rows = users.search(managedScope(actor), query, page);
    List<UserSummary> items = summaries(actor, rows.items());
    return new PageResult<>(items, rows.page(), rows.size(), rows.totalItems());
  }

  /** One user the caller administers. */
  public UserSummary get(CurrentUser actor, UUID id) {
    requireAdministrator(actor);
    return summaries(actor, List.of(visible(actor, id))).getFirst();
  }

  /** The active organisations where the caller may give roles, by name. */
  public List<OrganisationTree.Entry> administrable(CurrentUser actor) {
    if (actor.adminScope().isEmpty()) {
      return List.of();
    }
    return tree.list(actor.adminScope()).stream().filter(OrganisationTree.Entry::active).toList();
  }

  /**
   * Creates a user with a first role in an organisation the caller administers. A platform
   * administrator may create another platform administrator, who needs no organisation.
   */
  @Transactional
  public UserSummary register(CurrentUser actor, UserForm form) {
    requireAdministrator(actor);
    if (form.getPlatformAdmin()) {
      actor.requirePlatformAdmin();
    }
    InputCheck check = new InputCheck();
    checkIdentity(
        check,
        form.getUsername(),
        form.getDisplayName(),
        form.getEmail(),
        form.getPassword(),
        form.getPreferredLanguage());
    OrganisationId organisation =
        form.getOrganisationId() == null ? null : new OrganisationId(form.getOrganisationId());
    boolean roleNeeded = !form.getPlatformAdmin() || organisation != null || form.getRole() != null;
    if (roleNeeded) {
      check.required("organisationId", form.getOrganisationId());
      check.required("role", form.getRole());
    }
    if (organisation != null) {
      Optional<OrganisationTree.Entry> entry =
          actor.canAdminister(organisation) ? entry(organisation) : Optional.empty();
      if (entry.isEmpty()) {
        check.add("organisationId", "user.organisation.unknown");
      } else if (!entry.get().active()) {
        check.add("organisationId", "organisation.inactive");
      }
    }
    check.throwIfAny();
    NewUser user =
        new NewUser(
            form.getUsername().trim(),
            form.getPassword(),
            form.getDisplayName().trim(),
            blankToNull(form.getEmail()),
            form.getPlatformAdmin(),
            blankToNull(form.getPreferredLanguage()));
    UUID id = insert(user);
    if (organisation != null) {
      users.putRole(id, organisation, form.getRole());
    }
    audit.record(
        actor, organisation, "user", id, "create", describe(user, organisation, form.getRole()));
    return get(actor, id);
  }

  /** Gives a user the role in an organisation, or changes the role they have there. */
  @Transactional
  public UserSummary putRole(CurrentUser actor, UUID userId, RoleForm form) {
    requireAdministrator(actor);
    UserRow target = visible(actor, userId);
    requireManageable(actor, target);
    InputCheck check = new InputCheck();
    check.required("organisationId", form.getOrganisationId());
    check.required("role", form.getRole());
    if (form.getOrganisationId() != null) {
      OrganisationId organisation = new OrganisationId(form.getOrganisationId());
      OrganisationTree.Entry entry = requireAdministered(actor, organisation);
      check.check(entry.active(), "organisationId", "organisation.inactive");
    }
    check.throwIfAny();
    OrganisationId organisation = new OrganisationId(form.getOrganisationId());
    Role previous = users.directRoles(userId).get(organisation);
    if (previous != form.getRole()) {
      users.putRole(userId, organisation, form.getRole());
      audit.record(
          actor, organisation, "user", userId, "grant", roleChange(form.getRole(), previous));
    }
    return get(actor, userId);
  }

  /** Withdraws a user's role in an organisation. */
  @Transactional
  public void removeRole(CurrentUser actor, UUID userId, OrganisationId organisation) {
    requireAdministrator(actor);
    UserRow target = visible(actor, userId);
    requireManageable(actor, target);
    requireAdministered(actor, organisation);
    Role previous = users.directRoles(userId).get(organisation);
    if (previous == null) {
      throw new NotFoundException("user.role.not-found");
    }
    users.removeRole(userId, organisation);
    audit.record(actor, organisation, "user", userId, "revoke", roleChange(null, previous));
  }

  /**
   * Enables or disables a user. A disabled user can neither sign in nor use the API (tokens and
   * HTTP Basic alike); their tokens work again once they are enabled. An organisation administrator
   * may only do this for users whose every role lies in organisations they administer; nobody may
   * disable themselves.
   */
  @Transactional
  public UserSummary setEnabled(CurrentUser actor, UUID userId, boolean enabled) {
    UserRow target = anotherManaged(actor, userId, "user.self");
    Map<OrganisationId, Role> roles = whollyAdministered(actor, userId);
    if (target.enabled() != enabled) {
      users.setEnabled(userId, enabled);
      audit.record(
          actor,
          auditedOrganisation(actor, roles),
          "user",
          userId,
          enabled ? "enable" : "disable",
          Map.of("username", target.username()));
    }
    return get(actor, userId);
  }

  /**
   * Changes the caller's own password, the current one given: a stolen session alone does not
   * change it. Other sessions and API tokens stay valid (tokens are revoked on the account page).
   */
  @Transactional
  public void changeOwnPassword(CurrentUser user, PasswordForm form) {
    UserStore.StoredUser stored =
        users.byId(user.userId()).orElseThrow(() -> new NotFoundException("user.not-found"));
    InputCheck check = new InputCheck();
    String current = form.getCurrentPassword();
    if (current == null || current.isEmpty()) {
      check.add("currentPassword", "validation.required");
    } else if (!passwords.matches(current, stored.passwordHash())) {
      check.add("currentPassword", "user.password.wrong");
    }
    checkNewPassword(check, form);
    if (!check.hasProblem("currentPassword")
        && !check.hasProblem("password")
        && form.getPassword().equals(current)) {
      check.add("password", "user.password.same");
    }
    check.throwIfAny();
    users.setPasswordHash(user.userId(), passwords.encode(form.getPassword()));
    audit.record(
        user, null, "user", user.userId(), "password", Map.of("username", user.username()));
  }

  /**
   * Sets another user's password, for someone who forgot theirs: as {@link #setEnabled}, only for
   * users whose every role lies where the caller administers; one's own is changed with {@link
   * #changeOwnPassword}.
   */
  @Transactional
  public UserSummary resetPassword(CurrentUser actor, UUID userId, PasswordForm form) {
    UserRow target = anotherManaged(actor, userId, "user.password.self");
    Map<OrganisationId, Role> roles = whollyAdministered(actor, userId);
    InputCheck check = new InputCheck();
    checkNewPassword(check, form);
    check.throwIfAny();
    users.setPasswordHash(userId, passwords.encode(form.getPassword()));
    audit.record(
        actor,
        auditedOrganisation(actor, roles),
        "user",
        userId,
        "password",
        Map.of("username", target.username()));
    return get(actor, userId);
  }

  /**
   * Another user than the caller, whom the caller may manage; the caller is refused with {@code
   * self}.
   */
  private UserRow anotherManaged(CurrentUser actor, UUID userId, String self) {
    requireAdministrator(actor);
    UserRow target = visible(actor, userId);
    if (target.id().equals(actor.userId())) {
      throw new ForbiddenException(self);
    }
    requireManageable(actor, target);
    return target;
  }

  /**
   * The user's roles, where every one lies in an organisation the caller administers (anywhere for
   * a platform administrator): what a change of the whole account asks.
   */
  private Map<OrganisationId, Role> whollyAdministered(CurrentUser actor, UUID userId) {
    Map<OrganisationId, Role> roles = users.directRoles(userId);
    if (!actor.platformAdmin() && !roles.keySet().stream().allMatch(actor::canAdminister)) {
      throw new ForbiddenException("user.other-organisations");
    }
    return roles;
  }

  /** The organisation an account's change is recorded under: the first the caller administers. */
  private static OrganisationId auditedOrganisation(
      CurrentUser actor, Map<OrganisationId, Role> roles) {
    return roles.keySet().stream()
        .filter(actor::canAdminister)
        .min(Comparator.comparing(OrganisationId::value))
        .orElse(null);
  }

  /** A new password's length, and that its repetition (where a form asks for one) matches. */
  private static void checkNewPassword(InputCheck check, PasswordForm form) {
    checkPassword(check, form.getPassword());
    if (!check.hasProblem("password") && form.getRepeat() != null) {
      check.check(form.getRepeat().equals(form.getPassword()), "repeat", "user.password.repeat");
    }
  }

  private static void checkPassword(InputCheck check, String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      check.add("password", "user.password.short", MIN_PASSWORD_LENGTH);
    } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      check.add("password", "user.password.long", MAX_PASSWORD_BYTES);
    }
  }

  /** The caller: who they are and their effective role in each organisation. */
  public Profile profile(CurrentUser user) {
    Map<OrganisationId, OrganisationTree.Entry> entries =
        user.roles().isEmpty()
            ? Map.of()
            : tree.list(OrganisationScope.of(user.roles().keySet())).stream()
                .collect(Collectors.toMap(OrganisationTree.Entry::id, Function.identity()));
    List<Profile.EffectiveRole> roles = new ArrayList<>();
    user.roles()
        .forEach(
            (organisation, role) -> {
              OrganisationTree.Entry entry = entries.get(organisation);
              roles.add(
                  new Profile.EffectiveRole(
                      organisation,
                      entry == null ? null : entry.code(),
                      entry == null ? null : entry.name(),
                      role,
                      !user.directOrganisations().contains(organisation)));
            });
    roles.sort(
        Comparator.comparing(
                (Profile.EffectiveRole r) ->
                    r.organisationName() == null ? "" : r.organisationName())
            .thenComparing(r -> r.organisationId().value()));
    return new Profile(
        user.userId(), user.username(), user.displayName(), user.platformAdmin(), roles);
  }

  private UUID insert(NewUser user) {
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
    return id;
  }

  private void checkIdentity(
      InputCheck check,
      String username,
      String displayName,
      String email,
      String password,
      String language) {
    if (username == null || !username.trim().matches(USERNAME_PATTERN)) {
      check.add("username", "user.username.invalid");
    } else if (users.idOf(username.trim()).isPresent()) {
      check.add("username", "user.username.taken");
    }
    check.required("displayName", displayName).maxLength("displayName", displayName, 200);
    check.maxLength("email", email, 200).email("email", email);
    checkPassword(check, password);
    check.check(
        language == null || language.isBlank() || LANGUAGES.contains(language),
        "preferredLanguage",
        "validation.choice");
  }

  private static void requireAdministrator(CurrentUser actor) {
    if (actor.adminScope().isEmpty()) {
      throw new ForbiddenException("error.forbidden.admin");
    }
  }

  /** The organisations whose users the caller manages: every one for a platform administrator. */
  private static OrganisationScope managedScope(CurrentUser actor) {
    return actor.platformAdmin() ? OrganisationScope.everything() : actor.adminScope();
  }

  /** A user with a role where the caller administers (anyone for a platform administrator). */
  private UserRow visible(CurrentUser actor, UUID id) {
    Optional<UserRow> row = id == null ? Optional.empty() : users.row(id);
    if (row.isEmpty()
        || (!actor.platformAdmin()
            && users
                .rolesOf(Set.of(id), actor.adminScope())
                .getOrDefault(id, Map.of())
                .isEmpty())) {
      throw new NotFoundException("user.not-found");
    }
    return row.get();
  }

  /**
   * Only a platform administrator changes a platform administrator; an organisation administrator
   * does not change their own roles (and so cannot lock themselves out).
   */
  private static void requireManageable(CurrentUser actor, UserRow target) {
    if (actor.platformAdmin()) {
      return;
    }
    if (target.platformAdmin()) {
      throw new ForbiddenException("error.forbidden.platform");
    }
    if (target.id().equals(actor.userId())) {
      throw new ForbiddenException("user.self");
    }
  }

  /**
   * The organisation, if the caller administers it: an organisation the caller cannot even see is
   * "not found", one they see but do not administer is "forbidden".
   */
  private OrganisationTree.Entry requireAdministered(
      CurrentUser actor, OrganisationId organisation) {
    if (!actor.canAdminister(organisation)) {
      if (actor.canRead(organisation)) {
        throw new ForbiddenException("error.forbidden.admin");
      }
      throw new NotFoundException("organisation.not-found");
    }
    return entry(organisation).orElseThrow(() -> new NotFoundException("organisation.not-found"));
  }

  private Optional<OrganisationTree.Entry> entry(OrganisationId organisation) {
    return tree.list(OrganisationScope.of(Set.of(organisation))).stream().findFirst();
  }

  private List<UserSummary> summaries(CurrentUser actor, List<UserRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, Map<OrganisationId, Role>> roles =
        users.rolesOf(rows.stream().map(UserRow::id).toList(), managedScope(actor));
    Set<OrganisationId> organisations = new HashSet<>();
    roles.values().forEach(r -> organisations.addAll(r.keySet()));
    Map<OrganisationId, String> names =
        organisations.isEmpty()
            ? Map.of()
            : tree.list(OrganisationScope.of(organisations)).stream()
                .collect(
                    Collectors.toMap(OrganisationTree.Entry::id, OrganisationTree.Entry::name));
    List<UserSummary> result = new ArrayList<>();
    for (UserRow row : rows) {
      List<UserSummary.RoleGrant> grants =
          roles.getOrDefault(row.id(), Map.of()).entrySet().stream()
              .map(e -> new UserSummary.RoleGrant(e.getKey(), names.get(e.getKey()), e.getValue()))
              .sorted(
                  Comparator.comparing(
                          (UserSummary.RoleGrant g) ->
                              g.organisationName() == null ? "" : g.organisationName())
                      .thenComparing(g -> g.organisationId().value()))
              .toList();
      result.add(
          new UserSummary(
              row.id(),
              row.username(),
              row.displayName(),
              row.email(),
              row.platformAdmin(),
              row.enabled(),
              row.createdAt(),
              grants));
    }
    return result;
  }

  private static Map<String, Object> describe(
      NewUser user, OrganisationId organisation, Role role) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("username", user.username());
    d.put("displayName", user.displayName());
    d.put("email", user.email());
    d.put("platformAdmin", user.platformAdmin());
    if (organisation != null) {
      d.put("organisationId", organisation.toString());
      d.put("role", role.name());
    }
    return d;
  }

  private static Map<String, Object> roleChange(Role role, Role previous) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("role", role == null ? null : role.name());
    d.put("previous", previous == null ? null : previous.name());
    return d;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
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
