package io.backstop.diff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep value equality for decoded BSON: maps compare by entries regardless of key order, lists by position,
 * numbers by value across Integer/Long/Double/Decimal128 (a document re-read from JSON may turn an int64 200
 * into an int32 200, which is not a change), byte arrays by content, everything else by {@code equals}.
 */
public final class Values {

    private Values() {}

    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return numbersEqual(na, nb);
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            return mapsEqual(ma, mb, Set.of());
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            return listsEqual(la, lb);
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return Arrays.equals(ba, bb);
        }
        return a.equals(b);
    }

    /** Equal maps, ignoring the given top-level keys (absent and ignored are the same). */
    static boolean mapsEqual(Map<?, ?> a, Map<?, ?> b, Set<String> ignored) {
        int counted = 0;
        for (Map.Entry<?, ?> e : a.entrySet()) {
            Object key = e.getKey();
            if (ignored.contains(key)) {
                continue;
            }
            Object other = b.get(key);
            if (other == null && !b.containsKey(key)) {
                return false;
            }
            if (!deepEquals(e.getValue(), other)) {
                return false;
            }
            counted++;
        }
        int bCount = b.size();
        if (!ignored.isEmpty()) {
            for (String key : ignored) {
                if (b.containsKey(key)) {
                    bCount--;
                }
            }
        }
        return counted == bCount;
    }

    private static boolean listsEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> ia = a.iterator();
        Iterator<?> ib = b.iterator();
        while (ia.hasNext()) {
            if (!deepEquals(ia.next(), ib.next())) {
                return false;
            }
        }
        return true;
    }

    static boolean numbersEqual(Number a, Number b) {
        boolean ia = isIntegral(a);
        boolean ib = isIntegral(b);
        if (ia && ib) {
            return a.longValue() == b.longValue();
        }
        boolean fa = a instanceof Double || a instanceof Float;
        boolean fb = b instanceof Double || b instanceof Float;
        if ((fa || ia) && (fb || ib)) {
            if (ia || ib) {
                long l = ia ? a.longValue() : b.longValue();
                double d = ia ? b.doubleValue() : a.doubleValue();
                // 2^63 casts to Long.MAX_VALUE: only doubles inside the long range can equal a long
                return d >= -0x1p63 && d < 0x1p63 && (long) d == l && (double) l == d;
            }
            double da = a.doubleValue();
            double db = b.doubleValue();
            return da == db || (Double.isNaN(da) && Double.isNaN(db));
        }
        // BigDecimal, BigInteger, Decimal128 (a Number whose toString is a decimal string) or a mix with them
        BigDecimal da = toBigDecimal(a);
        BigDecimal db = toBigDecimal(b);
        if (da == null || db == null) {
            return a.equals(b) || a.toString().equals(b.toString());
        }
        return da.compareTo(db) == 0;
    }

    static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal bd) {
            return bd;
        }
        if (n instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return null; // NaN or Infinity of a decimal type: compared by its string form
        }
    }
}
