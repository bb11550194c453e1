package org.ayni.trace;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A lot as a list shows it ({@link Lot}'s fields, as the list's reader sees them), with its quality
 * verdict beside them.
 *
 * @param quality what the latest standing inspection of it found, of those the list's reader may
 *     see ({@link QualityVerdict}); null without one
 */
public record ListedLot(@JsonUnwrapped Lot lot, QualityVerdict quality) {}
