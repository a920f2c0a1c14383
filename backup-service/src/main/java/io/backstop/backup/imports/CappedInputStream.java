package io.backstop.backup.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses the import as soon as more than {@code limit} bytes came through: a bomb is stopped while it expands,
 * never after it filled the disk. Unlike {@code LimitedInputStream}, which quietly ends a stream at its limit.
 */
final class CappedInputStream extends FilterInputStream {

    /** Says what went over which limit. */
    @FunctionalInterface
    interface Refusal {
        ImportRefusedException over(long limit);
    }

    private final long limit;
    private final Refusal refusal;
    private long count;

    CappedInputStream(InputStream in, long limit, Refusal refusal) {
        super(in);
        this.limit = limit;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read, not skipped, so skipped bytes count against the limit too
        return in.readNBytes((int) Math.min(n, 64 * 1024)).length;
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw refusal.over(limit);
        }
    }

    long count() {
        return count;
    }
}
