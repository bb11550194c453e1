package org.ayni.registry;

/** Whether a member is registered as one person or as a household (family farm). */
public enum MemberKind {
  PERSON,
  HOUSEHOLD
}
