package org.ayni.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationId;

/**
 * A certificate held by an organisation (a central or a base organisation) or by one of its
 * members: the scheme, the number the certifying body gave it, what it covers and how long.
 *
 * @param holder the member holding it, or null when the organisation does
 * @param scopeAllMembers it covers every member of the organisation and of those below it
 * @param scopeMembers the members it covers when not all of them (empty: the organisation only)
 * @param status the status as shown: EXPIRED for an active certificate past its validity
 * @param recordedStatus the status as recorded (never EXPIRED)
 * @param expiringSoon active and valid, but expires within {@value #EXPIRY_WARNING_DAYS} days
 * @param statusReason why it was suspended or withdrawn
 * @param statusChangedOn from when the recorded status holds, when it was changed
 */
public record Certificate(
    UUID id,
    OrganisationId organisationId,
    CertificateMember holder,
    CertificateScheme scheme,
    String certificateNumber,
    String certifyingBody,
    List<String> scopeProducts,
    boolean scopeAllMembers,
    List<CertificateMember> scopeMembers,
    LocalDate validFrom,
    LocalDate validTo,
    CertificateStatus status,
    CertificateStatus recordedStatus,
    boolean expiringSoon,
    String statusReason,
    LocalDate statusChangedOn,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** How many days before the end of its validity a certificate is flagged. */
  public static final int EXPIRY_WARNING_DAYS = 60;

  public Certificate {
    scopeProducts = List.copyOf(scopeProducts);
    scopeMembers = List.copyOf(scopeMembers);
  }

  /**
   * The status shown on {@code today}: an active certificate is expired from the day after its last
   * valid day; suspended and withdrawn ones stay so.
   */
  public static CertificateStatus shownStatus(
      CertificateStatus recorded, LocalDate validTo, LocalDate today) {
    return recorded == CertificateStatus.ACTIVE && validTo.isBefore(today)
        ? CertificateStatus.EXPIRED
        : recorded;
  }

  /**
   * Active, still valid on {@code today}, and valid for at most {@value #EXPIRY_WARNING_DAYS} more
   * days.
   */
  public static boolean expiresSoon(
      CertificateStatus recorded, LocalDate validTo, LocalDate today) {
    return shownStatus(recorded, validTo, today) == CertificateStatus.ACTIVE
        && !validTo.isAfter(today.plusDays(EXPIRY_WARNING_DAYS));
  }
}
