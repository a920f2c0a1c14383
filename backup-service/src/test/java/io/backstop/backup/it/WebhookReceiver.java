package io.backstop.backup.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/**
 * A webhook endpoint on loopback (the JDK's HttpServer) that keeps every JSON body it receives. It can be told
 * to answer an error (503 by default) to the next n requests, to show which deliveries are retried.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final AtomicInteger requests = new AtomicInteger();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks/T000/secret-token", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(failStatus, -1);
            } else {
                received.add(Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T000/secret-token";
    }

    public void failNext(int n) {
        failNext(n, 503);
    }

    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    public int requests() {
        return requests.get();
    }

    /** The next body whose backstop.operationId is {@code operationId}, skipping others. */
    public JsonNode await(String operationId) {
        return Awaitility.await("a webhook call for " + operationId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(1))
                .until(
                        () -> received.poll(100, TimeUnit.MILLISECONDS),
                        next -> next != null
                                && operationId.equals(next.path("backstop")
                                        .path("operationId")
                                        .asString()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
