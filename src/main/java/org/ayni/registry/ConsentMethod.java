package org.ayni.registry;

/** How a member's consent to the use of their data was given. */
public enum ConsentMethod {
  SIGNED_FORM,
  THUMBPRINT,
  VERBAL_WITNESSED,
  DIGITAL
}
