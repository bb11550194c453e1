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
}
