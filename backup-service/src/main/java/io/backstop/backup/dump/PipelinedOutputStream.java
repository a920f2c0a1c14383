package io.backstop.backup.dump;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands what is written, in chunks, to another thread (from {@code drainers}, which must run it at once: see
 * {@code DumpConfiguration}) that writes it to the target, so the writer and the target's work (for a dump: gzip
 * and SHA-256) run on two cores instead of taking turns on one. At most a few chunks wait in between, so memory
 * stays constant. A failure of the target is thrown to the writer at its next write or at {@link #close()}, which
 * also waits until everything has reached the target and closes it.
 */
final class PipelinedOutputStream extends OutputStream {

    private static final int CHUNK = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final OutputStream target;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
    private final String name;
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile IOException failure;
    private byte[] chunk = new byte[CHUNK];
    private int used;
    private boolean closed;

    PipelinedOutputStream(OutputStream target, String name, Executor drainers) throws IOException {
        this.target = target;
        this.name = name;
        try {
            drainers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            target.close();
            throw new IOException("no thread free to write " + name + ": " + e.getMessage(), e);
        }
    }

    private void drain() {
        try {
            for (byte[] c = chunks.take(); c != END; c = chunks.take()) {
                if (failure == null) {
                    try {
                        target.write(c);
                    } catch (IOException | RuntimeException e) {
                        failure = e instanceof IOException io ? io : new IOException(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drained.countDown();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        rethrow();
        while (len > 0) {
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunk, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == CHUNK) {
                handOver();
            }
        }
    }

    private void handOver() throws IOException {
        if (used == 0) {
            return;
        }
        put(used == CHUNK ? chunk : Arrays.copyOf(chunk, used));
        chunk = new byte[CHUNK];
        used = 0;
    }

    private void put(byte[] c) throws IOException {
        try {
            chunks.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + name);
        }
    }

    private void rethrow() throws IOException {
        if (failure != null) {
            // a new exception each time: the writer may see it at a write and again at close
            throw new IOException(failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            handOver();
            put(END);
            drained.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing " + name);
        } finally {
            target.close();
        }
        rethrow();
    }
}
