package org.ayni.shared.geo;

import java.util.Map;
import java.util.Optional;

/**
 * Rough bounding boxes of countries, used to tell a swapped latitude/longitude pair or a plot drawn
 * in the wrong country from a real one. A country without a box here is only range-checked.
 */
public record CountryBounds(
    String country, double minLon, double minLat, double maxLon, double maxLat) {

  private static final Map<String, CountryBounds> KNOWN =
      Map.of(
          "PE", new CountryBounds("PE", -81.41, -18.36, -68.65, -0.03),
          "EC", new CountryBounds("EC", -92.01, -5.02, -75.19, 1.68),
          "BO", new CountryBounds("BO", -69.65, -22.90, -57.45, -9.67),
          "CO", new CountryBounds("CO", -81.74, -4.23, -66.85, 13.40));

  public static Optional<CountryBounds> of(String country) {
    return country == null
        ? Optional.empty()
        : Optional.ofNullable(KNOWN.get(country.toUpperCase()));
  }

  public boolean contains(double lon, double lat) {
    return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  }
}
