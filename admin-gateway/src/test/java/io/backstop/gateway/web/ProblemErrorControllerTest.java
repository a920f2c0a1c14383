package io.backstop.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

class ProblemErrorControllerTest {

    private final ErrorResponses.ProblemErrorController controller = new ErrorResponses.ProblemErrorController();

    @Test
    void aClientErrorKeepsItsStatusAndGetsAMessage() {
        ProblemDetail problem = controller.error(errorDispatch(400, null, "/api/audit"));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).contains("percent-encoding");
        assertThat(problem.getInstance()).hasToString("/api/audit");
    }

    @Test
    void aPathThatIsNoURIIsLeftOutRatherThanFailingTheErrorPage() {
        ProblemDetail problem = controller.error(errorDispatch(404, "", "/api/x/%zz<script>"));

        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getDetail()).isNotBlank();
        assertThat(problem.getInstance()).isNull();
    }

    @Test
    void aServerErrorSaysNothingOfItsCause() {
        ProblemDetail problem = controller.error(errorDispatch(500, "NullPointerException at Foo.java:12", "/api/x"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("NullPointerException");
    }

    private static MockHttpServletRequest errorDispatch(int status, String message, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, message);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        return request;
    }
}
