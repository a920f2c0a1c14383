package io.backstop.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;

/**
 * What a browser may do with the gateway's pages: the Content-Security-Policy and Permissions-Policy it sends.
 * <p>
 * The UI runs only its own files ({@code 'self'}): no inline script, no {@code eval}, no plugin, no framing. The one
 * inline element it needs is the import map in {@code index.html} that names Preact's webjar (browsers read import
 * maps only inline); it is allowed by its SHA-256, computed here from the very file that is served, so any other
 * inline script, and any edit to this one, is blocked.
 */
final class BrowserPolicies {

    static final String INDEX = "static/index.html";

    /** Everything the UI never uses, off for its pages and anything they might embed. */
    static final String PERMISSIONS_POLICY = String.join(
            ", ",
            "accelerometer=()",
            "autoplay=()",
            "camera=()",
            "display-capture=()",
            "encrypted-media=()",
            "fullscreen=()",
            "geolocation=()",
            "gyroscope=()",
            "magnetometer=()",
            "microphone=()",
            "midi=()",
            "payment=()",
            "picture-in-picture=()",
            "publickey-credentials-get=()",
            "screen-wake-lock=()",
            "sync-xhr=()",
            "usb=()",
            "xr-spatial-tracking=()");

    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\ssrc=)([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private BrowserPolicies() {}

    static String contentSecurityPolicy() {
        try (InputStream index = new ClassPathResource(INDEX).getInputStream()) {
            return contentSecurityPolicy(new String(index.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX + " to hash its import map", e);
        }
    }

    static String contentSecurityPolicy(String indexHtml) {
        List<String> scripts = new ArrayList<>(List.of("'self'"));
        Matcher inline = INLINE_SCRIPT.matcher(indexHtml);
        while (inline.find()) {
            if (!inline.group(1).contains("importmap")) {
                throw new IllegalStateException(INDEX + " has an inline script that is not the import map; move it"
                        + " into a file under static/js: the Content-Security-Policy allows no inline script");
            }
            scripts.add("'sha256-" + sha256(inline.group(2)) + "'");
        }
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src " + String.join(" ", scripts),
                "style-src 'self'",
                "img-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    static String sha256(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
