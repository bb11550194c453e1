package org.ayni.trace.epcis;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The GS1 EPCIS 2.0 JSON schema (the inlined {@code EPCIS-JSON-Schema.json} of gs1/EPCIS, draft 7,
 * with the uri and date-time formats enforced), compiled once. It checks documents and bare events
 * alike: its top level dispatches on {@code type}. The same checker compiles the REST binding's
 * {@code query-schema.json} for named queries ({@link #query()}).
 */
@Component
class EpcisSchema {

  static final String ID = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json";

  /** The schema of a named query's {@code query} object, with its own {@code $id}. */
  static final String QUERY_ID = "https://gs1.github.io/EPCIS/REST%20Bindings/query-schema.json";

  /** One schema error: where in the instance (a JSON pointer) and what, in words. */
  record SchemaError(String pointer, String message) {}

  private final Schema schema;

  EpcisSchema() {
    this("/epcis/EPCIS-JSON-Schema.json", ID);
  }

  /** The schema of the named query objects of the REST binding (compiled once). */
  static EpcisSchema query() {
    return QuerySchema.SCHEMA;
  }

  private static final class QuerySchema {
    static final EpcisSchema SCHEMA = new EpcisSchema("/epcis/query-schema.json", QUERY_ID);
  }

  /**
   * GS1's query-schema.json escapes its patterns of field parameters twice ({@code
   * ^EQ_[a-z][a-zA-Z0-9]*\\\\:\\\\w+$} in the file): as written they ask for backslashes in the
   * name and no parameter on a field ({@code EQ_ayni:moisturePercent}) could ever be valid. Read as
   * meant: {@code ^EQ_[a-z][a-zA-Z0-9]*:\\w+$}.
   */
  static String unescapeFieldPatterns(String text) {
    return text.replace("\\\\\\\\:", ":").replace("\\\\\\\\w", "\\\\w");
  }

  private EpcisSchema(String resource, String id) {
    String text;
    try (InputStream in = EpcisSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      text = unescapeFieldPatterns(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            builder ->
                builder
                    .schemas(Map.of(id, text))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .pathType(PathType.JSON_POINTER)
                            .build()));
    schema = registry.getSchema(SchemaLocation.of(id));
    schema.initializeValidators();
  }

  /** The errors of a document or bare event, in the given language; empty when it is valid. */
  List<SchemaError> validate(JsonNode instance, Locale locale) {
    List<Error> errors =
        schema.validate(
            instance,
            context ->
                context.executionConfig(
                    config -> config.locale(locale).formatAssertionsEnabled(true)));
    List<SchemaError> result = new ArrayList<>(errors.size());
    for (Error error : errors) {
      String pointer = error.getInstanceLocation().toString();
      String message = error.getMessage();
      if (message.startsWith(pointer + ": ")) {
        message = message.substring(pointer.length() + 2);
      }
      result.add(new SchemaError(pointer, message));
    }
    return result;
  }
}
