package io.backstop.gateway.ops;

import java.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The global lock as JSON, and as a live stream for the admin UI's overlay. */
@RestController
@Tag(name = "Operations", description = "The global lock held by backups, restores, pitr and cleanup")
class OpsController {

    private final OpsLock lock;
    private final OpsEvents events;

    OpsController(OpsLock lock, OpsEvents events) {
        this.lock = lock;
        this.events = events;
    }

    @GetMapping("/api/ops/lock")
    @Operation(summary = "Whether a blocking operation runs, and its progress")
    @ApiResponse(
            responseCode = "200",
            description = "The lock; operation is null when it is free",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"locked\":true,\"operation\":{\"operationId\":\"op-8c2f\","
                                                            + "\"kind\":\"restore\",\"phase\":\"restoring\",\"percent\":40,\"message\":\"engines 2/5\","
                                                            + "\"startedBy\":\"admin\",\"startedAt\":\"2026-12-08T09:30:00Z\",\"error\":null}}")))
    OpsLock.View lock() {
        return lock.view();
    }

    @Operation(
            summary = "Server-Sent Events: 'lock' on connect and on every change, 'progress' for each progress event")
    @GetMapping(path = "/api/ops/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            examples =
                                    @ExampleObject(
                                            value = "event: lock\n"
                                                    + "data: {\"locked\":false,\"operation\":null}\n\n")))
    @ApiResponse(responseCode = "429", description = "The user has the most streams allowed open already")
    SseEmitter events(HttpServletRequest request, HttpServletResponse response, Principal user) {
        HttpSession session = request.getSession(false);
        SseEmitter stream = events.connect(lock.view(), user.getName(), session == null ? null : session.getId());
        // reverse proxies (nginx) would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        return stream;
    }
}
