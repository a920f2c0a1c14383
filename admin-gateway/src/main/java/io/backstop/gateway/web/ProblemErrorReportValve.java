package io.backstop.gateway.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import io.backstop.contracts.Json;
import io.backstop.support.ProblemType;
import io.backstop.support.Problems;
import io.backstop.support.RequestIdFilter;

/**
 * Tomcat's own error page, for requests it refuses before any application code sees them (a {@code ..} or an
 * encoded {@code /} in the path, a request line or header over its limit, broken percent-encoding), as a problem
 * detail like every other error of the API, instead of an HTML page that says only "Bad Request".
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemType type = status == 400 ? ProblemType.MALFORMED_REQUEST : ProblemType.of(status);
        ProblemDetail problem =
                Problems.of(type, HttpStatusCode.valueOf(status), detail(status, response.getMessage()), null);
        String given = response.getHeader(RequestIdFilter.HEADER);
        if (given != null) {
            problem.setProperty("requestId", given);
        } else {
            // refused before any filter of ours ran: the id the problem got is logged, to find the request by
            log.info(
                    "refused a malformed request with {} requestId={}",
                    status,
                    problem.getProperties().get("requestId"));
        }
        Map<String, Object> body = Problems.members(problem);
        try {
            response.setHeader(RequestIdFilter.HEADER, String.valueOf(body.get("requestId")));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(Json.write(body), java.nio.charset.StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell anyone
        }
    }

    /** Tomcat's message names the rule a request broke when it has one; otherwise say what such requests have in common. */
    static String detail(int status, String message) {
        if (message != null && !message.isBlank()) {
            return "The request was refused by the web server: " + message;
        }
        if (status == 400) {
            return "The request was refused before it reached the API: its URL or headers are malformed (for example "
                    + "'..' or an encoded '/' in the path, invalid percent-encoding, or a request line or header "
                    + "over 8 KB).";
        }
        return "The request was refused by the web server.";
    }
}
