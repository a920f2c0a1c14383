package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.stack.GatewayClient;

/**
 * The one public API document (issue 15, point 5): what the running gateway serves at /api/docs/openapi.json is
 * exactly the committed docs/openapi.json, so every change to the contract is a deliberate, reviewed diff. Run with
 * {@code -Dbackstop.openapi.write=true} to rewrite the committed copy from the served one instead.
 */
@ExtendWith(RunningStack.class)
class OpenApiDocumentIT {

    static final String REGENERATE = "mvn -B -DskipTests package && mvn -B -pl system-tests -am verify -Dtest=none"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiDocumentIT -Dfailsafe.failIfNoSpecifiedTests=false"
            + " -Dbackstop.openapi.write=true";

    private static JsonNode served;
    private static String servedText;

    @BeforeAll
    static void fetchTheServedDocument() {
        GatewayClient admin = GatewayClient.as(RunningStack.get().gatewayUrl(), "admin", "admin");
        GatewayClient.Response response = admin.get("/api/docs/openapi.json");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        servedText = response.text();
        served = Json.MAPPER.readTree(servedText);
    }

    private static Path committed() {
        return Path.of(System.getProperty("backstop.home", ".."))
                .resolve("docs/openapi.json")
                .toAbsolutePath()
                .normalize();
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        Path file = committed();
        if (Boolean.getBoolean("backstop.openapi.write")) {
            Files.writeString(file, servedText.strip() + "\n", StandardCharsets.UTF_8);
            System.out.println(
                    "OpenApiDocumentIT: rewrote " + file + " from the served document; review and commit it");
            return;
        }
        assertThat(file)
                .as("%s is missing; create it with:\n  %s", file, REGENERATE)
                .exists();
        JsonNode committed = Json.MAPPER.readTree(Files.readString(file));
        assertThat(served.equals(committed))
                .as(
                        "The API changed: the gateway serves a document that differs from docs/openapi.json (%s)."
                                + " If the change is meant, regenerate the file and commit it with the change:\n  %s",
                        summary(committed, served), REGENERATE)
                .isTrue();
    }

    @Test
    void theDocumentIsPublicAndDescribesEveryErrorAsAProblem() {
        assertThat(served.get("openapi").stringValue()).isEqualTo("3.1.0");
        assertThat(served.get("info").get("description").stringValue()).isNotBlank();
        assertThat(served.get("components").get("schemas").has("Problem")).isTrue();
        served.get("paths").properties().forEach(path -> {
            assertThat(path.getKey()).doesNotStartWith("/internal/");
            path.getValue().properties().forEach(operation -> assertThat(
                            operation.getValue().at("/responses/4XX/$ref").asString(""))
                    .as("%s %s", operation.getKey(), path.getKey())
                    .isEqualTo("#/components/responses/Problem"));
        });
    }

    /**
     * Every operation says what it does and shows what it answers. Needs the summaries and examples the reshaped
     * controllers of catalog, audit and backup-service bring; until they are merged, it lists what is missing.
     */
    @Test
    void everyOperationHasASummaryAndAnExampleOfItsSuccess() {
        List<String> missing = new ArrayList<>();
        served.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String name = operation.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode op = operation.getValue();
                    if (op.path("summary").asString("").isBlank()) {
                        missing.add(name + ": no summary");
                    }
                    if (!hasSuccessExample(op.path("responses"))) {
                        missing.add(name + ": no example of its success response");
                    }
                }));
        assertThat(missing)
                .as("operations of docs/openapi.json without a summary or an example (@Operation(summary),"
                        + " @ApiResponse(content = @Content(examples = ...)))")
                .isEmpty();
    }

    /** The lowest 2xx answer with a body has an example (204 and other bodiless answers need none). */
    static boolean hasSuccessExample(JsonNode responses) {
        for (String code : new TreeSet<>(responses.propertyNames())) {
            if (!code.startsWith("2")) {
                continue;
            }
            JsonNode content = responses.get(code).path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                return true;
            }
            for (JsonNode media : content.values()) {
                if (media.has("example")
                        || media.has("examples")
                        || media.path("schema").has("example")
                        || media.path("schema").has("examples")) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private static String summary(JsonNode committed, JsonNode served) {
        Set<String> before = new TreeSet<>(committed.path("paths").propertyNames());
        Set<String> after = new TreeSet<>(served.path("paths").propertyNames());
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        List<String> changed = new ArrayList<>();
        for (String path : after) {
            if (before.contains(path)
                    && !committed
                            .path("paths")
                            .get(path)
                            .equals(served.path("paths").get(path))) {
                changed.add(path);
            }
        }
        return "paths added " + added + ", removed " + removed + ", changed " + changed
                + (committed.path("components").equals(served.path("components")) ? "" : ", components changed");
    }
}
