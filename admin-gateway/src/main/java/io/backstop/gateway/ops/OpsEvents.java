package io.backstop.gateway.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.backstop.contracts.ProgressEvent;

/**
 * The open Server-Sent-Events streams of every admin session. A new stream gets the current lock state first, so a
 * session opened (or reconnected) mid-operation shows the overlay at once; then every progress event ({@code
 * progress}), every change of the lock ({@code lock}) and every batch of catalog documents that got a new version
 * ({@code catalog}, see {@link CatalogChangeListener}). Ids increase per gateway instance.
 *
 * <p>Connecting and broadcasting share one monitor, so a new stream can never see an event before the state that
 * precedes it.
 *
 * <p>A lifecycle bean so the streams are closed first on shutdown: open streams would otherwise hold the web
 * server's graceful shutdown for its whole timeout.
 */
public final class OpsEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpsEvents.class);
    /** Streams are renewed now and then; the browser's EventSource reconnects by itself and gets the state again. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();
    /** Who opened each stream, oldest first, for the caps; guarded by this object's monitor. */
    private final List<Owned> owners = new ArrayList<>();

    private final int maxPerSession;
    private final int maxPerUser;
    private long nextId = 1;
    private volatile boolean running;

    private record Owned(SseEmitter stream, String user, String session) {}

    /** A user who already has the most streams allowed, across sessions and Basic clients. */
    public static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String user, int max) {
            super("User '" + user + "' already has " + max + " live-event streams open, the most allowed; close"
                    + " another tab or client of this user first.");
        }
    }

    public OpsEvents(int maxPerSession, int maxPerUser) {
        this.maxPerSession = maxPerSession;
        this.maxPerUser = maxPerUser;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        streams.forEach(SseEmitter::complete);
        streams.clear();
        owners.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * A new stream for {@code user}, in browser session {@code session} (null for a Basic client). A session at its
     * cap gets its oldest stream closed to make room: a reloaded tab opens its new stream before the server notices
     * that the old one is gone, and the reload must work. A user at the cap across sessions is refused instead
     * ({@link TooManyStreams}, a 429), since another session's streams may well be live.
     */
    public synchronized SseEmitter connect(OpsLock.View state, String user, String session) {
        if (session != null) {
            List<Owned> ofSession =
                    owners.stream().filter(o -> session.equals(o.session())).toList();
            for (int i = 0; i <= ofSession.size() - maxPerSession; i++) {
                close(ofSession.get(i).stream());
            }
        }
        if (owners.stream().filter(o -> o.user().equals(user)).count() >= maxPerUser) {
            throw new TooManyStreams(user, maxPerUser);
        }
        SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
        stream.onCompletion(() -> forget(stream));
        stream.onTimeout(() -> {
            forget(stream);
            stream.complete();
        });
        stream.onError(failure -> forget(stream));
        // tells EventSource how long to wait before reconnecting after a drop
        if (send(
                stream,
                SseEmitter.event()
                        .reconnectTime(2000)
                        .id(Long.toString(nextId++))
                        .name("lock")
                        .data(state))) {
            streams.add(stream);
            owners.add(new Owned(stream, user, session));
        }
        return stream;
    }

    private void close(SseEmitter stream) {
        forget(stream);
        stream.complete();
    }

    private synchronized void forget(SseEmitter stream) {
        streams.remove(stream);
        owners.removeIf(o -> o.stream() == stream);
    }

    public synchronized void progress(ProgressEvent event) {
        broadcast("progress", event);
    }

    public synchronized void lock(OpsLock.View state) {
        broadcast("lock", state);
    }

    public synchronized void catalog(CatalogChanges changes) {
        broadcast("catalog", changes);
    }

    public synchronized void heartbeat() {
        for (SseEmitter stream : streams) {
            send(stream, SseEmitter.event().comment("heartbeat"));
        }
    }

    public int openStreams() {
        return streams.size();
    }

    private void broadcast(String name, Object data) {
        String id = Long.toString(nextId++);
        for (SseEmitter stream : streams) {
            send(stream, SseEmitter.event().id(id).name(name).data(data));
        }
    }

    private boolean send(SseEmitter stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.send(event);
            return true;
        } catch (IOException | IllegalStateException gone) {
            // the browser went away; its stream is dropped here and it reconnects if it is still there
            log.debug("dropping an event stream: {}", gone.toString());
            forget(stream);
            stream.completeWithError(gone);
            return false;
        }
    }
}
