package org.ayni.trace.benchmark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.registry.Gender;
import org.ayni.registry.Member;
import org.ayni.registry.MemberForm;
import org.ayni.registry.MemberKind;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnits;
import org.ayni.support.Http;
import org.ayni.trace.ProductForm;
import org.ayni.trace.ProductKind;
import org.ayni.trace.Products;
import org.springframework.context.ApplicationContext;

/**
 * The registry a {@link CacaoChain} data set needs, made through the registry's own services: the
 * co-operatives with their members and one plot each, their products (wet, fermented and dry
 * cacao), the chocolate factory with its product, and a user who may record in all of them, with an
 * API token (a bearer token costs no password hash per request, unlike HTTP Basic).
 */
public final class BenchmarkSetup {

  static final String PASSWORD = "bench-Password-2026";

  /** The organisations made and, by organisation code, the bearer token that records there. */
  public record Made(List<UUID> cooperatives, UUID factory, Map<String, String> tokens) {}

  private BenchmarkSetup() {}

  public static Made make(ApplicationContext context, int port, CacaoChain.Config config) {
    Organisations organisations = context.getBean(Organisations.class);
    Members members = context.getBean(Members.class);
    ProductionUnits units = context.getBean(ProductionUnits.class);
    Products products = context.getBean(Products.class);
    UserAccounts accounts = context.getBean(UserAccounts.class);
    Map<String, String> tokens = new java.util.LinkedHashMap<>();
    List<UUID> cooperatives = new ArrayList<>();
    for (int c = 0; c < config.cooperatives(); c++) {
      String code = CacaoChain.cooperative(config, c);
      Organisation org =
          organisations.create(
              null, organisation(code, "Cooperativa " + code, OrganisationKind.COOPERATIVE));
      cooperatives.add(org.id().value());
      tokens.put(code, recorder(context, port, accounts, org));
      product(products, org, CacaoChain.WET, "Cacao en baba", ProductKind.CACAO_WET);
      product(products, org, CacaoChain.FER, "Cacao fermentado", ProductKind.CACAO_FERMENTED);
      product(products, org, CacaoChain.DRY, "Cacao seco", ProductKind.CACAO_DRY);
      for (int m = 0; m < CacaoChain.membersOf(config, c); m++) {
        Member member = members.register(null, member(org, m));
        units.create(null, plot(org, member, c, m));
      }
    }
    Organisation factory =
        organisations.create(
            null,
            organisation(
                CacaoChain.factory(config), "Chocolatería de prueba", OrganisationKind.COMPANY));
    tokens.put(factory.code(), recorder(context, port, accounts, factory));
    product(products, factory, CacaoChain.CHOC, "Licor de cacao", ProductKind.OTHER);
    return new Made(cooperatives, factory.id().value(), tokens);
  }

  /** A field officer of the organisation and a bearer token of theirs. */
  private static String recorder(
      ApplicationContext context, int port, UserAccounts accounts, Organisation org) {
    String username = org.code() + ".system";
    UUID user =
        accounts.create(
            null,
            new UserAccounts.NewUser(
                username, PASSWORD, "Sistema " + org.code(), null, false, "es"));
    accounts.grant(null, user, org.id(), Role.FIELD_OFFICER);
    Http.Response issued =
        Http.basic(port, username, PASSWORD)
            .post("/api/v1/tokens", Map.of("name", "benchmark", "expiresInDays", 30));
    if (issued.status() != 201) {
      throw new IllegalStateException("no token: " + issued.status() + " " + issued.body());
    }
    return issued.json().path("secret").asString();
  }

  private static OrganisationForm organisation(String code, String name, OrganisationKind kind) {
    OrganisationForm form = new OrganisationForm();
    form.setKind(kind);
    form.setCode(code);
    form.setName(name);
    form.setCountry("PE");
    form.setRegion("Piura");
    form.setLanguages(List.of("es"));
    return form;
  }

  private static void product(
      Products products, Organisation org, String code, String name, ProductKind kind) {
    ProductForm form = new ProductForm();
    form.setOrganisationId(org.id().value());
    form.setCode(code);
    form.setName(name);
    form.setKind(kind);
    form.setUnit("KGM");
    products.create(null, form);
  }

  private static MemberForm member(Organisation org, int m) {
    MemberForm form = new MemberForm();
    form.setOrganisationId(org.id().value());
    form.setMemberCode(CacaoChain.memberCode(m));
    form.setKind(MemberKind.HOUSEHOLD);
    form.setGivenNames(m % 2 == 0 ? "Rosa" : "Juan");
    form.setFamilyNames("Socio " + (m + 1));
    form.setGender(m % 2 == 0 ? Gender.FEMALE : Gender.MALE);
    form.setBirthDate(LocalDate.of(1960 + m % 40, 1 + m % 12, 1 + m % 28));
    form.setJoinDate(LocalDate.of(2010 + m % 10, 1, 15));
    return form;
  }

  /** A square plot of about 1.2 ha on a grid, so that no two plots overlap. */
  private static ProductionUnitForm plot(Organisation org, Member member, int c, int m) {
    double lon = -80.6 + (m % 100) * 0.002 + c * 0.25;
    double lat = -5.0 - (m / 100) * 0.002;
    double d = 0.001;
    ProductionUnitForm form = new ProductionUnitForm();
    form.setOrganisationId(org.id().value());
    form.setMemberId(member.id());
    form.setCode(CacaoChain.plotCode(m));
    form.setName("Parcela " + (m + 1));
    form.setKind(ProductionUnitKind.FARM_PLOT);
    form.setGeometry(
        "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
            .formatted(lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat));
    form.setMainProducts("cacao");
    return form;
  }
}
