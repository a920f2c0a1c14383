package io.backstop.support;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.convert.converter.Converter;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.module.SimpleModule;

/**
 * Makes a back-end service trust exactly one identity: a short-lived token signed by the gateway. A header a
 * browser could set (a user name, a role) is never read, so calling a service directly gains nothing.
 *
 * <p>Only for the back-end services, which are resource servers of that token. The gateway, which mints it, uses
 * this module's web layer alone ({@link Problems}, {@link RequestIdFilter}, {@link BodySizeLimitFilter}) without its
 * dependencies, so neither this nor {@link ServiceDefaults} or {@link ProductionSettings} applies there.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(name = ServiceDefaults.RESOURCE_SERVER)
@EnableWebSecurity
@EnableConfigurationProperties({SecurityProperties.class, HttpProperties.class})
@Import(ProblemDetailsAdvice.class)
public class ServiceSupportAutoConfiguration {

    @Bean
    JwtDecoder gatewayTokenDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(GatewayTokens.key(properties.gatewaySecret()))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(GatewayTokens.ISSUER), new TokenLifetime(Clock.systemUTC())));
        return decoder;
    }

    /** {@code backstop.capture.mode}, read the same typed way by every service that writes or reads the catalog. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.backstop.outbox.CaptureMode")
    @EnableConfigurationProperties(CaptureModeProperties.class)
    static class CaptureModeConfiguration {}

    /** Health DOWN when no broker answers: see {@link KafkaHealth}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnEnabledHealthIndicator("kafka")
    static class KafkaHealthConfiguration {

        @Bean
        HealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealth(admin);
        }
    }

    @Bean
    ServiceTokens serviceTokens(SecurityProperties properties) {
        return new ServiceTokens(properties.gatewaySecret());
    }

    @Bean
    SecurityFilterChain serviceSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(rolesToAuthorities());
        http.csrf(csrf -> csrf.disable()) // no cookies, no sessions: a bearer token cannot be forged cross-site
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(
                        auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                                .permitAll()
                                // scraped inside the cluster; the services' ports are never exposed, only the gateway's
                                .requestMatchers("/actuator/prometheus")
                                .permitAll()
                                .requestMatchers("/error")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .addFilterAfter(RequestIdFilter.userRecorder(), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(
                        rs -> rs.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authentication))
                                .authenticationEntryPoint(ServiceSupportAutoConfiguration::unauthorized)
                                .accessDeniedHandler((req, res, e) -> Problems.write(
                                        req, res, ProblemType.FORBIDDEN, "Your role does not allow this request.")))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(ServiceSupportAutoConfiguration::unauthorized)
                        .accessDeniedHandler((req, res, e) -> Problems.write(
                                req, res, ProblemType.FORBIDDEN, "Your role does not allow this request.")));
        return http.build();
    }

    /** A refused token says why (expired, no exp, bad signature): the caller is a service or an operator. */
    private static void unauthorized(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String detail = "Authentication required: call this service through the gateway, which signs your identity.";
        if (failure instanceof InvalidBearerTokenException invalid) {
            detail = "The identity token was refused (" + invalid.getMessage() + "); call this service through the"
                    + " gateway, which signs a fresh one for every request.";
        }
        Problems.write(request, response, ProblemType.UNAUTHENTICATED, detail);
    }

    private static Converter<Jwt, Collection<GrantedAuthority>> rolesToAuthorities() {
        return jwt -> {
            List<String> roles = jwt.getClaimAsStringList(GatewayTokens.ROLES_CLAIM);
            return roles == null
                    ? List.of()
                    : roles.stream()
                            .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                            .toList();
        };
    }

    /** Bad input gets a 400 naming the field instead of being silently dropped or rounded. */
    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new SimpleModule("backstop-strict-text").addDeserializer(String.class, new StrictText()));
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(BodySizeLimitFilter.sizeOnly(
                        properties.maxBodyBytes(),
                        properties.uploads().stream()
                                .collect(Collectors.toMap(HttpProperties.Upload::path, u -> u.maxBytes()
                                        .toBytes()))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Ahead of Spring Security's filters, whose firewall would refuse raw UTF-8 in a header (see the filter). */
    @Bean
    FilterRegistrationBean<FreeTextHeaderFilter> freeTextHeaderFilter() {
        FilterRegistrationBean<FreeTextHeaderFilter> registration =
                new FilterRegistrationBean<>(new FreeTextHeaderFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** No internal paths, and the Problem schema every error answer refers to: see {@link ApiDocs}. */
    @Bean
    OpenApiCustomizer publicApiDocument() {
        return ApiDocs.publicDocument();
    }

    @Bean
    WebMvcConfigurer knownQueryParameters() {
        KnownQueryParameters check = new KnownQueryParameters();
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(check);
            }
        };
    }
}
