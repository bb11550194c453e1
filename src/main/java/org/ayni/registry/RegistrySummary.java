package org.ayni.registry;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Figures per organisation for the start page: members by status, mapped area, certificates. */
@Service
public class RegistrySummary {

  private final JdbcClient jdbc;

  RegistrySummary(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One row per organisation the user can read, by name. */
  public List<Row> of(CurrentUser user) {
    OrganisationScope scope = user.readScope();
    String where = scope.all() ? "" : " where o.id in (:scope)";
    var statement =
        jdbc.sql(
            """
            select o.id, o.name, o.kind, o.region,
              (select count(*) from member m where m.organisation_id = o.id and m.status = 'ACTIVE') active_members,
              (select count(*) from member m where m.organisation_id = o.id and m.gender = 'FEMALE'
                 and m.status = 'ACTIVE') active_women,
              (select count(*) from production_unit u where u.organisation_id = o.id and u.active) units,
              (select coalesce(sum(case when u.geometry_kind = 'POINT' then u.declared_area_ha
                 else u.computed_area_ha end), 0)
                 from production_unit u where u.organisation_id = o.id and u.active) hectares,
              (select count(*) from certificate c where c.organisation_id = o.id and c.status = 'ACTIVE'
                 and c.valid_to >= current_date) certificates
            from organisation o"""
                + where
                + " order by lower(o.name)");
    if (!scope.all()) {
      statement = statement.param("scope", scope.uuids());
    }
    return statement
        .query(
            (rs, n) ->
                new Row(
                    new OrganisationId(rs.getObject("id", UUID.class)),
                    rs.getString("name"),
                    OrganisationKind.valueOf(rs.getString("kind")),
                    rs.getString("region"),
                    rs.getLong("active_members"),
                    rs.getLong("active_women"),
                    rs.getLong("units"),
                    rs.getBigDecimal("hectares"),
                    rs.getLong("certificates")))
        .list();
  }

  /** Figures of one organisation (not including those below it). */
  public record Row(
      OrganisationId id,
      String name,
      OrganisationKind kind,
      String region,
      long activeMembers,
      long activeWomen,
      long productionUnits,
      BigDecimal hectares,
      long activeCertificates) {}
}
