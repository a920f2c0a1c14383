package io.backstop.gateway.docs;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * One place for operators to read every API: {@code /api/docs} lists the documents, {@code /api/docs/{service}}
 * serves a back-end service's OpenAPI document, fetched with a token the gateway mints. The gateway's own
 * document is springdoc's, served at {@code /api/docs/gateway} (springdoc.api-docs.path). Admins only
 * (SecurityConfiguration): the documents name internal endpoints.
 */
@RestController
@Tag(name = "API documents")
class ApiDocsController {

    private final ServiceDocs docs;

    ApiDocsController(ServiceDocs docs) {
        this.docs = docs;
    }

    @GetMapping("/api/docs")
    @Operation(summary = "List the OpenAPI documents of the gateway and of each service")
    Map<String, Object> index() {
        List<Map<String, String>> documents = new java.util.ArrayList<>();
        for (ServiceDocs.Service service : ServiceDocs.Service.values()) {
            documents.add(Map.of("name", service.id(), "title", service.title(), "href", "/api/docs/" + service.id()));
        }
        documents.add(Map.of("name", "gateway", "title", "admin-gateway", "href", "/api/docs/gateway"));
        return Map.of("documents", documents);
    }

    @GetMapping(path = "/api/docs/{service:catalog|audit|backup}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A back-end service's OpenAPI document, with the gateway as its server")
    String service(@PathVariable String service) {
        return docs.fetch(ServiceDocs.Service.of(service));
    }
}
