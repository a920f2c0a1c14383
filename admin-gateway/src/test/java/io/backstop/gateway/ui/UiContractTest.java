package io.backstop.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/**
 * The admin UI calls only what the API documents (issue 15, point 6): every call its scripts make, method and path,
 * is an operation of the committed docs/openapi.json, which OpenApiDocumentIT keeps equal to what the gateway serves.
 */
class UiContractTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/static/js");
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");

    @Test
    void everyCallOfTheUiIsAnOperationOfTheDocument() throws IOException {
        assertThat(DOCUMENT)
                .as(
                        "docs/openapi.json is missing: generate it from the running stack with"
                                + " OpenApiDocumentIT and -Dbackstop.openapi.write=true (docs/architecture.md, The public API document)")
                .exists();
        JsonNode paths = Json.MAPPER.readTree(Files.readString(DOCUMENT)).get("paths");
        List<UiCalls.Call> calls = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(SCRIPTS)) {
            for (Path script :
                    scripts.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                calls.addAll(UiCalls.in(
                        Files.readString(script), script.getFileName().toString()));
            }
        }

        assertThat(calls).as("the scripts' calls were found at all").hasSizeGreaterThan(20);
        assertThat(calls.stream().filter(c -> !UiCalls.documented(c, paths)).toList())
                .as("calls of the UI that docs/openapi.json does not have: fix the call, or the API and the document")
                .isEmpty();
    }

    @Test
    void findsEveryFormOfCallInAScript() {
        String script =
                """
                const a = await api.get('/api/things', { allowUnauthorized: true });
                api.post(path`/api/things/${thing.id}/move`, body);
                api.del(path`/api/things/${t.id}` + query({ version: t.version }));
                api.get(`/api/things${query({ ...filters, size: PAGE_SIZE, cursor: next })}`);
                api.put('/api/settings', { keep: 3 });
                const csv = `/api/things/export.csv${query(filters)}`;
                source = new EventSource('/api/events');
                await api.post('/logout', undefined);
                const label = 'not a path';
                """;

        assertThat(UiCalls.in(script, "fake.js"))
                .extracting(c -> c.method() + " " + c.path())
                .containsExactly(
                        "GET /api/things",
                        "POST /api/things/{}/move",
                        "DELETE /api/things/{}",
                        "PUT /api/settings",
                        "POST /logout",
                        "GET /api/things/export.csv",
                        "GET /api/events");
    }

    @Test
    void aCallIsDocumentedOnlyWithItsPathAndItsMethod() {
        JsonNode paths = Json.MAPPER.readTree("{\"/api/things\":{\"get\":{}},\"/api/things/{id}/move\":{\"post\":{}}}");

        assertThat(UiCalls.documented(new UiCalls.Call("GET", "/api/things", "x"), paths))
                .isTrue();
        assertThat(UiCalls.documented(new UiCalls.Call("POST", "/api/things/{}/move", "x"), paths))
                .isTrue();
        assertThat(UiCalls.documented(new UiCalls.Call("POST", "/api/things/7/move", "x"), paths))
                .isTrue();
        assertThat(UiCalls.documented(new UiCalls.Call("GET", "/api/{}", "x"), paths))
                .as("a value spelt out")
                .isTrue();
        assertThat(UiCalls.documented(new UiCalls.Call("POST", "/api/things", "x"), paths))
                .as("wrong method")
                .isFalse();
        assertThat(UiCalls.documented(new UiCalls.Call("GET", "/api/thing", "x"), paths))
                .as("misspelt")
                .isFalse();
        assertThat(UiCalls.documented(new UiCalls.Call("GET", "/api/things/{}", "x"), paths))
                .as("no such path")
                .isFalse();
        assertThat(UiCalls.documented(new UiCalls.Call("POST", "/api/things/{}/move/{}", "x"), paths))
                .isFalse();
    }

    @Test
    void aScriptCallingAPathTheDocumentLacksFailsTheContract() {
        JsonNode paths = Json.MAPPER.readTree("{\"/api/things\":{\"get\":{}}}");
        List<UiCalls.Call> calls = UiCalls.in("api.get('/api/things'); api.get(path`/api/gone/${id}`);", "fake.js");

        assertThat(calls.stream().filter(c -> !UiCalls.documented(c, paths)).map(UiCalls.Call::path))
                .containsExactly("/api/gone/{}");
    }
}
