package org.ayni.registry;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.geo.GeometryKind;

/**
 * Where a member (or, for a community forest, the organisation itself) produces: a farm plot, a
 * forest management unit, a workshop or home, or a mining claim, with its geometry and areas.
 *
 * @param memberId the member it belongs to, of the same organisation; null for the organisation's
 * @param geometry GeoJSON (RFC 7946, WGS 84, [longitude, latitude]) as checked and written by
 *     {@link org.ayni.shared.geo.GeoJson}
 * @param declaredAreaHa the area the producer declares, in hectares; required for a point
 * @param computedAreaHa the geodesic area of the polygons on the WGS 84 ellipsoid; 0 for a point
 * @param version the current version; every change adds one, and every version is kept
 */
public record ProductionUnit(
    UUID id,
    OrganisationId organisationId,
    UUID memberId,
    String code,
    String name,
    ProductionUnitKind kind,
    GeometryKind geometryKind,
    String geometry,
    BigDecimal declaredAreaHa,
    BigDecimal computedAreaHa,
    double centroidLat,
    double centroidLon,
    List<String> mainProducts,
    boolean active,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public ProductionUnit {
    mainProducts = List.copyOf(mainProducts);
  }

  /**
   * Whether the member may deliver what was produced here: the member's own unit, or one its
   * organisation holds in common (no member: a community forest, a mining claim).
   */
  public boolean deliverableBy(Member member) {
    return memberId == null
        ? organisationId.equals(member.organisationId())
        : memberId.equals(member.id());
  }

  /** The area that counts: the computed one for polygons, the declared one for a point. */
  public BigDecimal areaHa() {
    return geometryKind == GeometryKind.POINT ? declaredAreaHa : computedAreaHa;
  }
}
