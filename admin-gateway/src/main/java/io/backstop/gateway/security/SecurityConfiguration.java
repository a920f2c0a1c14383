package io.backstop.gateway.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.support.RequestIdFilter;

/**
 * Who may do what. Two ways in:
 * <ul>
 * <li>the browser logs in once ({@code POST /login}) and then rides a session cookie; because a cookie is sent by
 * the browser on its own, every state-changing request on that path must also carry the CSRF token
 * (Spring Security's SPA pattern: the {@code XSRF-TOKEN} cookie, readable by our own scripts only, echoed in the
 * {@code X-XSRF-TOKEN} header, which another site can neither read nor set). The session cookie is also
 * {@code SameSite=Strict} as a second line.</li>
 * <li>API clients send HTTP Basic on every request and keep no session. They are exempt from CSRF because an
 * explicit {@code Authorization} header is not an ambient credential: a cross-site page cannot attach one. The one
 * exception, credentials a browser cached after a Basic challenge, is covered twice: the gateway never sends the
 * challenge to browsers (see {@link ProblemAuthenticationEntryPoint}), and no write a browser sends from another
 * origin gets this far ({@link CrossOriginWrites}, which also knows plain-http hosts, where browsers send no
 * {@code Sec-Fetch-*} headers).</li>
 * </ul>
 * Every answer carries the browser policies of {@link BrowserPolicies} and {@code Referrer-Policy: no-referrer}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserStore userStore(UsersProperties users, PasswordEncoder encoder, Environment environment) {
        return new UserStore(
                users, encoder, DevDefaults.load(), environment.acceptsProfiles(Profiles.of(DevDefaults.PROFILE)));
    }

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties properties, MeterRegistry meters) {
        return new LoginThrottle(properties, TimeMeter.SYSTEM_NANOTIME, meters);
    }

    @Bean
    AuthenticationManager authenticationManager(UserStore users, PasswordEncoder encoder, LoginThrottle throttle) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        return new ThrottledAuthentication(new ProviderManager(provider), throttle);
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CookieCsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict").path("/"));
        return repository;
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            SecurityContextRepository contexts,
            CookieCsrfTokenRepository csrfTokens,
            Environment environment,
            AuthenticationManager authentication)
            throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        http
                // the throttled manager, for Basic as for POST /login; HttpSecurity would otherwise build its own
                .authenticationManager(authentication)
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(
                                DispatcherType.ERROR, DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/login")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/csrf")
                        .permitAll()
                        .requestMatchers("/api/me")
                        .authenticated()
                        // API documents name internal endpoints: operators only (the gateway's own is springdoc's)
                        .requestMatchers("/api/docs", "/api/docs/**")
                        .hasRole(Role.admin.name())
                        .requestMatchers("/api/ops/**")
                        .hasRole(Role.viewer.name())
                        // verifying the trail reads all of it, redactions say whose data was removed: operators only
                        .requestMatchers("/api/audit/verify", "/api/audit/verify/**", "/api/audit/redactions")
                        .hasRole(Role.admin.name())
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasRole(Role.viewer.name())
                        .requestMatchers(HttpMethod.HEAD, "/api/**")
                        .hasRole(Role.viewer.name())
                        .requestMatchers(HttpMethod.POST, "/api/audit/*/*/rollback")
                        .hasRole(Role.editor.name())
                        .requestMatchers("/api/catalog/**")
                        .hasRole(Role.editor.name())
                        // backups, restores, pitr, pins, cleanup, schedules, and any write not named above
                        .requestMatchers("/api/**")
                        .hasRole(Role.admin.name())
                        // scraped inside the cluster on the management port (management.server.port), which is
                        // never published; on the public port the metrics stay admin-only like all of /actuator
                        .requestMatchers(request -> onManagementPort(request, environment)
                                && "/actuator/prometheus".equals(request.getRequestURI()))
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.admin.name())
                        // the static admin UI: its pages hold no data, every call they make is checked above
                        .anyRequest()
                        .permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterAfter(RequestIdFilter.userRecorder(), AnonymousAuthenticationFilter.class)
                .formLogin(form -> form.disable())
                .securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .addFilterBefore(new CrossOriginWrites(), CsrfFilter.class)
                .csrf(csrf -> csrf.spa()
                        .csrfTokenRepository(csrfTokens)
                        .ignoringRequestMatchers(SecurityConfiguration::basic))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(BrowserPolicies.contentSecurityPolicy()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .permissionsPolicyHeader(permissions -> permissions.policy(BrowserPolicies.PERMISSIONS_POLICY)))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT))
                        .deleteCookies(SharedSessions.COOKIE))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(entryPoint)));
        return http.build();
    }

    /** True for a request to a separate management port; {@code local.management.port} is set once it listens. */
    static boolean onManagementPort(HttpServletRequest request, Environment environment) {
        Integer management = environment.getProperty("local.management.port", Integer.class);
        Integer server = environment.getProperty("local.server.port", Integer.class);
        return management != null
                && management > 0
                && !management.equals(server)
                && request.getLocalPort() == management;
    }

    /** See the class comment: explicit Basic credentials are not forgeable cross-site. */
    static boolean basic(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
