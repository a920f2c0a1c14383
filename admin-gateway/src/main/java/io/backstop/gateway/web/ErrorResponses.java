package io.backstop.gateway.web;

import java.util.Map;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * Every error the gateway answers is a problem detail with a message, also where no controller or advice of ours
 * runs: Spring Security's firewall refusing a suspicious URL, the servlet container's error dispatch (a query
 * string that is not valid UTF-8, for one), and Tomcat refusing a request outright ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class ErrorResponses {

    /** The firewall's message says which rule the URL broke, e.g. an encoded period or a double slash. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, rejected) -> Problems.write(
                request,
                response,
                ProblemType.MALFORMED_REQUEST,
                rejected.getMessage() + ". Send the path without encoded separators, '..', ';' or '//'.");
    }

    @Bean
    ProblemErrorReports problemErrorReports() {
        return new ProblemErrorReports();
    }

    /**
     * Runs after Spring Boot's own customizer, which adds Tomcat's plain error valve: that one is replaced, and the
     * host is told to use ours, so it does not add the plain one again when it starts.
     */
    static final class ProblemErrorReports
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** In place of Spring Boot's error controller, whose JSON has no message. */
    @RestController
    @Hidden // the servlet container's error page, not an endpoint a client calls
    static class ProblemErrorController implements ErrorController {

        @RequestMapping("/error")
        ProblemDetail error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null
                    ? HttpStatus.resolve(c)
                    : HttpStatus.INTERNAL_SERVER_ERROR;
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String detail = message instanceof String m && !m.isBlank() && status.is4xxClientError()
                    ? m
                    : DETAILS.getOrDefault(
                            status.value(),
                            status.is4xxClientError()
                                    ? "The request was refused: " + status.getReasonPhrase() + "."
                                    : "The gateway failed to answer; try again, and report it if it persists.");
            ProblemType type =
                    status == HttpStatus.BAD_REQUEST ? ProblemType.MALFORMED_REQUEST : ProblemType.of(status.value());
            return Problems.of(
                    type,
                    status,
                    detail,
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : null);
        }

        private static final Map<Integer, String> DETAILS = Map.of(
                400,
                        "The request is malformed: check the percent-encoding of its URL (valid UTF-8) and its "
                                + "parameters.",
                404, "There is no such endpoint.",
                405, "The endpoint does not accept this method.");
    }
}
