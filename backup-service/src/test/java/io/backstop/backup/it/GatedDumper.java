package io.backstop.backup.it;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.backstop.backup.dump.Dumper;

/**
 * The real Java dumper behind a gate a test can close, so "a backup is in progress" lasts exactly as long as the
 * test needs, without sleeping and hoping.
 */
public final class GatedDumper implements Dumper {

    private final Dumper delegate;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public GatedDumper(Dumper delegate) {
        this.delegate = delegate;
    }

    public void close() {
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    /** Whether a dump has started since the gate was last closed. */
    public boolean entered() {
        return entered.getCount() == 0;
    }

    public boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    @Override
    public DumpResult dump(Path dir, Progress progress) throws Exception {
        entered.countDown();
        if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test gate never opened");
        }
        return delegate.dump(dir, progress);
    }
}
