package org.ayni.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationFilter;
import org.ayni.registry.OrganisationKind;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Organisations in table {@code organisation}; every read takes the caller's scope first. */
@Repository
public class OrganisationStore {

  private static final String COLUMNS =
      """
      id, parent_id, kind, code, name, short_name, country, time_zone, region, legal_id,
      contact_name, contact_email, contact_phone, address, website, languages, founded_year, active,
      version, created_at, updated_at""";

  private final JdbcClient jdbc;

  OrganisationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Organisation o) {
    jdbc.sql("insert into organisation (" + COLUMNS + ") values (" + "?, ".repeat(20) + "?)")
        .params(values(o))
        .update();
  }

  /** Updates when the stored version is still {@code o.version() - 1}; false when it changed. */
  public boolean update(Organisation o) {
    return jdbc.sql(
                """
                update organisation set parent_id = ?, kind = ?, code = ?, name = ?, short_name = ?,
                  country = ?, time_zone = ?, region = ?, legal_id = ?, contact_name = ?, contact_email = ?,
                  contact_phone = ?, address = ?, website = ?, languages = ?, founded_year = ?,
                  active = ?, version = ?, updated_at = ?
                where id = ? and version = ?""")
            .params(
                o.parentId() == null ? null : o.parentId().value(),
                o.kind().name(),
                o.code(),
                o.name(),
                o.shortName(),
                o.country(),
                o.timeZone(),
                o.region(),
                o.legalId(),
                o.contactName(),
                o.contactEmail(),
                o.contactPhone(),
                o.address(),
                o.website(),
                String.join(",", o.languages()),
                o.foundedYear(),
                o.active(),
                o.version(),
                o.updatedAt(),
                o.id().value(),
                o.version() - 1)
            .update()
        == 1;
  }

  public Optional<Organisation> find(OrganisationScope scope, OrganisationId id) {
    if (!scope.includes(id)) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from organisation where id = ?")
        .param(id.value())
        .query(OrganisationStore::map)
        .optional();
  }

  /** The organisations with these ids (those that exist), in no order. */
  public List<Organisation> all(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from organisation where id in (:ids)")
        .param("ids", ids)
        .query(OrganisationStore::map)
        .list();
  }

  /** The organisation with the code, in any case (codes are lower case). */
  public Optional<Organisation> byCode(String code) {
    return jdbc.sql("select " + COLUMNS + " from organisation where code = lower(?)")
        .param(code)
        .query(OrganisationStore::map)
        .optional();
  }

  /** The display names of the organisations with these codes, by code (those that exist). */
  public Map<String, String> namesByCode(Collection<String> codes) {
    return names("code", codes, (rs, column) -> rs.getString(column));
  }

  /** The display names of the organisations with these ids, by id (those that exist). */
  public Map<UUID, String> namesById(Collection<UUID> ids) {
    return names("id", ids, (rs, column) -> rs.getObject(column, UUID.class));
  }

  private interface Key<K> {
    K read(ResultSet rs, String column) throws SQLException;
  }

  private <K> Map<K, String> names(String column, Collection<?> values, Key<K> key) {
    Map<K, String> names = new HashMap<>();
    if (values.isEmpty()) {
      return names;
    }
    jdbc.sql(
            "select %s, name, short_name from organisation where %s in (:values)"
                .formatted(column, column))
        .param("values", values)
        .query(
            (rs, row) -> {
              String shortName = rs.getString("short_name");
              return names.put(
                  key.read(rs, column),
                  shortName == null || shortName.isBlank() ? rs.getString("name") : shortName);
            })
        .list();
    return names;
  }

  public boolean codeTaken(String code, OrganisationId except) {
    return jdbc.sql("select count(*) from organisation where lower(code) = lower(?) and id <> ?")
            .params(code, except == null ? new UUID(0, 0) : except.value())
            .query(Long.class)
            .single()
        > 0;
  }

  public PageResult<Organisation> search(
      OrganisationScope scope, OrganisationFilter filter, PageQuery page) {
    var where = new StringBuilder(" where 1 = 1");
    var params = new java.util.LinkedHashMap<String, Object>();
    if (!scope.all()) {
      where.append(" and id in (:scope)");
      params.put("scope", scope.uuids());
    }
    if (filter.query() != null && !filter.query().isBlank()) {
      where.append(
          " and ("
              + SearchText.folded("name")
              + " like :q or "
              + SearchText.folded("coalesce(short_name, '')")
              + " like :q or lower(code) like :q or coalesce(legal_id, '') like :q)");
      params.put("q", SearchText.containing(filter.query()));
    }
    if (filter.kind() != null) {
      where.append(" and kind = :kind");
      params.put("kind", filter.kind().name());
    }
    if (filter.parentId() != null) {
      where.append(" and parent_id = :parent");
      params.put("parent", filter.parentId().value());
    }
    if (filter.active() != null) {
      where.append(" and active = :active");
      params.put("active", filter.active());
    }
    long total =
        jdbc.sql("select count(*) from organisation" + where)
            .params(params)
            .query(Long.class)
            .single();
    List<Organisation> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from organisation"
                    + where
                    + " order by lower(name), id limit :limit offset :offset")
            .params(params)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(OrganisationStore::map)
            .list();
    return new PageResult<>(items, page.page(), page.size(), total);
  }

  public List<Organisation> children(OrganisationId parent) {
    return jdbc.sql(
            "select " + COLUMNS + " from organisation where parent_id = ? order by lower(name)")
        .param(parent.value())
        .query(OrganisationStore::map)
        .list();
  }

  /** The given organisations and all below them, walking the parent links level by level. */
  public Set<OrganisationId> withDescendants(Collection<OrganisationId> roots) {
    Set<UUID> seen = new HashSet<>();
    List<UUID> level = new ArrayList<>();
    for (OrganisationId root : roots) {
      if (seen.add(root.value())) {
        level.add(root.value());
      }
    }
    while (!level.isEmpty()) {
      List<UUID> next =
          jdbc.sql("select id from organisation where parent_id in (:ids)")
              .param("ids", level)
              .query(UUID.class)
              .list();
      level = new ArrayList<>();
      for (UUID id : next) {
        if (seen.add(id)) {
          level.add(id);
        }
      }
    }
    Set<OrganisationId> result = new HashSet<>();
    seen.forEach(id -> result.add(new OrganisationId(id)));
    return result;
  }

  /** The chain of ancestors of an organisation, nearest first. */
  public List<OrganisationId> ancestors(OrganisationId id) {
    List<OrganisationId> chain = new ArrayList<>();
    UUID current = id.value();
    for (int depth = 0; depth < 20 && current != null; depth++) {
      current =
          jdbc.sql("select parent_id from organisation where id = ?")
              .param(current)
              .query((rs, n) -> rs.getObject(1, UUID.class))
              .optional()
              .orElse(null);
      if (current != null) {
        chain.add(new OrganisationId(current));
      }
    }
    return chain;
  }

  private static Object[] values(Organisation o) {
    return new Object[] {
      o.id().value(),
      o.parentId() == null ? null : o.parentId().value(),
      o.kind().name(),
      o.code(),
      o.name(),
      o.shortName(),
      o.country(),
      o.timeZone(),
      o.region(),
      o.legalId(),
      o.contactName(),
      o.contactEmail(),
      o.contactPhone(),
      o.address(),
      o.website(),
      String.join(",", o.languages()),
      o.foundedYear(),
      o.active(),
      o.version(),
      o.createdAt(),
      o.updatedAt()
    };
  }

  static Organisation map(ResultSet rs, int row) throws SQLException {
    UUID parent = rs.getObject("parent_id", UUID.class);
    String languages = rs.getString("languages");
    return new Organisation(
        new OrganisationId(rs.getObject("id", UUID.class)),
        parent == null ? null : new OrganisationId(parent),
        OrganisationKind.valueOf(rs.getString("kind")),
        rs.getString("code"),
        rs.getString("name"),
        rs.getString("short_name"),
        rs.getString("country"),
        rs.getString("time_zone"),
        rs.getString("region"),
        rs.getString("legal_id"),
        rs.getString("contact_name"),
        rs.getString("contact_email"),
        rs.getString("contact_phone"),
        rs.getString("address"),
        rs.getString("website"),
        languages == null || languages.isBlank() ? List.of() : Arrays.asList(languages.split(",")),
        (Integer) rs.getObject("founded_year"),
        rs.getBoolean("active"),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
