package org.ayni.access;

import java.util.UUID;

/**
 * What an administrator fills in to create a user (HTML form and API body alike): who they are, an
 * initial password, and their first role in an organisation the administrator administers.
 */
public class UserForm {

  private String username;
  private String displayName;
  private String email;
  private String password;
  private UUID organisationId;
  private Role role;
  private boolean platformAdmin;
  private String preferredLanguage = "es";

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public Role getRole() {
    return role;
  }

  public void setRole(Role role) {
    this.role = role;
  }

  public boolean getPlatformAdmin() {
    return platformAdmin;
  }

  public void setPlatformAdmin(boolean platformAdmin) {
    this.platformAdmin = platformAdmin;
  }

  public String getPreferredLanguage() {
    return preferredLanguage;
  }

  public void setPreferredLanguage(String preferredLanguage) {
    this.preferredLanguage = preferredLanguage;
  }
}
