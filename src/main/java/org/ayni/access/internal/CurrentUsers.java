package org.ayni.access.internal;

import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.access.OrganisationTree;
import org.ayni.access.Role;
import org.ayni.access.SignedIn;
import org.ayni.shared.OrganisationId;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Works out the effective roles of the signed-in principal: direct roles, passed down the
 * organisation tree. Resolved once per request, from the database, so that a role changed or an
 * account disabled takes effect on the next request, even in a session opened before; a disabled
 * user's session is ended.
 */
@Component
class CurrentUsers implements SignedIn {

  private static final String ATTRIBUTE = CurrentUser.class.getName();

  private final UserStore users;
  private final OrganisationTree tree;

  CurrentUsers(UserStore users, OrganisationTree tree) {
    this.users = users;
    this.tree = tree;
  }

  @Override
  public Optional<CurrentUser> current() {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !(authentication.getPrincipal() instanceof AyniPrincipal p)) {
      return Optional.empty();
    }
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null
        && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof CurrentUser u
        && u.userId().equals(p.id())) {
      return Optional.of(u);
    }
    var stored = users.byId(p.id()).filter(UserStore.StoredUser::enabled);
    if (stored.isEmpty()) {
      signOut(request);
      return Optional.empty();
    }
    CurrentUser user = of(stored.get());
    if (request != null) {
      request.setAttribute(ATTRIBUTE, user, RequestAttributes.SCOPE_REQUEST);
    }
    return Optional.of(user);
  }

  @Override
  public Optional<CurrentUser> account(UUID userId) {
    return users.byId(userId).filter(UserStore.StoredUser::enabled).map(this::of);
  }

  CurrentUser of(UserStore.StoredUser stored) {
    Map<OrganisationId, Role> direct = users.directRoles(stored.id());
    Map<OrganisationId, Role> effective = new HashMap<>();
    direct.forEach(
        (organisation, role) -> {
          Set<OrganisationId> below =
              role == Role.BUYER
                  ? Set.of(organisation)
                  : tree.withDescendants(Set.of(organisation));
          for (OrganisationId o : below) {
            effective.merge(o, role, Role::higher);
          }
        });
    return new CurrentUser(
        stored.id(),
        stored.username(),
        stored.displayName(),
        stored.platformAdmin(),
        effective,
        direct.keySet());
  }

  /** The account is gone or disabled: forget the sign-in, and end the session if there is one. */
  private static void signOut(RequestAttributes request) {
    SecurityContextHolder.clearContext();
    if (request instanceof ServletRequestAttributes servlet) {
      HttpSession session = servlet.getRequest().getSession(false);
      if (session != null) {
        session.invalidate();
      }
    }
  }
}
