package org.ayni.registry;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.ayni.shared.OrganisationId;

/**
 * An organisation in the registry. {@code parentId} is set for a base organisation or community.
 */
public record Organisation(
    OrganisationId id,
    OrganisationId parentId,
    OrganisationKind kind,
    String code,
    String name,
    String shortName,
    String country,
    String timeZone,
    String region,
    String legalId,
    String contactName,
    String contactEmail,
    String contactPhone,
    String address,
    String website,
    List<String> languages,
    Integer foundedYear,
    boolean active,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public Organisation {
    languages = List.copyOf(languages);
  }

  public String displayName() {
    return shortName == null || shortName.isBlank() ? name : shortName;
  }

  /** The time zone of the organisation's clock, in which its people enter and read times. */
  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }
}
