package io.backstop.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose free-text headers ({@link HeaderText#FREE_TEXT}, in either form) are exactly the ones given, under
 * the names given: the gateway shows only the {@code *} form it forwards, a service only the decoded text under the
 * plain name. Both must hide the raw header before Spring Security's firewall, which takes raw UTF-8 bytes for C1
 * control characters. The servlet API is the caller's (provided); the rest of this module does not use it.
 */
public final class FreeTextRequest extends HttpServletRequestWrapper {

    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** @param headers header name → value; these replace every free-text header of {@code request} */
    public FreeTextRequest(HttpServletRequest request, Map<String, String> headers) {
        super(request);
        this.headers.putAll(headers);
    }

    private static boolean freeText(String name) {
        return HeaderText.FREE_TEXT.stream()
                .anyMatch(
                        n -> n.equalsIgnoreCase(name) || HeaderText.extended(n).equalsIgnoreCase(name));
    }

    @Override
    public String getHeader(String name) {
        return freeText(name) ? headers.get(name) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (!freeText(name)) {
            return super.getHeaders(name);
        }
        String value = headers.get(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!freeText(name)) {
                names.add(name);
            }
        }
        names.addAll(headers.keySet());
        return Collections.enumeration(names);
    }
}
