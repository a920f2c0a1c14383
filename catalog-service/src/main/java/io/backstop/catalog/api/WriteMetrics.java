package io.backstop.catalog.api;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.contracts.Actions;
import io.backstop.support.ApiException;

/**
 * {@value #WRITES}: catalog writes by {@code kind} (brands, models, engines), {@code action} (create, update,
 * move, delete, rollback) and {@code outcome}: {@code ok}, or why it was refused ({@code invalid},
 * {@code not_found}, {@code conflict}, {@code locked}), or {@code error} for a failure of ours. Counted once per
 * request: a cascading delete is one write here, each removed child one audit entry.
 */
@Component
public class WriteMetrics {

    public static final String WRITES = "backstop.catalog.writes";

    private final MeterRegistry registry;

    public WriteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T count(Kind kind, Actions action, Supplier<T> write) {
        String outcome = "error";
        try {
            T result = write.get();
            outcome = "ok";
            return result;
        } catch (ApiException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            registry.counter(WRITES, "kind", kind.collection(), "action", action.value(), "outcome", outcome)
                    .increment();
        }
    }

    private static String outcome(ApiException e) {
        return switch (e.status()) {
            case BAD_REQUEST -> "invalid";
            case NOT_FOUND -> "not_found";
            case CONFLICT -> "conflict";
            case LOCKED -> "locked";
            default -> "refused";
        };
    }
}
