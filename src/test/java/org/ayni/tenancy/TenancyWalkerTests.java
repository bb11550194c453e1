package org.ayni.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenancy: a user sees and changes only the data of the organisations they belong to. The walker
 * takes every handler mapping of the running application (not a list written by hand, so endpoints
 * added later are walked too), fills its path with the ids of Cepicafe's records and calls it as
 * users of other organisations: AgroAndino's administrator and field officer, and the administrator
 * of one of Cepicafe's own base organisations (who must not see the central nor the sibling base
 * organisations), through the API with HTTP Basic and through a signed-in browser session with its
 * CSRF token. Reads must answer 404 (or 403) without any of the victims' identifying values; lists
 * and exports must not contain them and, filtered on a victim, list nothing; writes must be refused
 * and leave every table as it was.
 *
 * <p>To see that the walk would catch a leak, run it with {@code
 * AYNI_WALKER_OUTSIDERS=cepicafe.admin} (Cepicafe's own administrator as the "outsider"): it must
 * then fail on nearly every mapping. {@code AYNI_WALKER_VERBOSE=1} prints every call.
 */
@AyniIntegrationTest
class TenancyWalkerTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  Victims victims;
  Walker walker;
  List<Endpoint> endpoints;
  final Map<String, Set<String>> markers = new java.util.HashMap<>();

  /** What must not appear in a response to an outsider (see {@link Victims#markersFor}). */
  Set<String> markers(String outsider, boolean withIds) {
    return markers.computeIfAbsent(
        outsider + "|" + withIds, k -> victims.markersFor(outsider, withIds));
  }

  @BeforeEach
  void setUp() {
    victims = Victims.of(context);
    walker = new Walker(victims, jdbc);
    endpoints = Endpoint.all(context);
  }

  List<String> outsiders() {
    if (System.getenv("AYNI_WALKER_OUTSIDERS") != null) {
      return List.of(System.getenv("AYNI_WALKER_OUTSIDERS").split(","));
    }
    return List.of("agroandino.admin", "agroandino.campo", victims.baseAdmin);
  }

  @Test
  void theWalkerFindsTheMappingsAndKnowsEveryResourceTheyName() {
    List<String> patterns = endpoints.stream().map(e -> e.method() + " " + e.pattern()).toList();
    assertThat(patterns)
        .as("the walker reads the application's own handler mappings")
        .contains(
            "GET /api/v1/members/{id}",
            "PUT /api/v1/organisations/{id}",
            "POST /members/new",
            "GET /organisations/{id}");
    List<String> unknown = new ArrayList<>();
    endpoints.forEach(e -> unknown.addAll(walker.unknowns(e)));
    assertThat(unknown).as("mappings the tenancy walker does not know").isEmpty();
    // A relative mapping such as @GetMapping(".csv") below @RequestMapping("/api/v1/members")
    // becomes /api/v1/members/.csv, not /api/v1/members.csv.
    assertThat(patterns).noneMatch(p -> p.contains("/."));
  }

  @Test
  void outsidersReadNothingOfCepicafe() {
    requireKnown();
    Client owner = Client.api(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Client ownerSession = Client.session(port, "cepicafe.admin", DemoUsers.PASSWORD);
    Map<String, Client[]> clients = clients(outsiders());
    Map<String, Set<String>> own = new LinkedHashMap<>();
    for (String outsider : clients.keySet()) {
      own.put(
          outsider,
          victims.readableBy(outsider).stream()
              .map(java.util.UUID::toString)
              .collect(java.util.stream.Collectors.toSet()));
    }
    DatabaseSnapshot before = DatabaseSnapshot.take(dataSource);
    List<String> failures = new ArrayList<>();
    List<String> weak = new ArrayList<>();
    int calls = 0;
    for (Endpoint e : endpoints) {
      if (e.write()) {
        continue;
      }
      for (Walker.Probe probe : walker.probes(e)) {
        boolean victimPath = !e.variables().isEmpty() && !Walker.shared(e);
        if (victimPath) {
          Http.Response control = send(e.api() ? owner : ownerSession, probe);
          if (control.status() / 100 != 2) {
            weak.add(probe.describe() + " → owner gets " + control.status());
          }
        }
        for (var entry : clients.entrySet()) {
          Client client = entry.getValue()[e.api() ? 0 : 1];
          Http.Response r = send(client, probe);
          calls++;
          String who = client.describe() + " " + probe.describe();
          if (r.status() >= 500 || r.status() == 401) {
            failures.add(who + " → " + r.status() + " " + abbreviate(r.body()));
            continue;
          }
          if (victimPath && r.status() != 404 && r.status() != 403) {
            failures.add(who + " → " + r.status() + " (expected 404 or 403)");
          }
          if (!e.api() && r.status() == 302 && r.header("Location").contains("/login")) {
            failures.add(who + " → redirected to the login page: the session was lost");
          }
          List<String> leaks =
              Walker.leaks(
                  r, markers(entry.getKey(), !probe.namesVictims() && !Walker.shared(e)), probe);
          if (!leaks.isEmpty()) {
            failures.add(who + " → " + r.status() + " leaks " + leaks);
          }
          if (probe.expectNothingListed()
              && !victimPath
              && !Walker.shared(e)
              && r.status() / 100 == 2) {
            String listed = Walker.listed(r, own.get(entry.getKey()));
            if (listed != null) {
              failures.add(who + " → filtered on or searching for a victim, yet lists " + listed);
            }
          }
        }
      }
    }
    DatabaseSnapshot after = DatabaseSnapshot.take(dataSource);
    System.out.println(
        "Tenancy walk (reads): "
            + calls
            + " calls; probes the owner itself cannot read (weaker proof): "
            + weak);
    assertThat(failures).as("reads of outsiders").isEmpty();
    assertThat(after.changesSince(before)).as("reads changed the database").isEmpty();
    assertThat(calls).isGreaterThan(50);
  }

  @Test
  void outsidersChangeNothingOfCepicafe() {
    requireKnown();
    Map<String, Client[]> clients = clients(outsiders());
    List<String> failures = new ArrayList<>();
    int calls = 0;
    // one endpoint's snapshot after its calls is the next one's before them
    DatabaseSnapshot last = null;
    for (Endpoint e : endpoints) {
      if (!e.write()) {
        continue;
      }
      DatabaseSnapshot before = last != null ? last : DatabaseSnapshot.take(dataSource);
      List<String> callers = new ArrayList<>();
      for (Walker.Probe probe : walker.probes(e)) {
        for (var entry : clients.entrySet()) {
          Client client = entry.getValue()[e.api() ? 0 : 1];
          callers.add(entry.getKey());
          callers.add(victims.userId(entry.getKey()).toString());
          Http.Response r = send(client, probe);
          calls++;
          String who = client.describe() + " " + probe.describe();
          String refused =
              refusal(
                  e,
                  r,
                  status -> status == 400 || status == 403 || status == 404 || status == 422,
                  true);
          if (refused != null) {
            failures.add(who + " → " + refused);
          }
          List<String> leaks = Walker.leaks(r, markers(entry.getKey(), false), probe);
          if (!leaks.isEmpty()) {
            failures.add(who + " → " + r.status() + " leaks " + leaks);
          }
        }
      }
      last = DatabaseSnapshot.take(dataSource);
      failures.addAll(unchanged(e, before, last, callers));
    }
    System.out.println(
        "Tenancy walk (writes): "
            + calls
            + " calls; "
            + DatabaseSnapshot.taken
            + " snapshots took "
            + DatabaseSnapshot.nanos / 1_000_000
            + " ms in all");
    assertThat(failures).as("writes of outsiders").isEmpty();
    assertThat(calls).isGreaterThan(20);
  }

  /**
   * An auditor of Cepicafe reads its records (the API's reads of the registry answer 200) but every
   * write is refused with 403 and changes nothing.
   */
  @Test
  void anAuditorReadsEverythingButEveryWriteIsForbidden() {
    requireKnown();
    String auditor = "cepicafe.auditor";
    Map<String, Client[]> clients = clients(List.of(auditor));
    Client[] pair = clients.get(auditor);
    List<String> failures = new ArrayList<>();
    Set<String> registry = Set.of("organisations", "members", "production-units", "certificates");
    // a write's snapshot after its calls is the next write's before them, with no read between
    DatabaseSnapshot last = null;
    for (Endpoint e : endpoints) {
      boolean registryRead =
          !e.write()
              && !e.variables().isEmpty()
              && !e.pattern().endsWith("/edit")
              && e.variables().stream()
                  .allMatch(
                      v ->
                          Walker.NON_ID_VARIABLES.containsKey(v[0])
                              || registry.contains(Walker.resourceOfVariable(v[0], v[1])));
      if (!e.write()) {
        for (Walker.Probe probe : walker.probes(e)) {
          Http.Response r = send(pair[e.api() ? 0 : 1], probe);
          if (r.status() >= 500 || (registryRead && r.status() != 200)) {
            failures.add(
                auditor + " " + probe.describe() + " → " + r.status() + " (a read of its own)");
          }
        }
        last = null;
        continue;
      }
      DatabaseSnapshot before = last != null ? last : DatabaseSnapshot.take(dataSource);
      for (Walker.Probe probe : walker.probes(e)) {
        Client client = pair[e.api() ? 0 : 1];
        Http.Response r = send(client, probe);
        boolean privateToOwner =
            e.variables().stream()
                .anyMatch(
                    v ->
                        Set.of("tokens", "queries")
                            .contains(Walker.resourceOfVariable(v[0], v[1])));
        String refused =
            refusal(e, r, status -> status == 403 || (privateToOwner && status == 404), false);
        if (refused != null) {
          failures.add(client.describe() + " " + probe.describe() + " → " + refused);
        }
      }
      last = DatabaseSnapshot.take(dataSource);
      failures.addAll(
          unchanged(e, before, last, List.of(auditor, victims.userId(auditor).toString())));
    }
    assertThat(failures).as("an auditor's reads and writes").isEmpty();
  }

  /** Null when the response refuses the write as expected, else what is wrong with it. */
  private String refusal(
      Endpoint e, Http.Response r, Predicate<Integer> expected, boolean formErrorsRefuse) {
    if (Walker.selfService(e)) {
      return r.status() >= 500 ? r.status() + " " + abbreviate(r.body()) : null;
    }
    int status = r.status();
    if (expected.test(status)) {
      if (!e.api() && status == 403 && r.body().contains(genericErrorText())) {
        return "403 without the application's reason (a CSRF refusal?)";
      }
      return null;
    }
    boolean formWithErrors =
        formErrorsRefuse
            && !e.api()
            && status == 200
            && (r.body().contains("has-error") || r.body().contains("class=\"alert error\""));
    if (formWithErrors) {
      // The page shows the form again with its problems: refused, nothing written (checked below).
      return null;
    }
    return status + " " + abbreviate(r.body()) + " (expected a refusal)";
  }

  /**
   * The database after a mapping's calls ({@code after}): unchanged, or for self-service mappings
   * changed only in rows of the callers' own that name no victim.
   */
  private List<String> unchanged(
      Endpoint e, DatabaseSnapshot before, DatabaseSnapshot after, List<String> callers) {
    Map<String, List<String>> changes = after.changesSince(before);
    if (changes.isEmpty()) {
      return List.of();
    }
    if (Walker.selfService(e)) {
      Set<String> victimMarkers = markers(callers.getFirst(), true);
      Map<String, List<String>> foreign = new LinkedHashMap<>();
      changes.forEach(
          (table, rows) -> {
            List<String> bad =
                rows.stream()
                    .filter(
                        row -> {
                          String text = row.toLowerCase(Locale.ROOT);
                          boolean own =
                              callers.stream()
                                  .anyMatch(c -> text.contains(c.toLowerCase(Locale.ROOT)));
                          boolean namesVictim =
                              victimMarkers.stream()
                                  .anyMatch(m -> text.contains(m.toLowerCase(Locale.ROOT)));
                          return !own || namesVictim;
                        })
                    .toList();
            if (!bad.isEmpty()) {
              foreign.put(table, bad);
            }
          });
      return foreign.isEmpty()
          ? List.of()
          : List.of(e.describe() + " changed rows not of the caller's own: " + foreign);
    }
    return List.of(e.describe() + " changed the database: " + changes);
  }

  private String genericErrorText() {
    return "No pudimos atender su solicitud.";
  }

  private void requireKnown() {
    List<String> unknown = new ArrayList<>();
    endpoints.forEach(e -> unknown.addAll(walker.unknowns(e)));
    assertThat(unknown).as("mappings the tenancy walker does not know").isEmpty();
  }

  /** For each user: an API client and a signed-in session whose CSRF token is known to work. */
  private Map<String, Client[]> clients(List<String> usernames) {
    Map<String, Client[]> clients = new LinkedHashMap<>();
    for (String username : usernames) {
      String password = username.startsWith("walk") ? Victims.PASSWORD : DemoUsers.PASSWORD;
      Client api = Client.api(port, username, password);
      Client session = Client.session(port, username, password);
      // A write to no handler at all: with a valid CSRF token it is not refused as forbidden.
      Http.Response probe =
          session.send(
              "POST",
              "/walker-csrf-probe",
              "application/x-www-form-urlencoded",
              new byte[0],
              "text/html");
      assertThat(probe.status()).as("CSRF token of %s's session", username).isNotEqualTo(403);
      clients.put(username, new Client[] {api, session});
    }
    return clients;
  }

  private static final boolean VERBOSE = System.getenv("AYNI_WALKER_VERBOSE") != null;

  private static Http.Response send(Client client, Walker.Probe probe) {
    Http.Response r =
        client.send(
            probe.method(), probe.path(), probe.contentType(), probe.body(), probe.accept());
    if (VERBOSE) {
      System.out.println(
          "WALK "
              + client.describe()
              + " "
              + probe.describe()
              + " → "
              + r.status()
              + (probe.body() == null
                  ? ""
                  : " body " + new String(probe.body(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    return r;
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
