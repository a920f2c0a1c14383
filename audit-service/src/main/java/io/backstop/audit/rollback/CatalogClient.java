package io.backstop.audit.rollback;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.backstop.audit.AuditProperties;
import io.backstop.contracts.Json;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;
import io.backstop.support.NothingChanged;
import io.backstop.support.StaleVersionException;

/**
 * catalog-service, called with the caller's own token and request id, so the rollback is authorized, validated
 * and attributed there exactly like an edit. Its client errors come back as ours, with its reason.
 */
@Component
class CatalogClient {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogClient.class);

    static final String REQUEST_ID = "X-Request-Id";

    private final RestClient http;

    CatalogClient(AuditProperties properties) {
        this.http = RestClient.builder()
                .baseUrl(properties.catalogUrl().toString())
                .requestFactory(new JdkClientHttpRequestFactory())
                .build();
    }

    /**
     * Asks catalog-service to revert, which checks {@code expectedVersion} in its write.
     *
     * @throws StaleVersionException when the document is at another version than the request expected
     */
    Reverted revert(String kind, String id, RevertRequest body, String bearer, String requestId) {
        try {
            return http.post()
                    .uri("/internal/catalog/{kind}/{id}/revert", kind, id)
                    .headers(h -> forward(h, bearer, requestId))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(Json.write(body))
                    .exchange((request, response) -> {
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw refused(response.getStatusCode(), response.getBody());
                        }
                        boolean unchanged = NothingChanged.VALUE.equals(
                                response.getHeaders().getFirst(NothingChanged.HEADER));
                        return new Reverted(RolledBackDocument.of(read(response.getBody())), !unchanged);
                    });
        } catch (ResourceAccessException e) {
            throw unavailable(e);
        }
    }

    private static void forward(HttpHeaders headers, String bearer, String requestId) {
        if (bearer != null) {
            headers.set(HttpHeaders.AUTHORIZATION, bearer);
        }
        if (requestId != null) {
            headers.set(REQUEST_ID, requestId);
        }
    }

    /**
     * 4xx keep their status and reason (409 conflict or parent gone, 404, 400 invalid, 423 write freeze). A 5xx
     * answer is not quoted: whatever failed there (or in a proxy in between) is none of the caller's business
     * and may name internals; the request id leads to catalog-service's log line.
     */
    private static ApiException refused(HttpStatusCode status, InputStream body) {
        if (!status.is4xxClientError()) {
            return new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "catalog-service failed (" + status.value()
                            + "); nothing was rolled back. Try again, or quote the request id "
                            + CurrentUser.requestId() + ".");
        }
        Map<String, Object> problem = Map.of();
        try {
            problem = read(body);
        } catch (RuntimeException | IOException e) {
            // no problem body: the status alone speaks
        }
        Object detail = problem.get("detail");
        String reason =
                "catalog-service refused the rollback (" + status.value() + ")" + (detail == null ? "" : ": " + detail);
        if (status.value() == HttpStatus.CONFLICT.value()
                && problem.get(StaleVersionException.CURRENT_VERSION) instanceof Number current) {
            return new StaleVersionException(reason, current.longValue());
        }
        HttpStatus resolved = HttpStatus.resolve(status.value());
        return new ApiException(resolved == null ? HttpStatus.BAD_REQUEST : resolved, reason);
    }

    /** The exception's text names the URL (with any credentials in it): logged by cause only, never answered. */
    private static ApiException unavailable(ResourceAccessException e) {
        Throwable cause = e.getMostSpecificCause();
        log.warn(
                "catalog-service not reachable for a rollback: {}",
                cause.getClass().getSimpleName() + (cause == e ? "" : ": " + cause.getMessage()));
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "catalog-service is not reachable, nothing was rolled back; try again shortly.");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        return bytes.length == 0 ? Map.of() : Json.MAPPER.readValue(bytes, Map.class);
    }
}
