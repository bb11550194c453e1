package org.ayni.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What a user fills in to record or edit a certificate (HTML form and API body alike). Members are
 * named by their codes, written {@code organisation-code:member-code} when the same code exists in
 * several base organisations; the HTML form edits the lists as text.
 */
public class CertificateForm {

  private UUID organisationId;
  private String holderMemberCode;
  private CertificateScheme scheme;
  private String certificateNumber;
  private String certifyingBody;
  private List<String> scopeProducts = new ArrayList<>();
  private boolean scopeAllMembers = false;
  private List<String> memberCodes = new ArrayList<>();
  private LocalDate validFrom;
  private LocalDate validTo;
  private Integer version;

  public static CertificateForm of(Certificate c) {
    CertificateForm f = new CertificateForm();
    f.organisationId = c.organisationId().value();
    f.holderMemberCode = c.holder() == null ? null : c.holder().reference(c.organisationId());
    f.scheme = c.scheme();
    f.certificateNumber = c.certificateNumber();
    f.certifyingBody = c.certifyingBody();
    f.scopeProducts = new ArrayList<>(c.scopeProducts());
    f.scopeAllMembers = c.scopeAllMembers();
    f.memberCodes =
        new ArrayList<>(
            c.scopeMembers().stream().map(m -> m.reference(c.organisationId())).toList());
    f.validFrom = c.validFrom();
    f.validTo = c.validTo();
    f.version = c.version();
    return f;
  }

  /** The products, each once, split where a client packed several into one entry. */
  public List<String> products() {
    Set<String> seen = new LinkedHashSet<>();
    List<String> result = new ArrayList<>();
    for (String entry : scopeProducts == null ? List.<String>of() : scopeProducts) {
      for (String product : split(entry, "[,;\\n\\r]+")) {
        if (seen.add(product.toLowerCase(Locale.ROOT))) {
          result.add(product);
        }
      }
    }
    return result;
  }

  private static List<String> split(String text, String separators) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split(separators))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public String getHolderMemberCode() {
    return holderMemberCode;
  }

  public void setHolderMemberCode(String holderMemberCode) {
    this.holderMemberCode = holderMemberCode;
  }

  public CertificateScheme getScheme() {
    return scheme;
  }

  public void setScheme(CertificateScheme scheme) {
    this.scheme = scheme;
  }

  public String getCertificateNumber() {
    return certificateNumber;
  }

  public void setCertificateNumber(String certificateNumber) {
    this.certificateNumber = certificateNumber;
  }

  public String getCertifyingBody() {
    return certifyingBody;
  }

  public void setCertifyingBody(String certifyingBody) {
    this.certifyingBody = certifyingBody;
  }

  public List<String> getScopeProducts() {
    return scopeProducts;
  }

  public void setScopeProducts(List<String> scopeProducts) {
    this.scopeProducts = scopeProducts == null ? new ArrayList<>() : new ArrayList<>(scopeProducts);
  }

  /** The products as one line, separated by commas (HTML form). */
  @JsonIgnore
  public String getScopeProductsText() {
    return String.join(", ", products());
  }

  @JsonIgnore
  public void setScopeProductsText(String text) {
    this.scopeProducts = new ArrayList<>(split(text, "[,;\\n\\r]+"));
  }

  public boolean getScopeAllMembers() {
    return scopeAllMembers;
  }

  public void setScopeAllMembers(boolean scopeAllMembers) {
    this.scopeAllMembers = scopeAllMembers;
  }

  public List<String> getMemberCodes() {
    return memberCodes;
  }

  public void setMemberCodes(List<String> memberCodes) {
    this.memberCodes = memberCodes == null ? new ArrayList<>() : new ArrayList<>(memberCodes);
  }

  /** The member codes as text, one per line (HTML form); spaces, commas or lines separate them. */
  @JsonIgnore
  public String getMemberCodesText() {
    return String.join("\n", memberCodes);
  }

  @JsonIgnore
  public void setMemberCodesText(String text) {
    this.memberCodes = new ArrayList<>(split(text, "[\\s,;]+"));
  }

  public LocalDate getValidFrom() {
    return validFrom;
  }

  public void setValidFrom(LocalDate validFrom) {
    this.validFrom = validFrom;
  }

  public LocalDate getValidTo() {
    return validTo;
  }

  public void setValidTo(LocalDate validTo) {
    this.validTo = validTo;
  }

  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }
}
