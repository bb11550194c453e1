package org.ayni.trace.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ayni.shared.OrganisationId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The names organisations gave their places on forms, by place ({@code urn:ayni:loc:…}). */
@Repository
public class PlaceStore {

  private final JdbcClient jdbc;

  PlaceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Keeps the name of the organisation's place, unless it has one already. */
  public void remember(OrganisationId organisation, String location, String name) {
    jdbc.sql(
            """
            insert into trace_place (organisation_id, location, name) values (?, ?, ?)
            on conflict do nothing""")
        .params(organisation.value(), location, name)
        .update();
  }

  /** The names of these places, by place (those that have one). */
  public Map<String, String> names(Collection<String> locations) {
    Map<String, String> names = new HashMap<>();
    if (locations.isEmpty()) {
      return names;
    }
    jdbc.sql("select location, name from trace_place where location in (:locations)")
        .param("locations", locations)
        .query((rs, n) -> names.put(rs.getString("location"), rs.getString("name")))
        .list();
    return names;
  }

  /** The names of the organisation's places, sorted: what its forms offer to choose from. */
  public List<String> names(OrganisationId organisation) {
    return jdbc.sql("select name from trace_place where organisation_id = ? order by lower(name)")
        .param(organisation.value())
        .query(String.class)
        .list();
  }
}
