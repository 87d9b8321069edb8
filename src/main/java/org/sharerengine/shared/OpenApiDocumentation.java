package org.sharerengine.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and the two ways to authenticate, so Swagger UI can call the API. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentation {

    @Bean
    OpenAPI sharerEngineApi() {
        return new OpenAPI()
                .info(new Info().title("Sharer engine API").version("v1")
                        .description("Sharer (分享员) distribution for social commerce: shops, sharers, attribution, "
                                + "commission, refunds, settlement, ledger and withdrawals. Money in fen, rates in basis points.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key").description("The shop's API key"))
                        .addSecuritySchemes("consoleSession", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A console user's session token (owner or manager) from POST /api/v1/sessions"))
                        .addSecuritySchemes("platformAdmin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The platform administrator (only /api/v1/platform/**)")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("consoleSession"));
    }
}
