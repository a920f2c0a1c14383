package io.backstop.gateway.routing;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.backstop.support.BodySizeLimitFilter;
import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/** What the client is told when the service behind a route cannot be reached or the body was refused. */
final class ProxyFailures implements BiFunction<Throwable, ServerRequest, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ProxyFailures.class);

    private final String service;

    ProxyFailures(String service) {
        this.service = service;
    }

    @Override
    public ServerResponse apply(Throwable failure, ServerRequest request) {
        BodySizeLimitFilter.Refused refused = find(failure, BodySizeLimitFilter.Refused.class);
        if (refused != null) {
            return problem(refused.type(), refused.getMessage(), request);
        }
        if (find(failure, ConnectException.class) != null
                || find(failure, HttpConnectTimeoutException.class) != null
                || find(failure, UnknownHostException.class) != null
                || find(failure, UnresolvedAddressException.class) != null) {
            log.warn("{} is unreachable: {}", service, failure.toString());
            return problem(
                    ProblemType.UNAVAILABLE, service + " is unavailable right now; try again in a moment.", request);
        }
        if (find(failure, HttpTimeoutException.class) != null) {
            log.warn("{} did not answer in time: {}", service, failure.toString());
            return problem(ProblemType.UPSTREAM_TIMEOUT, service + " did not answer in time; try again.", request);
        }
        log.error("proxying to {} failed", service, failure);
        return problem(
                ProblemType.UPSTREAM_FAILED,
                "The call to " + service + " failed: " + failure.getClass().getSimpleName(),
                request);
    }

    private ServerResponse problem(ProblemType type, String detail, ServerRequest request) {
        ProblemDetail problem = Problems.of(type, detail, request.servletRequest());
        problem.setProperty("service", service);
        return ServerResponse.status(type.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
