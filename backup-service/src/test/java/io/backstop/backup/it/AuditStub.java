package io.backstop.backup.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import io.backstop.contracts.Json;

/**
 * Stands in for audit-service's {@code GET /internal/audit/changes} (another module, not a dependency of this one),
 * answering in its documented shape, two entries per page so paging is exercised, and for its
 * {@code POST /internal/audit/reconcile}, which answers, fails or hangs as the test says, and for its
 * {@code GET /internal/audit/chain/head}. Records the Authorization header.
 */
final class AuditStub {

    /** What {@code GET /internal/audit/chain/head} answers. */
    static final long HEAD_SEQ = 42;

    static final String HEAD_ENTRY = "engines:e1:0000000007";
    static final String HEAD_HASH = "ab".repeat(32);

    final List<Map<String, Object>> entries = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** How the reconcile endpoint answers. */
    enum Reconcile {
        ANSWERS,
        FAILS,
        HANGS
    }

    volatile Reconcile reconcile = Reconcile.ANSWERS;
    /** Per reconcile call: whether the backup's dump had already started when it came. */
    final List<Boolean> reconcileCallsAfterDumpStarted = new CopyOnWriteArrayList<>();

    volatile java.util.function.BooleanSupplier dumpStarted = () -> false;
    private final HttpServer server;
    private static final CountDownLatch NEVER_ANSWERED = new CountDownLatch(1);

    AuditStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/audit/changes", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            java.time.Instant after = java.time.Instant.parse(query.get("after"));
            java.time.Instant until = java.time.Instant.parse(query.get("until"));
            int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
            List<Map<String, Object>> matching = new ArrayList<>();
            for (Map<String, Object> e : entries) {
                java.time.Instant at = java.time.Instant.parse((String) e.get("changedAt"));
                if (at.isAfter(after) && !at.isAfter(until)) {
                    matching.add(e);
                }
            }
            List<Map<String, Object>> page =
                    matching.subList(Math.min(from, matching.size()), Math.min(from + 2, matching.size()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", page);
            body.put("next", from + 2 < matching.size() ? String.valueOf(from + 2) : null);
            byte[] bytes = Json.write(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/internal/audit/reconcile", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            reconcileCallsAfterDumpStarted.add(dumpStarted.getAsBoolean());
            byte[] bytes;
            int status = 200;
            switch (reconcile) {
                case FAILS -> {
                    status = 503;
                    bytes = "{\"status\":503,\"detail\":\"down\"}".getBytes(StandardCharsets.UTF_8);
                }
                case HANGS -> {
                    try {
                        // an answer that never comes: the caller's timeout ends the wait; 30 s frees the stub's thread
                        NEVER_ANSWERED.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    bytes = new byte[0];
                }
                default ->
                    bytes = Json.write(
                            Map.of("captureMode", "outbox", "ran", true, "documents", 3, "drifts", 1, "inFlight", 0));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.createContext("/internal/audit/chain/head", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = Json.write(Map.of("seq", HEAD_SEQ, "entryId", HEAD_ENTRY, "hash", HEAD_HASH));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
