package org.ayni.registry;

import java.time.LocalDate;
import java.time.Period;

/** Age band of a member, recorded when the date of birth is not known, or derived from it. */
public enum AgeBand {
  UNDER_18(0, 17),
  FROM_18_TO_29(18, 29),
  FROM_30_TO_44(30, 44),
  FROM_45_TO_59(45, 59),
  FROM_60(60, 200);

  private final int from;
  private final int to;

  AgeBand(int from, int to) {
    this.from = from;
    this.to = to;
  }

  public static AgeBand of(LocalDate birthDate, LocalDate today) {
    int age = Period.between(birthDate, today).getYears();
    for (AgeBand band : values()) {
      if (age >= band.from && age <= band.to) {
        return band;
      }
    }
    return FROM_60;
  }
}
