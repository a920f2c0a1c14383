package io.backstop.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * What every OpenAPI document of ours has, the gateway's and each service's: only public paths (a client can never
 * reach {@code /internal/**}: the gateway does not route it), and the one problem format as the {@code Problem}
 * schema, which every operation's {@code 4XX} and {@code 5XX} answers refer to.
 */
public final class ApiDocs {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "ProblemFieldError";
    /** Paths only services call, on their own port; see the gateway's routes. */
    public static final String INTERNAL = "/internal/";

    private ApiDocs() {}

    /** The customizer each document gets (the services' by service-support, the gateway's by its own configuration). */
    public static OpenApiCustomizer publicDocument() {
        return ApiDocs::publish;
    }

    static void publish(OpenAPI api) {
        if (api.getPaths() != null) {
            api.getPaths().keySet().removeIf(path -> path.startsWith(INTERNAL));
            api.getPaths().values().forEach(item -> item.readOperations().forEach(ApiDocs::answersProblems));
        }
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        components.addSchemas(PROBLEM, problemSchema());
        components.addSchemas(FIELD_ERROR, fieldErrorSchema());
        components.addResponses(
                PROBLEM,
                new ApiResponse()
                        .description(
                                "The request was refused or failed; the problem's type says which kind (docs/problems.md)")
                        .content(problemContent()));
        api.setComponents(components);
    }

    /** An error a controller documents keeps its description; whatever it is, its body is a Problem. */
    private static void answersProblems(Operation operation) {
        operation.getResponses().forEach((code, response) -> {
            if (!code.startsWith("2") && !code.startsWith("3") && response.get$ref() == null) {
                response.setContent(problemContent());
            }
        });
        operation.getResponses().putIfAbsent("4XX", new ApiResponse().$ref("#/components/responses/" + PROBLEM));
        operation.getResponses().putIfAbsent("5XX", new ApiResponse().$ref("#/components/responses/" + PROBLEM));
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema<?> problemSchema() {
        List<String> types =
                Arrays.stream(ProblemType.values()).map(t -> t.uri().toString()).toList();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", ProblemType.VERSION_CONFLICT.uri().toString());
        example.put("title", ProblemType.VERSION_CONFLICT.title());
        example.put("status", 409);
        example.put("detail", "Brand 6650f1c2e4b0a1b2c3d4e5f6 is at version 4, not 3: reload it and decide again");
        example.put("instance", "/api/catalog/brands/6650f1c2e4b0a1b2c3d4e5f6");
        example.put("requestId", "0c1d6f0e-8f5b-4a53-9d8c-3f3f0b7f2a10");
        Schema type = new StringSchema()
                .format("uri")
                .description("The kind of error: one of these, each documented in docs/problems.md");
        type.setEnum(new ArrayList<>(types));
        return new ObjectSchema()
                .description("An RFC 9457 problem: every error the API answers has this form")
                .addProperty("type", type)
                .addProperty("title", new StringSchema().description("The kind's short name"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty(
                        "detail", new StringSchema().description("What was wrong with this request and how to fix it"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("The path that was called"))
                .addProperty(
                        "requestId",
                        new StringSchema().description("The request's X-Request-Id: quote it when reporting a problem"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                                .description("Each invalid field or parameter, when there are any"))
                .required(List.of("type", "title", "status", "detail", "requestId"))
                .example(example);
    }

    private static Schema<?> fieldErrorSchema() {
        return new ObjectSchema()
                .addProperty(
                        "field",
                        new StringSchema().description("A JSON path such as stages[1].powerHp, or a parameter"))
                .addProperty("message", new StringSchema())
                .required(List.of("field", "message"));
    }
}
