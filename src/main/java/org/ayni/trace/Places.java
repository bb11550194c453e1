package org.ayni.trace;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.internal.PlaceStore;
import org.springframework.stereotype.Service;

/**
 * The places lots are at: a name an organisation writes on a form ("Almacén Ñaña – Sector 2") is
 * the place {@code urn:ayni:loc:{organisation}:almacen-nana-sector-2} in its events, and pages show
 * it by the name first written; an SGLN is kept as it is.
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

  Places(PlaceStore store) {
    this.store = store;
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
      // the main place keeps its name in every language; "Main" is not another place to offer
      store.remember(org.id(), location, name);
    }
    return location;
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
