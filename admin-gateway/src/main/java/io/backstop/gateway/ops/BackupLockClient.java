package io.backstop.gateway.ops;

import java.time.Instant;
import java.util.List;

import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.backstop.gateway.routing.IdentityTokens;
import io.backstop.gateway.routing.ServicesProperties;

/** Asks backup-service who holds the global lock ({@code GET /internal/ops/lock}, docs/architecture.md). */
public class BackupLockClient {

    static final String SUBJECT = "system:admin-gateway";

    /** The part of backup-service's answer the gateway uses; boxed, as a free lock leaves most fields out. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Holder(
            Boolean held,
            String operationId,
            String kind,
            String startedBy,
            Instant startedAt,
            Integer percent,
            String message) {

        boolean holds() {
            return Boolean.TRUE.equals(held) && operationId != null;
        }

        int percentOrZero() {
            return percent == null ? 0 : percent;
        }
    }

    private final RestClient client;
    private final IdentityTokens tokens;

    BackupLockClient(RestClient.Builder builder, ServicesProperties services, IdentityTokens tokens) {
        this.client = builder.clone().baseUrl(services.backup().toString()).build();
        this.tokens = tokens;
    }

    /** The current holder; throws if backup-service cannot be asked. */
    Holder current() {
        Holder holder = client.get()
                .uri("/internal/ops/lock")
                .headers(h -> h.setBearerAuth(tokens.mint(SUBJECT, List.of("viewer"))))
                .retrieve()
                .body(Holder.class);
        if (holder == null) {
            throw new IllegalStateException("backup-service answered /internal/ops/lock with no body");
        }
        return holder;
    }
}
