package io.backstop.audit.store;

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
 * Decoded BSON to the plain JSON values the public API and {@code audit.events} carry: dates as ISO-8601
 * instants, ObjectIds as hex, Decimal128 as a decimal number, binaries as base64; maps and lists recursively.
 */
public final class PlainJson {

    private PlainJson() {
    }

    public static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(of(v));
            }
            return out;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Decimal128 d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d.bigDecimalValue();
        }
        if (value instanceof Binary b) {
            return Base64.getEncoder().encodeToString(b.getData());
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Number) {
            return value;
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
}
