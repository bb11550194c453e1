package org.ayni.registry;

import java.math.BigDecimal;
import java.util.Optional;
import org.ayni.reference.ReferenceData;
import org.ayni.reference.ReferenceValue;
import org.ayni.shared.geo.GeometryKind;
import org.springframework.stereotype.Component;

/**
 * The EU Deforestation Regulation's geolocation rule for a plot (Art. 2(28)): a plot of land above
 * the threshold in reference data ({@code eudr.point-max-area}, 4 ha) must be described by a
 * polygon, not a point. Registering a point is still allowed (a plot not yet walked with a GPS), so
 * the rule answers with a finding to show, not a refusal.
 */
@Component
public class EudrGeolocation {

  static final String THRESHOLD = "eudr.point-max-area";

  private final ReferenceData reference;

  EudrGeolocation(ReferenceData reference) {
    this.reference = reference;
  }

  /** Why the unit's geometry will not do for a due-diligence statement, if it will not. */
  public Optional<Finding> check(ProductionUnit unit) {
    boolean land =
        unit.kind() == ProductionUnitKind.FARM_PLOT
            || unit.kind() == ProductionUnitKind.FOREST_UNIT;
    if (!land || unit.geometryKind() != GeometryKind.POINT || unit.declaredAreaHa() == null) {
      return Optional.empty();
    }
    Optional<ReferenceValue> threshold = reference.current(THRESHOLD);
    if (threshold.isEmpty() || threshold.get().numericValue() == null) {
      return Optional.empty();
    }
    BigDecimal limit = threshold.get().numericValue();
    if (unit.declaredAreaHa().compareTo(limit) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "production-unit.eudr.polygon-needed",
            unit.declaredAreaHa().stripTrailingZeros().toPlainString(),
            limit.stripTrailingZeros().toPlainString(),
            threshold.get().source()));
  }

  /** A finding: its message key, the declared area, the threshold and the threshold's source. */
  public record Finding(String messageKey, String declaredArea, String threshold, String source) {}
}
