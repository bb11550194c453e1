package org.ayni.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * A member of an organisation (of a base organisation, for a second-tier co-operative): a person or
 * a household, with a code unique within the organisation and the consent they gave to data use.
 */
public record Member(
    UUID id,
    OrganisationId organisationId,
    String memberCode,
    MemberKind kind,
    String givenNames,
    String familyNames,
    Gender gender,
    LocalDate birthDate,
    AgeBand ageBand,
    String nationalId,
    String community,
    Integer householdSize,
    LocalDate joinDate,
    MemberStatus status,
    String phone,
    boolean consentDataUse,
    LocalDate consentDate,
    ConsentMethod consentMethod,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public String fullName() {
    return familyNames == null || familyNames.isBlank()
        ? givenNames
        : givenNames + " " + familyNames;
  }
}
