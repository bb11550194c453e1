package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A lot in a trace: upstream (backward) or downstream (forward) of the traced lot.
 *
 * @param share backward: the share of the traced lot's material that comes from this lot; forward:
 *     the share of this lot's material that comes from the origin
 * @param depth steps from the traced lot (the fewest, when there are several paths)
 * @param equivalentQuantity backward: share × the traced lot's quantity (in its unit); forward:
 *     share × this lot's quantity (in this lot's unit)
 */
public record TraceLot(
    UUID id,
    String identifier,
    String code,
    UUID organisationId,
    String productName,
    String unit,
    BigDecimal quantityIn,
    double share,
    int depth,
    BigDecimal equivalentQuantity) {}
