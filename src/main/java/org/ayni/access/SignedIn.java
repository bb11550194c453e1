package org.ayni.access;

import java.util.Optional;
import java.util.UUID;

/** The user signed in on the current request, if any. */
public interface SignedIn {

  Optional<CurrentUser> current();

  /**
   * An enabled account as it stands now, with its effective roles, for work done on its behalf
   * outside a request (the reports of an EPCIS subscription); empty when it is gone or disabled.
   */
  Optional<CurrentUser> account(UUID userId);
}
