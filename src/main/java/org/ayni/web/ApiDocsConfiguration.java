package org.ayni.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI description says of the API as a whole: its name, and how a caller signs in (a
 * bearer token from the account page, or HTTP Basic), so that Swagger UI offers to authorise.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

  private static final String BEARER = "bearer";
  private static final String BASIC = "basic";

  @Bean
  OpenAPI ayniOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Ayni")
                .description(
                    "The REST API (/api/v1) and the GS1 EPCIS 2.0 interface (/epcis) of Ayni, for"
                        + " fair-trade producer organisations. Sign in with an API token (created"
                        + " on the account page, /account/tokens) or a username and password.")
                .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API token: ayni_…"))
                .addSecuritySchemes(
                    BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER))
        .addSecurityItem(new SecurityRequirement().addList(BASIC));
  }
}
