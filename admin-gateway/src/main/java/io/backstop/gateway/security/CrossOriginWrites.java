package io.backstop.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * Refuses a state-changing request that a browser sent from a page of another origin, whatever credentials it
 * carries: the session cookie, or HTTP Basic credentials the browser cached and attaches on its own. The decision is
 * the one Go's {@code http.CrossOriginProtection} makes, with the Referer as a last resort:
 * <ol>
 * <li>{@code Sec-Fetch-Site}, where the browser sends it (secure contexts only: https, or localhost): only
 * {@code same-origin} and {@code none} (the user typed it) pass;</li>
 * <li>otherwise {@code Origin}, which every current browser sends on a cross-origin POST, also on plain http; it must
 * name the host the request was sent to (its {@code Host} header: the scheme is left out, so a proxy that ends TLS
 * in front of the gateway changes nothing);</li>
 * <li>otherwise {@code Referer}, the same way;</li>
 * <li>a request with none of them is not from a browser page (curl, scripts, the services' clients) and passes.</li>
 * </ol>
 * The alternative, requiring a JSON body or a custom header on every write, would have changed the API for every
 * client (a body-less {@code POST /api/backups/{id}/verify} with curl would need an extra header) and would hold only
 * as long as no CORS rule ever allowed that header; this check changes nothing for same-origin pages and non-browser
 * clients.
 */
final class CrossOriginWrites extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = SAFE_METHODS.contains(request.getMethod()) ? null : refusal(request);
        if (refusal != null) {
            Problems.write(
                    request,
                    response,
                    ProblemType.CROSS_ORIGIN,
                    "Cross-origin " + request.getMethod() + " refused: "
                            + refusal
                            + ". Writes are accepted from the admin UI's own pages and from clients that are not"
                            + " browsers (curl, scripts), never from another site's page.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request is from another origin, or null when it is not. */
    static String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none")
                    ? null
                    : "the browser marked it as " + abbreviate(site) + " (Sec-Fetch-Site)";
        }
        String host = request.getHeader("Host");
        for (String header : new String[] {"Origin", "Referer"}) {
            String source = request.getHeader(header);
            if (source != null) {
                return host != null && host.equalsIgnoreCase(authority(source))
                        ? null
                        : "it came from " + abbreviate(source) + " (" + header + "), not from this gateway's own pages";
            }
        }
        return null;
    }

    /** host[:port] of an origin or URL as a browser serialises it (no default port), or "" for "null" and junk. */
    private static String authority(String url) {
        try {
            String authority = URI.create(url.trim()).getRawAuthority();
            return authority == null || authority.contains("@") ? "" : authority.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
