package org.ayni.registry;

/** Gender of a member (of the household's registered head, for a household). */
public enum Gender {
  FEMALE,
  MALE,
  OTHER,
  UNDISCLOSED
}
