package org.ayni.trace;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A member (or another source party) upstream of a traced lot: its deliveries and the share of the
 * traced lot's material they contribute together.
 *
 * @param sourceName the source party's name when it is not a member (see {@link TraceReceipt})
 * @param deliveredQuantity what the deliveries weighed, in {@code unit} (null when units differ)
 */
public record TraceMember(
    UUID memberId,
    String memberCode,
    String memberName,
    String sourceParty,
    String sourceName,
    int deliveries,
    BigDecimal deliveredQuantity,
    String unit,
    double share,
    BigDecimal equivalentQuantity) {}
