package io.backstop.contracts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Decoded BSON as the plain values every JSON the services write carries (API responses, {@code audit.events},
 * CSV exports, backup comparisons). The one rule per BSON type:
 * <ul>
 * <li>document / map: an object with the same keys in the same order; array / list: an array; both converted
 * element by element.</li>
 * <li>string, boolean, null: as they are.</li>
 * <li>numbers (int32, int64, double, Decimal128): a JSON number when a reader that parses numbers into IEEE-754
 * doubles (JavaScript, the admin UI) reads back the same decimal, so {@code 1.50} stays the number {@code 1.50};
 * otherwise the exact decimal text as a string, so no digit is lost: an int64 beyond 2<sup>53</sup>
 * ({@code "9007199254740993"}), a Decimal128 with more than about 15 significant digits.</li>
 * <li>NaN and infinities (double or Decimal128), and Decimal128's negative zero: the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, {@code "-0"}, because JSON has no literal for them.</li>
 * <li>date: an ISO-8601 UTC instant string ({@code "2026-11-26T10:00:00Z"}).</li>
 * <li>ObjectId: its 24-character hex string.</li>
 * <li>binary (any subtype) and {@code byte[]}: standard base64 with padding.</li>
 * <li>anything else (timestamp, regex, code, min/max key, UUID): its {@code toString()}.</li>
 * </ul>
 * Only the three back-end services call this: they have the BSON library; {@code contracts} declares it optional.
 */
public final class PlainJson {

    private PlainJson() {}

    public static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(of(v)));
            return out;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Binary binary) {
            return Base64.getEncoder().encodeToString(binary.getData());
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Decimal128 decimal) {
            return decimal(decimal);
        }
        if (value instanceof Number number) {
            return number(number);
        }
        return value.toString();
    }

    public static Map<String, Object> map(Map<?, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
        return out;
    }

    private static Object decimal(Decimal128 decimal) {
        BigDecimal exact;
        try {
            exact = decimal.bigDecimalValue();
        } catch (ArithmeticException e) {
            // NaN, the infinities and negative zero have no BigDecimal
            return decimal.toString();
        }
        return survivesDouble(exact) ? exact : exact.toPlainString();
    }

    private static Object number(Number number) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            // a finite double is by definition what a double reader gets back
            return Double.isFinite(d) ? number : Double.toString(d);
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number;
        }
        BigDecimal exact = number instanceof BigDecimal bd
                ? bd
                : number instanceof BigInteger bi ? new BigDecimal(bi) : new BigDecimal(number.longValue());
        return survivesDouble(exact) ? number : exact.toPlainString();
    }

    /** True when parsing the decimal into a double and printing that double gives the same decimal back. */
    private static boolean survivesDouble(BigDecimal exact) {
        double d = exact.doubleValue();
        return Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0;
    }
}
