package org.ayni.registry;

/**
 * Peru's taxpayer number (RUC): 11 digits, starting 10, 15, 16, 17 or 20, the last a modulo-11
 * check digit over the first ten with weights 5,4,3,2,7,6,5,4,3,2 (SUNAT's published algorithm).
 */
public final class PeruvianRuc {

  private static final int[] WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  private PeruvianRuc() {}

  public static boolean isValid(String ruc) {
    if (ruc == null || !ruc.matches("(10|15|16|17|20)\\d{9}")) {
      return false;
    }
    return checkDigit(ruc.substring(0, 10)) == ruc.charAt(10) - '0';
  }

  /** The check digit for the first ten digits of a RUC. */
  public static int checkDigit(String firstTen) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += (firstTen.charAt(i) - '0') * WEIGHTS[i];
    }
    int digit = 11 - (sum % 11);
    return digit == 10 ? 0 : digit == 11 ? 1 : digit;
  }
}
