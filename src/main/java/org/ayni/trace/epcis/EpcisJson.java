package org.ayni.trace.epcis;

import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
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
}
