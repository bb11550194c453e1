package org.ayni.tenancy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ayni.support.Http;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * Turns every handler mapping into concrete requests against Cepicafe's records: path variables and
 * id parameters are filled with the victims' ids chosen by resource, bodies and form fields with
 * plausible values. A mapping whose path or id parameter names a resource the walker does not know
 * is reported, so that a new kind of record cannot slip past the tenancy walk.
 */
final class Walker {

  /**
   * Path variables that are not record ids, by name, with the value to use (a production unit's
   * version number, …).
   */
  static final Map<String, String> NON_ID_VARIABLES = Map.of("version", "1");

  /**
   * Resources that belong to no organisation (reference data, the same for everyone): outsiders may
   * read them; writing stays with the platform administrators. The value is the SQL that finds an
   * existing key.
   */
  static final Map<String, String> SHARED_RESOURCES =
      Map.of(
          "reference-values", "select min(value_key) from reference_value",
          "reference", "select min(value_key) from reference_value",
          // the five EPCIS event types: their events are the caller's own
          "eventTypes", "select 'ObjectEvent'");

  /** Free-text search parameters of lists. */
  static final Set<String> SEARCH_PARAMETERS = Set.of("q", "query", "search");

  /** Id parameters whose name does not say what they point to, with their resource. */
  static final Map<String, String> PARAMETER_RESOURCES =
      Map.of("except", "production-units", "lotId", "lots", "productId", "products");

  /**
   * Paths of writes that act on the caller's own account (its API tokens, its profile): they may
   * succeed for anyone, but may only add or change rows of the caller's own.
   */
  static final List<String> SELF_SERVICE_PREFIXES =
      List.of(
          "/account",
          "/api/v1/me",
          "/api/v1/tokens",
          "/api/v1/account",
          "/profile",
          // named EPCIS queries are the calling account's own
          "/epcis/queries");

  private final Victims victims;
  private final JdbcClient jdbc;

  Walker(Victims victims, JdbcClient jdbc) {
    this.victims = victims;
    this.jdbc = jdbc;
  }

  /** A request to send: what it is for, and which victims it names. */
  record Probe(
      Endpoint endpoint,
      String method,
      String path,
      String contentType,
      byte[] body,
      String accept,
      boolean namesVictims,
      boolean expectNothingListed) {

    String describe() {
      return method + " " + path;
    }
  }

  static boolean selfService(Endpoint e) {
    return e.variables().isEmpty()
        && SELF_SERVICE_PREFIXES.stream()
            .anyMatch(p -> e.pattern().equals(p) || e.pattern().startsWith(p + "/"));
  }

  /** The resource of a path variable: by its name when that says, else by the segment before. */
  static String resourceOfVariable(String name, String segmentBefore) {
    if (!name.equals("id") && Plausible.resourceOfName(name) != null) {
      return Plausible.resourceOfName(name);
    }
    return segmentBefore;
  }

  static String resourceOfParameter(String name) {
    String known = PARAMETER_RESOURCES.get(name);
    return known != null ? known : Plausible.resourceOfName(name);
  }

  /** Why the walker cannot build requests for a mapping; empty when it can. */
  List<String> unknowns(Endpoint e) {
    List<String> problems = new ArrayList<>();
    for (String[] v : e.variables()) {
      String name = v[0];
      if (NON_ID_VARIABLES.containsKey(name)) {
        continue;
      }
      String resource = resourceOfVariable(name, v[1]);
      if (!SHARED_RESOURCES.containsKey(resource) && victims.of(resource).isEmpty()) {
        problems.add(
            e.describe()
                + ": path variable "
                + v[2]
                + " of resource '"
                + resource
                + "' is unknown to the tenancy walker (add a victim record of Cepicafe's for it in"
                + " Victims, or a shared resource / non-id variable in Walker)");
      }
    }
    for (Endpoint.Param p : e.params()) {
      if (idType(p.type(), p.genericType()) && resourceOfParameter(p.name()) == null) {
        problems.add(
            e.describe()
                + ": id parameter '"
                + p.name()
                + "' points to a resource unknown to the tenancy walker (add it to"
                + " Walker.PARAMETER_RESOURCES)");
      }
    }
    return problems;
  }

  /**
   * The requests for a mapping with the victims' ids in its path (one per victim of the resource)
   * or, without path variables, the request as it is plus, when it takes id parameters, one request
   * per victim with every id parameter set (the filtered list).
   */
  List<Probe> probes(Endpoint e) {
    List<Probe> probes = new ArrayList<>();
    List<String[]> variables = e.variables();
    boolean hasIds = variables.stream().anyMatch(v -> !NON_ID_VARIABLES.containsKey(v[0]));
    int rounds = 1;
    for (String[] v : variables) {
      if (!NON_ID_VARIABLES.containsKey(v[0])) {
        rounds = Math.max(rounds, victimsFor(resourceOfVariable(v[0], v[1])).size());
      }
    }
    if (hasIds || e.write()) {
      for (int i = 0; i < rounds; i++) {
        probes.add(probe(e, i, e.write(), hasIds || e.write()));
      }
      return probes;
    }
    probes.add(probe(e, -1, false, false));
    // A search for the victims' tag: a list that leaked would show them on its first page.
    for (Endpoint.Param p : e.params()) {
      if (p.type() == String.class && SEARCH_PARAMETERS.contains(p.name())) {
        Probe plain = probe(e, -1, false, false);
        String path =
            plain.path() + (plain.path().contains("?") ? "&" : "?") + p.name() + "=" + victims.tag;
        probes.add(
            new Probe(
                e,
                plain.method(),
                path,
                plain.contentType(),
                plain.body(),
                plain.accept(),
                false,
                true));
      }
    }
    int filterRounds = 0;
    for (Endpoint.Param p : e.params()) {
      if (idType(p.type(), p.genericType())) {
        filterRounds = Math.max(filterRounds, victimsFor(resourceOfParameter(p.name())).size());
      }
    }
    for (MethodParameter form : e.modelAttributes()) {
      for (var pd :
          org.springframework.beans.BeanUtils.getPropertyDescriptors(form.getParameterType())) {
        if (pd.getWriteMethod() != null && pd.getPropertyType() == UUID.class) {
          String resource = resourceOfParameter(pd.getName());
          filterRounds = Math.max(filterRounds, resource == null ? 0 : victimsFor(resource).size());
        }
      }
    }
    for (int i = 0; i < filterRounds; i++) {
      probes.add(probe(e, i, true, true));
    }
    return probes;
  }

  /**
   * @param round which victim of each resource (-1: none; ids that must be given get a random one)
   * @param withInput whether to send every parameter and the body, not just the required ones
   */
  private Probe probe(Endpoint e, int round, boolean withInput, boolean namesVictims) {
    String path = e.pattern();
    for (String[] v : e.variables()) {
      String value;
      if (NON_ID_VARIABLES.containsKey(v[0])) {
        value = NON_ID_VARIABLES.get(v[0]);
      } else {
        value = pick(resourceOfVariable(v[0], v[1]), round);
      }
      path = path.replace(v[2], UriUtils.encodePathSegment(value, StandardCharsets.UTF_8));
    }
    Function<String, UUID> ids =
        name -> {
          String resource = resourceOfParameter(name);
          if (round < 0) {
            return UUID.randomUUID();
          }
          return UUID.fromString(pick(resource == null ? "organisations" : resource, round));
        };
    Plausible plausible = new Plausible(victims.tag, ids);
    Map<String, Object> params = new LinkedHashMap<>();
    for (String[] fixed : e.fixedParams()) {
      params.put(fixed[0], fixed[1]);
    }
    for (Endpoint.Param p : e.params()) {
      boolean id = idType(p.type(), p.genericType());
      if (p.required() || (withInput && (id || e.write()))) {
        Object value = plausible.value(p.type(), p.genericType(), p.name(), 0);
        if (value != null) {
          params.put(p.name(), value instanceof List<?> l ? l : String.valueOf(value));
        }
      }
    }
    Map<String, Object> form = new LinkedHashMap<>();
    if (withInput) {
      for (MethodParameter m : e.modelAttributes()) {
        Map<String, Object> object = plausible.object(m.getParameterType(), 0);
        if (!e.write()) {
          // A filter object of a list: only its ids.
          object.entrySet().removeIf(entry -> !(entry.getValue() instanceof UUID));
        }
        form.putAll(Plausible.formFields(object));
      }
    }
    String contentType = null;
    byte[] body = null;
    MethodParameter jsonBody = e.body();
    if (jsonBody != null) {
      Object value =
          jsonBody.getParameterType() == String.class
              ? new LinkedHashMap<>()
              : plausible.value(
                  jsonBody.getParameterType(), jsonBody.getGenericParameterType(), "body", 0);
      contentType =
          e.consumes().stream()
              .filter(c -> !c.contains("*"))
              .findFirst()
              .orElse("application/json");
      body = Http.JSON.writeValueAsBytes(value == null ? Map.of() : value);
      query(params, form);
    } else if (e.multipart()) {
      String boundary = "walker" + victims.tag;
      contentType = "multipart/form-data; boundary=" + boundary;
      Map<String, Object> fields = new LinkedHashMap<>(form);
      fields.putAll(params);
      params.clear();
      body = multipart(boundary, fields, e.fileParts());
    } else if (e.write() && !e.api()) {
      contentType = "application/x-www-form-urlencoded";
      Map<String, Object> fields = new LinkedHashMap<>(form);
      fields.putAll(params);
      params.clear();
      body = Client.form(fields);
    } else {
      query(params, form);
    }
    if (!params.isEmpty()) {
      path +=
          (path.contains("?") ? "&" : "?")
              + new String(Client.form(params), StandardCharsets.UTF_8);
    }
    String accept =
        e.produces().isEmpty()
            ? (e.api() ? "application/json" : "text/html")
            : e.produces().getFirst();
    return new Probe(
        e, e.method(), path, contentType, body, accept, namesVictims, namesVictims && !e.write());
  }

  private static void query(Map<String, Object> params, Map<String, Object> form) {
    form.forEach(params::putIfAbsent);
  }

  List<String> victimsFor(String resource) {
    if (SHARED_RESOURCES.containsKey(resource)) {
      String key =
          jdbc.sql(SHARED_RESOURCES.get(resource)).query(String.class).optional().orElse("x");
      return List.of(key);
    }
    return victims.of(resource).stream().map(Victims.Victim::key).toList();
  }

  private String pick(String resource, int round) {
    List<String> all = victimsFor(resource);
    if (all.isEmpty()) {
      throw new IllegalStateException("no victim for resource " + resource);
    }
    return round < 0 ? all.getFirst() : all.get(Math.min(round, all.size() - 1));
  }

  static boolean shared(Endpoint e) {
    return e.variables().stream()
        .anyMatch(v -> SHARED_RESOURCES.containsKey(resourceOfVariable(v[0], v[1])));
  }

  private static boolean idType(Class<?> type, java.lang.reflect.Type generic) {
    if (type == UUID.class) {
      return true;
    }
    return java.util.Collection.class.isAssignableFrom(type)
        && generic instanceof java.lang.reflect.ParameterizedType p
        && p.getActualTypeArguments()[0] == UUID.class;
  }

  private static byte[] multipart(String boundary, Map<String, Object> fields, List<String> files) {
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (name, value) -> {
          List<?> values = value instanceof List<?> l ? l : List.of(value);
          for (Object v : values) {
            out.append("--").append(boundary).append("\r\n");
            out.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n");
            out.append(v).append("\r\n");
          }
        });
    for (String file : files) {
      boolean geo = file.toLowerCase(Locale.ROOT).contains("geo");
      out.append("--").append(boundary).append("\r\n");
      out.append("Content-Disposition: form-data; name=\"")
          .append(file)
          .append("\"; filename=\"")
          .append(geo ? "walker.geojson" : "walker.pdf")
          .append("\"\r\n");
      out.append("Content-Type: ")
          .append(geo ? "application/geo+json" : "application/pdf")
          .append("\r\n\r\n");
      out.append(
              geo
                  ? "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                      + "\"properties\":{},\"geometry\":"
                      + Plausible.POLYGON
                      + "}]}"
                  : "%PDF-1.4\n%%EOF\n")
          .append("\r\n");
    }
    out.append("--").append(boundary).append("--\r\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What the response lists that is not the caller's own (JSON items, features or array elements,
   * CSV rows); null when nothing. An entry is the caller's own when it names one of its
   * organisations.
   */
  static String listed(Http.Response response, Set<String> ownIds) {
    String type = response.header("Content-Type").toLowerCase(Locale.ROOT);
    String body = response.body();
    List<String> entries = new ArrayList<>();
    if (type.contains("csv")) {
      List<String> lines = body.replace("\uFEFF", "").lines().filter(l -> !l.isBlank()).toList();
      entries.addAll(lines.subList(Math.min(1, lines.size()), lines.size()));
    } else if (type.contains("json")) {
      JsonNode node;
      try {
        node = Http.JSON.readTree(body);
      } catch (RuntimeException e) {
        return null;
      }
      if (node.isArray()) {
        node.forEach(n -> entries.add(n.toString()));
      }
      for (String field : List.of("items", "features", "content", "data")) {
        if (node.path(field).isArray()) {
          node.path(field).forEach(n -> entries.add(n.toString()));
        }
      }
    }
    List<String> foreign =
        entries.stream()
            .filter(entry -> ownIds.stream().noneMatch(entry.toLowerCase(Locale.ROOT)::contains))
            .toList();
    return foreign.isEmpty() ? null : foreign.size() + " entries, the first " + foreign.getFirst();
  }

  /** The markers found in a response body (case-insensitive). */
  static List<String> leaks(Http.Response response, Set<String> markers) {
    return leaks(response, markers, null);
  }

  /**
   * The markers a response contains, apart from the probe's own path where the response repeats it
   * (a problem's {@code instance}): what the caller sent, echoed, is no leak.
   */
  static List<String> leaks(Http.Response response, Set<String> markers, Probe probe) {
    String body = response.body().toLowerCase(Locale.ROOT);
    if (probe != null) {
      String path = probe.path();
      int query = path.indexOf('?');
      body =
          body.replace((query < 0 ? path : path.substring(0, query)).toLowerCase(Locale.ROOT), "");
    }
    String location = response.header("Location").toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    for (String marker : markers) {
      String m = marker.toLowerCase(Locale.ROOT);
      if (body.contains(m) || location.contains(m)) {
        found.add(marker);
      }
    }
    return found;
  }
}
