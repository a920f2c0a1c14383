package io.backstop.backup.pitr;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;
import io.backstop.support.ServiceTokens;

/** Reads audit-service's {@code GET /internal/audit/changes} page by page, oldest first. */
public class AuditChangesClient {

    private static final int MAX_PAGES = 100_000;

    private final RestClient http;
    private final URI base;
    private final ServiceTokens tokens;

    public AuditChangesClient(RestClient.Builder builder, URI base, ServiceTokens tokens) {
        this.http = builder.build();
        this.base = base;
        this.tokens = tokens;
    }

    /** One audit entry as the internal feed returns it; {@code after} and {@code before} are canonical Extended JSON. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(
            String id,
            String collection,
            String documentId,
            long version,
            String action,
            Instant changedAt,
            String sourcePosition,
            String before,
            String after) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Change> items, String next) {}

    public void changes(Instant after, Instant until, Consumer<Change> sink) {
        String authorization = CurrentUser.bearerToken() != null
                ? CurrentUser.bearerToken()
                : "Bearer " + tokens.mint("system:backup-service", "admin");
        String cursor = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
                    .path("/internal/audit/changes")
                    .queryParam("after", after.toString())
                    .queryParam("until", until.toString());
            if (cursor != null) {
                uri.queryParam("cursor", cursor);
            }
            Page page;
            try {
                page = http.get()
                        .uri(uri.encode().build().toUri())
                        .header("Authorization", authorization)
                        .retrieve()
                        .body(Page.class);
            } catch (RestClientException e) {
                throw new ApiException(
                        HttpStatus.BAD_GATEWAY,
                        "audit-service at " + base + " could not list the "
                                + "changes after the backup (" + e.getMessage() + "); point-in-time restore needs it, "
                                + "retry when it is up");
            }
            if (page == null || page.items() == null) {
                return;
            }
            page.items().forEach(sink);
            if (page.next() == null || page.items().isEmpty()) {
                return;
            }
            cursor = page.next();
        }
        throw new ApiException(HttpStatus.BAD_GATEWAY, "audit-service returned more pages than expected");
    }
}
