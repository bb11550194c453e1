/**
 * Geometry in and out: GeoJSON (RFC 7946) parsing with the EU information system's rules, and
 * geodesic areas.
 */
package org.ayni.shared.geo;
