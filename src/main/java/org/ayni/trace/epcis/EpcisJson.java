package org.ayni.trace.epcis;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of the EPCIS interface: decimals kept exactly (quantities), anything after the
 * document refused. A key repeated in one object keeps its last value, as JSON-LD processors do
 * (GS1's example assoc-AssociationEvent-h repeats eventID).
 */
@Component
class EpcisJson {

  private final JsonMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  JsonMapper mapper() {
    return mapper;
  }

  /** A request body's JSON; a ValidationException that says where it is not JSON. */
  JsonNode read(byte[] body) {
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      var location = e.getLocation();
      throw new EpcisException(
          EpcisException.Type.ValidationException,
          "epcis.json.malformed",
          location == null ? 0 : location.getLineNr(),
          location == null ? 0 : location.getColumnNr());
    }
  }
}
