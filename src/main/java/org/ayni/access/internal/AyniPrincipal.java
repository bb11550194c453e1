package org.ayni.access.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated user as Spring Security holds it; roles per organisation are resolved per
 * request.
 */
public record AyniPrincipal(
    UUID id,
    String username,
    String passwordHash,
    String displayName,
    boolean platformAdmin,
    boolean enabled)
    implements UserDetails {

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return platformAdmin
        ? List.of(
            new SimpleGrantedAuthority("ROLE_USER"),
            new SimpleGrantedAuthority("ROLE_PLATFORM_ADMIN"))
        : List.of(new SimpleGrantedAuthority("ROLE_USER"));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  /** The same principal without the password hash, kept in the session. */
  public AyniPrincipal withoutPassword() {
    return new AyniPrincipal(id, username, "", displayName, platformAdmin, enabled);
  }
}
