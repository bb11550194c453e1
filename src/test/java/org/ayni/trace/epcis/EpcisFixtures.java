package org.ayni.trace.epcis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.ayni.access.Role;
import org.ayni.access.UserAccounts;
import org.ayni.registry.Organisation;
import org.ayni.registry.OrganisationForm;
import org.ayni.registry.OrganisationKind;
import org.ayni.registry.Organisations;
import org.ayni.shared.OrganisationId;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data of the EPCIS tests: the copied GS1 examples and OpenEPCIS negative fixtures, and fresh
 * organisations (base organisations of a demo central, unique per call) with a field officer of
 * their own, so that each test reads exactly the events it captured.
 */
final class EpcisFixtures {

  static final String PASSWORD = "epcis-Password-2026";

  private EpcisFixtures() {}

  /** An organisation of its own and a field officer whose only role is there. */
  record Tenant(UUID id, String code, String username) {

    EpcisClient client(int port) {
      return new EpcisClient(port, username, PASSWORD);
    }

    /** Another field officer of the same organisation, with a client of their own. */
    EpcisClient colleague(ApplicationContext context, int port) {
      UserAccounts accounts = context.getBean(UserAccounts.class);
      String other = username + "-2";
      UUID user =
          accounts.create(
              null, new UserAccounts.NewUser(other, PASSWORD, "EPCIS " + other, null, false, "es"));
      accounts.grant(null, user, new OrganisationId(id), Role.FIELD_OFFICER);
      return new EpcisClient(port, other, PASSWORD);
    }
  }

  static Tenant tenant(ApplicationContext context, String central) {
    Organisations organisations = context.getBean(Organisations.class);
    UserAccounts accounts = context.getBean(UserAccounts.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    UUID parent =
        jdbc.sql("select id from organisation where code = ?")
            .param(central)
            .query(UUID.class)
            .single();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    OrganisationForm form = new OrganisationForm();
    form.setParentId(parent);
    form.setKind(OrganisationKind.COOPERATIVE);
    form.setCode("epcis-" + tag);
    form.setName("Asociación EPCIS " + tag);
    form.setCountry("PE");
    form.setRegion("Piura");
    form.setLanguages(List.of("es"));
    Organisation organisation = organisations.create(null, form);
    String username = "epcis." + tag;
    UUID user =
        accounts.create(
            null, new UserAccounts.NewUser(username, PASSWORD, "EPCIS " + tag, null, false, "es"));
    accounts.grant(null, user, organisation.id(), Role.FIELD_OFFICER);
    return new Tenant(organisation.id().value(), organisation.code(), username);
  }

  /** A file of src/test/resources/epcis. */
  static String resource(String path) {
    try (InputStream in = EpcisFixtures.class.getResourceAsStream("/epcis/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource epcis/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the files in a folder of src/test/resources/epcis, sorted. */
  static List<String> files(String folder) {
    try {
      var url = EpcisFixtures.class.getResource("/epcis/" + folder);
      if (url == null) {
        throw new IllegalArgumentException("no test folder epcis/" + folder);
      }
      try (var stream = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
        return stream.map(p -> p.getFileName().toString()).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A unique token for identifiers of one test. */
  static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** An EPCISDocument with the given events (JSON objects as text). */
  static String document(List<String> events) {
    return """
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
          {"ayni":"https://ayni.org/voc/"}],
         "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-05-04T10:00:00Z",
         "epcisBody":{"eventList":[%s]}}"""
        .formatted(String.join(",", events));
  }

  /** An event with the standard context of its own, as {@code POST /epcis/events} takes one. */
  static String alone(String event) {
    return event.replaceFirst(
        "\\{", "{\"@context\":\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\",");
  }

  /** A plain ObjectEvent observing one EPC, with an explicit eventID. */
  static String objectEvent(String eventId, String epc, String time) {
    return """
        {"type":"ObjectEvent","eventID":"%s","eventTime":"%s","eventTimeZoneOffset":"-05:00",
         "action":"OBSERVE","epcList":["%s"],"bizStep":"inspecting","disposition":"active",
         "readPoint":{"id":"urn:ayni:loc:test:almacen"}}"""
        .formatted(eventId, time, epc);
  }
}
