package org.ayni.web;

import java.math.BigDecimal;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * How the API reads and writes JSON: a field the body's type does not have is refused (a shipment
 * line's {@code "unit": "TNE"} would otherwise be dropped without a word, and 60 kg shipped for 60
 * t); values of a list in any case; decimals as people write them, {@code 30} (not {@code 3E+1}: a
 * quantity without trailing zeros has a negative scale, which {@code BigDecimal.toString} writes in
 * exponent notation, nor {@code 30.000000}, the scale the database keeps quantities in).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer plainDecimals() {
    return builder ->
        builder
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // a value of a list in any case: did_not_occur, as EPCIS writes it, or DID_NOT_OCCUR
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("plain-decimals").addSerializer(new PlainDecimal()));
  }

  /** A decimal without the zeros its scale adds: the same number, as it was entered. */
  static final class PlainDecimal extends StdSerializer<BigDecimal> {

    PlainDecimal() {
      super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator out, SerializationContext context) {
      out.writeNumber(value.stripTrailingZeros());
    }
  }
}
