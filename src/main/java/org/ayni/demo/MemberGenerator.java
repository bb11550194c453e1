package org.ayni.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.ayni.registry.AgeBand;
import org.ayni.registry.ConsentMethod;
import org.ayni.registry.Gender;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.registry.MemberStatus;
import org.ayni.shared.OrganisationId;

/**
 * Generates believable members for an organisation: names common in its region, communities with
 * coordinates, households, ages, join dates, consent, and a few suspended or departed members.
 * Deterministic for a given seed, so the demo and load tests see the same people every time.
 */
final class MemberGenerator {

  /** A generated member: the form to register, where they live, and the status to end in. */
  record GeneratedMember(
      MemberForm form, DemoPlaces.Place place, MemberStatus finalStatus, String statusReason) {}

  /** How an organisation's members look. */
  record Profile(String familyNamesOf, MemberKind kind, double shareOfWomen, int firstJoinYear) {}

  private final Random random;
  private final LocalDate today;

  MemberGenerator(long seed, LocalDate today) {
    this.random = new Random(seed);
    this.today = today;
  }

  /**
   * Generates {@code count} members of one organisation.
   *
   * @param organisationCode the code of the organisation (its communities come from DemoPlaces)
   * @param codePrefix prefix of the member codes, e.g. "CHU"
   */
  List<GeneratedMember> members(
      OrganisationId organisation,
      String organisationCode,
      String codePrefix,
      Profile profile,
      int count) {
    List<DemoPlaces.Place> places = DemoPlaces.COMMUNITIES.get(organisationCode);
    List<String> familyNames = DemoPlaces.FAMILY_NAMES.get(profile.familyNamesOf());
    List<GeneratedMember> members = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      DemoPlaces.Place place = places.get(random.nextInt(places.size()));
      boolean woman = random.nextDouble() < profile.shareOfWomen();
      MemberForm form = new MemberForm();
      form.setOrganisationId(organisation.value());
      form.setMemberCode(String.format(Locale.ROOT, "%s-%04d", codePrefix, i));
      form.setKind(profile.kind());
      form.setGivenNames(givenNames(woman));
      form.setFamilyNames(pick(familyNames) + " " + pick(familyNames));
      form.setGender(woman ? Gender.FEMALE : Gender.MALE);
      int age = 22 + random.nextInt(50);
      LocalDate birth = today.minusYears(age).minusDays(random.nextInt(365));
      if (random.nextDouble() < 0.85) {
        form.setBirthDate(birth);
      } else {
        form.setAgeBand(AgeBand.of(birth, today));
      }
      form.setNationalId(
          String.format(Locale.ROOT, "%08d", 10_000_000 + random.nextInt(80_000_000)));
      form.setCommunity(place.community());
      form.setHouseholdSize(
          profile.kind() == MemberKind.HOUSEHOLD ? 2 + random.nextInt(7) : 1 + random.nextInt(6));
      int firstYear = Math.max(profile.firstJoinYear(), birth.getYear() + 18);
      int lastYear = today.getYear() - 1;
      int joinYear =
          firstYear >= lastYear ? lastYear : firstYear + random.nextInt(lastYear - firstYear + 1);
      LocalDate join = LocalDate.of(joinYear, 1 + random.nextInt(12), 1 + random.nextInt(28));
      form.setJoinDate(join);
      if (random.nextDouble() < 0.7) {
        form.setPhone(
            String.format(
                Locale.ROOT,
                "9%02d %03d %03d",
                random.nextInt(100),
                random.nextInt(1000),
                random.nextInt(1000)));
      }
      if (random.nextDouble() < 0.95) {
        form.setConsentDataUse(true);
        form.setConsentDate(join);
        form.setConsentMethod(
            random.nextDouble() < 0.8 ? ConsentMethod.SIGNED_FORM : ConsentMethod.THUMBPRINT);
      }
      double fate = random.nextDouble();
      MemberStatus status =
          fate < 0.05
              ? MemberStatus.SUSPENDED
              : fate < 0.08 ? MemberStatus.LEFT : MemberStatus.ACTIVE;
      String reason =
          switch (status) {
            case SUSPENDED ->
                "Sanción del sistema interno de control: entrega de producto no orgánico";
            case LEFT -> "Se retiró de la asociación";
            case ACTIVE -> null;
          };
      members.add(new GeneratedMember(form, place, status, reason));
    }
    return members;
  }

  /** A random number in [0, 1), for callers that shape plots from the same stream. */
  double next() {
    return random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private String givenNames(boolean woman) {
    List<String> names = woman ? DemoPlaces.WOMEN : DemoPlaces.MEN;
    String first = pick(names);
    if (random.nextDouble() < 0.5) {
      String second = pick(names);
      if (!second.equals(first)) {
        return first + " " + second;
      }
    }
    return first;
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
