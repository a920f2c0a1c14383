package io.backstop.gateway.ops;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The global lock as JSON, and as a live stream for the admin UI's overlay. */
@RestController
class OpsController {

    private final OpsLock lock;
    private final OpsEvents events;

    OpsController(OpsLock lock, OpsEvents events) {
        this.lock = lock;
        this.events = events;
    }

    @GetMapping("/api/ops/lock")
    OpsLock.View lock() {
        return lock.view();
    }

    @GetMapping(path = "/api/ops/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(HttpServletResponse response) {
        // reverse proxies (nginx) would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        return events.connect(lock.view());
    }
}
