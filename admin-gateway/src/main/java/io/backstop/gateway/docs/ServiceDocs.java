package io.backstop.gateway.docs;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.backstop.gateway.routing.IdentityTokens;
import io.backstop.gateway.routing.ServicesProperties;

/**
 * Fetches {@code /v3/api-docs} from a service as {@code system:admin-gateway} (the services require a token
 * for it), and points the document's {@code servers} at the gateway: the public paths are the same there, and
 * the service's own address is neither reachable nor anyone's business outside the cluster.
 */
public class ServiceDocs {

    private static final Logger log = LoggerFactory.getLogger(ServiceDocs.class);
    static final String SUBJECT = "system:admin-gateway";
    /** Every document's server: the gateway, relative to wherever the document was fetched from. */
    static final String GATEWAY_URL = "/";

    static final String GATEWAY = "admin-gateway";

    enum Service {
        CATALOG("catalog", "catalog-service"),
        AUDIT("audit", "audit-service"),
        BACKUP("backup", "backup-service");

        private final String id;
        private final String title;

        Service(String id, String title) {
            this.id = id;
            this.title = title;
        }

        String id() {
            return id;
        }

        String title() {
            return title;
        }

        static Service of(String id) {
            for (Service s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "No API document named '" + id + "'; see /api/docs.");
        }
    }

    private final RestClient client;
    private final ServicesProperties services;
    private final IdentityTokens tokens;
    private final JsonMapper json;

    public ServiceDocs(
            RestClient.Builder builder, ServicesProperties services, IdentityTokens tokens, JsonMapper json) {
        this.client = builder.build();
        this.services = services;
        this.tokens = tokens;
        this.json = json;
    }

    String fetch(Service service) {
        return json.writeValueAsString(document(service));
    }

    ObjectNode document(Service service) {
        URI base =
                switch (service) {
                    case CATALOG -> services.catalog();
                    case AUDIT -> services.audit();
                    case BACKUP -> services.backup();
                };
        String body;
        try {
            body = client.get()
                    .uri(base.resolve("/v3/api-docs"))
                    .headers(h -> h.setBearerAuth(tokens.mint(SUBJECT, List.of("viewer"))))
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(String.class);
        } catch (RestClientException e) {
            // the exception text can quote the service's answer; it goes to the log, not to the caller
            log.warn(
                    "Fetching the OpenAPI document of {} failed: {}",
                    service.title(),
                    e.getClass().getSimpleName());
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    service.title() + " did not serve its API document; check that it is running and healthy.");
        }
        JsonNode document = body == null ? null : json.readTree(body);
        if (!(document instanceof ObjectNode root) || !root.has("openapi")) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    service.title() + " answered with something that is not an OpenAPI document.");
        }
        root.set("servers", json.valueToTree(List.of(Map.of("url", GATEWAY_URL, "description", GATEWAY))));
        return root;
    }
}
