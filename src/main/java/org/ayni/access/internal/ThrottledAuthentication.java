package org.ayni.access.internal;

import java.time.Instant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;

/**
 * Username and password sign-in (the form and HTTP Basic) held to the {@link LoginThrottle}: a
 * locked name is refused before its password is checked; a wrong password counts, a right one
 * clears the count.
 */
final class ThrottledAuthentication implements AuthenticationProvider {

  private final AuthenticationProvider passwords;
  private final LoginThrottle throttle;

  ThrottledAuthentication(AuthenticationProvider passwords, LoginThrottle throttle) {
    this.passwords = passwords;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String name = authentication.getName();
    Instant until = throttle.lockedUntil(name);
    if (until != null) {
      throw new LockedException("too many failed sign-ins until " + until);
    }
    try {
      Authentication done = passwords.authenticate(authentication);
      if (done != null && done.isAuthenticated()) {
        throttle.succeeded(name);
      }
      return done;
    } catch (BadCredentialsException e) {
      // a wrong password or an unknown name; a disabled account is refused as it is, not counted
      throttle.failed(name);
      throw e;
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return passwords.supports(authentication);
  }
}
