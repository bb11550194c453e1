package org.ayni.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.registry.Certificate;
import org.ayni.registry.CertificateFilter;
import org.ayni.registry.CertificateMember;
import org.ayni.registry.CertificateScheme;
import org.ayni.registry.CertificateStatus;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Certificates in {@code certificate} and the members they cover in {@code certificate_member};
 * every read takes the caller's scope first, and the day the shown status is computed for.
 */
@Repository
public class CertificateStore {

  private static final String SELECT =
      """
      select c.id, c.organisation_id, c.holder_member_id, c.scheme, c.certificate_number,
        c.certifying_body, c.scope_products, c.scope_all_members, c.valid_from, c.valid_to, c.status,
        c.status_reason, c.status_changed_on, c.version, c.created_at, c.updated_at,
        hm.organisation_id as holder_organisation_id, ho.code as holder_organisation_code,
        hm.member_code as holder_member_code, hm.given_names as holder_given_names,
        hm.family_names as holder_family_names
      from certificate c
      left join member hm on hm.id = c.holder_member_id
      left join organisation ho on ho.id = hm.organisation_id""";

  private static final String MEMBER_COLUMNS =
      """
      m.id, m.organisation_id, o.code as organisation_code, m.member_code, m.given_names,
      m.family_names""";

  /** Separates the products in the {@code scope_products} column. */
  private static final String PRODUCT_SEPARATOR = ", ";

  private static final int INSERT_BATCH = 200;

  private final JdbcClient jdbc;

  CertificateStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Certificate c) {
    jdbc.sql(
            """
            insert into certificate (id, organisation_id, holder_member_id, scheme,
              certificate_number, certifying_body, scope_products, scope_all_members, valid_from,
              valid_to, status, status_reason, status_changed_on, created_at, updated_at, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            c.id(),
            c.organisationId().value(),
            c.holder() == null ? null : c.holder().id(),
            c.scheme().name(),
            c.certificateNumber(),
            c.certifyingBody(),
            products(c.scopeProducts()),
            c.scopeAllMembers(),
            c.validFrom(),
            c.validTo(),
            c.recordedStatus().name(),
            c.statusReason(),
            c.statusChangedOn(),
            c.createdAt(),
            c.updatedAt(),
            c.version())
        .update();
    insertMembers(c.id(), c.scopeMembers());
  }

  /**
   * Updates when the stored version is still {@code c.version() - 1}, and replaces the covered
   * members; false (and nothing written) when the version changed.
   */
  public boolean update(Certificate c) {
    boolean updated =
        jdbc.sql(
                    """
                    update certificate set holder_member_id = ?, scheme = ?, certificate_number = ?,
                      certifying_body = ?, scope_products = ?, scope_all_members = ?,
                      valid_from = ?, valid_to = ?, status = ?, status_reason = ?,
                      status_changed_on = ?, version = ?, updated_at = ?
                    where id = ? and version = ?""")
                .params(
                    c.holder() == null ? null : c.holder().id(),
                    c.scheme().name(),
                    c.certificateNumber(),
                    c.certifyingBody(),
                    products(c.scopeProducts()),
                    c.scopeAllMembers(),
                    c.validFrom(),
                    c.validTo(),
                    c.recordedStatus().name(),
                    c.statusReason(),
                    c.statusChangedOn(),
                    c.version(),
                    c.updatedAt(),
                    c.id(),
                    c.version() - 1)
                .update()
            == 1;
    if (updated) {
      jdbc.sql("delete from certificate_member where certificate_id = ?").param(c.id()).update();
      insertMembers(c.id(), c.scopeMembers());
    }
    return updated;
  }

  /** Updates only the status columns, when the stored version is still {@code c.version() - 1}. */
  public boolean updateStatus(Certificate c) {
    return jdbc.sql(
                """
                update certificate set status = ?, status_reason = ?, status_changed_on = ?,
                  version = ?, updated_at = ?
                where id = ? and version = ?""")
            .params(
                c.recordedStatus().name(),
                c.statusReason(),
                c.statusChangedOn(),
                c.version(),
                c.updatedAt(),
                c.id(),
                c.version() - 1)
            .update()
        == 1;
  }

  /** Inserts the covered members, many rows per statement. */
  private void insertMembers(UUID certificate, List<CertificateMember> members) {
    for (int from = 0; from < members.size(); from += INSERT_BATCH) {
      List<CertificateMember> batch =
          members.subList(from, Math.min(members.size(), from + INSERT_BATCH));
      List<Object> params = new ArrayList<>();
      for (CertificateMember m : batch) {
        params.add(certificate);
        params.add(m.id());
      }
      jdbc.sql(
              "insert into certificate_member (certificate_id, member_id) values "
                  + String.join(", ", Collections.nCopies(batch.size(), "(?, ?)")))
          .params(params)
          .update();
    }
  }

  public Optional<Certificate> find(OrganisationScope scope, UUID id, LocalDate today) {
    Optional<Row> row =
        jdbc.sql(SELECT + " where c.id = ?")
            .param(id)
            .query(CertificateStore::row)
            .optional()
            .filter(r -> scope.includes(r.organisationId()));
    return row.map(r -> r.certificate(members(List.of(r.id())), today));
  }

  /** Whether another certificate of the organisation and scheme has this number (any case). */
  public boolean numberTaken(
      OrganisationId organisation, CertificateScheme scheme, String number, UUID except) {
    return jdbc.sql(
                """
                select count(*) from certificate
                where organisation_id = ? and scheme = ? and lower(certificate_number) = lower(?)
                  and id <> ?""")
            .params(
                organisation.value(),
                scheme.name(),
                number,
                except == null ? new UUID(0, 0) : except)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Certificates in scope matching the filter.
   *
   * @param within when the filter names an organisation: it and the organisations below it
   * @param memberOrganisations when the filter names a member: its organisation and those above it,
   *     whose all-member certificates cover it
   */
  public PageResult<Certificate> search(
      OrganisationScope scope,
      CertificateFilter filter,
      Set<OrganisationId> within,
      Set<OrganisationId> memberOrganisations,
      LocalDate today,
      PageQuery page) {
    var where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (!scope.all()) {
      where.append(" and c.organisation_id in (:scope)");
      params.put("scope", scope.uuids());
    }
    if (within != null) {
      where.append(" and c.organisation_id in (:within)");
      params.put("within", OrganisationScope.of(within).uuids());
    }
    if (filter.memberId() != null) {
      where.append(
          " and (c.holder_member_id = :member or exists (select 1 from certificate_member cm"
              + " where cm.certificate_id = c.id and cm.member_id = :member)");
      if (memberOrganisations != null && !memberOrganisations.isEmpty()) {
        where.append(" or (c.scope_all_members and c.organisation_id in (:memberOrgs))");
        params.put("memberOrgs", OrganisationScope.of(memberOrganisations).uuids());
      }
      where.append(")");
      params.put("member", filter.memberId());
    }
    if (filter.query() != null && !filter.query().isBlank()) {
      where.append(
          " and (lower(c.certificate_number) like :q or lower(c.certifying_body) like :q)");
      params.put("q", SearchText.containing(filter.query()));
    }
    if (filter.scheme() != null) {
      where.append(" and c.scheme = :scheme");
      params.put("scheme", filter.scheme().name());
    }
    if (filter.status() != null) {
      switch (filter.status()) {
        case ACTIVE -> where.append(" and c.status = 'ACTIVE' and c.valid_to >= :today");
        case EXPIRED -> where.append(" and c.status = 'ACTIVE' and c.valid_to < :today");
        default -> {
          where.append(" and c.status = :status");
          params.put("status", filter.status().name());
        }
      }
    }
    if (Boolean.TRUE.equals(filter.expiringSoon())) {
      where.append(" and c.status = 'ACTIVE' and c.valid_to >= :today and c.valid_to <= :soon");
      params.put("soon", today.plusDays(Certificate.EXPIRY_WARNING_DAYS));
    }
    if (where.indexOf(":today") >= 0) {
      params.put("today", today);
    }
    long total =
        jdbc.sql("select count(*) from certificate c" + where)
            .params(params)
            .query(Long.class)
            .single();
    List<Row> rows =
        jdbc.sql(
                SELECT
                    + where
                    + " order by c.valid_to desc, lower(c.certificate_number), c.id"
                    + " limit :limit offset :offset")
            .params(params)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(CertificateStore::row)
            .list();
    Map<UUID, List<CertificateMember>> members = members(rows.stream().map(Row::id).toList());
    return new PageResult<>(
        rows.stream().map(r -> r.certificate(members, today)).toList(),
        page.page(),
        page.size(),
        total);
  }

  /** The members each certificate lists, by organisation code and member code. */
  private Map<UUID, List<CertificateMember>> members(Collection<UUID> certificates) {
    Map<UUID, List<CertificateMember>> result = new HashMap<>();
    if (certificates.isEmpty()) {
      return result;
    }
    jdbc.sql(
            "select cm.certificate_id, "
                + MEMBER_COLUMNS
                + """
                 from certificate_member cm
                join member m on m.id = cm.member_id
                join organisation o on o.id = m.organisation_id
                where cm.certificate_id in (:ids)
                order by o.code, m.member_code""")
        .param("ids", certificates)
        .query(
            rs -> {
              result
                  .computeIfAbsent(
                      rs.getObject("certificate_id", UUID.class), k -> new ArrayList<>())
                  .add(member(rs));
            });
    return result;
  }

  /**
   * Members in scope with one of the codes, plain ({@code member_code}) or qualified ({@code
   * organisation-code:member-code}), compared without case. A plain code may match members of
   * several organisations.
   */
  public List<CertificateMember> membersByCode(
      OrganisationScope scope, Collection<String> plain, Collection<String> qualified) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (!plain.isEmpty()) {
      conditions.add("lower(m.member_code) in (:plain)");
      params.put("plain", plain.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
    }
    if (!qualified.isEmpty()) {
      conditions.add("lower(o.code || ':' || m.member_code) in (:qualified)");
      params.put("qualified", qualified.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
    }
    if (conditions.isEmpty()) {
      return List.of();
    }
    String where = " where (" + String.join(" or ", conditions) + ")";
    if (!scope.all()) {
      where += " and m.organisation_id in (:scope)";
      params.put("scope", scope.uuids());
    }
    return jdbc.sql(
            "select "
                + MEMBER_COLUMNS
                + " from member m join organisation o on o.id = m.organisation_id"
                + where)
        .params(params)
        .query((rs, n) -> member(rs))
        .list();
  }

  /** The organisation of a member in scope. */
  public Optional<OrganisationId> memberOrganisation(OrganisationScope scope, UUID member) {
    return jdbc.sql("select organisation_id from member where id = ?")
        .param(member)
        .query((rs, n) -> new OrganisationId(rs.getObject(1, UUID.class)))
        .optional()
        .filter(scope::includes);
  }

  private static String products(List<String> products) {
    return products.isEmpty() ? null : String.join(PRODUCT_SEPARATOR, products);
  }

  private static CertificateMember member(ResultSet rs) throws SQLException {
    return new CertificateMember(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("organisation_code"),
        rs.getString("member_code"),
        name(rs.getString("given_names"), rs.getString("family_names")));
  }

  private static String name(String given, String family) {
    return family == null || family.isBlank() ? given : given + " " + family;
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    UUID holderId = rs.getObject("holder_member_id", UUID.class);
    CertificateMember holder =
        holderId == null
            ? null
            : new CertificateMember(
                holderId,
                new OrganisationId(rs.getObject("holder_organisation_id", UUID.class)),
                rs.getString("holder_organisation_code"),
                rs.getString("holder_member_code"),
                name(rs.getString("holder_given_names"), rs.getString("holder_family_names")));
    String products = rs.getString("scope_products");
    return new Row(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        holder,
        CertificateScheme.valueOf(rs.getString("scheme")),
        rs.getString("certificate_number"),
        rs.getString("certifying_body"),
        products == null || products.isBlank()
            ? List.of()
            : Arrays.stream(products.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList(),
        rs.getBoolean("scope_all_members"),
        rs.getObject("valid_from", LocalDate.class),
        rs.getObject("valid_to", LocalDate.class),
        CertificateStatus.valueOf(rs.getString("status")),
        rs.getString("status_reason"),
        rs.getObject("status_changed_on", LocalDate.class),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  /** A certificate row before its members are read and its shown status computed. */
  private record Row(
      UUID id,
      OrganisationId organisationId,
      CertificateMember holder,
      CertificateScheme scheme,
      String number,
      String body,
      List<String> products,
      boolean allMembers,
      LocalDate validFrom,
      LocalDate validTo,
      CertificateStatus status,
      String statusReason,
      LocalDate statusChangedOn,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    Certificate certificate(Map<UUID, List<CertificateMember>> members, LocalDate today) {
      return new Certificate(
          id,
          organisationId,
          holder,
          scheme,
          number,
          body,
          products,
          allMembers,
          members.getOrDefault(id, List.of()),
          validFrom,
          validTo,
          Certificate.shownStatus(status, validTo, today),
          status,
          Certificate.expiresSoon(status, validTo, today),
          statusReason,
          statusChangedOn,
          version,
          createdAt,
          updatedAt);
    }
  }
}
