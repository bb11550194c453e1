package org.ayni.shared.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import net.sf.geographiclib.PolygonResult;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** Area on the WGS 84 ellipsoid (Karney's algorithm, GeographicLib), in hectares. */
public final class GeodesicArea {

  private static final BigDecimal SQUARE_METRES_PER_HECTARE = BigDecimal.valueOf(10_000);

  private GeodesicArea() {}

  /**
   * The geodesic area of a polygon or multipolygon in hectares, to 4 decimals (1 m²); 0 for points.
   */
  public static BigDecimal hectares(Geometry geometry) {
    double squareMetres = 0;
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon polygon) {
        squareMetres += ringArea(polygon.getExteriorRing().getCoordinates());
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
          squareMetres -= ringArea(polygon.getInteriorRingN(h).getCoordinates());
        }
      }
    }
    return BigDecimal.valueOf(squareMetres)
        .divide(SQUARE_METRES_PER_HECTARE, 4, RoundingMode.HALF_UP);
  }

  private static double ringArea(Coordinate[] ring) {
    PolygonArea area = new PolygonArea(Geodesic.WGS84, false);
    // The last position repeats the first; GeographicLib closes the ring itself.
    for (int i = 0; i < ring.length - 1; i++) {
      area.AddPoint(ring[i].y, ring[i].x);
    }
    PolygonResult result = area.Compute(false, true);
    return Math.abs(result.area);
  }
}
