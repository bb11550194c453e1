package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One sensor report of an EPCIS event (or, for a sensor element without reports, its metadata
 * alone), as the log indexes it for the sensor query parameters: the element's metadata (times,
 * device, processing method, business rules) beside the report's own fields. Measurement types are
 * bare words for GS1's ({@code Temperature}) and URIs otherwise; {@code time} is the report's, else
 * its element's. A text longer than its column is left out (null): a query cannot match it.
 *
 * @param element the sensor element's position in the event's sensorElementList
 */
public record SensorReading(
    int element,
    OffsetDateTime time,
    OffsetDateTime startTime,
    OffsetDateTime endTime,
    String metaDeviceId,
    String metaDataProcessingMethod,
    String metaBizRules,
    String type,
    String deviceId,
    String dataProcessingMethod,
    String bizRules,
    String microorganism,
    String chemicalSubstance,
    String uom,
    BigDecimal value,
    BigDecimal minValue,
    BigDecimal maxValue,
    BigDecimal meanValue,
    BigDecimal sDev,
    BigDecimal percRank,
    BigDecimal percValue,
    String stringValue,
    Boolean booleanValue,
    String hexBinaryValue,
    String uriValue) {}
