package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A receipt (a member's delivery, or a lot from another party) upstream of a traced lot, with the
 * share of the traced lot's material it contributes.
 *
 * @param sourceName the name of the source party when it is not a member: the organisation on the
 *     platform, or the supplier outside it as the receipt named it (null when it did not)
 */
public record TraceReceipt(
    UUID id,
    UUID lotId,
    String lotCode,
    String eventId,
    String sourceParty,
    String sourceName,
    UUID memberId,
    String memberCode,
    String memberName,
    UUID productionUnitId,
    String productionUnitCode,
    String productionUnitName,
    BigDecimal quantity,
    String unit,
    OffsetDateTime receivedAt,
    double share,
    BigDecimal equivalentQuantity) {}
