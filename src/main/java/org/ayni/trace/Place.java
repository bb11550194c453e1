package org.ayni.trace;

/**
 * One of an organisation's places as its page lists it.
 *
 * @param location the place's URN in events ({@code urn:ayni:loc:{organisation}:{slug}}), made of
 *     the name first written; a new name does not change it
 * @param name the name pages show; {@value Places#MAIN} for the main site (pages name it in their
 *     language); null for a place no form named (an SGLN, a place a captured EPCIS event gave),
 *     which pages show as it is written
 * @param offered whether the forms offer it to choose from
 * @param lots the lots in stock there now, of the organisation and of those below it that the
 *     reader reads, as the lot list of the organisation at the place shows them (null where not
 *     counted: a choice of a place)
 */
public record Place(String location, String name, boolean offered, Long lots) {

  /** Whether it is the organisation's main site. */
  public boolean main() {
    return Places.MAIN.equals(name) && Places.isMain(location);
  }

  /** Whether a form named it: it has a name that may change, and forms may offer it. */
  public boolean named() {
    return name != null && !main();
  }
}
