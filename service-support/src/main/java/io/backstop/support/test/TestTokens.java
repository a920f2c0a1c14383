package io.backstop.support.test;

import io.backstop.support.ServiceTokens;

/**
 * Tokens as the gateway would sign them, for tests of the services. Lives in the main jar so every service's
 * tests share one definition; it can only sign with a secret the test itself configures.
 */
public final class TestTokens {

    /** The secret service tests set as {@code backstop.security.gateway-secret}. */
    public static final String SECRET = "test-secret-test-secret-test-secret-0123";

    private TestTokens() {}

    public static String bearer(String user, String... roles) {
        return bearerSignedWith(SECRET, user, roles);
    }

    public static String bearerSignedWith(String secret, String user, String... roles) {
        return "Bearer " + new ServiceTokens(secret).mint(user, roles);
    }
}
