package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import io.backstop.bench.badinput.BadInputSuite;
import io.backstop.bench.badinput.EndpointResult;

/**
 * Issue 7, bad input: every endpoint of the gateway's API gets malformed JSON, wrong types, missing fields,
 * oversized bodies, MongoDB operators, path traversal and unusual Unicode (bench's {@link BadInputSuite}), and
 * answers each with a 4xx that is a complete problem (a documented type, a detail, the request id), never a 5xx,
 * never a 2xx where a 4xx was due, and writes nothing (measured with a
 * snapshot of the stores before and after each endpoint's batch). One test per endpoint.
 */
@ExtendWith(RunningStack.class)
class BadInputIT {

    private static List<EndpointResult> results;

    @BeforeAll
    static void sendEveryBadRequest() {
        results = new BadInputSuite(RunningStack.get()).run();
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesBadInputWithoutWriting() {
        assertThat(results).hasSizeGreaterThanOrEqualTo(27);
        return results.stream()
                .map(r -> DynamicTest.dynamicTest(r.endpoint(), () -> {
                    String failures = String.join("\n  ", r.failures());
                    assertThat(r.cases()).as("cases sent to %s", r.endpoint()).isPositive();
                    assertThat(r.server5xx())
                            .as("5xx from %s:\n  %s", r.endpoint(), failures)
                            .isZero();
                    assertThat(r.unexpected2xx())
                            .as("2xx where a 4xx was due from %s:\n  %s", r.endpoint(), failures)
                            .isZero();
                    assertThat(r.noAnswer())
                            .as("requests %s did not answer:\n  %s", r.endpoint(), failures)
                            .isZero();
                    assertThat(r.writes())
                            .as("what the bad requests to %s wrote:\n  %s", r.endpoint(), failures)
                            .isEmpty();
                    assertThat(r.withoutMessageCases())
                            .as(
                                    "4xx from %s that are not a complete problem (type, detail, requestId;"
                                            + " docs/problems.md)",
                                    r.endpoint())
                            .isEmpty();
                }));
    }
}
