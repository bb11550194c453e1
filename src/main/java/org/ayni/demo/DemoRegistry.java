package org.ayni.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ayni.registry.Member;
import org.ayni.registry.MemberKind;
import org.ayni.registry.MemberStatus;
import org.ayni.registry.Members;
import org.ayni.registry.StatusChangeForm;
import org.ayni.shared.OrganisationId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Members of the demo organisations (and, through {@link DemoProduction}, their production units
 * and certificates). {@code ayni.demo.scale=full} gives the real sizes of the seed article:
 * Cepicafe's 850+ families, Red Social's 183 miners.
 */
@Component
class DemoRegistry {

  /** Members per organisation: code prefix, profile, demo count, full count. */
  private record Plan(String prefix, MemberGenerator.Profile profile, int demo, int full) {}

  private static final MemberGenerator.Profile CACAO =
      new MemberGenerator.Profile("cepicafe", MemberKind.HOUSEHOLD, 0.32, 1995);
  private static final MemberGenerator.Profile FRUIT =
      new MemberGenerator.Profile("agroandino", MemberKind.HOUSEHOLD, 0.45, 2008);
  private static final MemberGenerator.Profile FOREST =
      new MemberGenerator.Profile("citeindigena", MemberKind.HOUSEHOLD, 0.4, 2005);
  private static final MemberGenerator.Profile KNITTERS =
      new MemberGenerator.Profile("royal-knit", MemberKind.PERSON, 0.92, 2004);
  private static final MemberGenerator.Profile MINERS =
      new MemberGenerator.Profile("red-social", MemberKind.PERSON, 0.12, 2007);

  private static final Map<String, Plan> PLANS = new LinkedHashMap<>();

  static {
    String[][] cepicafe = {
      {"cepicafe-montero", "MON"},
      {"cepicafe-lalaquiz", "LAL"},
      {"cepicafe-canchaque", "CAN"},
      {"cepicafe-chulucanas", "CHU"},
      {"cepicafe-buenos-aires", "BAI"},
      {"cepicafe-salitral", "SAL"},
      {"cepicafe-santa-catalina", "SCM"},
      {"cepicafe-la-quemazon", "LQU"},
      {"cepicafe-frias", "FRI"}
    };
    for (String[] base : cepicafe) {
      PLANS.put(base[0], new Plan(base[1], CACAO, 16, 97));
    }
    PLANS.put("agroandino-san-pablo", new Plan("SPA", FRUIT, 14, 40));
    PLANS.put("agroandino-celendin", new Plan("CEL", FRUIT, 12, 35));
    PLANS.put("agroandino-cajabamba", new Plan("CAJ", FRUIT, 12, 35));
    PLANS.put("citeindigena-calleria", new Plan("CAL", FOREST, 10, 40));
    PLANS.put("citeindigena-roya", new Plan("ROY", FOREST, 8, 30));
    PLANS.put("citeindigena-pueblo-nuevo", new Plan("PNC", FOREST, 8, 30));
    PLANS.put("citeindigena-curiaca", new Plan("CUR", FOREST, 8, 30));
    PLANS.put("citeindigena-nuevo-saposoa", new Plan("NSA", FOREST, 8, 30));
    PLANS.put("royal-knit", new Plan("RK", KNITTERS, 40, 300));
    PLANS.put("red-social-virgen-carmen", new Plan("VDC", MINERS, 14, 61));
    PLANS.put("red-social-santa-rosa", new Plan("SRO", MINERS, 14, 61));
    PLANS.put("red-social-nueva-esperanza", new Plan("NES", MINERS, 14, 61));
  }

  private final Members members;
  private final DemoProduction production;
  private final DemoTrace trace;
  private final Clock clock;
  private final boolean full;

  DemoRegistry(
      Members members,
      DemoProduction production,
      DemoTrace trace,
      Clock clock,
      @Value("${ayni.demo.scale:demo}") String scale) {
    this.members = members;
    this.production = production;
    this.trace = trace;
    this.clock = clock;
    this.full = "full".equalsIgnoreCase(scale);
  }

  void load(Map<String, OrganisationId> organisations) {
    LocalDate today = LocalDate.now(clock);
    long seed = 1995;
    for (var entry : PLANS.entrySet()) {
      Plan plan = entry.getValue();
      OrganisationId organisation = organisations.get(entry.getKey());
      MemberGenerator generator = new MemberGenerator(seed++, today);
      List<MemberGenerator.GeneratedMember> generated =
          generator.members(
              organisation,
              entry.getKey(),
              plan.prefix(),
              plan.profile(),
              full ? plan.full() : plan.demo());
      for (MemberGenerator.GeneratedMember g : generated) {
        Member member = members.register(null, g.form());
        production.forMember(entry.getKey(), organisation, member, g.place(), generator);
        if (g.finalStatus() != MemberStatus.ACTIVE) {
          StatusChangeForm change = new StatusChangeForm();
          change.setStatus(g.finalStatus());
          LocalDate effective = member.joinDate().plusDays(30 + generator.nextInt(1000));
          change.setEffectiveOn(effective.isBefore(today) ? effective : today);
          change.setReason(g.statusReason());
          members.changeStatus(null, member.id(), change);
        }
      }
    }
    production.forOrganisations(organisations);
    trace.load(organisations);
  }
}
