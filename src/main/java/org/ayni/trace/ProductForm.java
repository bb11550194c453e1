package org.ayni.trace;

import java.util.UUID;

/** What a user fills in to define a product (HTML form and API body alike). */
public class ProductForm {

  private UUID organisationId;
  private String code;
  private String name;
  private ProductKind kind = ProductKind.OTHER;
  private String unit = "KGM";
  private String gtin;
  private Boolean active;
  private Integer version;

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
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

  public ProductKind getKind() {
    return kind;
  }

  public void setKind(ProductKind kind) {
    this.kind = kind;
  }

  public String getUnit() {
    return unit;
  }

  public void setUnit(String unit) {
    this.unit = unit;
  }

  public String getGtin() {
    return gtin;
  }

  public void setGtin(String gtin) {
    this.gtin = gtin;
  }

  /** On a change: whether the product is offered for new lots (unchanged when not given). */
  public Boolean getActive() {
    return active;
  }

  public void setActive(Boolean active) {
    this.active = active;
  }

  /** On a change: the version the change was made on (refused if the product changed since). */
  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }

  /** The form of a product as it is, to change it. */
  public static ProductForm of(Product p) {
    ProductForm f = new ProductForm();
    f.setOrganisationId(p.organisationId().value());
    f.setCode(p.code());
    f.setName(p.name());
    f.setKind(p.kind());
    f.setUnit(p.unit());
    f.setGtin(p.gtin());
    f.setActive(p.active());
    f.setVersion(p.version());
    return f;
  }
}
