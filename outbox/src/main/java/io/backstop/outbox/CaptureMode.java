package io.backstop.outbox;

/**
 * How catalog changes reach the capture topics ({@code backstop.capture.mode}); catalog-service and
 * backup-service, which both write the catalog through {@link CatalogWriter}, must agree on it.
 */
public enum CaptureMode {

    /** Every write records its change in {@code catalog.outbox}; catalog-service's relay publishes them. */
    OUTBOX,

    /**
     * Debezium reads the change streams of the documents themselves, whose {@code _change} says who, why and when.
     * Writes keep their versions, delete markers and tombstones but record nothing in the outbox: no relay runs to
     * publish or delete entries there, so they would only pile up.
     */
    DEBEZIUM
}
