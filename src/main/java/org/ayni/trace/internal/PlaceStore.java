package org.ayni.trace.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.TraceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The names organisations gave their places on forms, by place ({@code urn:ayni:loc:…}). */
@Repository
public class PlaceStore {

  private final JdbcClient jdbc;

  PlaceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Keeps the name of the organisation's place, unless it has one already, and offers it on the
   * forms again if it was no longer offered; false, and nothing kept, when the place is new and
   * another of the organisation's places has the name now (as forms write it: {@link
   * TraceIds#slug}), given to it since the place was looked for.
   */
  public boolean remember(OrganisationId organisation, String location, String name) {
    boolean kept =
        jdbc.sql(
                    """
                    insert into trace_place (organisation_id, location, name, name_key)
                    values (?, ?, ?, ?) on conflict do nothing""")
                .params(organisation.value(), location, name, TraceIds.slug(name))
                .update()
            == 1;
    if (!kept
        && jdbc.sql("select count(*) from trace_place where organisation_id = ? and location = ?")
                .params(organisation.value(), location)
                .query(Long.class)
                .single()
            == 0) {
      return false;
    }
    jdbc.sql(
            """
            update trace_place set offered = true
            where organisation_id = ? and location = ? and not offered""")
        .params(organisation.value(), location)
        .update();
    return true;
  }

  /** The organisation's places (offered or not): their names by place. */
  public Map<String, String> all(OrganisationId organisation) {
    Map<String, String> names = new HashMap<>();
    jdbc.sql("select location, name from trace_place where organisation_id = ?")
        .param(organisation.value())
        .query((rs, n) -> names.put(rs.getString("location"), rs.getString("name")))
        .list();
    return names;
  }

  /** One of an organisation's places as its forms named it. */
  public record PlaceRow(String location, String name, boolean offered) {}

  /** The organisation's places by name. */
  public List<PlaceRow> list(OrganisationId organisation) {
    return jdbc.sql(
            """
            select location, name, offered from trace_place where organisation_id = ?
            order by lower(name), location""")
        .param(organisation.value())
        .query(
            (rs, n) ->
                new PlaceRow(
                    rs.getString("location"), rs.getString("name"), rs.getBoolean("offered")))
        .list();
  }

  /**
   * The places other than its main one (second argument) the organisation holds lots at now, with
   * stock above 0, that no form of it named: an SGLN, or a place a captured EPCIS event gave.
   */
  public List<String> unnamed(OrganisationId organisation, String main) {
    return jdbc.sql(
            """
            select distinct h.location from (
              select case when l.organisation_id = :org then l.location else s.location end location
              from lot_stock s join lot l on l.id = s.lot_id
              where s.organisation_id = :org and s.quantity > 0) h
            where h.location is not null and h.location <> :main
              and not exists (select 1 from trace_place p
                              where p.organisation_id = :org and p.location = h.location)
            order by h.location""")
        .param("org", organisation.value())
        .param("main", main)
        .query(String.class)
        .list();
  }

  /**
   * Gives the organisation's place another name; false when it has no such place.
   *
   * @throws org.springframework.dao.DuplicateKeyException when another of its places has the name
   *     (as forms write it), given to it since this one was checked
   */
  public boolean rename(OrganisationId organisation, String location, String name) {
    return jdbc.sql(
                "update trace_place set name = ?, name_key = ?"
                    + " where organisation_id = ? and location = ?")
            .params(name, TraceIds.slug(name), organisation.value(), location)
            .update()
        == 1;
  }

  /** Offers the organisation's place on its forms, or not; false when it has no such place. */
  public boolean offer(OrganisationId organisation, String location, boolean offered) {
    return jdbc.sql("update trace_place set offered = ? where organisation_id = ? and location = ?")
            .params(offered, organisation.value(), location)
            .update()
        == 1;
  }

  /**
   * The names of these places, by place (those that have one), that the organisations in the scope
   * gave them: a reader sees its own names, not those another organisation gave a place.
   */
  public Map<String, String> names(Collection<String> locations, OrganisationScope scope) {
    Map<String, String> names = new HashMap<>();
    if (locations.isEmpty() || scope.isEmpty()) {
      return names;
    }
    jdbc.sql(
            "select location, name from trace_place where location in (:locations)"
                + (scope.all() ? "" : " and organisation_id in (:scope)"))
        .param("locations", locations)
        .param("scope", scope.uuids())
        .query((rs, n) -> names.put(rs.getString("location"), rs.getString("name")))
        .list();
    return names;
  }

  /** The names of the places the organisation's forms offer, sorted. */
  public List<String> names(OrganisationId organisation) {
    return jdbc.sql(
            "select name from trace_place where organisation_id = ? and offered"
                + " order by lower(name)")
        .param(organisation.value())
        .query(String.class)
        .list();
  }
}
