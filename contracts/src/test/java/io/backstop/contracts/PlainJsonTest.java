package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The one BSON-to-JSON rule, type by type, as written in PlainJson's Javadoc. */
class PlainJsonTest {

    private static String json(Object bson) {
        return new String(Json.write(PlainJson.of(bson)));
    }

    @Test
    void decimal128IsANumberWithItsScale() {
        assertThat(json(Decimal128.parse("1.50"))).isEqualTo("1.50");
        assertThat(PlainJson.of(Decimal128.parse("19.99"))).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    void decimal128BeyondADoublesPrecisionIsItsExactText() {
        assertThat(PlainJson.of(Decimal128.parse("12345678901234567890.123456789")))
                .isEqualTo("12345678901234567890.123456789");
    }

    @Test
    void decimal128NaNInfinityAndNegativeZeroAreStrings() {
        assertThat(PlainJson.of(Decimal128.NaN)).isEqualTo("NaN");
        assertThat(PlainJson.of(Decimal128.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PlainJson.of(Decimal128.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PlainJson.of(Decimal128.NEGATIVE_ZERO)).isEqualTo("-0");
    }

    @Test
    void doubleNaNAndInfinityAreStrings() {
        assertThat(PlainJson.of(Double.NaN)).isEqualTo("NaN");
        assertThat(PlainJson.of(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(json(0.1)).isEqualTo("0.1");
    }

    @Test
    void int64IsANumberUpToTwoToThe53AndExactTextBeyond() {
        assertThat(PlainJson.of(9_007_199_254_740_992L)).isEqualTo(9_007_199_254_740_992L);
        assertThat(PlainJson.of(-9_007_199_254_740_992L)).isEqualTo(-9_007_199_254_740_992L);
        assertThat(PlainJson.of(9_007_199_254_740_993L)).isEqualTo("9007199254740993");
        assertThat(PlainJson.of(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(PlainJson.of(200)).isEqualTo(200);
    }

    @Test
    void datesAreIsoInstantsObjectIdsHexAndBinariesBase64() {
        ObjectId id = new ObjectId("656f0c0a1b2c3d4e5f607182");
        assertThat(PlainJson.of(new Date(0))).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(PlainJson.of(id)).isEqualTo("656f0c0a1b2c3d4e5f607182");
        assertThat(PlainJson.of(new Binary(new byte[] {1, 2, 3}))).isEqualTo("AQID");
        assertThat(PlainJson.of(new byte[] {1, 2, 3})).isEqualTo("AQID");
    }

    @Test
    void documentsAndListsAreConvertedElementByElementKeepingKeyOrder() {
        Document doc =
                new Document("b", new Date(0)).append("a", List.of(Decimal128.parse("2.5"), new Document("x", null)));
        assertThat(json(doc)).isEqualTo("{\"b\":\"1970-01-01T00:00:00Z\",\"a\":[2.5,{\"x\":null}]}");
        assertThat(PlainJson.map(Map.of(1, true))).containsEntry("1", true);
        assertThat(PlainJson.map(null)).isNull();
    }
}
