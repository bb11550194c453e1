package org.ayni.trace;

/**
 * One of an organisation's places as its page lists it.
 *
 * @param location the place's URN in events ({@code urn:ayni:loc:{organisation}:{slug}}), made of
 *     the name first written; a new name does not change it
 * @param name the name pages show
 * @param offered whether the forms offer it to choose from
 * @param lots the lots the organisation holds there now (stock above 0)
 */
public record Place(String location, String name, boolean offered, long lots) {}
