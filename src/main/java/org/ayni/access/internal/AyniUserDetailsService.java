package org.ayni.access.internal;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Loads users for form login and HTTP Basic ({@link SecurityConfiguration#passwordAuthentication}).
 */
class AyniUserDetailsService implements UserDetailsService {

  private final UserStore users;

  AyniUserDetailsService(UserStore users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return users
        .byUsername(username)
        .map(
            u ->
                new AyniPrincipal(
                    u.id(),
                    u.username(),
                    u.passwordHash(),
                    u.displayName(),
                    u.platformAdmin(),
                    u.enabled()))
        .orElseThrow(() -> new UsernameNotFoundException(username));
  }
}
