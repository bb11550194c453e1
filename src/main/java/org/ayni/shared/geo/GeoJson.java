package org.ayni.shared.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes GeoJSON geometries (RFC 7946: WGS 84, positions as [longitude, latitude]) under
 * the rules of the EU Deforestation Regulation's information system ("EUDR GeoJSON File Description
 * v1.3"): Point, Polygon or MultiPolygon; rings closed, with at least 4 positions and no
 * self-intersection; no holes (the EU system ignores them, so a plot must be split instead).
 *
 * <p>A Feature is accepted and its geometry taken, so that a shape exported by another tool can be
 * pasted as is; so is a FeatureCollection of one feature, or of polygons only (they become one
 * multipolygon). Every problem found is reported with the vertex it concerns. Polygons are written
 * back with counterclockwise exterior rings (RFC 7946 §3.1.6) and without altitudes.
 */
public final class GeoJson {

  /** Upper bound on positions per geometry; a walked perimeter has a few hundred. */
  public static final int MAX_POSITIONS = 20_000;

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private final String field;
  private final CountryBounds country;
  private final List<FieldProblem> problems = new ArrayList<>();
  private int positions;

  private GeoJson(String field, CountryBounds country) {
    this.field = field;
    this.country = country;
  }

  /**
   * Parses and checks a GeoJSON geometry.
   *
   * @param text the GeoJSON text
   * @param field the input field name to report problems against
   * @param countryCode ISO 3166-1 alpha-2 code of the country the geometry must lie in, or null
   * @throws InvalidInputException listing every problem found
   */
  public static ParsedGeometry parse(String text, String field, String countryCode) {
    GeoJson reader = new GeoJson(field, CountryBounds.of(countryCode).orElse(null));
    Geometry geometry = reader.read(text);
    if (!reader.problems.isEmpty()) {
      throw new InvalidInputException(reader.problems);
    }
    Point centroid = geometry.getCentroid();
    return new ParsedGeometry(
        geometry,
        kindOf(geometry),
        write(geometry),
        GeodesicArea.hectares(geometry),
        centroid.getY(),
        centroid.getX());
  }

  /** Writes a geometry as compact GeoJSON, positions as [longitude, latitude]. */
  public static String write(Geometry geometry) {
    return MAPPER.writeValueAsString(toNode(geometry));
  }

  /**
   * Reads GeoJSON text this class wrote (as stored) back into a JSON node, for embedding in an API
   * answer or a Feature without writing it as a string.
   */
  public static JsonNode node(String geoJson) {
    return MAPPER.readTree(geoJson);
  }

  /** The geometry as a GeoJSON object node, for embedding in a Feature. */
  public static ObjectNode toNode(Geometry geometry) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    switch (geometry) {
      case Point point -> {
        node.put("type", "Point");
        node.set("coordinates", position(point.getCoordinate()));
      }
      case Polygon polygon -> {
        node.put("type", "Polygon");
        node.set("coordinates", rings(polygon));
      }
      case MultiPolygon multi -> {
        node.put("type", "MultiPolygon");
        ArrayNode polygons = node.putArray("coordinates");
        for (int i = 0; i < multi.getNumGeometries(); i++) {
          polygons.add(rings((Polygon) multi.getGeometryN(i)));
        }
      }
      default ->
          throw new IllegalArgumentException("unsupported geometry " + geometry.getGeometryType());
    }
    return node;
  }

  private static GeometryKind kindOf(Geometry geometry) {
    return switch (geometry) {
      case Point p -> GeometryKind.POINT;
      case Polygon p -> GeometryKind.POLYGON;
      case MultiPolygon m -> GeometryKind.MULTI_POLYGON;
      default -> throw new IllegalArgumentException(geometry.getGeometryType());
    };
  }

  private static ArrayNode rings(Polygon polygon) {
    ArrayNode rings = JsonNodeFactory.instance.arrayNode();
    rings.add(ring(polygon.getExteriorRing().getCoordinates()));
    for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
      rings.add(ring(polygon.getInteriorRingN(i).getCoordinates()));
    }
    return rings;
  }

  private static ArrayNode ring(Coordinate[] coordinates) {
    ArrayNode ring = JsonNodeFactory.instance.arrayNode();
    for (Coordinate c : coordinates) {
      ring.add(position(c));
    }
    return ring;
  }

  private static ArrayNode position(Coordinate c) {
    ArrayNode position = JsonNodeFactory.instance.arrayNode();
    position.add(c.x);
    position.add(c.y);
    return position;
  }

  private Geometry read(String text) {
    if (text == null || text.isBlank()) {
      problem("geo.required");
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      problem("geo.json.malformed");
      return null;
    }
    if (root == null || !root.isObject()) {
      problem("geo.json.malformed");
      return null;
    }
    JsonNode geometry = root;
    String type = root.path("type").asString("");
    if ("FeatureCollection".equals(type)) {
      geometry = collected(root.path("features"));
      if (geometry == null) {
        return null;
      }
      type = geometry.path("type").asString("");
    } else if ("Feature".equals(type)) {
      geometry = root.path("geometry");
      type = geometry.path("type").asString("");
    }
    JsonNode coordinates = geometry.path("coordinates");
    if (type.isEmpty()) {
      problem("geo.type.missing");
      return null;
    }
    if (!coordinates.isArray()) {
      if (List.of("Point", "Polygon", "MultiPolygon").contains(type)) {
        problem("geo.coordinates.missing");
        return null;
      }
    }
    Geometry result =
        switch (type) {
          case "Point" -> readPoint(coordinates);
          case "Polygon" -> readPolygon(coordinates, "");
          case "MultiPolygon" -> readMultiPolygon(coordinates);
          default -> {
            problem("geo.type.unsupported", type);
            yield null;
          }
        };
    if (result != null && problems.isEmpty()) {
      checkCountry(result);
    }
    return problems.isEmpty() ? result : null;
  }

  /**
   * The geometry of a FeatureCollection: that of its only feature, or, when every feature holds a
   * polygon or multipolygon (a plot exported as several parts), one multipolygon of all of them.
   */
  private JsonNode collected(JsonNode features) {
    if (!features.isArray() || features.isEmpty()) {
      problem("geo.feature-collection.empty");
      return null;
    }
    if (features.size() == 1) {
      return features.get(0).path("geometry");
    }
    ObjectNode multi = JsonNodeFactory.instance.objectNode();
    multi.put("type", "MultiPolygon");
    ArrayNode polygons = multi.putArray("coordinates");
    for (JsonNode feature : features) {
      JsonNode geometry = feature.path("geometry");
      JsonNode coordinates = geometry.path("coordinates");
      switch (geometry.path("type").asString("")) {
        case "Polygon" -> polygons.add(coordinates);
        case "MultiPolygon" -> {
          if (coordinates.isArray()) {
            coordinates.forEach(polygons::add);
          } else {
            polygons.add(coordinates);
          }
        }
        default -> {
          problem("geo.feature-collection.mixed");
          return null;
        }
      }
    }
    return multi;
  }

  private Geometry readPoint(JsonNode coordinates) {
    Coordinate c = readPosition(coordinates, "1");
    return c == null ? null : FACTORY.createPoint(c);
  }

  private MultiPolygon readMultiPolygon(JsonNode coordinates) {
    if (coordinates.isEmpty()) {
      problem("geo.coordinates.missing");
      return null;
    }
    Polygon[] polygons = new Polygon[coordinates.size()];
    for (int i = 0; i < coordinates.size(); i++) {
      polygons[i] = readPolygon(coordinates.get(i), (i + 1) + ".");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    MultiPolygon multi = FACTORY.createMultiPolygon(polygons);
    TopologyValidationError error = new IsValidOp(multi).getValidationError();
    if (error != null) {
      Coordinate at = error.getCoordinate();
      problem("geo.multipolygon.overlap", format(at.y), format(at.x));
      return null;
    }
    return multi;
  }

  private Polygon readPolygon(JsonNode rings, String prefix) {
    String polygonNumber = prefix.isEmpty() ? "1" : prefix.substring(0, prefix.length() - 1);
    if (!rings.isArray() || rings.isEmpty()) {
      problem("geo.coordinates.missing");
      return null;
    }
    if (rings.size() > 1) {
      problem("geo.polygon.hole", polygonNumber);
      return null;
    }
    JsonNode ring = rings.get(0);
    if (!ring.isArray()) {
      problem("geo.position.malformed", prefix + "1");
      return null;
    }
    List<Coordinate> coordinates = new ArrayList<>();
    boolean positionsOk = true;
    for (int i = 0; i < ring.size(); i++) {
      Coordinate c = readPosition(ring.get(i), prefix + (i + 1));
      positionsOk &= c != null;
      coordinates.add(c);
    }
    if (!positionsOk) {
      return null;
    }
    if (coordinates.size() < 4) {
      problem("geo.ring.too-few-positions", polygonNumber, coordinates.size());
      return null;
    }
    if (!coordinates.getFirst().equals2D(coordinates.getLast())) {
      problem("geo.ring.unclosed", polygonNumber);
      return null;
    }
    LinearRing shell = FACTORY.createLinearRing(coordinates.toArray(Coordinate[]::new));
    if (shell.convexHull().getDimension() < 2) {
      // All on one line (or one spot): it would otherwise read as a ring crossing itself.
      problem("geo.polygon.no-area", polygonNumber);
      return null;
    }
    Polygon polygon = FACTORY.createPolygon(shell);
    TopologyValidationError error = new IsValidOp(polygon).getValidationError();
    if (error != null) {
      Coordinate at = error.getCoordinate();
      switch (error.getErrorType()) {
        case TopologyValidationError.SELF_INTERSECTION,
            TopologyValidationError.RING_SELF_INTERSECTION ->
            problem("geo.ring.self-intersection", polygonNumber, format(at.y), format(at.x));
        case TopologyValidationError.TOO_FEW_POINTS ->
            problem("geo.ring.too-few-positions", polygonNumber, coordinates.size());
        default -> problem("geo.polygon.invalid", polygonNumber, format(at.y), format(at.x));
      }
      return null;
    }
    // RFC 7946 §3.1.6: exterior rings are counterclockwise; a ring drawn the other way is turned.
    return Orientation.isCCW(shell.getCoordinates()) ? polygon : polygon.reverse();
  }

  private Coordinate readPosition(JsonNode position, String vertex) {
    if (++positions > MAX_POSITIONS) {
      if (positions == MAX_POSITIONS + 1) {
        problem("geo.too-many-positions", MAX_POSITIONS);
      }
      return null;
    }
    if (position == null
        || !position.isArray()
        || position.size() < 2
        || position.size() > 3
        || !position.get(0).isNumber()
        || !position.get(1).isNumber()) {
      problem("geo.position.malformed", vertex);
      return null;
    }
    double lon = position.get(0).doubleValue();
    double lat = position.get(1).doubleValue();
    boolean lonOk = lon >= -180 && lon <= 180;
    boolean latOk = lat >= -90 && lat <= 90;
    // A latitude beyond ±90 that would make a good longitude: the pair is probably swapped, unless
    // the organisation's country says the swapped pair would not be there either (a typo, then).
    boolean swappable =
        !latOk
            && lonOk
            && Math.abs(lon) <= 90
            && Math.abs(lat) <= 180
            && (country == null || country.contains(lat, lon));
    if (swappable) {
      problem("geo.position.swapped", vertex, format(lon), format(lat));
      return null;
    }
    if (!lonOk) {
      problem("geo.position.longitude-range", vertex, format(lon));
      return null;
    }
    if (!latOk) {
      problem("geo.position.latitude-range", vertex, format(lat));
      return null;
    }
    return new Coordinate(lon, lat);
  }

  /** Inside the organisation's country? If not, would swapping each pair put it there? */
  private void checkCountry(Geometry geometry) {
    if (country == null) {
      return;
    }
    Coordinate[] all = geometry.getCoordinates();
    boolean inside = true;
    boolean swappedInside = true;
    for (Coordinate c : all) {
      inside &= country.contains(c.x, c.y);
      swappedInside &= country.contains(c.y, c.x);
    }
    if (inside) {
      return;
    }
    if (swappedInside) {
      problem("geo.swapped-for-country", country.country());
    } else {
      problem("geo.outside-country", country.country());
    }
  }

  private void problem(String key, Object... arguments) {
    problems.add(FieldProblem.of(field, key, arguments));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
