package org.ayni.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamWriteFeature;

/**
 * How the API writes JSON: decimals as people write them ({@code 30}, not {@code 3E+1}: a quantity
 * without trailing zeros has a negative scale, which {@code BigDecimal.toString} writes in exponent
 * notation).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer plainDecimals() {
    return builder -> builder.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
  }
}
