package io.backstop.backup.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.backstop.backup.backup.BackupType;

/**
 * {@code backstop.backup.duration} (timer; tags type, outcome), {@code backstop.backup.outcome} (counter; tags type,
 * outcome) and {@code backstop.backup.size.bytes} (gauge; tag kind = compressed | uncompressed: the size of the
 * newest completed backup, so a sudden drop in size can be alerted on).
 */
public final class MicrometerBackupMetrics implements BackupMetrics {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    private final MeterRegistry registry;
    private final AtomicLong compressed = new AtomicLong();
    private final AtomicLong uncompressed = new AtomicLong();

    public MicrometerBackupMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("backstop.backup.size.bytes", compressed, AtomicLong::get)
                .tag("kind", "compressed")
                .baseUnit("bytes")
                .description("Size of the newest completed backup as stored")
                .register(registry);
        Gauge.builder("backstop.backup.size.bytes", uncompressed, AtomicLong::get)
                .tag("kind", "uncompressed")
                .baseUnit("bytes")
                .description("Size of the newest completed backup's BSON before compression")
                .register(registry);
        for (BackupType type : BackupType.values()) {
            for (String outcome : new String[] {SUCCESS, FAILURE}) {
                // registered up front so a rate or an absence alert has a series from the first scrape
                outcome(type, outcome);
                duration(type, outcome);
            }
        }
    }

    @Override
    public void completed(BackupType type, long nanos, long compressedBytes, long uncompressedBytes) {
        duration(type, SUCCESS).record(nanos, TimeUnit.NANOSECONDS);
        outcome(type, SUCCESS).increment();
        compressed.set(compressedBytes);
        uncompressed.set(uncompressedBytes);
    }

    @Override
    public void failed(BackupType type, long nanos) {
        duration(type, FAILURE).record(nanos, TimeUnit.NANOSECONDS);
        outcome(type, FAILURE).increment();
    }

    private Timer duration(BackupType type, String outcome) {
        return Timer.builder("backstop.backup.duration")
                .description("Time a backup took, dump to verified upload")
                .tag("type", type.value())
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter outcome(BackupType type, String outcome) {
        return Counter.builder("backstop.backup.outcome")
                .description("Backups ended, by type and outcome")
                .tag("type", type.value())
                .tag("outcome", outcome)
                .register(registry);
    }
}
