package org.ayni.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What a user fills in to create or edit an organisation (HTML form and API body alike). */
public class OrganisationForm {

  private UUID parentId;
  private OrganisationKind kind;
  private String code;
  private String name;
  private String shortName;
  private String country;
  private String timeZone;
  private String region;
  private String legalId;
  private String contactName;
  private String contactEmail;
  private String contactPhone;
  private String address;
  private String website;
  private List<String> languages = new ArrayList<>(List.of("es"));
  private Integer foundedYear;

  /** The version the user edited, for optimistic locking; ignored on create. */
  private Integer version;

  public static OrganisationForm of(Organisation o) {
    OrganisationForm form = new OrganisationForm();
    form.parentId = o.parentId() == null ? null : o.parentId().value();
    form.kind = o.kind();
    form.code = o.code();
    form.name = o.name();
    form.shortName = o.shortName();
    form.country = o.country();
    form.timeZone = o.timeZone();
    form.region = o.region();
    form.legalId = o.legalId();
    form.contactName = o.contactName();
    form.contactEmail = o.contactEmail();
    form.contactPhone = o.contactPhone();
    form.address = o.address();
    form.website = o.website();
    form.languages = new ArrayList<>(o.languages());
    form.foundedYear = o.foundedYear();
    form.version = o.version();
    return form;
  }

  public UUID getParentId() {
    return parentId;
  }

  public void setParentId(UUID parentId) {
    this.parentId = parentId;
  }

  public OrganisationKind getKind() {
    return kind;
  }

  public void setKind(OrganisationKind kind) {
    this.kind = kind;
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

  public String getShortName() {
    return shortName;
  }

  public void setShortName(String shortName) {
    this.shortName = shortName;
  }

  public String getCountry() {
    return country;
  }

  public void setCountry(String country) {
    this.country = country;
  }

  /**
   * An IANA time zone (America/Lima, Europe/Brussels); left empty, Peru's for an organisation
   * there.
   */
  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getLegalId() {
    return legalId;
  }

  public void setLegalId(String legalId) {
    this.legalId = legalId;
  }

  public String getContactName() {
    return contactName;
  }

  public void setContactName(String contactName) {
    this.contactName = contactName;
  }

  public String getContactEmail() {
    return contactEmail;
  }

  public void setContactEmail(String contactEmail) {
    this.contactEmail = contactEmail;
  }

  public String getContactPhone() {
    return contactPhone;
  }

  public void setContactPhone(String contactPhone) {
    this.contactPhone = contactPhone;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getWebsite() {
    return website;
  }

  public void setWebsite(String website) {
    this.website = website;
  }

  public List<String> getLanguages() {
    return languages;
  }

  public void setLanguages(List<String> languages) {
    this.languages = languages == null ? new ArrayList<>() : new ArrayList<>(languages);
  }

  public Integer getFoundedYear() {
    return foundedYear;
  }

  public void setFoundedYear(Integer foundedYear) {
    this.foundedYear = foundedYear;
  }

  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }
}
