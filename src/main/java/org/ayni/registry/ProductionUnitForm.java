package org.ayni.registry;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What a user fills in to record or edit a production unit (the HTML form; the API converts its
 * body into one). The geometry is GeoJSON text, drawn on the map or pasted.
 */
public class ProductionUnitForm {

  private UUID organisationId;
  private UUID memberId;
  private String code;
  private String name;
  private ProductionUnitKind kind;
  private String geometry;
  private BigDecimal declaredAreaHa;
  private String mainProducts;
  private String changeNote;
  private Integer version;

  public static ProductionUnitForm of(ProductionUnit u) {
    ProductionUnitForm f = new ProductionUnitForm();
    f.organisationId = u.organisationId().value();
    f.memberId = u.memberId();
    f.code = u.code();
    f.name = u.name();
    f.kind = u.kind();
    f.geometry = u.geometry();
    f.declaredAreaHa = u.declaredAreaHa();
    f.mainProducts = String.join(", ", u.mainProducts());
    f.version = u.version();
    return f;
  }

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public UUID getMemberId() {
    return memberId;
  }

  public void setMemberId(UUID memberId) {
    this.memberId = memberId;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ProductionUnitKind getKind() {
    return kind;
  }

  public void setKind(ProductionUnitKind kind) {
    this.kind = kind;
  }

  public String getGeometry() {
    return geometry;
  }

  public void setGeometry(String geometry) {
    this.geometry = geometry;
  }

  public BigDecimal getDeclaredAreaHa() {
    return declaredAreaHa;
  }

  public void setDeclaredAreaHa(BigDecimal declaredAreaHa) {
    this.declaredAreaHa = declaredAreaHa;
  }

  /** Main products, separated by commas (e.g. "cacao, banano"). */
  public String getMainProducts() {
    return mainProducts;
  }

  public void setMainProducts(String mainProducts) {
    this.mainProducts = mainProducts;
  }

  /** Why the unit is recorded or changed; kept with the version. */
  public String getChangeNote() {
    return changeNote;
  }

  public void setChangeNote(String changeNote) {
    this.changeNote = changeNote;
  }

  /** The version the user read, for updates (optimistic locking). */
  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }
}
