package io.backstop.gateway.docs;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import tools.jackson.databind.json.JsonMapper;

import io.backstop.gateway.routing.IdentityTokens;
import io.backstop.gateway.routing.ServicesProperties;
import io.backstop.support.ApiDocs;

@Configuration(proxyBeanMethods = false)
class DocsConfiguration {

    @Bean
    ServiceDocs serviceDocs(
            RestClient.Builder builder, ServicesProperties services, IdentityTokens tokens, JsonMapper json) {
        return new ServiceDocs(builder.clone(), services, tokens, json);
    }

    /** As every service's: no internal paths, errors as the Problem schema (service-support's ApiDocs). */
    @Bean
    OpenApiCustomizer publicApiDocument() {
        return ApiDocs.publicDocument();
    }

    /**
     * The gateway's own document names the gateway as its server the way the services' documents do
     * ({@link ServiceDocs}): relatively. Left to itself springdoc writes the request's Host header into
     * {@code servers[0].url}, so anyone who can send a Host header chooses where "Try it out" sends credentials.
     */
    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Backstop gateway API")
                        .version("1")
                        .description("The admin"
                                + " gateway's own endpoints: login and the current user, the operations lock and its event stream, the"
                                + " API documents. Everything else under /api is routed to a service."))
                // Spring Security's, so springdoc does not see it; the UI calls it (UiContractTest)
                .path(
                        "/logout",
                        new PathItem()
                                .post(new Operation()
                                        .summary("Log out: the session ends")
                                        .addTagsItem("Session")
                                        .responses(new ApiResponses()
                                                .addApiResponse(
                                                        "204",
                                                        new ApiResponse()
                                                                .description(
                                                                        "Logged out; the session cookie is void")))))
                .servers(List.of(new Server().url(ServiceDocs.GATEWAY_URL).description(ServiceDocs.GATEWAY)));
    }
}
