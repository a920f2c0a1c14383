package io.backstop.audit.materialize;

/** Orders source positions {@code <ts_ms>:<ord>} numerically. */
final class SourcePositions {

    private SourcePositions() {}

    static int compare(String a, String b) {
        long[] pa = parse(a);
        long[] pb = parse(b);
        if (pa == null || pb == null) {
            return 0;
        }
        int byTime = Long.compare(pa[0], pb[0]);
        return byTime != 0 ? byTime : Long.compare(pa[1], pb[1]);
    }

    private static long[] parse(String position) {
        int colon = position == null ? -1 : position.indexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            return new long[] {
                Long.parseLong(position.substring(0, colon)), Long.parseLong(position.substring(colon + 1))
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
