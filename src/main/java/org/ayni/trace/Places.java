package org.ayni.trace;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.InputCheck;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.PlaceStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The places lots are at: a name an organisation writes on a form ("Almacén Ñaña – Sector 2") is
 * the place {@code urn:ayni:loc:{organisation}:almacen-nana-sector-2} in its events, and pages show
 * it by the name first written, or the one it was given on the places page; an SGLN is kept as it
 * is. A name written again names the same place: the one whose URN it makes, else the one that has
 * that name now (as its URN would make it: "almacen nana" names "Almacén Ñaña").
 */
@Service
public class Places {

  /**
   * The name of the place a lot is at when an operation gives none: the organisation's main one.
   */
  public static final String MAIN = "main";

  /** The longest name of a place a form takes. */
  public static final int MAX_NAME = 200;

  private static final String SGLN = "urn:epc:id:sgln:";

  private final PlaceStore store;
  private final Organisations organisations;
  private final AuditTrail audit;

  Places(PlaceStore store, Organisations organisations, AuditTrail audit) {
    this.store = store;
    this.organisations = organisations;
    this.audit = audit;
  }

  /**
   * The place an operation of the organisation names: its main one when none is given, an SGLN as
   * written, else the organisation's place of that name (its name kept for pages).
   */
  String location(Organisation org, String given) {
    if (given == null || given.isBlank()) {
      return TraceIds.location(org.code(), MAIN);
    }
    String name = given.trim();
    if (name.startsWith(SGLN)) {
      return name;
    }
    String location = TraceIds.location(org.code(), name);
    if (!location.equals(TraceIds.location(org.code(), MAIN))) {
      location = named(org.id(), location, name);
      // the main place keeps its name in every language; "Main" is not another place to offer
      store.remember(org.id(), location, name);
    }
    return location;
  }

  /**
   * The organisation's place that a name written on a form names: the one whose URN it makes, else
   * one it was renamed to (a renamed place keeps the URN of its first name).
   */
  private String named(OrganisationId organisation, String location, String name) {
    String slug = TraceIds.slug(name);
    String renamed = null;
    for (PlaceStore.PlaceRow p : store.list(organisation)) {
      if (p.location().equals(location)) {
        return location;
      }
      if (renamed == null && TraceIds.slug(p.name()).equals(slug)) {
        renamed = p.location();
      }
    }
    return renamed != null ? renamed : location;
  }

  /** The organisation's places, for a reader of it (none for others). */
  public List<Place> list(CurrentUser user, OrganisationId organisation) {
    if (!user.readScope().includes(organisation)) {
      return List.of();
    }
    return store.list(organisation).stream()
        .map(p -> new Place(p.location(), p.name(), p.offered(), p.lots()))
        .toList();
  }

  /**
   * Gives one of the organisation's places another name (those who record for it): pages show it
   * from then on; its events keep its URN. Refused when another of its places has the name, or
   * would by its URN.
   */
  @Transactional
  public void rename(CurrentUser user, PlaceForm form) {
    InputCheck check = new InputCheck();
    Organisation org = manager(user, form.getOrganisationId(), check);
    String name = form.getName() == null ? null : form.getName().trim();
    check.required("name", name).maxLength("name", name, MAX_NAME);
    List<PlaceStore.PlaceRow> places = org == null ? List.of() : store.list(org.id());
    PlaceStore.PlaceRow place = place(places, form.getLocation(), check);
    if (org != null && place != null && name != null && !name.isEmpty()) {
      String slug = TraceIds.slug(name);
      boolean taken =
          slug.equals(MAIN)
              || places.stream()
                  .filter(p -> !p.location().equals(place.location()))
                  .anyMatch(
                      p ->
                          p.location().equals(TraceIds.location(org.code(), name))
                              || TraceIds.slug(p.name()).equals(slug));
      check.check(!taken, "name", "trace.place.name-taken");
    }
    check.throwIfAny();
    store.rename(org.id(), place.location(), name);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("location", place.location());
    details.put("from", place.name());
    details.put("to", name);
    audit.record(user, org.id(), "place", org.id().value(), "rename", details);
  }

  /**
   * Offers one of the organisation's places on its forms, or no longer (those who record for it);
   * its lots and events are unchanged.
   */
  @Transactional
  public void offer(CurrentUser user, PlaceForm form, boolean offered) {
    InputCheck check = new InputCheck();
    Organisation org = manager(user, form.getOrganisationId(), check);
    PlaceStore.PlaceRow place =
        place(org == null ? List.of() : store.list(org.id()), form.getLocation(), check);
    check.throwIfAny();
    store.offer(org.id(), place.location(), offered);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("location", place.location());
    details.put("offered", offered);
    audit.record(
        user, org.id(), "place", org.id().value(), offered ? "offer" : "withdraw", details);
  }

  /**
   * The organisation whose places the user manages (those who record for it); for one the user may
   * not read, a problem that tells nothing of it.
   */
  private Organisation manager(CurrentUser user, UUID id, InputCheck check) {
    check.required("organisationId", id);
    if (id == null) {
      return null;
    }
    OrganisationId organisation = new OrganisationId(id);
    if (user != null && user.canRead(organisation)) {
      user.requireRecord(organisation);
    }
    if (user != null && !user.canRecord(organisation)) {
      check.add("organisationId", "organisation.unknown");
      return null;
    }
    Organisation org =
        organisations.find(OrganisationScope.everything(), organisation).orElse(null);
    if (org == null) {
      check.add("organisationId", "organisation.unknown");
    }
    return org;
  }

  private static PlaceStore.PlaceRow place(
      List<PlaceStore.PlaceRow> places, String location, InputCheck check) {
    PlaceStore.PlaceRow found =
        places.stream().filter(p -> p.location().equals(location)).findFirst().orElse(null);
    if (found == null && !check.hasProblem("organisationId")) {
      check.add("location", "trace.place.unknown");
    }
    return found;
  }

  /** The names of these places by place, where their organisations named them on a form. */
  public Map<String, String> names(Collection<String> locations) {
    return store.names(locations);
  }

  /** The names of the organisation's places, for a form's suggestions; none if not readable. */
  public List<String> names(CurrentUser user, OrganisationId organisation) {
    return user.readScope().includes(organisation) ? store.names(organisation) : List.of();
  }
}
