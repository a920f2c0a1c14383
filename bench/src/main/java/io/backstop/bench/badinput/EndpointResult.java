package io.backstop.bench.badinput;

import java.util.List;
import java.util.Map;

/**
 * One endpoint's batch: how many bad requests, how they were answered, and whether the stores changed.
 *
 * @param rejected4xx     4xx answers (those that are not a complete problem are also counted in {@code withoutMessage})
 * @param accepted2xx     2xx answers that were right (a free-text filter taken literally, matching nothing)
 * @param unexpected2xx   2xx answers where only a 4xx was right
 * @param noAnswer        requests the server did not answer (connection reset, timeout) or that were 3xx
 * @param writes          the parts of the stores that changed during the batch (empty: nothing written)
 * @param failures        every case that was not answered as it should have been, with the answer
 * @param withoutMessageCases the 4xx answers that were not a complete problem (problem+json with a documented
 *                        {@code type}, a detail and a {@code requestId}), each with what it lacked
 */
public record EndpointResult(
        String endpoint,
        int cases,
        int rejected4xx,
        int withoutMessage,
        int accepted2xx,
        int unexpected2xx,
        int server5xx,
        int noAnswer,
        Map<String, String> writes,
        List<String> failures,
        List<String> withoutMessageCases) {

    /** The bar: never a 5xx, never a 2xx where a 4xx was due, never a write, every 4xx a complete problem. */
    public boolean passed() {
        return server5xx == 0 && unexpected2xx == 0 && noAnswer == 0 && writes.isEmpty() && withoutMessage == 0;
    }
}
