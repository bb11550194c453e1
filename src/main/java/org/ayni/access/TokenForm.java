package org.ayni.access;

/** What a user fills in to create an API token: a name, and optionally a lifetime in days. */
public class TokenForm {

  private String name;
  private Integer expiresInDays;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getExpiresInDays() {
    return expiresInDays;
  }

  public void setExpiresInDays(Integer expiresInDays) {
    this.expiresInDays = expiresInDays;
  }
}
