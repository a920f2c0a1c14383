package io.backstop.gateway.docs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.backstop.gateway.routing.IdentityTokens;
import io.backstop.gateway.routing.ServicesProperties;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DocsConfiguration {

    @Bean
    ServiceDocs serviceDocs(RestClient.Builder builder, ServicesProperties services, IdentityTokens tokens, JsonMapper json) {
        return new ServiceDocs(builder.clone(), services, tokens, json);
    }
}
