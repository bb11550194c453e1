package org.ayni.registry;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.geo.GeometryKind;

/**
 * One state a production unit has had, kept unchanged once written: version 1 is the unit as
 * created, each later one follows an edit, a deactivation or a reactivation.
 */
public record ProductionUnitVersion(
    UUID productionUnitId,
    int version,
    OrganisationId organisationId,
    UUID memberId,
    String code,
    String name,
    ProductionUnitKind kind,
    GeometryKind geometryKind,
    String geometry,
    BigDecimal declaredAreaHa,
    BigDecimal computedAreaHa,
    List<String> mainProducts,
    boolean active,
    String changeNote,
    OffsetDateTime recordedAt,
    String recordedBy) {

  public ProductionUnitVersion {
    mainProducts = List.copyOf(mainProducts);
  }

  /** The version that records a unit's state as it is now. */
  public static ProductionUnitVersion of(
      ProductionUnit u, String changeNote, OffsetDateTime recordedAt, String recordedBy) {
    return new ProductionUnitVersion(
        u.id(),
        u.version(),
        u.organisationId(),
        u.memberId(),
        u.code(),
        u.name(),
        u.kind(),
        u.geometryKind(),
        u.geometry(),
        u.declaredAreaHa(),
        u.computedAreaHa(),
        u.mainProducts(),
        u.active(),
        changeNote,
        recordedAt,
        recordedBy);
  }
}
