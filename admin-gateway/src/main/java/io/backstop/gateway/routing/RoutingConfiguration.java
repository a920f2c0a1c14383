package io.backstop.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.stream.Collectors;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.backstop.gateway.security.DevDefaults;
import io.backstop.gateway.web.ConnectionsPerAddress;
import io.backstop.gateway.web.FreeTextHeaders;
import io.backstop.support.BodySizeLimitFilter;
import io.backstop.support.RequestIdFilter;

/** The proxied API prefixes, each to its service with the caller's identity signed by the gateway. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    IdentityTokens identityTokens(SecretProperties secret, Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of(DevDefaults.PROFILE))
                && DevDefaults.load().isDevSecret(secret.gatewaySecret())) {
            throw new IllegalStateException("Refusing to start: backstop.security.gateway-secret is the public dev"
                    + " secret of the '" + DevDefaults.PROFILE + "' profile; set BACKSTOP_GATEWAY_SECRET to a secret"
                    + " of your own (at least 32 characters)");
        }
        return new IdentityTokens(secret.gatewaySecret(), Clock.systemUTC());
    }

    /** The client the proxy (and the lock client) use; bodies stream through it in both directions. */
    @Bean
    ClientHttpRequestFactory clientHttpRequestFactory(ServicesProperties services) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(services.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(services.readTimeout());
        return factory;
    }

    @Bean
    RouterFunction<ServerResponse> catalogRoute(ServicesProperties services, IdentityTokens tokens) {
        return proxy("catalog-service", "/api/catalog/**", services.catalog(), tokens);
    }

    @Bean
    RouterFunction<ServerResponse> auditRoute(ServicesProperties services, IdentityTokens tokens) {
        return proxy("audit-service", "/api/audit/**", services.audit(), tokens);
    }

    @Bean
    RouterFunction<ServerResponse> backupRoute(ServicesProperties services, IdentityTokens tokens) {
        return proxy("backup-service", "/api/backups/**", services.backup(), tokens);
    }

    /** Operations are backup-service's too: every backup, restore, pitr, cleanup and verification it ran. */
    @Bean
    RouterFunction<ServerResponse> operationsRoute(ServicesProperties services, IdentityTokens tokens) {
        return proxy("backup-service-operations", "/api/operations/**", services.backup(), tokens);
    }

    private static RouterFunction<ServerResponse> proxy(
            String service, String pattern, URI target, IdentityTokens tokens) {
        return route(service)
                .route(path(pattern), http())
                .before(uri(target))
                .before(new IdentityForwarding(tokens))
                .onError(failure -> true, new ProxyFailures(service))
                .build();
    }

    /**
     * The service echoes the request id the gateway forwarded, and {@link RequestIdFilter} has already set it on the
     * response: copied through, the client would get the header twice.
     */
    @Bean
    HttpHeadersFilter.ResponseHttpHeadersFilter requestIdOnce() {
        return (headers, response) -> {
            HttpHeaders kept = new HttpHeaders();
            headers.forEach((name, values) -> {
                if (!RequestIdFilter.HEADER.equalsIgnoreCase(name)) {
                    kept.put(name, values);
                }
            });
            return kept;
        };
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIds() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(GatewayHttpProperties http) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(
                http.maxBodyBytes(),
                http.bodyReadTimeout(),
                http.maxBodyReaders(),
                http.uploads().stream()
                        .collect(Collectors.toMap(
                                GatewayHttpProperties.Upload::path,
                                u -> new BodySizeLimitFilter.Limits(u.maxBytes().toBytes(), u.readTimeout())))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** The HTTP connector with its per-address cap: see {@link ConnectionsPerAddress}. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionsPerAddress(GatewayHttpProperties http) {
        return factory -> {
            factory.setProtocol(ConnectionsPerAddress.class.getName());
            factory.addConnectorCustomizers(connector -> ((ConnectionsPerAddress) connector.getProtocolHandler())
                    .setMaxConnectionsPerAddress(http.maxConnectionsPerAddress()));
        };
    }

    /** Ahead of Spring Security's filters: see {@link FreeTextHeaders}. */
    @Bean
    FilterRegistrationBean<FreeTextHeaders> freeTextHeaders() {
        FilterRegistrationBean<FreeTextHeaders> registration = new FilterRegistrationBean<>(new FreeTextHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
