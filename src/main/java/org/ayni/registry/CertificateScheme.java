package org.ayni.registry;

import java.util.regex.Pattern;

/**
 * The certification schemes a producer organisation or member can hold. The number formats some
 * schemes use are only partly verified, so they never block input: {@link #usualNumber} only lets
 * the pages point out a number worth checking.
 */
public enum CertificateScheme {
  /** EU organic, Regulation (EU) 2018/848; for small producers often a group certificate (ICS). */
  EU_ORGANIC(null),
  /** USDA National Organic Program. */
  USDA_NOP(null),
  FAIRTRADE(null),
  /** FSC forest management with chain of custody (FM/COC). */
  FSC_FOREST_MANAGEMENT(Pattern.compile("[A-Z]{2,5}-FM/COC-\\d{6}")),
  FSC_CHAIN_OF_CUSTODY(Pattern.compile("[A-Z]{2,5}-COC-\\d{6}")),
  FAIRMINED(null),
  WFTO(null),
  /** Símbolo de Pequeños Productores (Small Producers’ Symbol). */
  SPP(null),
  RAINFOREST_ALLIANCE(null),
  OTHER(null);

  private final Pattern usualFormat;

  CertificateScheme(Pattern usualFormat) {
    this.usualFormat = usualFormat;
  }

  /** Whether a number follows the format usually seen for the scheme (true when none is known). */
  public boolean usualNumber(String number) {
    return usualFormat == null || number == null || usualFormat.matcher(number.trim()).matches();
  }
}
