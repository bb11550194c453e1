package org.ayni.trace;

/** An ancestor's share of a lot's material and the fewest steps to it. */
public record LineageShare(double share, int depth) {}
