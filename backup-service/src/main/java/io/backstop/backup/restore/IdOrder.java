package io.backstop.backup.restore;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Date;

import org.bson.types.ObjectId;

/**
 * MongoDB's sort order for the {@code _id} values a catalog can hold (strings, ObjectIds, numbers, dates), so a
 * backup file and a live cursor sorted by the server can be walked as two sorted streams. Strings compare by their
 * UTF-8 bytes, as the server's simple collation does.
 */
public final class IdOrder implements Comparator<Object> {

    public static final IdOrder INSTANCE = new IdOrder();

    private IdOrder() {}

    @Override
    public int compare(Object a, Object b) {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return Double.compare(na.doubleValue(), nb.doubleValue());
        }
        if (a instanceof String sa && b instanceof String sb) {
            return compareUtf8(sa, sb);
        }
        if (a instanceof ObjectId oa && b instanceof ObjectId ob) {
            return oa.compareTo(ob);
        }
        if (a instanceof Date da && b instanceof Date db) {
            return da.compareTo(db);
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) {
            return ba.compareTo(bb);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static int rank(Object v) {
        if (v == null) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof String) {
            return 3;
        }
        if (v instanceof java.util.Map) {
            return 4;
        }
        if (v instanceof java.util.List) {
            return 5;
        }
        if (v instanceof ObjectId) {
            return 7;
        }
        if (v instanceof Boolean) {
            return 8;
        }
        if (v instanceof Date) {
            return 9;
        }
        return 6;
    }

    private static int compareUtf8(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
