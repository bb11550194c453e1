package org.ayni.reference;

/**
 * A new version of a reference value was recorded, in the transaction that records it: what other
 * modules keep from the value (a default conversion factor) is recorded again in it, or the whole
 * is refused.
 *
 * @param inForce whether the version is the one in force today (one dated ahead is not yet)
 */
public record ReferenceValueRecorded(ReferenceValue value, boolean inForce) {}
