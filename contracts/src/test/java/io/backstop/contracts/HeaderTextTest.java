package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    private static final String REASON = "Prüfstand ✓";

    /** What Tomcat hands over for these bytes: one ISO-8859-1 char per byte. */
    private static String asContainerSees(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsRawUtf8BytesAsUtf8() {
        String raw = asContainerSees(REASON.getBytes(StandardCharsets.UTF_8));

        assertThat(HeaderText.decodePlain(raw)).isEqualTo(REASON);
    }

    @Test
    void keepsLatin1BytesThatAreNotUtf8AsLatin1() {
        String raw = asContainerSees("Prüfstand".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(HeaderText.decodePlain(raw)).isEqualTo("Prüfstand");
    }

    @Test
    void leavesAsciiAndAlreadyDecodedTextAlone() {
        assertThat(HeaderText.decodePlain("typo fix")).isEqualTo("typo fix");
        assertThat(HeaderText.decodePlain(REASON)).isEqualTo(REASON);
    }

    @Test
    void readsTheRfc8187Form() {
        assertThat(HeaderText.decodeExtended("X-Change-Reason", "UTF-8''Pr%C3%BCfstand%20%E2%9C%93"))
                .isEqualTo(REASON);
        assertThat(HeaderText.decodeExtended("X-Change-Reason", "utf-8'de'Pr%c3%bcfstand"))
                .isEqualTo("Prüfstand");
        assertThat(HeaderText.decodeExtended("X-Change-Reason", "UTF-8''")).isEmpty();
    }

    @Test
    void encodesWhatItDecodes() {
        String text = "Prüfstand ✓ 100% (v2) 'quoted' \"x\" a*b, 😀";
        String encoded = HeaderText.encodeExtended(text);

        assertThat(encoded).startsWith("UTF-8''").matches("[\\x21-\\x7E]*");
        assertThat(encoded)
                .isEqualTo("UTF-8''Pr%C3%BCfstand%20%E2%9C%93%20100%25%20%28v2%29%20%27quoted%27%20%22x%22"
                        + "%20a%2Ab%2C%20%F0%9F%98%80");
        assertThat(HeaderText.decodeExtended("X-Change-Reason", encoded)).isEqualTo(text);
    }

    @Test
    void refusesMalformedRfc8187ValuesNamingTheHeader() {
        List<String> malformed = List.of(
                "Pr%C3%BCfstand", // no charset''
                "UTF-8'Pr%C3%BCfstand", // one quote
                "ISO-8859-1''Pr%FCfstand", // a charset other than UTF-8
                "UTF-8''Pr%C3%BCf stand", // a space that is not encoded
                "UTF-8''Pr%C3%BCfstand%2", // a cut-off escape
                "UTF-8''Pr%G3fstand", // not hex
                "UTF-8''Pr%FCfstand"); // percent-encoded Latin-1, not UTF-8
        for (String value : malformed) {
            assertThatThrownBy(() -> HeaderText.decodeExtended("X-Change-Reason", value))
                    .as(value)
                    .isInstanceOf(HeaderText.MalformedHeaderException.class)
                    .hasMessageStartingWith("X-Change-Reason* is not an RFC 8187 value")
                    .extracting(e -> ((HeaderText.MalformedHeaderException) e).header())
                    .isEqualTo("X-Change-Reason*");
        }
    }

    @Test
    void readsWhicheverFormWasSent() {
        assertThat(HeaderText.read("X-Change-Reason", List.of(), List.of())).isNull();
        assertThat(HeaderText.read("X-Change-Reason", List.of("typo"), List.of()))
                .isEqualTo("typo");
        assertThat(HeaderText.read("X-Change-Reason", List.of(), List.of("UTF-8''typo%20%E2%9C%93")))
                .isEqualTo("typo ✓");
    }

    @Test
    void refusesBothFormsAtOnce() {
        assertThatThrownBy(() -> HeaderText.read("X-Change-Reason", List.of("a"), List.of("UTF-8''a")))
                .isInstanceOf(HeaderText.MalformedHeaderException.class)
                .hasMessage("Send either X-Change-Reason or X-Change-Reason*, not both.");
    }

    @Test
    void refusesAHeaderSentTwice() {
        assertThatThrownBy(() -> HeaderText.read("X-Change-Reason", List.of("a", "b"), List.of()))
                .isInstanceOf(HeaderText.MalformedHeaderException.class)
                .hasMessage("Send X-Change-Reason once; it was sent 2 times.");
    }
}
