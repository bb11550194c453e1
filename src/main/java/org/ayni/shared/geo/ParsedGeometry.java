package org.ayni.shared.geo;

import java.math.BigDecimal;
import org.locationtech.jts.geom.Geometry;

/**
 * A geometry that passed every check: the JTS geometry (x = longitude, y = latitude, WGS 84), its
 * canonical GeoJSON text, and its geodesic area on the WGS 84 ellipsoid (zero for a point).
 */
public record ParsedGeometry(
    Geometry geometry,
    GeometryKind kind,
    String geoJson,
    BigDecimal areaHectares,
    double centroidLatitude,
    double centroidLongitude) {}
