package io.backstop.bench.badinput;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/**
 * Real documents and a real backup for the bad requests to aim at, so a bad body is checked against an existing
 * document (not just refused with 404) and a bad restore confirmation against an existing backup.
 */
record Fixtures(
        String brandId,
        long brandVersion,
        String modelId,
        String otherModelId,
        String engineId,
        long engineVersion,
        JsonNode engine,
        String backupId) {

    static Fixtures prepare(GatewayClient admin) {
        JsonNode brands = ok(admin.get("/api/catalog/brands?limit=2")).get("items");
        JsonNode brand = brands.get(0);
        JsonNode models = ok(admin.get("/api/catalog/models?limit=2&parentId="
                        + brand.get("id").asString()))
                .get("items");
        if (models.size() < 2) {
            models = ok(admin.get("/api/catalog/models?limit=2")).get("items");
        }
        JsonNode engines = ok(admin.get("/api/catalog/engines?limit=1&parentId="
                        + models.get(0).get("id").asString()))
                .get("items");
        JsonNode engine = engines.get(0);
        return new Fixtures(
                brand.get("id").asString(),
                brand.get("version").asLong(),
                models.get(0).get("id").asString(),
                models.get(1).get("id").asString(),
                engine.get("id").asString(),
                engine.get("version").asLong(),
                engine,
                completedBackup(admin));
    }

    /** The newest completed backup, or a new one. */
    private static String completedBackup(GatewayClient admin) {
        for (JsonNode b : ok(admin.get("/api/backups?status=completed&limit=1")).get("items")) {
            return b.get("id").asString();
        }
        GatewayClient.Response started = admin.post("/api/backups", Map.of("description", "bad-input fixture"));
        if (started.status() != 202) {
            throw new IllegalStateException("cannot create the fixture backup: " + started);
        }
        String id = started.json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String status = ok(admin.get("/api/backups/" + id)).get("status").asString();
            if (status.equals("completed")) {
                return id;
            }
            if (status.equals("failed")) {
                throw new IllegalStateException("fixture backup " + id + " failed");
            }
            sleep(300);
        }
        throw new IllegalStateException("fixture backup " + id + " did not complete in 3 minutes");
    }

    static JsonNode ok(GatewayClient.Response r) {
        if (r.status() != 200) {
            throw new IllegalStateException("fixture request failed: " + r);
        }
        return r.json();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
