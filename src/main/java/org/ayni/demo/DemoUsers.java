package org.ayni.demo;

import java.util.List;
import org.ayni.access.Role;

/** The demo logins, listed in the README; they exist only in demo mode. */
public final class DemoUsers {

  /** The password of every demo user. */
  public static final String PASSWORD = "ayni-demo-2026";

  /** One demo login: username, display name, organisation code (null: platform admin) and role. */
  public record DemoUser(String username, String displayName, String organisationCode, Role role) {}

  public static final List<DemoUser> ALL =
      List.of(
          new DemoUser("admin", "Administración Ayni", null, null),
          new DemoUser("cepicafe.admin", "Rosa Chumacero (Cepicafe)", "cepicafe", Role.ORG_ADMIN),
          new DemoUser(
              "cepicafe.campo", "Julio Yarlequé (Cepicafe)", "cepicafe", Role.FIELD_OFFICER),
          new DemoUser(
              "cepicafe.auditor", "Auditoría interna (Cepicafe)", "cepicafe", Role.AUDITOR),
          new DemoUser(
              "agroandino.admin", "Carmen Chávez (AgroAndino)", "agroandino", Role.ORG_ADMIN),
          new DemoUser(
              "agroandino.campo", "Wilmer Vásquez (AgroAndino)", "agroandino", Role.FIELD_OFFICER),
          new DemoUser(
              "citeindigena.admin", "Lucía Rengifo (Citeindigena)", "citeindigena", Role.ORG_ADMIN),
          new DemoUser(
              "citeindigena.campo",
              "Hernán Pacaya (Citeindigena)",
              "citeindigena",
              Role.FIELD_OFFICER),
          new DemoUser(
              "royalknit.admin", "Nilda Mamani (Royal Knit)", "royal-knit", Role.ORG_ADMIN),
          new DemoUser(
              "royalknit.campo", "Rufina Quispe (Royal Knit)", "royal-knit", Role.FIELD_OFFICER),
          new DemoUser(
              "redsocial.admin", "Óscar Huamaní (Red Social)", "red-social", Role.ORG_ADMIN),
          new DemoUser(
              "redsocial.campo", "Elena Ccori (Red Social)", "red-social", Role.FIELD_OFFICER),
          new DemoUser("tdc.admin", "Trade for Development Centre", "tdc", Role.ORG_ADMIN),
          new DemoUser("comprador", "Chocolatier (comprador)", "cepicafe", Role.BUYER));

  private DemoUsers() {}
}
