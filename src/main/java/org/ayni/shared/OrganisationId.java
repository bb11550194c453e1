package org.ayni.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies an organisation; every piece of tenant data carries one. */
public record OrganisationId(UUID value) {

  public OrganisationId {
    Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static OrganisationId of(String value) {
    return new OrganisationId(UUID.fromString(value));
  }

  public static OrganisationId newId() {
    return new OrganisationId(Ids.newUuid());
  }

  @JsonValue
  @Override
  public String toString() {
    return value.toString();
  }
}
