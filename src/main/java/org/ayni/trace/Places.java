package org.ayni.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.ConflictException;
import org.ayni.shared.InputCheck;
import org.ayni.shared.Languages;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.internal.PlaceStore;
import org.ayni.trace.internal.TraceQueries;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The places lots are at: a name an organisation writes on a form ("Almacén Ñaña – Sector 2") is
 * the place {@code urn:ayni:loc:{organisation}:almacen-nana-sector-2} in its events, and pages show
 * it by the name first written, or the one it was given on the places page; an SGLN is kept as it
 * is. A name written again names the place that has it now (as its URN would make it: "almacen
 * nana" names "Almacén Ñaña"); a place's former name, once it was renamed, is free for another.
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
  private final TraceQueries queries;
  private final Organisations organisations;
  private final AuditTrail audit;

  /** The main place's names as written (slugs): "main", and as the pages name it per language. */
  private final Set<String> mainNames = new HashSet<>();

  Places(
      PlaceStore store,
      TraceQueries queries,
      Organisations organisations,
      AuditTrail audit,
      MessageSource messages) {
    this.store = store;
    this.queries = queries;
    this.organisations = organisations;
    this.audit = audit;
    mainNames.add(MAIN);
    for (Locale language : Languages.SUPPORTED) {
      mainNames.add(TraceIds.slug(messages.getMessage("trace.place.main", null, MAIN, language)));
    }
  }

  /**
   * The place an operation of the organisation names: its main one when none is given or it is
   * named as the pages name it ("sede principal", "main site"…), an SGLN as written, else the
   * organisation's place of that name (its name kept for pages).
   */
  String location(Organisation org, String given) {
    if (given == null || given.isBlank() || mainNames.contains(TraceIds.slug(given.trim()))) {
      return TraceIds.location(org.code(), MAIN);
    }
    String name = given.trim();
    if (name.startsWith(SGLN)) {
      return name;
    }
    // another place may be given the name meanwhile (a rename committed since): it names that one
    for (int tries = 0; tries < 3; tries++) {
      String location = named(org, name);
      if (store.remember(org.id(), location, name)) {
        return location;
      }
    }
    // three renames crossed this one operation: let the user look again rather than guess
    throw new ConflictException("trace.place.renamed-meanwhile");
  }

  /**
   * Whether the place is an organisation's main site ({@code urn:ayni:loc:{organisation}:main}).
   */
  public static boolean isMain(String location) {
    String[] parts = TraceIds.ownParts(TraceIds.LOCATION, location);
    return parts != null && parts[1].equals(MAIN);
  }

  /**
   * The organisation's place that a name written on a form names: the one that has that name now
   * (as its URN would make it: "almacen nana" names "Almacén Ñaña"), else a new one with the URN
   * the name makes; where a place renamed since keeps that URN, the next free one ({@code …-2}).
   */
  private String named(Organisation org, String name) {
    String slug = TraceIds.slug(name);
    Map<String, String> places = store.all(org.id());
    for (Map.Entry<String, String> p : places.entrySet()) {
      if (TraceIds.slug(p.getValue()).equals(slug)) {
        return p.getKey();
      }
    }
    String first = TraceIds.location(org.code(), name);
    String location = first;
    for (int i = 2; places.containsKey(location); i++) {
      location = first + "-" + i;
    }
    return location;
  }

  /**
   * Checks a place written on a form: at most {@link #MAX_NAME} characters, with a letter or a
   * digit ("---" or an invisible space name no place).
   */
  public static void check(InputCheck check, String field, String name) {
    check.maxLength(field, name, MAX_NAME);
    check.check(
        name == null || name.isBlank() || name.codePoints().anyMatch(Character::isLetterOrDigit),
        field,
        "trace.place.letters");
  }

  /**
   * The organisation's places, for a reader of it (not found for others): its main site first
   * (named {@value #MAIN}; pages name it in their language), then those its forms named, then those
   * no form named where it holds lots now (an SGLN, a place a captured EPCIS event gave; without a
   * name, not offered on forms); each with the lots the organisation's lot list at the place shows
   * in stock ({@link #counted}).
   */
  public List<Place> list(CurrentUser user, OrganisationId organisation) {
    Set<OrganisationId> within = organisations.withDescendants(organisation);
    return choices(user, organisation).stream()
        .map(p -> counted(user, organisation, within, p))
        .toList();
  }

  /**
   * The organisation's places as {@link #list} gives them, without their lots (null): the lot
   * list's choice of a place.
   */
  public List<Place> choices(CurrentUser user, OrganisationId organisation) {
    if (!user.readScope().includes(organisation)) {
      throw new NotFoundException("organisation.not-found");
    }
    List<Place> places = new ArrayList<>();
    String main =
        organisations
            .find(OrganisationScope.everything(), organisation)
            .map(o -> TraceIds.location(o.code(), MAIN))
            .orElse(null);
    if (main == null) {
      return places;
    }
    places.add(new Place(main, MAIN, true, null));
    store.list(organisation).stream()
        .map(p -> new Place(p.location(), p.name(), p.offered(), null))
        .forEach(places::add);
    store.unnamed(organisation, main).stream()
        .map(location -> new Place(location, null, false, null))
        .forEach(places::add);
    return places;
  }

  /**
   * The place with its lots: those the organisation's lot list at the place lists in stock (the
   * organisation's and those below it that the user reads), counted by the list's own query.
   */
  private Place counted(
      CurrentUser user, OrganisationId organisation, Set<OrganisationId> within, Place place) {
    long lots =
        queries.count(
            user.readScope(),
            new LotFilter(null, organisation, null, true, place.location()),
            within);
    return new Place(place.location(), place.name(), place.offered(), lots);
  }

  /**
   * Gives one of the organisation's places another name (those who record for it): pages show it
   * from then on; its events keep its URN. Refused when another of its places has the name (as a
   * form would write it), or the main site in any language.
   */
  @Transactional
  public Place rename(CurrentUser user, PlaceForm form) {
    InputCheck check = new InputCheck();
    Organisation org = manager(user, form.getOrganisationId(), check);
    String name = form.getName() == null ? null : form.getName().trim();
    check.required("name", name);
    check(check, "name", name);
    List<PlaceStore.PlaceRow> places = org == null ? List.of() : store.list(org.id());
    PlaceStore.PlaceRow place = place(places, form.getLocation(), check);
    if (org != null && place != null && name != null && !name.isEmpty()) {
      // one name, one place: not another's, nor the main place's in any language
      String slug = TraceIds.slug(name);
      boolean taken =
          mainNames.contains(slug)
              || places.stream()
                  .filter(p -> !p.location().equals(place.location()))
                  .anyMatch(p -> TraceIds.slug(p.name()).equals(slug));
      check.check(!taken, "name", "trace.place.name-taken");
    }
    check.throwIfAny();
    try {
      store.rename(org.id(), place.location(), name);
    } catch (DuplicateKeyException e) {
      // another place was given the name, or first written with it, since it was checked
      check.add("name", "trace.place.name-taken");
      check.throwIfAny();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("location", place.location());
    details.put("from", place.name());
    details.put("to", name);
    audit.record(user, org.id(), "place", org.id().value(), "rename", details);
    return counted(
        user,
        org.id(),
        organisations.withDescendants(org.id()),
        new Place(place.location(), name, place.offered(), null));
  }

  /**
   * Offers one of the organisation's places on its forms, or no longer (those who record for it);
   * its lots and events are unchanged.
   */
  @Transactional
  public Place offer(CurrentUser user, PlaceForm form) {
    InputCheck check = new InputCheck();
    Organisation org = manager(user, form.getOrganisationId(), check);
    Boolean offered = form.getOffered();
    check.required("offered", offered);
    PlaceStore.PlaceRow place =
        place(org == null ? List.of() : store.list(org.id()), form.getLocation(), check);
    check.throwIfAny();
    store.offer(org.id(), place.location(), offered);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("location", place.location());
    details.put("offered", offered);
    audit.record(
        user, org.id(), "place", org.id().value(), offered ? "offer" : "withdraw", details);
    return counted(
        user,
        org.id(),
        organisations.withDescendants(org.id()),
        new Place(place.location(), place.name(), offered, null));
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

  /**
   * The names of these places by place, where the reader's organisations named them on a form (not
   * the names another organisation gave a place: a captured event may name another's place).
   */
  public Map<String, String> names(CurrentUser user, Collection<String> locations) {
    return store.names(locations, user.readScope());
  }

  /** The names of the organisation's places, for a form's suggestions; none if not readable. */
  public List<String> names(CurrentUser user, OrganisationId organisation) {
    return user.readScope().includes(organisation) ? store.names(organisation) : List.of();
  }
}
