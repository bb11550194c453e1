package org.ayni.registry;

/** Where a member stands with the organisation. */
public enum MemberStatus {
  ACTIVE,
  SUSPENDED,
  LEFT
}
