package org.ayni.trace.epcis;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named queries of the EPCIS REST binding ({@code POST /epcis/queries}): a SimpleEventQuery kept
 * under a name, whose events are asked for later at {@code /epcis/queries/{name}/events}. A named
 * query belongs to the account that created it (no other account sees, uses or deletes it) and
 * answers, when asked, with the events that account may read then. Its {@code query} object must
 * validate against GS1's {@code query-schema.json} and use only parameters this repository serves
 * (those of {@code GET /epcis/events}); nothing is stored otherwise.
 */
@Service
class NamedQueries {

  /** The longest name, the column's length. */
  static final int MAX_NAME_CHARS = 100;

  /**
   * A name that travels in a path as it is: letters, digits and {@code . _ ~ -}, but not {@code .}
   * or {@code ..}, which a path resolves away.
   */
  static final Pattern NAME =
      Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._~-]{1," + MAX_NAME_CHARS + "}");

  /** The longest query object kept, in characters of its JSON. */
  static final int MAX_QUERY_CHARS = 10_000;

  /**
   * The parameters of query-schema.json spelled otherwise than in the REST binding's query string
   * ({@code GE_errorDeclarationTime}), by the schema's spelling.
   */
  private static final Map<String, String> SCHEMA_SPELLINGS =
      Map.of(
          "GE_errorDeclaration_Time", "GE_errorDeclarationTime",
          "LT_errorDeclaration_Time", "LT_errorDeclarationTime");

  /**
   * The entity type of named queries in the audit trail, whose id is the name (the actor owns it).
   */
  static final String AUDITED = "epcis-named-query";

  /** A named query: its name, its query object and when it was made. */
  record NamedQuery(String name, JsonNode query, OffsetDateTime createdAt) {}

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final EpcisJson epcisJson;
  private final JsonMapper json;
  private final Clock clock;
  private final EpcisSchema schema = EpcisSchema.query();

  NamedQueries(JdbcClient jdbc, AuditTrail audit, EpcisJson json, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.epcisJson = json;
    this.json = json.mapper();
    this.clock = clock;
  }

  /**
   * Creates the named query a request body ({@code {"name": …, "query": {…}}}) describes, for the
   * caller. ValidationException for a body that is not such an object or a name that is not one,
   * QueryValidationException for a query the schema refuses, QueryParameterException for one this
   * repository cannot answer, ResourceAlreadyExistsException when the caller has a query of that
   * name.
   */
  @Transactional
  NamedQuery create(CurrentUser user, byte[] body, String extensions, Locale locale) {
    JsonNode request = epcisJson.read(body);
    JsonNode name = request.path("name");
    JsonNode query = request.path("query");
    if (!name.isString() || !query.isObject()) {
      throw new EpcisException(EpcisException.Type.ValidationException, "epcis.named-query.body");
    }
    String queryName = name.asString();
    if (!NAME.matcher(queryName).matches()) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.named-query.name", MAX_NAME_CHARS);
    }
    List<EpcisException.Problem> problems =
        schema.validate(query, locale).stream()
            .map(e -> EpcisException.Problem.text(null, "/query" + e.pointer(), e.message()))
            .toList();
    if (!problems.isEmpty()) {
      throw new EpcisException(
          EpcisException.Type.QueryValidationException, "epcis.named-query.invalid", problems);
    }
    // Served here? The same parser as GET /events refuses what it cannot answer, with the prefixes
    // the GS1-Extensions header and the query's own @context declare; those of the header are
    // kept in the query's @context, as it runs later without the header
    EpcisContext context = EpcisQueryParameters.extensions(extensions).with(query.get("@context"));
    EpcisQueryParameters.parse(parameters(query), List.of(), context);
    JsonNode declared = context.extrasNode();
    if (declared != null) {
      query = ((ObjectNode) query).deepCopy().set("@context", declared);
    }
    String text = json.writeValueAsString(query);
    if (text.length() > MAX_QUERY_CHARS) {
      throw new EpcisException(
          EpcisException.Type.ValidationException, "epcis.named-query.too-long", MAX_QUERY_CHARS);
    }
    OffsetDateTime now =
        OffsetDateTime.now(clock)
            .withOffsetSameInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MILLIS);
    try {
      jdbc.sql(
              "insert into epcis_named_query (owner_id, name, query, created_at)"
                  + " values (?, ?, ?, ?)")
          .params(user.userId(), queryName, text, now)
          .update();
    } catch (DuplicateKeyException taken) {
      throw exists(queryName);
    }
    audit.record(user, null, AUDITED, queryName, "create", Map.of("query", text));
    return new NamedQuery(queryName, query, now);
  }

  private static EpcisException exists(String name) {
    return new EpcisException(
            EpcisException.Type.ResourceAlreadyExistsException, "epcis.named-query.exists", name)
        .at(EpcisQueriesApi.path(name));
  }

  /** The caller's named queries in the order of their names, after {@code after}, at most limit. */
  List<NamedQuery> list(CurrentUser user, String after, int limit) {
    return jdbc.sql(
            "select name, query, created_at from epcis_named_query where owner_id = :owner"
                + (after == null ? "" : " and name > :after")
                + " order by name limit :limit")
        .param("owner", user.userId())
        .params(after == null ? Map.of() : Map.of("after", after))
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  /** The caller's named query of that name. */
  Optional<NamedQuery> find(CurrentUser user, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select name, query, created_at from epcis_named_query"
                + " where owner_id = ? and name = ?")
        .params(user.userId(), name)
        .query(this::row)
        .optional();
  }

  private NamedQuery row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new NamedQuery(
        rs.getString(1), json.readTree(rs.getString(2)), rs.getObject(3, OffsetDateTime.class));
  }

  /** Deletes the caller's named query of that name; false when there is none. */
  @Transactional
  boolean delete(CurrentUser user, String name) {
    Optional<NamedQuery> query = find(user, name);
    if (query.isEmpty()) {
      return false;
    }
    jdbc.sql("delete from epcis_named_query where owner_id = ? and name = ?")
        .params(user.userId(), name)
        .update();
    audit.record(
        user,
        null,
        AUDITED,
        name,
        "delete",
        Map.of("query", json.writeValueAsString(query.get().query())));
    return true;
  }

  /** The prefixes a stored query's {@code @context} declares, for its extension fields. */
  static EpcisContext context(JsonNode query) {
    return EpcisContext.of(query.get("@context"));
  }

  /**
   * A query object as the query-string parameters of {@code GET /events}: each array element a
   * value, a number or string the value, {@code EXISTS_…} present without one (a number: 0 is
   * {@code false}, another {@code true}); {@code @context} left out.
   */
  static MultiValueMap<String, String> parameters(JsonNode query) {
    MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
    for (Map.Entry<String, JsonNode> field : query.properties()) {
      String name = SCHEMA_SPELLINGS.getOrDefault(field.getKey(), field.getKey());
      JsonNode value = field.getValue();
      if (name.equals("@context")) {
        continue;
      }
      if (value.isArray()) {
        value.forEach(v -> parameters.add(name, text(v)));
        if (value.isEmpty()) {
          parameters.put(name, List.of());
        }
      } else if (name.startsWith("EXISTS_") && value.isNumber()) {
        // query-schema.json types them integer where the OpenAPI says boolean: 0 is false (no
        // condition, as if omitted), any other number true
        parameters.add(name, value.decimalValue().signum() == 0 ? "false" : "true");
      } else if (value.isNull() || name.startsWith("EXISTS_")) {
        parameters.add(name, "");
      } else {
        parameters.add(name, text(value));
      }
    }
    return parameters;
  }

  private static String text(JsonNode value) {
    // a number in its short form: 1E+999999999 written out in full would be a billion digits
    return value.isNumber() ? value.decimalValue().toString() : value.asString();
  }
}
