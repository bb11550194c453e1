package org.ayni.trace.epcis;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ayni.trace.internal.EventStore;
import org.ayni.trace.internal.SensorReading;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The sensor reports of an EPCIS event ({@code sensorElementList}) as the log indexes them: one
 * {@link SensorReading} per report, each with its element's metadata (an element without reports
 * gives one reading of metadata alone).
 */
final class EpcisSensors {

  /** GS1's measurement types, written as bare words in queries ({@code Temperature}). */
  private static final String GS1_VOCABULARY = "https://gs1.org/voc/";

  private static final int URI_CHARS = 500;
  private static final int TEXT_CHARS = 1000;
  private static final int UOM_CHARS = 10;

  private EpcisSensors() {}

  /** The readings of a schema-valid event; empty without sensor elements. */
  static List<SensorReading> readings(JsonNode event, EpcisContext context) {
    JsonNode elements = event.path("sensorElementList");
    if (!elements.isArray() || elements.isEmpty()) {
      return List.of();
    }
    List<SensorReading> readings = new ArrayList<>();
    for (int element = 0; element < elements.size(); element++) {
      JsonNode metadata = elements.get(element).path("sensorMetadata");
      JsonNode reports = elements.get(element).path("sensorReport");
      if (!reports.isArray() || reports.isEmpty()) {
        readings.add(reading(element, metadata, null, context));
      } else {
        for (JsonNode report : reports) {
          readings.add(reading(element, metadata, report, context));
        }
      }
    }
    return readings;
  }

  private static SensorReading reading(
      int element, JsonNode metadata, JsonNode report, EpcisContext context) {
    JsonNode r = report == null ? MissingNode.getInstance() : report;
    OffsetDateTime time = time(r.path("time"));
    return new SensorReading(
        element,
        time != null ? time : time(metadata.path("time")),
        time(metadata.path("startTime")),
        time(metadata.path("endTime")),
        text(metadata.path("deviceID"), URI_CHARS),
        text(metadata.path("dataProcessingMethod"), URI_CHARS),
        text(metadata.path("bizRules"), URI_CHARS),
        r.path("type").isString()
            ? IndexedValues.text(measurementType(r.path("type").asString(), context), URI_CHARS)
            : null,
        text(r.path("deviceID"), URI_CHARS),
        text(r.path("dataProcessingMethod"), URI_CHARS),
        text(r.path("bizRules"), URI_CHARS),
        text(r.path("microorganism"), URI_CHARS),
        text(r.path("chemicalSubstance"), URI_CHARS),
        text(r.path("uom"), UOM_CHARS),
        number(r.path("value")),
        number(r.path("minValue")),
        number(r.path("maxValue")),
        number(r.path("meanValue")),
        number(r.path("sDev")),
        number(r.path("percRank")),
        number(r.path("percValue")),
        text(r.path("stringValue"), TEXT_CHARS),
        r.path("booleanValue").isBoolean() ? r.path("booleanValue").asBoolean() : null,
        r.path("hexBinaryValue").isString()
            ? IndexedValues.text(hex(r.path("hexBinaryValue").asString()), TEXT_CHARS)
            : null,
        text(r.path("uriValue"), URI_CHARS));
  }

  /**
   * A measurement type as the index keeps it: GS1's as a bare word ({@code Temperature}, from
   * {@code gs1:Temperature} or its URI too), any other expanded to its URI where it is a compact
   * URI of the context (a query names those by their full URI).
   */
  static String measurementType(String type, EpcisContext context) {
    String value = type.strip();
    if (value.startsWith(GS1_VOCABULARY)) {
      return value.substring(GS1_VOCABULARY.length());
    }
    if (value.startsWith("gs1:")) {
      return value.substring("gs1:".length());
    }
    return value.contains(":") ? context.expand(value) : value;
  }

  /** Hexadecimal text in one case, so that equal bytes compare equal. */
  static String hex(String value) {
    return value.strip().toUpperCase(Locale.ROOT);
  }

  private static OffsetDateTime time(JsonNode node) {
    return node.isString() ? EventStore.indexed(IndexedValues.time(node.asString())) : null;
  }

  private static String text(JsonNode node, int max) {
    return node.isString() ? IndexedValues.text(node.asString(), max) : null;
  }

  private static BigDecimal number(JsonNode node) {
    return node.isNumber() ? IndexedValues.number(node.decimalValue()) : null;
  }
}
