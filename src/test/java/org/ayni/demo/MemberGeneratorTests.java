package org.ayni.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.shared.OrganisationId;
import org.junit.jupiter.api.Test;

/**
 * The generator makes a full-size co-operative for load tests: 850+ distinct, plausible families.
 */
class MemberGeneratorTests {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
  private static final MemberGenerator.Profile CACAO =
      new MemberGenerator.Profile("cepicafe", MemberKind.HOUSEHOLD, 0.32, 1995);

  @Test
  void generatesAFullSizeCooperativeOfDistinctPlausibleFamilies() {
    var generator = new MemberGenerator(1, TODAY);
    OrganisationId organisation = OrganisationId.newId();
    List<MemberGenerator.GeneratedMember> members =
        generator.members(organisation, "cepicafe-chulucanas", "CHU", CACAO, 873);

    assertThat(members).hasSize(873);
    assertThat(new HashSet<>(members.stream().map(m -> m.form().getMemberCode()).toList()))
        .hasSize(873);
    for (var generated : members) {
      MemberForm m = generated.form();
      assertThat(m.getOrganisationId()).isEqualTo(organisation.value());
      assertThat(m.getJoinDate()).isBefore(TODAY).isAfterOrEqualTo(LocalDate.of(1995, 1, 1));
      assertThat(m.getBirthDate() != null || m.getAgeBand() != null).isTrue();
      if (m.getBirthDate() != null) {
        assertThat(m.getJoinDate()).isAfter(m.getBirthDate().plusYears(17));
      }
      if (m.getConsentDataUse()) {
        assertThat(m.getConsentDate()).isNotNull();
        assertThat(m.getConsentMethod()).isNotNull();
      }
      assertThat(m.getHouseholdSize()).isBetween(2, 8);
    }
    long women = members.stream().filter(m -> m.form().getGender().name().equals("FEMALE")).count();
    assertThat(women).isBetween(200L, 360L);
  }

  @Test
  void isDeterministicForASeed() {
    OrganisationId organisation = OrganisationId.newId();
    var first = new MemberGenerator(7, TODAY).members(organisation, "royal-knit", "RK", CACAO, 50);
    var second = new MemberGenerator(7, TODAY).members(organisation, "royal-knit", "RK", CACAO, 50);
    assertThat(
            first.stream().map(m -> m.form().getGivenNames() + m.form().getFamilyNames()).toList())
        .isEqualTo(
            second.stream()
                .map(m -> m.form().getGivenNames() + m.form().getFamilyNames())
                .toList());
  }
}
