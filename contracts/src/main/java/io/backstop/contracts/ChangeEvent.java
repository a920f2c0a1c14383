package io.backstop.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value of a record on a capture topic: Debezium's MongoDB change-event envelope with
 * {@code schemas.enable=false}. Both capture modes write exactly this; see docs/architecture.md.
 *
 * @param before full document before the change as relaxed Extended JSON, or null when unknown or on create
 * @param after full document after the change as relaxed Extended JSON, or null on delete
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChangeEvent(
        String before,
        String after,
        Object updateDescription,
        Source source,
        String op,
        @JsonProperty("ts_ms") Long tsMs) {

    public static final String CREATE = "c";
    public static final String UPDATE = "u";
    public static final String DELETE = "d";
    public static final String READ = "r";

    /** Unique per change and stable across re-delivery: consumers deduplicate by it. */
    public String position() {
        return source.tsMs() + ":" + source.ord();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(
            String version,
            String connector,
            String name,
            @JsonProperty("ts_ms") long tsMs,
            String snapshot,
            String db,
            String collection,
            long ord,
            String lsid,
            Long txnNumber) {}
}
