package org.ayni.access;

/** A user's role in one organisation; higher roles include what lower ones may do. */
public enum Role {
  /** Sees only what organisations publish (the public catalogue). */
  BUYER(0),
  /** Reads everything of the organisation, changes nothing. */
  AUDITOR(1),
  /** Records members, production units and, later, purchases and lots. */
  FIELD_OFFICER(2),
  /** Everything a field officer does, plus the organisation's profile, certificates and users. */
  ORG_ADMIN(3);

  private final int rank;

  Role(int rank) {
    this.rank = rank;
  }

  public boolean includes(Role other) {
    return rank >= other.rank;
  }

  public static Role higher(Role a, Role b) {
    return a.rank >= b.rank ? a : b;
  }
}
