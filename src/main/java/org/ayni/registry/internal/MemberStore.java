package org.ayni.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ayni.registry.AgeBand;
import org.ayni.registry.ConsentMethod;
import org.ayni.registry.Gender;
import org.ayni.registry.Member;
import org.ayni.registry.MemberFilter;
import org.ayni.registry.MemberKind;
import org.ayni.registry.MemberStatus;
import org.ayni.registry.MemberStatusChange;
import org.ayni.shared.Ids;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.SearchText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Members and their status history; every read takes the caller's scope first. */
@Repository
public class MemberStore {

  private static final String COLUMNS =
      """
      id, organisation_id, member_code, kind, given_names, family_names, gender, birth_date,
      age_band, national_id, community, household_size, join_date, status, phone, consent_data_use,
      consent_date, consent_method, version, created_at, updated_at""";

  private final JdbcClient jdbc;

  MemberStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Member m) {
    jdbc.sql("insert into member (" + COLUMNS + ") values (" + "?, ".repeat(20) + "?)")
        .params(
            m.id(),
            m.organisationId().value(),
            m.memberCode(),
            m.kind().name(),
            m.givenNames(),
            m.familyNames(),
            m.gender().name(),
            m.birthDate(),
            name(m.ageBand()),
            m.nationalId(),
            m.community(),
            m.householdSize(),
            m.joinDate(),
            m.status().name(),
            m.phone(),
            m.consentDataUse(),
            m.consentDate(),
            name(m.consentMethod()),
            m.version(),
            m.createdAt(),
            m.updatedAt())
        .update();
  }

  /** Updates when the stored version is still {@code m.version() - 1}; false when it changed. */
  public boolean update(Member m) {
    return jdbc.sql(
                """
                update member set member_code = ?, kind = ?, given_names = ?, family_names = ?,
                  gender = ?, birth_date = ?, age_band = ?, national_id = ?, community = ?,
                  household_size = ?, join_date = ?, status = ?, phone = ?, consent_data_use = ?,
                  consent_date = ?, consent_method = ?, version = ?, updated_at = ?
                where id = ? and version = ?""")
            .params(
                m.memberCode(),
                m.kind().name(),
                m.givenNames(),
                m.familyNames(),
                m.gender().name(),
                m.birthDate(),
                name(m.ageBand()),
                m.nationalId(),
                m.community(),
                m.householdSize(),
                m.joinDate(),
                m.status().name(),
                m.phone(),
                m.consentDataUse(),
                m.consentDate(),
                name(m.consentMethod()),
                m.version(),
                m.updatedAt(),
                m.id(),
                m.version() - 1)
            .update()
        == 1;
  }

  public Optional<Member> find(OrganisationScope scope, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from member where id = ?")
        .param(id)
        .query(MemberStore::map)
        .optional()
        .filter(m -> scope.includes(m.organisationId()));
  }

  public boolean codeTaken(OrganisationId organisation, String code, UUID except) {
    return jdbc.sql(
                """
                select count(*) from member
                where organisation_id = ? and lower(member_code) = lower(?) and id <> ?""")
            .params(organisation.value(), code, except == null ? new UUID(0, 0) : except)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Members in scope matching the filter.
   *
   * @param within when the filter names an organisation: it and the organisations below it
   */
  public PageResult<Member> search(
      OrganisationScope scope, MemberFilter filter, Set<OrganisationId> within, PageQuery page) {
    var where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (!scope.all()) {
      where.append(" and organisation_id in (:scope)");
      params.put("scope", scope.uuids());
    }
    if (within != null) {
      where.append(" and organisation_id in (:within)");
      params.put("within", OrganisationScope.of(within).uuids());
    }
    if (filter.query() != null && !filter.query().isBlank()) {
      where.append(
          " and ("
              + SearchText.folded("given_names || ' ' || coalesce(family_names, '')")
              + " like :q or "
              + SearchText.folded("coalesce(family_names, '') || ' ' || given_names")
              + " like :q or lower(member_code) like :q or coalesce(national_id, '') like :q)");
      params.put("q", SearchText.containing(filter.query()));
    }
    if (filter.community() != null && !filter.community().isBlank()) {
      where.append(" and " + SearchText.folded("coalesce(community, '')") + " like :community");
      params.put("community", SearchText.containing(filter.community()));
    }
    if (filter.status() != null) {
      where.append(" and status = :status");
      params.put("status", filter.status().name());
    }
    long total =
        jdbc.sql("select count(*) from member" + where).params(params).query(Long.class).single();
    List<Member> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from member"
                    + where
                    + " order by lower(coalesce(family_names, '')), lower(given_names), id"
                    + " limit :limit offset :offset")
            .params(params)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(MemberStore::map)
            .list();
    return new PageResult<>(items, page.page(), page.size(), total);
  }

  /** The distinct communities recorded in the organisations, for filters and suggestions. */
  public List<String> communities(OrganisationScope scope) {
    String where = scope.all() ? "" : " and organisation_id in (:scope)";
    var statement =
        jdbc.sql(
            "select distinct community from member where community is not null"
                + where
                + " order by community");
    if (!scope.all()) {
      statement = statement.param("scope", scope.uuids());
    }
    return statement.query(String.class).list();
  }

  public void addStatusChange(
      OrganisationId organisation,
      UUID member,
      MemberStatus status,
      LocalDate effectiveOn,
      String reason,
      OffsetDateTime recordedAt,
      String recordedBy) {
    jdbc.sql(
            """
            insert into member_status_change (id, organisation_id, member_id, status, effective_on,
                                              reason, recorded_at, recorded_by)
            values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            Ids.newUuid(),
            organisation.value(),
            member,
            status.name(),
            effectiveOn,
            reason,
            recordedAt,
            recordedBy)
        .update();
  }

  public List<MemberStatusChange> statusHistory(UUID member) {
    return jdbc.sql(
            """
            select status, effective_on, reason, recorded_at, recorded_by
            from member_status_change where member_id = ? order by recorded_at desc, effective_on desc""")
        .param(member)
        .query(
            (rs, n) ->
                new MemberStatusChange(
                    MemberStatus.valueOf(rs.getString("status")),
                    rs.getObject("effective_on", LocalDate.class),
                    rs.getString("reason"),
                    rs.getObject("recorded_at", OffsetDateTime.class),
                    rs.getString("recorded_by")))
        .list();
  }

  public long countByStatus(OrganisationId organisation, MemberStatus status) {
    return jdbc.sql("select count(*) from member where organisation_id = ? and status = ?")
        .params(organisation.value(), status.name())
        .query(Long.class)
        .single();
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  static Member map(ResultSet rs, int row) throws SQLException {
    String ageBand = rs.getString("age_band");
    String consentMethod = rs.getString("consent_method");
    return new Member(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("member_code"),
        MemberKind.valueOf(rs.getString("kind")),
        rs.getString("given_names"),
        rs.getString("family_names"),
        Gender.valueOf(rs.getString("gender")),
        rs.getObject("birth_date", LocalDate.class),
        ageBand == null ? null : AgeBand.valueOf(ageBand),
        rs.getString("national_id"),
        rs.getString("community"),
        (Integer) rs.getObject("household_size"),
        rs.getObject("join_date", LocalDate.class),
        MemberStatus.valueOf(rs.getString("status")),
        rs.getString("phone"),
        rs.getBoolean("consent_data_use"),
        rs.getObject("consent_date", LocalDate.class),
        consentMethod == null ? null : ConsentMethod.valueOf(consentMethod),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
