package org.ayni.registry;

/**
 * A production unit with the names lists, pages and exports show beside it: its organisation's and
 * its member's.
 *
 * @param memberName the member's full name; null for a unit of the organisation itself
 */
public record ProductionUnitView(
    ProductionUnit unit,
    String organisationCode,
    String organisationName,
    String organisationCountry,
    String memberCode,
    String memberName) {

  /** Who produces there, as the EU information system's {@code ProducerName}. */
  public String producerName() {
    return memberName != null ? memberName : organisationName;
  }
}
