package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.backstop.gateway.GatewayTestSupport;

/** Issue 14, point 11: the UI's pages tell the browser to run only the UI's own files, and to leak nothing. */
class BrowserPoliciesTest extends GatewayTestSupport {

    private static final Pattern IMPORT_MAP =
            Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(url("/")).GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp.split(";\\s*"))
                .contains(
                        "default-src 'self'",
                        "object-src 'none'",
                        "frame-ancestors 'none'",
                        "base-uri 'none'",
                        "style-src 'self'");
        assertThat(csp)
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval")
                .doesNotContain("*");
    }

    @Test
    void theOnlyInlineScriptAllowedIsTheServedImportMapByItsHash() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(url("/")).GET().build());

        Matcher importMap = IMPORT_MAP.matcher(page.body());
        assertThat(importMap.find())
                .as("index.html names Preact in an import map")
                .isTrue();
        String scriptSrc = page.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow()
                .split(";\\s*")[1];
        assertThat(scriptSrc)
                .isEqualTo("script-src 'self' 'sha256-" + BrowserPolicies.sha256(importMap.group(1)) + "'");
        assertThat(page.body())
                .as("no inline style either")
                .doesNotContain("<style")
                .doesNotContain(" style=");
    }

    @Test
    void anInlineScriptOtherThanTheImportMapStopsStartUp() {
        assertThatThrownBy(() -> BrowserPolicies.contentSecurityPolicy(
                        "<script type=\"importmap\">{}</script><script>alert(1)</script>"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the import map");
    }

    @Test
    void noReferrerAndNoPowerfulFeatures() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(url("/")).GET().build());

        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Permissions-Policy").orElseThrow())
                .contains("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()");
    }

    @Test
    void apiAnswersCarryThePoliciesToo() throws Exception {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(url("/api/me")).GET().build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
