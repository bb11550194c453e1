package org.ayni.access.internal;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated user as Spring Security holds it; roles per organisation are resolved per
 * request. The password hash is erased once the login succeeded, so a session never keeps it.
 */
public final class AyniPrincipal implements UserDetails, CredentialsContainer {

  private final UUID id;
  private final String username;
  private String passwordHash;
  private final String displayName;
  private final boolean platformAdmin;
  private final boolean enabled;

  public AyniPrincipal(
      UUID id,
      String username,
      String passwordHash,
      String displayName,
      boolean platformAdmin,
      boolean enabled) {
    this.id = Objects.requireNonNull(id, "id");
    this.username = username;
    this.passwordHash = passwordHash;
    this.displayName = displayName;
    this.platformAdmin = platformAdmin;
    this.enabled = enabled;
  }

  public UUID id() {
    return id;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public boolean platformAdmin() {
    return platformAdmin;
  }

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

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AyniPrincipal p && p.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "AyniPrincipal[" + username + "]";
  }
}
