package org.ayni.registry;

import java.time.LocalDate;
import java.util.UUID;

/** What a user fills in to register or edit a member (HTML form and API body alike). */
public class MemberForm {

  private UUID organisationId;
  private String memberCode;
  private MemberKind kind = MemberKind.PERSON;
  private String givenNames;
  private String familyNames;
  private Gender gender;
  private LocalDate birthDate;
  private AgeBand ageBand;
  private String nationalId;
  private String community;
  private Integer householdSize;
  private LocalDate joinDate;
  private String phone;
  private boolean consentDataUse = false;
  private LocalDate consentDate;
  private ConsentMethod consentMethod;
  private Integer version;

  public static MemberForm of(Member m) {
    MemberForm f = new MemberForm();
    f.organisationId = m.organisationId().value();
    f.memberCode = m.memberCode();
    f.kind = m.kind();
    f.givenNames = m.givenNames();
    f.familyNames = m.familyNames();
    f.gender = m.gender();
    f.birthDate = m.birthDate();
    f.ageBand = m.birthDate() == null ? m.ageBand() : null;
    f.nationalId = m.nationalId();
    f.community = m.community();
    f.householdSize = m.householdSize();
    f.joinDate = m.joinDate();
    f.phone = m.phone();
    f.consentDataUse = m.consentDataUse();
    f.consentDate = m.consentDate();
    f.consentMethod = m.consentMethod();
    f.version = m.version();
    return f;
  }

  public UUID getOrganisationId() {
    return organisationId;
  }

  public void setOrganisationId(UUID organisationId) {
    this.organisationId = organisationId;
  }

  public String getMemberCode() {
    return memberCode;
  }

  public void setMemberCode(String memberCode) {
    this.memberCode = memberCode;
  }

  public MemberKind getKind() {
    return kind;
  }

  public void setKind(MemberKind kind) {
    this.kind = kind;
  }

  public String getGivenNames() {
    return givenNames;
  }

  public void setGivenNames(String givenNames) {
    this.givenNames = givenNames;
  }

  public String getFamilyNames() {
    return familyNames;
  }

  public void setFamilyNames(String familyNames) {
    this.familyNames = familyNames;
  }

  public Gender getGender() {
    return gender;
  }

  public void setGender(Gender gender) {
    this.gender = gender;
  }

  public LocalDate getBirthDate() {
    return birthDate;
  }

  public void setBirthDate(LocalDate birthDate) {
    this.birthDate = birthDate;
  }

  public AgeBand getAgeBand() {
    return ageBand;
  }

  public void setAgeBand(AgeBand ageBand) {
    this.ageBand = ageBand;
  }

  public String getNationalId() {
    return nationalId;
  }

  public void setNationalId(String nationalId) {
    this.nationalId = nationalId;
  }

  public String getCommunity() {
    return community;
  }

  public void setCommunity(String community) {
    this.community = community;
  }

  public Integer getHouseholdSize() {
    return householdSize;
  }

  public void setHouseholdSize(Integer householdSize) {
    this.householdSize = householdSize;
  }

  public LocalDate getJoinDate() {
    return joinDate;
  }

  public void setJoinDate(LocalDate joinDate) {
    this.joinDate = joinDate;
  }

  public String getPhone() {
    return phone;
  }

  public void setPhone(String phone) {
    this.phone = phone;
  }

  public boolean getConsentDataUse() {
    return consentDataUse;
  }

  public void setConsentDataUse(boolean consentDataUse) {
    this.consentDataUse = consentDataUse;
  }

  public LocalDate getConsentDate() {
    return consentDate;
  }

  public void setConsentDate(LocalDate consentDate) {
    this.consentDate = consentDate;
  }

  public ConsentMethod getConsentMethod() {
    return consentMethod;
  }

  public void setConsentMethod(ConsentMethod consentMethod) {
    this.consentMethod = consentMethod;
  }

  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }
}
