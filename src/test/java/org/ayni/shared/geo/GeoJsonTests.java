package org.ayni.shared.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON in and out under the EU information system's rules (EUDR GeoJSON File Description v1.3,
 * rules.md §5.3): each invalid input gives one precise problem, with its key and the vertex.
 */
class GeoJsonTests {

  /** A plot of about 1.2 ha near Chulucanas, Piura (Cepicafe), drawn counterclockwise. */
  static final String PLOT =
      """
      {"type":"Polygon","coordinates":[[[-80.1600,-5.0900],[-80.1590,-5.0900],
      [-80.1590,-5.0890],[-80.1600,-5.0890],[-80.1600,-5.0900]]]}""";

  @Test
  void readsAPolygonAndComputesItsAreaAndCentroid() {
    ParsedGeometry parsed = GeoJson.parse(PLOT, "geometry", "PE");

    assertThat(parsed.kind()).isEqualTo(GeometryKind.POLYGON);
    // 0.001° × 0.001° at 5°S: about 110.6 m × 110.9 m.
    assertThat(parsed.areaHectares().doubleValue()).isCloseTo(1.2267, within(0.01));
    assertThat(parsed.centroidLatitude()).isCloseTo(-5.0895, within(1e-9));
    assertThat(parsed.centroidLongitude()).isCloseTo(-80.1595, within(1e-9));
    assertThat(parsed.geoJson())
        .startsWith("{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09]");
  }

  @Test
  void readsAPointWithoutArea() {
    ParsedGeometry parsed =
        GeoJson.parse("{\"type\":\"Point\",\"coordinates\":[-72.6,-13.6,3200]}", "g", "PE");

    assertThat(parsed.kind()).isEqualTo(GeometryKind.POINT);
    assertThat(parsed.areaHectares()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(parsed.centroidLatitude()).isEqualTo(-13.6);
    assertThat(parsed.geoJson()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[-72.6,-13.6]}");
  }

  @Test
  void takesTheGeometryOfAPastedFeatureOrFeatureCollection() {
    String feature =
        "{\"type\":\"Feature\",\"properties\":{\"ProducerName\":\"X\"},\"geometry\":" + PLOT + "}";
    String collection = "{\"type\":\"FeatureCollection\",\"features\":[" + feature + "]}";

    assertThat(GeoJson.parse(feature, "g", "PE").geoJson())
        .isEqualTo(GeoJson.parse(PLOT, "g", "PE").geoJson());
    assertThat(GeoJson.parse(collection, "g", "PE").geoJson())
        .isEqualTo(GeoJson.parse(PLOT, "g", "PE").geoJson());
  }

  @Test
  void joinsACollectionOfPolygonsIntoOneMultiPolygon() {
    String other = PLOT.replace("-80.16", "-80.17").replace("-80.159", "-80.169");
    String collection =
        "{\"type\":\"FeatureCollection\",\"features\":["
            + "{\"type\":\"Feature\",\"geometry\":"
            + PLOT
            + "},{\"type\":\"Feature\",\"geometry\":"
            + other
            + "}]}";

    ParsedGeometry parsed = GeoJson.parse(collection, "g", "PE");

    assertThat(parsed.kind()).isEqualTo(GeometryKind.MULTI_POLYGON);
    assertThat(parsed.geometry().getNumGeometries()).isEqualTo(2);
    assertThat(parsed.areaHectares().doubleValue())
        .isCloseTo(2 * GeoJson.parse(PLOT, "g", "PE").areaHectares().doubleValue(), within(0.001));
  }

  @Test
  void refusesACollectionMixingPointsAndPolygons() {
    String collection =
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
            + PLOT
            + "},{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-80,-5]}}]}";

    assertThat(problems(collection, "PE")).containsExactly(p("geo.feature-collection.mixed"));
  }

  @Test
  void readsAMultiPolygonAndAddsTheAreasOfItsParts() {
    String multi =
        """
        {"type":"MultiPolygon","coordinates":[
          [[[-80.1600,-5.0900],[-80.1590,-5.0900],[-80.1590,-5.0890],[-80.1600,-5.0890],[-80.1600,-5.0900]]],
          [[[-80.1500,-5.0900],[-80.1490,-5.0900],[-80.1490,-5.0890],[-80.1500,-5.0890],[-80.1500,-5.0900]]]]}""";

    ParsedGeometry parsed = GeoJson.parse(multi, "g", "PE");

    assertThat(parsed.kind()).isEqualTo(GeometryKind.MULTI_POLYGON);
    assertThat(parsed.areaHectares().doubleValue()).isCloseTo(2 * 1.2267, within(0.02));
  }

  @Test
  void turnsAClockwiseRingCounterclockwiseAsRfc7946Asks() {
    String clockwise =
        """
        {"type":"Polygon","coordinates":[[[-80.1600,-5.0900],[-80.1600,-5.0890],
        [-80.1590,-5.0890],[-80.1590,-5.0900],[-80.1600,-5.0900]]]}""";

    ParsedGeometry parsed = GeoJson.parse(clockwise, "g", "PE");

    Polygon polygon = (Polygon) parsed.geometry();
    assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates())).isTrue();
    assertThat(parsed.areaHectares()).isEqualTo(GeoJson.parse(PLOT, "g", "PE").areaHectares());
  }

  // --- every invalid case: one problem, its key and where ---

  @Test
  void anUnclosedRing() {
    String open =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],"
            + "[-80.159,-5.089],[-80.16,-5.089]]]}";

    assertThat(problems(open, "PE")).containsExactly(p("geo.ring.unclosed", "1"));
  }

  @Test
  void aSelfIntersectingRingGivesWhereItCrosses() {
    // A bow tie: the edges (1)→(2) and (3)→(4) cross at its middle.
    String bowTie =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.089],"
            + "[-80.159,-5.09],[-80.16,-5.089],[-80.16,-5.09]]]}";

    assertThat(problems(bowTie, "PE"))
        .containsExactly(p("geo.ring.self-intersection", "1", "-5.089500", "-80.159500"));
  }

  @Test
  void aRingWithFewerThanFourPositions() {
    String triangle =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.159,-5.09],[-80.16,-5.09]]]}";

    assertThat(problems(triangle, "PE")).containsExactly(p("geo.ring.too-few-positions", "1", 3));
  }

  @Test
  void aPolygonWithAHole() {
    String doughnut =
        """
        {"type":"Polygon","coordinates":[
          [[-80.17,-5.10],[-80.15,-5.10],[-80.15,-5.08],[-80.17,-5.08],[-80.17,-5.10]],
          [[-80.165,-5.095],[-80.165,-5.085],[-80.155,-5.085],[-80.155,-5.095],[-80.165,-5.095]]]}""";

    assertThat(problems(doughnut, "PE")).containsExactly(p("geo.polygon.hole", "1"));
  }

  @Test
  void aHoleInTheSecondPolygonOfAMultiPolygonNamesThatPolygon() {
    String multi =
        """
        {"type":"MultiPolygon","coordinates":[
          [[[-80.20,-5.10],[-80.19,-5.10],[-80.19,-5.09],[-80.20,-5.09],[-80.20,-5.10]]],
          [[[-80.17,-5.10],[-80.15,-5.10],[-80.15,-5.08],[-80.17,-5.08],[-80.17,-5.10]],
           [[-80.165,-5.095],[-80.165,-5.085],[-80.155,-5.085],[-80.155,-5.095],[-80.165,-5.095]]]]}""";

    assertThat(problems(multi, "PE")).containsExactly(p("geo.polygon.hole", "2"));
  }

  @Test
  void aLatitudeOutOfRangeThatIsALongitudeReadsAsSwapped() {
    // Tokyo written [latitude, longitude]: 139.69 cannot be a latitude, 35.68 can be a longitude.
    String swapped = "{\"type\":\"Point\",\"coordinates\":[35.68,139.69]}";

    assertThat(problems(swapped, null))
        .containsExactly(p("geo.position.swapped", "1", "35.680000", "139.690000"));
  }

  @Test
  void aLatitudeOutOfRangeIsATypoWhenSwappingWouldNotLandInTheCountry() {
    String typo = "{\"type\":\"Point\",\"coordinates\":[-80.16,-95.09]}";

    assertThat(problems(typo, "PE"))
        .containsExactly(p("geo.position.latitude-range", "1", "-95.090000"));
    assertThat(problems(typo, null))
        .containsExactly(p("geo.position.swapped", "1", "-80.160000", "-95.090000"));
  }

  @Test
  void aSwappedPairInsidePeruIsFoundByTheCountrysBox() {
    // [-5.09, -80.16] is within range either way; only Peru's bounding box tells it is swapped.
    String swapped =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-5.09,-80.16],[-5.09,-80.159],"
            + "[-5.089,-80.159],[-5.089,-80.16],[-5.09,-80.16]]]}";

    assertThat(problems(swapped, "PE")).containsExactly(p("geo.swapped-for-country", "PE"));
  }

  @Test
  void aShapeOutsideTheCountryIsRefused() {
    String brussels = "{\"type\":\"Point\",\"coordinates\":[4.35,50.85]}";

    assertThat(problems(brussels, "PE")).containsExactly(p("geo.outside-country", "PE"));
    assertThat(GeoJson.parse(brussels, "g", null).kind()).isEqualTo(GeometryKind.POINT);
  }

  @Test
  void longitudeAndLatitudeOutOfRangeNameTheVertex() {
    String longitude =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-190.5,-5.09],"
            + "[-80.159,-5.089],[-80.16,-5.089],[-80.16,-5.09]]]}";
    String latitude = "{\"type\":\"Point\",\"coordinates\":[-200,95]}";

    assertThat(problems(longitude, "PE"))
        .containsExactly(p("geo.position.longitude-range", "2", "-190.500000"));
    assertThat(problems(latitude, "PE"))
        .containsExactly(p("geo.position.longitude-range", "1", "-200.000000"));
    assertThat(problems("{\"type\":\"Point\",\"coordinates\":[100,-95.5]}", null))
        .containsExactly(p("geo.position.latitude-range", "1", "-95.500000"));
  }

  @Test
  void aMultiPolygonNamesTheVertexAsPolygonDotPosition() {
    String multi =
        """
        {"type":"MultiPolygon","coordinates":[
          [[[-80.20,-5.10],[-80.19,-5.10],[-80.19,-5.09],[-80.20,-5.09],[-80.20,-5.10]]],
          [[[-80.17,-5.10],[-80.15,-5.10],[-80.15,"x"],[-80.17,-5.08],[-80.17,-5.10]]]]}""";

    assertThat(problems(multi, "PE")).containsExactly(p("geo.position.malformed", "2.3"));
  }

  @Test
  void overlappingPartsOfAMultiPolygonAreRefused() {
    String overlapping =
        """
        {"type":"MultiPolygon","coordinates":[
          [[[-80.20,-5.10],[-80.18,-5.10],[-80.18,-5.08],[-80.20,-5.08],[-80.20,-5.10]]],
          [[[-80.19,-5.09],[-80.17,-5.09],[-80.17,-5.07],[-80.19,-5.07],[-80.19,-5.09]]]]}""";

    assertThat(problems(overlapping, "PE"))
        .extracting(FieldProblem::messageKey)
        .containsExactly("geo.multipolygon.overlap");
  }

  @Test
  void tooManyPositionsAreRefusedOnce() {
    int n = GeoJson.MAX_POSITIONS + 1;
    String ring =
        IntStream.range(0, n)
            .mapToObj(
                i -> {
                  double angle = 2 * Math.PI * i / (n - 1);
                  return "["
                      + (-80.16 + 0.01 * Math.cos(angle))
                      + ","
                      + (-5.09 + 0.01 * Math.sin(angle))
                      + "]";
                })
            .collect(Collectors.joining(","));
    String big = "{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}";

    assertThat(problems(big, "PE"))
        .containsExactly(p("geo.too-many-positions", GeoJson.MAX_POSITIONS));
  }

  @Test
  void otherShapesAndBrokenTextAreRefusedWithTheirOwnMessage() {
    assertThat(problems("", "PE")).containsExactly(p("geo.required"));
    assertThat(problems("{\"type\":\"Polygon\",", "PE")).containsExactly(p("geo.json.malformed"));
    assertThat(problems("[1,2]", "PE")).containsExactly(p("geo.json.malformed"));
    assertThat(problems("{\"coordinates\":[1,2]}", "PE")).containsExactly(p("geo.type.missing"));
    assertThat(problems("{\"type\":\"Polygon\"}", "PE"))
        .containsExactly(p("geo.coordinates.missing"));
    assertThat(problems("{\"type\":\"LineString\",\"coordinates\":[[-80,-5],[-80.1,-5]]}", "PE"))
        .containsExactly(p("geo.type.unsupported", "LineString"));
    assertThat(problems("{\"type\":\"FeatureCollection\",\"features\":[]}", "PE"))
        .containsExactly(p("geo.feature-collection.empty"));
    String flat =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-80.16,-5.09],[-80.15,-5.09],"
            + "[-80.14,-5.09],[-80.16,-5.09]]]}";
    assertThat(problems(flat, "PE")).containsExactly(p("geo.polygon.no-area", "1"));
  }

  @Test
  void writesBackWhatItReads() {
    ParsedGeometry parsed = GeoJson.parse(PLOT, "g", "PE");

    assertThat(GeoJson.parse(parsed.geoJson(), "g", "PE").geoJson()).isEqualTo(parsed.geoJson());
    assertThat(GeoJson.node(parsed.geoJson()).path("type").asString()).isEqualTo("Polygon");
  }

  private static List<FieldProblem> problems(String text, String country) {
    InvalidInputException refused =
        catchThrowableOfType(
            InvalidInputException.class, () -> GeoJson.parse(text, "geometry", country));
    assertThat(refused).as("refused: %s", text).isNotNull();
    assertThat(refused.problems()).allSatisfy(p -> assertThat(p.field()).isEqualTo("geometry"));
    return refused.problems();
  }

  private static FieldProblem p(String key, Object... arguments) {
    return FieldProblem.of("geometry", key, arguments);
  }
}
