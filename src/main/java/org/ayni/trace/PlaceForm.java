package org.ayni.trace;

import java.util.UUID;

/** A new name for one of an organisation's places. */
public class PlaceForm {

  private UUID organisationId;
  private String location;
  private String name;

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
}
