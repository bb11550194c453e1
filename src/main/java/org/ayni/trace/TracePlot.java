package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;

/** A production unit (plot) upstream of a traced lot, with the share it contributes. */
public record TracePlot(
    UUID productionUnitId,
    String code,
    String name,
    UUID memberId,
    String memberName,
    double share,
    BigDecimal equivalentQuantity) {}
