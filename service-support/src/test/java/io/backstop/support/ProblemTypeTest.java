package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/** One table of problem kinds: their URIs, the status each stands for, and the documentation of each. */
class ProblemTypeTest {

    @AfterEach
    void clearLogContext() {
        MDC.clear();
    }

    @Test
    void everyKindHasItsOwnUriUnderTheDocumentedBase() {
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.uri().toString()).isEqualTo("https://backstop.dev/problems/" + type.slug());
            assertThat(type.title()).isNotBlank();
        }
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug).distinct())
                .hasSize(ProblemType.values().length);
    }

    @Test
    void aBareStatusMapsToTheFirstKindDeclaredForIt() {
        assertThat(ProblemType.of(400)).isEqualTo(ProblemType.VALIDATION);
        assertThat(ProblemType.of(409)).isEqualTo(ProblemType.CONFLICT);
        assertThat(ProblemType.of(413)).isEqualTo(ProblemType.BODY_TOO_LARGE);
        assertThat(ProblemType.of(423)).isEqualTo(ProblemType.LOCKED);
        assertThat(ProblemType.of(502)).isEqualTo(ProblemType.UPSTREAM_FAILED);
        assertThat(ProblemType.of(414)).as("a 4xx without a kind of its own").isEqualTo(ProblemType.REFUSED);
        assertThat(ProblemType.of(505)).isEqualTo(ProblemType.INTERNAL);
    }

    @Test
    void theStaticFactoriesKeepWorkingAndCarryTheirKind() {
        assertThat(ApiException.badRequest("x").type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(ApiException.invalid(List.of(new ApiException.FieldError("a", "b")))
                        .type())
                .isEqualTo(ProblemType.VALIDATION);
        assertThat(ApiException.notFound("x").type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ApiException.conflict("x").type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(ApiException.versionConflict("x").status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(ApiException.versionConflict("x").type()).isEqualTo(ProblemType.VERSION_CONFLICT);
        assertThat(ApiException.locked("x").type()).isEqualTo(ProblemType.LOCKED);
        ApiException byStatus = new ApiException(HttpStatus.BAD_GATEWAY, "x");
        assertThat(byStatus.type()).isEqualTo(ProblemType.UPSTREAM_FAILED);
        assertThat(byStatus.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    @Test
    void aProblemCarriesItsKindAndTheRequestIdOfTheRequest() {
        MDC.put(RequestIdFilter.MDC_KEY, "req-42");

        ProblemDetail problem =
                Problems.of(ProblemType.LOCKED, "wait", new MockHttpServletRequest("PUT", "/api/catalog/brands/1"));

        assertThat(problem.getType()).hasToString("https://backstop.dev/problems/locked");
        assertThat(problem.getTitle()).isEqualTo(ProblemType.LOCKED.title());
        assertThat(problem.getStatus()).isEqualTo(423);
        assertThat(problem.getDetail()).isEqualTo("wait");
        assertThat(problem.getInstance()).hasToString("/api/catalog/brands/1");
        assertThat(problem.getProperties()).containsEntry("requestId", "req-42");
    }

    @Test
    void aProblemMadeOutsideAnyRequestStillGetsARequestId() {
        ProblemDetail problem = Problems.of(ProblemType.THROTTLED, "slow down", (MockHttpServletRequest) null);

        assertThat(problem.getProperties().get("requestId")).asString().isNotBlank();
        assertThat(problem.getInstance()).isNull();
    }

    @Test
    void aBareProblemFromSpringIsCompletedWithTheKindItsStatusStandsFor() {
        MDC.put(RequestIdFilter.MDC_KEY, "req-7");
        ProblemDetail bare = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, "no");

        ProblemDetail completed = Problems.complete(bare);

        assertThat(completed.getType()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED.uri());
        assertThat(completed.getTitle()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED.title());
        assertThat(completed.getProperties()).containsEntry("requestId", "req-7");
    }

    @Test
    void aWrittenProblemHasEveryMemberInOrder() throws IOException {
        MDC.put(RequestIdFilter.MDC_KEY, "req-9");
        MockHttpServletResponse response = new MockHttpServletResponse();

        Problems.write(
                new MockHttpServletRequest("POST", "/api/backups"),
                response,
                ProblemType.BODY_TOO_LARGE,
                "send less",
                Map.of("limit", 10));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode body = Json.MAPPER.readTree(response.getContentAsByteArray());
        assertThat(body.propertyNames())
                .containsExactly("type", "title", "status", "detail", "instance", "requestId", "limit");
        assertThat(body.get("type").stringValue()).isEqualTo("https://backstop.dev/problems/body-too-large");
        assertThat(body.get("requestId").stringValue()).isEqualTo("req-9");
    }

    /** docs/problems.md is where each type URI points: one section per kind, anchored by its slug. */
    @Test
    void everyKindIsDocumentedAndNothingElseIs() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "problems.md"));
        List<String> anchors = doc.lines()
                .filter(l -> l.startsWith("<a id=\""))
                .map(l -> l.substring("<a id=\"".length(), l.indexOf('"', "<a id=\"".length())))
                .toList();

        assertThat(anchors)
                .containsExactlyElementsOf(Arrays.stream(ProblemType.values())
                        .map(ProblemType::slug)
                        .toList());
        for (ProblemType type : ProblemType.values()) {
            assertThat(doc)
                    .as(type.name())
                    .contains("`" + type.uri() + "`")
                    .contains(type.status().value() + " " + type.title());
        }
    }
}
