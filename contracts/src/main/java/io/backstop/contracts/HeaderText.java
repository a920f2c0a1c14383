package io.backstop.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How free text travels in an HTTP header: the one definition the UI, the gateway and the services share. A header
 * carries bytes, and Tomcat hands each byte over as one ISO-8859-1 character, so what a client meant has to be
 * read back from those bytes. Two forms are accepted for a free-text header {@code Name}:
 * <ul>
 * <li>{@code Name: text}. Bytes that are valid UTF-8 are read as UTF-8 (curl from a UTF-8 terminal); bytes that
 * are not are read as ISO-8859-1, which is what a Latin-1 client meant. Latin-1 text that happens to be valid
 * UTF-8 as well (such as {@code Ã¼}) therefore reads as UTF-8: a client that needs it exact uses the other form.</li>
 * <li>{@code Name*: UTF-8''percent-encoded} (RFC 8187). It is plain ASCII, so it survives every hop, and it is the
 * only way a browser can send characters above U+00FF. The gateway forwards every free-text header in this form.</li>
 * </ul>
 * Sending both forms, or one of them twice, is refused rather than one value silently winning.
 */
public final class HeaderText {

    /** Why a change was made, stored with its audit entry. */
    public static final String CHANGE_REASON = "X-Change-Reason";

    /** Every header whose value is free text rather than a token. */
    public static final List<String> FREE_TEXT = List.of(CHANGE_REASON);

    private static final Pattern EXT_VALUE = Pattern.compile("([A-Za-z0-9!#$%&+^_`{}~-]+)'([A-Za-z0-9-]*)'(.*)");
    // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";
    private static final String EXAMPLE = "UTF-8''Pr%C3%BCfstand%20%E2%9C%93";

    private HeaderText() {}

    /** The name of the RFC 8187 form of {@code name}. */
    public static String extended(String name) {
        return name + "*";
    }

    /**
     * The one value of header {@code name}, from whichever form was sent, or null when neither was.
     *
     * @param plain    the values of {@code name}, as the servlet container decoded them (one char per byte)
     * @param extended the values of {@code name*}
     * @throws MalformedHeaderException naming the header when it cannot be read unambiguously
     */
    public static String read(String name, List<String> plain, List<String> extended) {
        if (!plain.isEmpty() && !extended.isEmpty()) {
            throw new MalformedHeaderException(name, "Send either " + name + " or " + extended(name) + ", not both.");
        }
        if (plain.size() > 1 || extended.size() > 1) {
            String sent = plain.isEmpty() ? extended(name) : name;
            throw new MalformedHeaderException(
                    sent, "Send " + sent + " once; it was sent " + Math.max(plain.size(), extended.size()) + " times.");
        }
        if (!extended.isEmpty()) {
            return decodeExtended(name, extended.get(0));
        }
        return plain.isEmpty() ? null : decodePlain(plain.get(0));
    }

    /** The text the bytes of a plain header value stand for (see the class comment). */
    public static String decodePlain(String raw) {
        byte[] bytes = new byte[raw.length()];
        boolean ascii = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xFF) {
                return raw; // already text, not bytes: some layer decoded it before us
            }
            ascii &= c < 0x80;
            bytes[i] = (byte) c;
        }
        if (ascii) {
            return raw;
        }
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException notUtf8) {
            return raw;
        }
    }

    /** The text of an RFC 8187 {@code ext-value} sent as header {@code name*}. */
    public static String decodeExtended(String name, String value) {
        String header = extended(name);
        Matcher m = EXT_VALUE.matcher(value);
        if (!m.matches()) {
            throw malformed(header, "it must be charset'language'value");
        }
        if (!m.group(1).toUpperCase(Locale.ROOT).equals("UTF-8")) {
            throw malformed(header, "the charset must be UTF-8, not " + m.group(1));
        }
        String chars = m.group(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(chars.length());
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c == '%') {
                int hi = i + 2 < chars.length() ? Character.digit(chars.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(chars.charAt(i + 2), 16);
                if (lo < 0) {
                    throw malformed(
                            header, "'%' must be followed by two hex digits at position " + (i + 1) + " of the value");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (attrChar(c)) {
                bytes.write(c);
            } else {
                throw malformed(header, "'" + c + "' must be percent-encoded");
            }
        }
        try {
            return strictUtf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw malformed(header, "the percent-encoded bytes are not UTF-8");
        }
    }

    /** {@code text} as an RFC 8187 {@code ext-value}: {@code UTF-8''} and the percent-encoded UTF-8 bytes. */
    public static String encodeExtended(String text) {
        StringBuilder out = new StringBuilder("UTF-8''");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && attrChar(c)) {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static boolean attrChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0;
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static MalformedHeaderException malformed(String header, String why) {
        return new MalformedHeaderException(
                header,
                header + " is not an RFC 8187 value: " + why
                        + ". Send it like " + header + ": " + EXAMPLE
                        + " (percent-encoded UTF-8), or send the text as raw UTF-8 in "
                        + header.substring(0, header.length() - 1) + ".");
    }

    /** A free-text header that cannot be read; the message says how to send it. */
    public static final class MalformedHeaderException extends IllegalArgumentException {

        private final String header;

        MalformedHeaderException(String header, String message) {
            super(message);
            this.header = header;
        }

        /** The header as the client named it, with the {@code *} of the RFC 8187 form. */
        public String header() {
            return header;
        }
    }
}
