package org.ayni.trace;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A shipment downstream of a traced origin.
 *
 * @param shipperOrganisationId the organisation that shipped it: the lot's owner or an organisation
 *     that held some of it
 * @param share the share of the shipped lot's material that comes from the origin
 * @param equivalentQuantity share × the quantity shipped
 */
public record TraceShipment(
    UUID id,
    UUID lotId,
    String lotCode,
    String eventId,
    UUID shipperOrganisationId,
    String destinationParty,
    UUID destinationOrganisationId,
    String destinationName,
    String reference,
    BigDecimal quantity,
    String unit,
    OffsetDateTime shippedAt,
    double share,
    BigDecimal equivalentQuantity) {}
