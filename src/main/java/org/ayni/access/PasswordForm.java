package org.ayni.access;

/**
 * A new password: one's own (with the current one, {@code currentPassword}) or another user's, set
 * by an administrator; {@code repeat}, where a form asks for it twice, must equal it.
 */
public class PasswordForm {

  private String currentPassword;
  private String password;
  private String repeat;

  public String getCurrentPassword() {
    return currentPassword;
  }

  public void setCurrentPassword(String currentPassword) {
    this.currentPassword = currentPassword;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getRepeat() {
    return repeat;
  }

  public void setRepeat(String repeat) {
    this.repeat = repeat;
  }

  @Override
  public String toString() {
    // never the passwords, should a form be logged
    return "PasswordForm";
  }
}
