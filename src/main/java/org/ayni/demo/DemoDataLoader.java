package org.ayni.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.UserAccounts;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.Organisations;
import org.ayni.registry.PeruvianRuc;
import org.ayni.shared.OrganisationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo data on the first start in demo mode, in one transaction, then prints the logins.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "ayni.demo.enabled", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

  private final JdbcClient jdbc;
  private final Organisations organisations;
  private final UserAccounts accounts;
  private final DemoRegistry registry;
  private final TransactionTemplate transaction;
  private final String port;
  private final String scale;

  DemoDataLoader(
      JdbcClient jdbc,
      Organisations organisations,
      UserAccounts accounts,
      DemoRegistry registry,
      TransactionTemplate transaction,
      @Value("${local.server.port:${server.port:8080}}") String port,
      @Value("${ayni.demo.scale:demo}") String scale) {
    this.scale = scale;
    this.jdbc = jdbc;
    this.organisations = organisations;
    this.accounts = accounts;
    this.registry = registry;
    this.transaction = transaction;
    this.port = port;
  }

  @Override
  public void run(ApplicationArguments args) {
    // Loaded once: the marker is the first seed organisation, so a database that already holds
    // other organisations (a shared test database, say) still gets the demo data.
    long existing =
        jdbc.sql("select count(*) from organisation where code = 'cepicafe'")
            .query(Long.class)
            .single();
    if (existing == 0) {
      long start = System.nanoTime();
      transaction.executeWithoutResult(status -> load());
      log.info("Demo data loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    } else {
      log.info(
          "Demo data already in the database: kept as it is (ayni.demo.scale={} applies to an"
              + " empty database only; to start again, stop Ayni and delete ./data)",
          scale);
    }
    printLogins();
  }

  private void load() {
    Map<String, OrganisationId> ids = new HashMap<>();
    for (DemoOrganisations.Org org : DemoOrganisations.ALL) {
      Organisation created = organisations.create(null, form(org, null));
      ids.put(org.code(), created.id());
      for (DemoOrganisations.Org child : org.children()) {
        Organisation base = organisations.create(null, form(child, created.id()));
        ids.put(child.code(), base.id());
      }
    }
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      if (accounts.idOf(user.username()).isPresent()) {
        // the first platform administrator made from AYNI_ADMIN_USERNAME (on PostgreSQL with
        // the demo profile, say): it keeps its own password
        log.warn("Demo user {} not made: the name is taken", user.username());
        continue;
      }
      UUID id =
          accounts.create(
              null,
              new UserAccounts.NewUser(
                  user.username(),
                  DemoUsers.PASSWORD,
                  user.displayName(),
                  user.username() + "@demo.ayni.example",
                  user.organisationCode() == null,
                  "es"));
      if (user.organisationCode() != null) {
        accounts.grant(null, id, ids.get(user.organisationCode()), user.role());
      }
    }
    registry.load(ids);
  }

  private static OrganisationForm form(DemoOrganisations.Org org, OrganisationId parent) {
    OrganisationForm form = new OrganisationForm();
    form.setParentId(parent == null ? null : parent.value());
    form.setKind(org.kind());
    form.setCode(org.code());
    form.setName(org.name());
    form.setShortName(org.shortName());
    form.setCountry(org.country());
    form.setTimeZone(org.timeZone());
    form.setRegion(org.region());
    form.setLegalId(org.ruc10() == null ? null : org.ruc10() + PeruvianRuc.checkDigit(org.ruc10()));
    form.setContactName(org.contactName());
    form.setContactEmail(org.contactEmail());
    form.setAddress(org.address());
    form.setWebsite(org.website());
    form.setLanguages(org.languages());
    form.setFoundedYear(org.foundedYear());
    return form;
  }

  private void printLogins() {
    StringBuilder text = new StringBuilder();
    text.append("\n\n  Ayni is running in demo mode: http://localhost:").append(port).append("/\n");
    text.append("  Demo logins (password for all: ").append(DemoUsers.PASSWORD).append("):\n");
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      text.append(String.format("    %-20s %s%n", user.username(), user.displayName()));
    }
    log.info(text.toString());
  }
}
