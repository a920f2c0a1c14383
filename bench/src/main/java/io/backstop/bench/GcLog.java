package io.backstop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak heap of a service over a time window, read from its unified GC log ({@code -Xlog:gc:...:time,uptime}, set
 * by the stack launcher): the heap in use just before each collection is the high-water mark between collections.
 */
final class GcLog {

    private static final Pattern PAUSE =
            Pattern.compile("^\\[([^\\]]+)\\]\\[[\\d.]+s\\] GC\\(\\d+\\) Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLog() {}

    /** Result of a window: peak before-GC heap in MB, and how many collections it saw. */
    record Peak(long peakMb, int collections) {}

    static Peak peak(Path log, Instant from, Instant to) throws IOException {
        long peak = 0;
        int collections = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            collections++;
            peak = Math.max(peak, Long.parseLong(m.group(2)));
        }
        return new Peak(peak, collections);
    }
}
