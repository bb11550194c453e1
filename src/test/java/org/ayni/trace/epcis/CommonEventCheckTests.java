package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The direct check of common events ({@link CommonEventCheck}) never calls valid what the GS1
 * schema refuses (CBV 1.2 spellings among the variants, which the schema refuses, included), over
 * thousands of seeded variants of the chain's events and as many broken ones, and it does call the
 * chain's valid events valid (else it would save nothing).
 */
class CommonEventCheckTests {

  private final JsonMapper mapper = new EpcisJson().mapper();
  private final EpcisSchema schema = new EpcisSchema();

  private List<EpcisSchema.SchemaError> schemaErrors(JsonNode event) {
    ObjectNode document =
        (ObjectNode)
            mapper.readTree(
                """
                {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                  {"ayni":"https://ayni.org/voc/","ex":"http://example.com/ns/"}],
                 "type":"EPCISDocument","schemaVersion":"2.0",
                 "creationDate":"2026-05-04T10:00:00Z","epcisBody":{"eventList":[]}}""");
    ((tools.jackson.databind.node.ArrayNode) document.at("/epcisBody/eventList")).add(event);
    return schema.validate(document, Locale.ENGLISH);
  }

  @Test
  void whatItCallsValidTheSchemaAccepts() {
    SplittableRandom random = new SplittableRandom(4242);
    int valid = 0;
    int accepted = 0;
    int broken = 0;
    int brokenAccepted = 0;
    for (int i = 0; i < 2000; i++) {
      ObjectNode event = EventVariants.variant(mapper, random);
      boolean schemaValid = schemaErrors(event).isEmpty();
      if (CommonEventCheck.valid(event)) {
        accepted++;
        assertThat(schemaValid).as("accepted but invalid: %s", event).isTrue();
      }
      if (schemaValid) {
        valid++;
      }
      ObjectNode mutated = EventVariants.mutate(mapper, event, random);
      broken++;
      if (CommonEventCheck.valid(mutated)) {
        brokenAccepted++;
        assertThat(schemaErrors(mutated)).as("accepted but invalid: %s", mutated).isEmpty();
      }
    }
    System.out.printf(
        "variants: %d schema-valid, %d accepted directly; broken: %d, %d accepted directly%n",
        valid, accepted, broken, brokenAccepted);
    assertThat(accepted).as("valid variants the check accepts").isGreaterThan(valid * 9 / 10);
    assertThat(brokenAccepted).as("broken variants it still accepts").isLessThan(broken / 2);
  }
}
