package org.ayni.trace;

import java.util.UUID;

/** One of an organisation's places: a new name for it, or whether the forms offer it. */
public class PlaceForm {

  private UUID organisationId;
  private String location;
  private String name;
  private Boolean offered;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getOffered() {
    return offered;
  }

  public void setOffered(Boolean offered) {
    this.offered = offered;
  }
}
