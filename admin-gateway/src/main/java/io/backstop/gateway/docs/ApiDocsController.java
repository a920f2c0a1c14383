package io.backstop.gateway.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;

import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One place for the API's documents: {@code /api/docs/openapi.json} is the one public document, the gateway's
 * endpoints and every service's merged ({@link MergedDocument}; committed as docs/openapi.json and checked against
 * it); {@code /api/docs} lists the documents, {@code /api/docs/{service}} serves a back-end service's own, fetched
 * with a token the gateway mints. The gateway's own document is springdoc's, served at {@code /api/docs/gateway}
 * (springdoc.api-docs.path). Admins only (SecurityConfiguration).
 */
@RestController
@Tag(name = "API documents")
class ApiDocsController {

    private final ServiceDocs docs;
    private final OpenApiWebMvcResource gatewayDocs;
    private final JsonMapper json;
    private final String gatewayDocsPath;

    ApiDocsController(
            ServiceDocs docs, OpenApiWebMvcResource gatewayDocs, JsonMapper json, SpringDocConfigProperties springdoc) {
        this.docs = docs;
        this.gatewayDocs = gatewayDocs;
        this.json = json;
        this.gatewayDocsPath = springdoc.getApiDocs().getPath();
    }

    record Document(String name, String title, String href) {}

    record Documents(List<Document> documents) {}

    @GetMapping("/api/docs")
    @Operation(summary = "List the OpenAPI documents: the merged public one, the gateway's and each service's")
    @ApiResponse(
            responseCode = "200",
            description = "The documents",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"documents\":[{\"name\":\"openapi\",\"title\":\"Backstop API\",\"href\":\"/api/docs/openapi.json\"},"
                                                            + "{\"name\":\"catalog\",\"title\":\"catalog-service\",\"href\":\"/api/docs/catalog\"}]}")))
    Documents index() {
        List<Document> documents = new ArrayList<>();
        for (ServiceDocs.Service service : ServiceDocs.Service.values()) {
            documents.add(new Document(service.id(), service.title(), "/api/docs/" + service.id()));
        }
        documents.add(new Document("gateway", "admin-gateway", "/api/docs/gateway"));
        documents.add(new Document("openapi", MergedDocument.TITLE, "/api/docs/openapi.json"));
        return new Documents(documents);
    }

    @GetMapping(path = "/api/docs/{service:catalog|audit|backup}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A back-end service's OpenAPI document, with the gateway as its server")
    @ApiResponse(
            responseCode = "200",
            description = "The service's OpenAPI 3.1 document",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Backstop catalog API\"},"
                                                            + "\"servers\":[{\"url\":\"/\"}],\"paths\":{}}")))
    String service(@PathVariable String service) {
        return docs.fetch(ServiceDocs.Service.of(service));
    }

    @GetMapping(path = "/api/docs/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The one public OpenAPI 3.1 document of the whole API, as committed in docs/openapi.json")
    @ApiResponse(
            responseCode = "200",
            description = "The merged document, keys sorted",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Backstop API\"},"
                                                    + "\"servers\":[{\"url\":\"/\"}],\"paths\":{}}")))
    String openapi(HttpServletRequest request) throws Exception {
        ObjectNode gateway = (ObjectNode) json.readTree(gatewayDocs.openapiJson(request, gatewayDocsPath, Locale.ROOT));
        Map<String, ObjectNode> services = new LinkedHashMap<>();
        for (ServiceDocs.Service service : ServiceDocs.Service.values()) {
            services.put(service.id(), docs.document(service));
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(MergedDocument.merge(gateway, services));
    }
}
