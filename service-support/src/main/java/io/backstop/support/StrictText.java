package io.backstop.support;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * How every text field of a request body is read: only a JSON string is text ({@code "name": true} is a type error,
 * not the word "true"), and the text may not carry what no catalog name, reason or description needs and what
 * makes stored data lie or break its readers: control characters other than tab and line breaks, unpaired UTF-16
 * surrogates (not encodable as UTF-8), and the bidirectional overrides and isolates that make a name display as
 * something else (Trojan Source, CVE-2021-42574).
 */
final class StrictText extends StdScalarDeserializer<String> {

    StrictText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
        String text = p.getString();
        String problem = problem(text);
        if (problem != null) {
            throw InvalidFormatException.from(p, problem, text, String.class);
        }
        return text;
    }

    /** Why {@code text} is refused, or null when it is fine. */
    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (\\u" + hex(c) + "), which is not a character";
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return "contains the control character \\u" + hex(c);
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return "contains the bidirectional control \\u" + hex(c)
                        + ", which would make it display as something else";
            }
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
