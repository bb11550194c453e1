package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A member's delivery as its receipt recorded it: when, from which production unit, how much, and
 * the lot it made.
 */
public record MemberDelivery(
    UUID lotId,
    String lotCode,
    String lotIdentifier,
    String productName,
    BigDecimal quantity,
    String unit,
    OffsetDateTime receivedAt,
    String productionUnitCode,
    String productionUnitName) {}
