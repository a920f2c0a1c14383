package io.backstop.contracts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The hash chains of the audit trail, over the entries as {@link AuditEvent} shows them, so that a consumer of
 * {@code audit.events} recomputes every hash from the event alone. docs/audit-chain.md is the specification and
 * docs/audit-chain-vectors.json its test vectors; this class is the reference implementation of both.
 *
 * <p>Values enter an entry's hash through their digest ({@link #digest}), a Merkle tree over the JSON value, not
 * through their bytes: that is what lets a redaction replace a value by a marker holding the value's digest and
 * leave every hash of both chains as it was.
 */
public final class AuditChain {

    /** The one key of a redaction marker; its value is {@link #REDACTED_PREFIX} and the redacted value's digest. */
    public static final String REDACTED = "redacted";

    public static final String REDACTED_PREFIX = "sha256:";

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();
    /** Integers up to 2^53 are doubles exactly: printed as they are, without a detour through BigDecimal. */
    private static final long MAX_EXACT = 1L << 53;

    private AuditChain() {}

    /** The hash of one entry: covers every field of the event but the hashes and the global link, and its prevHash. */
    public static String entryHash(AuditEvent e) {
        return sha256(entryCanonical(e));
    }

    /** The text {@link #entryHash} hashes. */
    public static String entryCanonical(AuditEvent e) {
        List<Object> changes = new ArrayList<>();
        for (AuditEvent.Change c : e.changes() == null ? List.<AuditEvent.Change>of() : e.changes()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", digest(c.from()));
            change.put("kind", c.kind());
            change.put("path", c.path());
            change.put("to", digest(c.to()));
            changes.add(change);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", e.action());
        fields.put("after", digest(e.after()));
        fields.put("before", digest(e.before()));
        fields.put("changedAt", e.changedAt() == null ? null : e.changedAt().toString());
        fields.put("changedBy", e.changedBy());
        fields.put("changes", changes);
        fields.put("collection", e.collection());
        fields.put("documentId", e.documentId());
        fields.put("id", e.id());
        fields.put("metadata", digest(e.metadata()));
        fields.put("prevHash", e.prevHash());
        fields.put("reason", e.reason());
        fields.put("requestId", e.requestId());
        fields.put("sourcePosition", e.sourcePosition());
        fields.put("version", e.version());
        return canonical(fields);
    }

    /** The hash of an entry's link in the global chain: its position, its predecessor's id and link hash, its hash. */
    public static String linkHash(long seq, String prevId, String prevHash, String entryHash) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("entryHash", entryHash);
        link.put("prevHash", prevHash);
        link.put("prevId", prevId);
        link.put("seq", seq);
        return sha256(canonical(link));
    }

    /**
     * The digest of a JSON value, lowercase hex: a redaction marker stands for the digest it holds; an object is
     * the SHA-256 of the canonical form of the object of its members' digests, an array of the array of its
     * elements' digests; any other value (null included) the SHA-256 of its canonical form.
     */
    public static String digest(Object value) {
        if (value instanceof Map<?, ?> map) {
            String redacted = redactedDigest(map);
            if (redacted != null) {
                return redacted;
            }
            Map<String, Object> digests = new LinkedHashMap<>();
            map.forEach((k, v) -> digests.put(String.valueOf(k), digest(v)));
            return sha256(canonical(digests));
        }
        if (value instanceof List<?> list) {
            List<Object> digests = new ArrayList<>(list.size());
            for (Object v : list) {
                digests.add(digest(v));
            }
            return sha256(canonical(digests));
        }
        return sha256(canonical(value));
    }

    /** The marker that replaces a redacted value: {@code {"redacted": "sha256:<digest of the value>"}}. */
    public static Map<String, Object> redactionMarker(Object value) {
        return Map.of(REDACTED, REDACTED_PREFIX + digest(value));
    }

    public static boolean isRedactionMarker(Object value) {
        return value instanceof Map<?, ?> map && redactedDigest(map) != null;
    }

    private static String redactedDigest(Map<?, ?> map) {
        if (map.size() == 1
                && map.get(REDACTED) instanceof String s
                && s.startsWith(REDACTED_PREFIX)
                && HEX64.matcher(s.substring(REDACTED_PREFIX.length())).matches()) {
            return s.substring(REDACTED_PREFIX.length());
        }
        return null;
    }

    /**
     * RFC 8785 (JSON Canonicalization Scheme): members sorted by their names' UTF-16 code units, no whitespace,
     * strings with only the escapes JSON requires, numbers as ECMAScript prints the IEEE-754 double they denote.
     */
    public static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number n) {
            out.append(number(n));
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            boolean first = true;
            for (var e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            // the event carries plain JSON only; anything else is hashed as the string it is published as
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** ECMAScript's Number::toString of the double {@code n} denotes (RFC 8785, section 3.2.2.3). */
    static String number(Number n) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            // not JSON: the event cannot carry it as a number either
            return "\"" + d + "\"";
        }
        if (d == 0) {
            return "0";
        }
        if ((n instanceof Integer || n instanceof Long) && Math.abs(n.longValue()) <= MAX_EXACT) {
            return Long.toString(n.longValue());
        }
        BigDecimal exact = shortest(Math.abs(d));
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int e = k - exact.scale(); // the value is 0.digits * 10^e
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (k <= e && e <= 21) {
            out.append(digits).append("0".repeat(e - k));
        } else if (0 < e && e <= 21) {
            out.append(digits, 0, e).append('.').append(digits, e, k);
        } else if (-6 < e && e <= 0) {
            out.append("0.").append("0".repeat(-e)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(e - 1 >= 0 ? "+" : "-").append(Math.abs(e - 1));
        }
        return out.toString();
    }

    /**
     * The fewest significant digits that read back as {@code d}, the nearest such decimal: what ECMAScript prints.
     * Not {@code Double.toString}, which on Java 17 sometimes gives more digits than needed (4.9E-324 for 5e-324).
     */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    public static String sha256(String canonical) {
        try {
            return HEX.formatHex(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
