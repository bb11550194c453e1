package org.ayni.shared.geo;

/** The GeoJSON geometry types a production unit may have. */
public enum GeometryKind {
  POINT,
  POLYGON,
  MULTI_POLYGON
}
