package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ayni.reference.Verification;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.trace.ConversionFactor;
import org.ayni.trace.Product;
import org.ayni.trace.ProductKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Products and conversion factors; every read of an organisation's rows takes a scope. */
@Repository
public class CatalogueStore {

  private static final String PRODUCT_COLUMNS =
      "id, organisation_id, code, name, kind, unit, gtin, active, version, created_at, updated_at";

  private static final String FACTOR_COLUMNS =
      """
      id, organisation_id, product_id, product_kind, step, max_yield, input_unit, output_unit,
      reference_key, verification, source, note, recorded_at, recorded_by, withdrawn""";

  private final JdbcClient jdbc;
  private final Clock clock;

  CatalogueStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void insert(Product p) {
    jdbc.sql(
            "insert into trace_product ("
                + PRODUCT_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            p.id(),
            p.organisationId().value(),
            p.code(),
            p.name(),
            p.kind().name(),
            p.unit(),
            p.gtin(),
            p.active(),
            p.version(),
            p.createdAt(),
            p.updatedAt())
        .update();
  }

  public Optional<Product> product(OrganisationScope scope, UUID id) {
    return jdbc.sql("select " + PRODUCT_COLUMNS + " from trace_product where id = ?")
        .param(id)
        .query(CatalogueStore::product)
        .optional()
        .filter(p -> scope.includes(p.organisationId()));
  }

  public List<Product> products(OrganisationScope scope, OrganisationId organisation) {
    StringBuilder sql =
        new StringBuilder("select " + PRODUCT_COLUMNS + " from trace_product where 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (!scope.all()) {
      sql.append(" and organisation_id in (:scope)");
      params.put("scope", scope.uuids());
    }
    if (organisation != null) {
      sql.append(" and organisation_id = :org");
      params.put("org", organisation.value());
    }
    sql.append(" order by lower(name), code, id");
    return jdbc.sql(sql.toString()).params(params).query(CatalogueStore::product).list();
  }

  /** Writes a product's new state if it is still at the version before; whether it was. */
  public boolean update(Product p) {
    return jdbc.sql(
                """
                update trace_product set name = ?, kind = ?, unit = ?, gtin = ?, active = ?,
                                         version = ?, updated_at = ?
                where id = ? and version = ?""")
            .params(
                p.name(),
                p.kind().name(),
                p.unit(),
                p.gtin(),
                p.active(),
                p.version(),
                p.updatedAt(),
                p.id(),
                p.version() - 1)
            .update()
        == 1;
  }

  /** Whether any lot is of the product. */
  public boolean productHasLots(UUID product) {
    return jdbc.sql("select 1 from lot where product_id = ? limit 1")
        .param(product)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /** Whether another product than {@code except} has the GTIN. */
  public boolean gtinTaken(String gtin, UUID except) {
    return jdbc.sql("select count(*) from trace_product where gtin = ? and id <> ?")
            .params(gtin, except)
            .query(Long.class)
            .single()
        > 0;
  }

  public boolean productCodeTaken(OrganisationId organisation, String code) {
    return jdbc.sql(
                "select count(*) from trace_product where organisation_id = ? and lower(code) = lower(?)")
            .params(organisation.value(), code)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Whether a product of another organisation has the GTIN. */
  public boolean gtinOfAnother(String gtin, OrganisationId organisation) {
    return jdbc.sql("select count(*) from trace_product where gtin = ? and organisation_id <> ?")
            .params(gtin, organisation.value())
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Locks the product's row until the transaction ends: an organisation's factors of one product
   * are recorded and withdrawn one at a time, each after the last (a withdrawal read the factor it
   * withdraws while another was being recorded).
   */
  public void lockForFactors(UUID product) {
    jdbc.sql("select id from trace_product where id = ? for update")
        .param(product)
        .query()
        .listOfRows();
  }

  public boolean gtinTaken(String gtin) {
    return jdbc.sql("select count(*) from trace_product where gtin = ?")
            .param(gtin)
            .query(Long.class)
            .single()
        > 0;
  }

  public void insert(ConversionFactor f) {
    jdbc.sql(
            "insert into conversion_factor ("
                + FACTOR_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            f.id(),
            f.organisationId() == null ? null : f.organisationId().value(),
            f.productId(),
            f.productKind() == null ? null : f.productKind().name(),
            f.step(),
            f.maxYield(),
            f.inputUnit(),
            f.outputUnit(),
            f.referenceKey(),
            f.verification().name(),
            f.source(),
            f.note(),
            f.recordedAt(),
            f.recordedBy(),
            f.withdrawn())
        .update();
  }

  /** A factor by id, of any organisation (or the platform's). */
  public Optional<ConversionFactor> factor(UUID id) {
    return jdbc.sql("select " + FACTOR_COLUMNS + " from conversion_factor where id = ?")
        .param(id)
        .query(CatalogueStore::factor)
        .optional();
  }

  /** The organisation's own factors and the platform defaults, newest first. */
  public List<ConversionFactor> factors(OrganisationId organisation) {
    return jdbc.sql(
            "select "
                + FACTOR_COLUMNS
                + " from conversion_factor"
                + " where (organisation_id is null or organisation_id = ?)"
                + " and recorded_at <= ?"
                + " order by recorded_at desc, id")
        .params(organisation.value(), OffsetDateTime.now(clock))
        .query(CatalogueStore::factor)
        .list();
  }

  /**
   * The factor mass balance last held the lot to as an output of a transformation of its maker's
   * that stands (the edges of one declared erroneous are deleted), if any.
   */
  public Optional<ConversionFactor> heldTo(UUID lot, OrganisationId maker) {
    return jdbc.sql(
            "select "
                + FACTOR_COLUMNS
                + " from conversion_factor where id = ("
                + " select factor_id from lot_edge"
                + " where output_lot_id = ? and organisation_id = ? and factor_id is not null"
                + " order by seq desc limit 1)")
        .params(lot, maker.value())
        .query(CatalogueStore::factor)
        .optional();
  }

  /** The platform defaults, newest first. */
  public List<ConversionFactor> defaults() {
    return jdbc.sql(
            "select "
                + FACTOR_COLUMNS
                + " from conversion_factor where organisation_id is null"
                + " and recorded_at <= ?"
                + " order by recorded_at desc, id")
        .param(OffsetDateTime.now(clock))
        .query(CatalogueStore::factor)
        .list();
  }

  static Product product(ResultSet rs, int row) throws SQLException {
    return new Product(
        rs.getObject("id", UUID.class),
        new OrganisationId(rs.getObject("organisation_id", UUID.class)),
        rs.getString("code"),
        rs.getString("name"),
        ProductKind.valueOf(rs.getString("kind")),
        rs.getString("unit"),
        rs.getString("gtin"),
        rs.getBoolean("active"),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  static ConversionFactor factor(ResultSet rs, int row) throws SQLException {
    UUID org = rs.getObject("organisation_id", UUID.class);
    String kind = rs.getString("product_kind");
    BigDecimal yield = rs.getBigDecimal("max_yield");
    return new ConversionFactor(
        rs.getObject("id", UUID.class),
        org == null ? null : new OrganisationId(org),
        rs.getObject("product_id", UUID.class),
        kind == null ? null : ProductKind.valueOf(kind),
        rs.getString("step"),
        yield == null ? null : yield.stripTrailingZeros(),
        rs.getString("input_unit"),
        rs.getString("output_unit"),
        rs.getString("reference_key"),
        Verification.valueOf(rs.getString("verification")),
        rs.getString("source"),
        rs.getString("note"),
        rs.getObject("recorded_at", OffsetDateTime.class),
        rs.getString("recorded_by"),
        rs.getBoolean("withdrawn"));
  }
}
