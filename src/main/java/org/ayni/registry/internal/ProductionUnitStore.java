package org.ayni.registry.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnitFilter;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnitVersion;
import org.ayni.registry.ProductionUnitView;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.ayni.shared.geo.GeometryKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Production units (table {@code production_unit}, the current state) and their versions ({@code
 * production_unit_version}, every state, rows only ever added). Every read takes the caller's scope
 * first.
 */
@Repository
public class ProductionUnitStore {

  private static final String COLUMNS =
      """
      id, organisation_id, member_id, code, name, kind, geometry_kind, geometry, declared_area_ha,
      computed_area_ha, centroid_lat, centroid_lon, main_products, active, current_version,
      created_at, updated_at""";

  private static final String VIEW_COLUMNS =
      """
      pu.id, pu.organisation_id, pu.member_id, pu.code, pu.name, pu.kind, pu.geometry_kind,
      pu.geometry, pu.declared_area_ha, pu.computed_area_ha, pu.centroid_lat, pu.centroid_lon,
      pu.main_products, pu.active, pu.current_version, pu.created_at, pu.updated_at,
      o.code as organisation_code, o.name as organisation_name, o.country as organisation_country,
      m.member_code, m.given_names, m.family_names""";

  private static final String VIEW_FROM =
      " from production_unit pu join organisation o on o.id = pu.organisation_id"
          + " left join member m on m.id = pu.member_id";

  private static final String VERSION_COLUMNS =
      """
      production_unit_id, version, organisation_id, member_id, code, name, kind, geometry_kind,
      geometry, declared_area_ha, computed_area_ha, main_products, active, change_note, recorded_at,
      recorded_by""";

  private final JdbcClient jdbc;

  ProductionUnitStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(ProductionUnit u) {
    jdbc.sql("insert into production_unit (" + COLUMNS + ") values (" + "?, ".repeat(16) + "?)")
        .params(
            u.id(),
            u.organisationId().value(),
            u.memberId(),
            u.code(),
            u.name(),
            u.kind().name(),
            u.geometryKind().name(),
            u.geometry(),
            u.declaredAreaHa(),
            u.computedAreaHa(),
            u.centroidLat(),
            u.centroidLon(),
            products(u.mainProducts()),
            u.active(),
            u.version(),
            u.createdAt(),
            u.updatedAt())
        .update();
  }

  /**
   * Updates the current state when the stored version is still {@code u.version() - 1}; false when
   * someone changed the unit in between.
   */
  public boolean update(ProductionUnit u) {
    return jdbc.sql(
                """
                update production_unit set member_id = ?, code = ?, name = ?, kind = ?,
                  geometry_kind = ?, geometry = ?, declared_area_ha = ?, computed_area_ha = ?,
                  centroid_lat = ?, centroid_lon = ?, main_products = ?, active = ?,
                  current_version = ?, updated_at = ?
                where id = ? and current_version = ?""")
            .params(
                u.memberId(),
                u.code(),
                u.name(),
                u.kind().name(),
                u.geometryKind().name(),
                u.geometry(),
                u.declaredAreaHa(),
                u.computedAreaHa(),
                u.centroidLat(),
                u.centroidLon(),
                products(u.mainProducts()),
                u.active(),
                u.version(),
                u.updatedAt(),
                u.id(),
                u.version() - 1)
            .update()
        == 1;
  }

  /** Adds a version; the primary key (unit, version) refuses a second row with the same number. */
  public void addVersion(ProductionUnitVersion v) {
    jdbc.sql(
            "insert into production_unit_version ("
                + VERSION_COLUMNS
                + ") values ("
                + "?, ".repeat(15)
                + "?)")
        .params(
            v.productionUnitId(),
            v.version(),
            v.organisationId().value(),
            v.memberId(),
            v.code(),
            v.name(),
            v.kind().name(),
            v.geometryKind().name(),
            v.geometry(),
            v.declaredAreaHa(),
            v.computedAreaHa(),
            products(v.mainProducts()),
            v.active(),
            v.changeNote(),
            v.recordedAt(),
            v.recordedBy())
        .update();
  }

  public Optional<ProductionUnit> find(OrganisationScope scope, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from production_unit where id = ?")
        .param(id)
        .query(ProductionUnitStore::map)
        .optional()
        .filter(u -> scope.includes(u.organisationId()));
  }

  public Optional<ProductionUnitView> findView(OrganisationScope scope, UUID id) {
    return jdbc.sql("select " + VIEW_COLUMNS + VIEW_FROM + " where pu.id = ?")
        .param(id)
        .query(ProductionUnitStore::mapView)
        .optional()
        .filter(v -> scope.includes(v.unit().organisationId()));
  }

  public boolean codeTaken(OrganisationId organisation, String code, UUID except) {
    return jdbc.sql(
                """
                select count(*) from production_unit
                where organisation_id = ? and lower(code) = lower(?) and id <> ?""")
            .params(organisation.value(), code, except == null ? new UUID(0, 0) : except)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Units in scope matching the filter, by name.
   *
   * @param within when the filter names an organisation: it and the organisations below it
   * @param except a unit to leave out (the one being edited, for the map's context layer), or null
   */
  public PageResult<ProductionUnitView> search(
      OrganisationScope scope,
      ProductionUnitFilter filter,
      Set<OrganisationId> within,
      UUID except,
      PageQuery page) {
    var where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (!scope.all()) {
      where.append(" and pu.organisation_id in (:scope)");
      params.put("scope", scope.uuids());
    }
    if (within != null) {
      where.append(" and pu.organisation_id in (:within)");
      params.put("within", OrganisationScope.of(within).uuids());
    }
    if (filter.query() != null && !filter.query().isBlank()) {
      where.append(
          " and ("
              + SearchText.folded("pu.name")
              + " like :q or lower(pu.code) like :q"
              + " or lower(coalesce(m.member_code, '')) like :q or "
              + SearchText.folded(
                  "coalesce(m.given_names, '') || ' ' || coalesce(m.family_names, '')")
              + " like :q)");
      params.put("q", SearchText.containing(filter.query()));
    }
    if (filter.memberId() != null) {
      where.append(" and pu.member_id = :member");
      params.put("member", filter.memberId());
    }
    if (filter.kind() != null) {
      where.append(" and pu.kind = :kind");
      params.put("kind", filter.kind().name());
    }
    if (filter.active() != null) {
      where.append(" and pu.active = :active");
      params.put("active", filter.active());
    }
    if (except != null) {
      where.append(" and pu.id <> :except");
      params.put("except", except);
    }
    long total =
        jdbc.sql("select count(*)" + VIEW_FROM + where).params(params).query(Long.class).single();
    List<ProductionUnitView> items =
        jdbc.sql(
                "select "
                    + VIEW_COLUMNS
                    + VIEW_FROM
                    + where
                    + " order by lower(pu.name), pu.code, pu.id limit :limit offset :offset")
            .params(params)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(ProductionUnitStore::mapView)
            .list();
    return new PageResult<>(items, page.page(), page.size(), total);
  }

  /** Active units in scope of the member or held in common by its organisation, by name. */
  public List<ProductionUnitView> deliverable(
      OrganisationScope scope, UUID member, OrganisationId organisation) {
    if (!scope.includes(organisation)) {
      return List.of();
    }
    return jdbc.sql(
            "select "
                + VIEW_COLUMNS
                + VIEW_FROM
                + " where pu.active and pu.organisation_id = :organisation"
                + " and (pu.member_id = :member or pu.member_id is null)"
                + " order by lower(pu.name), pu.code, pu.id")
        .param("organisation", organisation.value())
        .param("member", member)
        .query(ProductionUnitStore::mapView)
        .list();
  }

  /** Every version of a unit, newest first. */
  public List<ProductionUnitVersion> versions(UUID unit) {
    return jdbc.sql(
            "select "
                + VERSION_COLUMNS
                + " from production_unit_version where production_unit_id = ?"
                + " order by version desc")
        .param(unit)
        .query(ProductionUnitStore::mapVersion)
        .list();
  }

  public Optional<ProductionUnitVersion> version(UUID unit, int version) {
    return jdbc.sql(
            "select "
                + VERSION_COLUMNS
                + " from production_unit_version where production_unit_id = ? and version = ?")
        .params(unit, version)
        .query(ProductionUnitStore::mapVersion)
        .optional();
  }

  static String products(List<String> products) {
    return products.isEmpty() ? null : String.join(", ", products);
  }

  static List<String> products(String text) {
    return text == null || text.isBlank()
        ? List.of()
        : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static ProductionUnit map(ResultSet rs, int row) throws SQLException {
    return new ProductionUnit(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getObject("member_id", UUID.class),
        rs.getString("code"),
        rs.getString("name"),
        ProductionUnitKind.valueOf(rs.getString("kind")),
        GeometryKind.valueOf(rs.getString("geometry_kind")),
        rs.getString("geometry"),
        area(rs.getBigDecimal("declared_area_ha")),
        area(rs.getBigDecimal("computed_area_ha")),
        rs.getDouble("centroid_lat"),
        rs.getDouble("centroid_lon"),
        products(rs.getString("main_products")),
        rs.getBoolean("active"),
        rs.getInt("current_version"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  static ProductionUnitView mapView(ResultSet rs, int row) throws SQLException {
    String given = rs.getString("given_names");
    String family = rs.getString("family_names");
    String memberName =
        given == null ? null : family == null || family.isBlank() ? given : given + " " + family;
    return new ProductionUnitView(
        map(rs, row),
        rs.getString("organisation_code"),
        rs.getString("organisation_name"),
        rs.getString("organisation_country"),
        rs.getString("member_code"),
        memberName);
  }

  static ProductionUnitVersion mapVersion(ResultSet rs, int row) throws SQLException {
    return new ProductionUnitVersion(
        rs.getObject("production_unit_id", UUID.class),
        rs.getInt("version"),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getObject("member_id", UUID.class),
        rs.getString("code"),
        rs.getString("name"),
        ProductionUnitKind.valueOf(rs.getString("kind")),
        GeometryKind.valueOf(rs.getString("geometry_kind")),
        rs.getString("geometry"),
        area(rs.getBigDecimal("declared_area_ha")),
        area(rs.getBigDecimal("computed_area_ha")),
        products(rs.getString("main_products")),
        rs.getBoolean("active"),
        rs.getString("change_note"),
        rs.getObject("recorded_at", OffsetDateTime.class),
        rs.getString("recorded_by"));
  }

  /** Areas are kept with 4 decimals (1 m²); trailing zeros are dropped for display and JSON. */
  private static BigDecimal area(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
