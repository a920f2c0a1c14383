package io.backstop.audit.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;

import io.backstop.audit.AuditProperties;
import io.backstop.support.ApiException;

@ExtendWith(OutputCaptureExtension.class)
class CatalogClientTest {

    @Test
    void unreachableCatalogIs503WithoutItsUrlOrCredentialsInTheAnswerOrTheLog(CapturedOutput output) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var properties = new AuditProperties(
                URI.create("http://svc:Url-Leakcheck-Pw@127.0.0.1:" + closedPort),
                "audit",
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                new AuditProperties.Drift(Duration.ofMinutes(5), "catalog"));
        CatalogClient client = new CatalogClient(properties);

        Throwable failure = catchThrowable(() -> client.revert(
                "engines",
                "e1",
                new RevertRequest(java.util.Map.of("name", "x"), 1, 1, null),
                "Bearer Token-Leakcheck",
                "req-1"));

        assertThat(failure).isInstanceOf(ApiException.class);
        assertThat(((ApiException) failure).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(failure.getMessage())
                .contains("not reachable")
                .doesNotContain("Url-Leakcheck-Pw")
                .doesNotContain("127.0.0.1");
        assertThat(output.getAll())
                .contains("not reachable")
                .doesNotContain("Url-Leakcheck-Pw")
                .doesNotContain("Token-Leakcheck");
    }
}
