package io.backstop.bench.faults;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/** The backup API as an admin uses it, through the gateway. */
final class Backups {

    private final GatewayClient admin;

    Backups(String gatewayUrl) {
        this.admin = GatewayClient.as(gatewayUrl, "admin", "admin");
    }

    GatewayClient admin() {
        return admin;
    }

    /** Starts a backup, retrying while another operation (or a lock the gateway has not seen released) holds it. */
    String start(String description) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            GatewayClient.Response r = admin.post("/api/backups", Map.of("description", description));
            if (r.status() == 202) {
                return r.json().get("id").asString();
            }
            if ((r.status() != 409 && r.status() != 423) || System.nanoTime() > deadline) {
                throw new IllegalStateException("backup not started: " + r);
            }
            Waits.sleep(500);
        }
    }

    JsonNode get(String id) {
        GatewayClient.Response r = admin.get("/api/backups/" + id);
        if (r.status() != 200) {
            throw new IllegalStateException("GET backup " + id + ": " + r);
        }
        return r.json();
    }

    String status(String id) {
        return get(id).get("status").asString();
    }

    /** Waits until the backup is completed or failed; returns its record. */
    JsonNode await(String id, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode b = get(id);
            if (!b.get("status").asString().equals("running")) {
                return b;
            }
            Waits.sleep(300);
        }
        throw new IllegalStateException("backup " + id + " still running after " + bound.toSeconds() + " s");
    }

    String completed(String description) {
        String id = start(description);
        JsonNode b = await(id, Duration.ofMinutes(5));
        if (!b.get("status").asString().equals("completed")) {
            throw new IllegalStateException("backup " + id + " did not complete: " + b);
        }
        return id;
    }

    /** The lock as the gateway shows it to every user. */
    boolean lockFree() {
        GatewayClient.Response r = admin.get("/api/ops/lock");
        return r.status() == 200 && !r.json().get("locked").asBoolean();
    }
}
