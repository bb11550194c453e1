package org.ayni.access;

import java.util.Optional;

/** The user signed in on the current request, if any. */
public interface SignedIn {

  Optional<CurrentUser> current();
}
