package io.backstop.gateway.security;

import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The browser's session login (JSON or form), who am I, and the CSRF token for the session path. */
@RestController
@Tag(
        name = "Session",
        description = "Browser login with a session cookie and"
                + " CSRF token; API clients send HTTP Basic on every request instead")
class LoginController {

    private final AuthenticationManager authentication;
    private final SecurityContextRepository contexts;
    private final CookieCsrfTokenRepository csrfTokens;
    private final ChangeSessionIdAuthenticationStrategy sessionFixation = new ChangeSessionIdAuthenticationStrategy();

    LoginController(
            AuthenticationManager authentication,
            SecurityContextRepository contexts,
            CookieCsrfTokenRepository csrfTokens) {
        this.authentication = authentication;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
    }

    private static final String ME_EXAMPLE = "{\"username\":\"editor\",\"roles\":[\"viewer\",\"editor\"]}";

    record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 256) String password) {}

    record Me(String username, List<String> roles) {}

    record Csrf(String headerName, String token) {}

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Log in with {username, password}; answers {username, roles}")
    @ApiResponse(
            responseCode = "200",
            description = "Logged in: the session cookie is set, and a new XSRF-TOKEN",
            content = @Content(examples = @ExampleObject(value = ME_EXAMPLE)))
    @ApiResponse(responseCode = "401", description = "Wrong user name or password")
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed logins for this user or from this address;"
                    + " Retry-After says when to try again")
    Me loginJson(@Valid @RequestBody LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
        return login(login, request, response);
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Log in with a form of username and password; answers {username, roles}")
    @ApiResponse(
            responseCode = "200",
            description = "Logged in: the session cookie is set, and a new XSRF-TOKEN",
            content = @Content(examples = @ExampleObject(value = ME_EXAMPLE)))
    Me loginForm(@Valid @ModelAttribute LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
        return login(login, request, response);
    }

    private Me login(LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
        UsernamePasswordAuthenticationToken attempt =
                UsernamePasswordAuthenticationToken.unauthenticated(login.username(), login.password());
        attempt.setDetails(new ThrottledAuthentication.LoginDetails(request));
        Authentication user = authentication.authenticate(attempt);
        sessionFixation.onAuthentication(user, request, response);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        // a new session gets a new CSRF token, so a token planted before the login is worthless after it
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        return me(user);
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who is logged in, with their roles")
    @ApiResponse(
            responseCode = "200",
            description = "The current user",
            content = @Content(examples = @ExampleObject(value = ME_EXAMPLE)))
    Me me(Authentication user) {
        return new Me(user.getName(), Role.namesOf(user));
    }

    /** Sets the XSRF-TOKEN cookie (if it is not set yet) and returns the raw value to echo in the header. */
    @GetMapping("/api/csrf")
    @Operation(summary = "Set the XSRF-TOKEN cookie and return the token to echo in X-XSRF-TOKEN on session writes")
    @ApiResponse(
            responseCode = "200",
            description = "The header to send and its value",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"headerName\":\"X-XSRF-TOKEN\",\"token\":\"3f0b7f2a-0c1d-4a53-9d8c\"}")))
    Csrf csrf(HttpServletRequest request, HttpServletResponse response) {
        CsrfToken token = csrfTokens.loadToken(request);
        if (token == null) {
            token = csrfTokens.generateToken(request);
            csrfTokens.saveToken(token, request, response);
        }
        return new Csrf(token.getHeaderName(), token.getToken());
    }
}
