package org.ayni.registry;

import java.util.List;

/**
 * Where a certificate stands. ACTIVE, SUSPENDED and WITHDRAWN are recorded; EXPIRED is never stored
 * but shown for an active certificate whose validity has ended.
 */
public enum CertificateStatus {
  ACTIVE,
  SUSPENDED,
  WITHDRAWN,
  EXPIRED;

  /** The statuses a user can set; EXPIRED follows from the dates. */
  public static final List<CertificateStatus> RECORDED = List.of(ACTIVE, SUSPENDED, WITHDRAWN);

  public boolean recorded() {
    return this != EXPIRED;
  }
}
