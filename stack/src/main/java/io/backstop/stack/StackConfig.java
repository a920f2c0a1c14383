package io.backstop.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the embedded stack keeps its data and which ports it uses. Every value comes from an environment
 * variable (or the system property of the same name in lower case with dots), so ./run.sh needs no flags.
 *
 * @param home         the checkout, where each service's jar is built ({@code <home>/<module>/target})
 * @param dataDir      everything the stack writes: MongoDB file, Kafka log, backups, logs, the dev secret
 * @param gatewayPort  the one port a browser uses; the services' ports need not be reachable from outside
 * @param kafkaPort    0 picks free ports (for tests; the broker's data dir is then single-use)
 * @param mongoPort    0 picks a free port
 * @param mongoUri     an existing MongoDB (a replica set for the debezium capture mode) instead of the embedded one
 * @param kafkaBootstrap an existing Kafka cluster instead of the embedded broker
 * @param captureMode  debezium (default: change streams of a replica set; the embedded server then runs as one) or
 *                     outbox (any MongoDB, a standalone one included; the embedded server then runs standalone)
 */
public record StackConfig(
        Path home,
        Path dataDir,
        int gatewayPort,
        int catalogPort,
        int auditPort,
        int backupPort,
        int kafkaPort,
        int mongoPort,
        boolean demoSeed,
        String mongoUri,
        String kafkaBootstrap,
        String captureMode) {

    public StackConfig {
        if (!captureMode.equals("outbox") && !captureMode.equals("debezium")) {
            throw new IllegalArgumentException(
                    "BACKSTOP_CAPTURE_MODE must be outbox or debezium, not '" + captureMode + "'");
        }
    }

    /** The capture path production runs, so that development, the tests and production run one path. */
    public static final String DEFAULT_CAPTURE_MODE = "debezium";

    public static StackConfig fromEnvironment() {
        return from(name -> {
            String sys = System.getProperty(name.toLowerCase().replace('_', '.'));
            return sys != null ? sys : System.getenv(name);
        });
    }

    static StackConfig from(Function<String, String> env) {
        Path home = Path.of(value(env, "BACKSTOP_HOME", ".")).toAbsolutePath().normalize();
        return new StackConfig(
                home,
                home.resolve(value(env, "BACKSTOP_DATA_DIR", "data")).normalize(),
                port(env, "BACKSTOP_GATEWAY_PORT", 8080),
                port(env, "BACKSTOP_CATALOG_PORT", 8081),
                port(env, "BACKSTOP_AUDIT_PORT", 8082),
                port(env, "BACKSTOP_BACKUP_PORT", 8083),
                port(env, "BACKSTOP_KAFKA_PORT", 9092),
                port(env, "BACKSTOP_MONGO_PORT", 27018),
                Boolean.parseBoolean(value(env, "BACKSTOP_DEMO_SEED", "true")),
                env.apply("BACKSTOP_MONGODB_URI"),
                env.apply("BACKSTOP_KAFKA_BOOTSTRAP"),
                value(env, "BACKSTOP_CAPTURE_MODE", DEFAULT_CAPTURE_MODE));
    }

    /** A stack for tests: free ports, its own data directory, no demo data unless asked. */
    public static StackConfig forTests(Path home, Path dataDir, boolean demoSeed) {
        return new StackConfig(
                home,
                dataDir,
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                0,
                0,
                demoSeed,
                null,
                null,
                DEFAULT_CAPTURE_MODE);
    }

    /** The same stack capturing the other way: the outbox's own suites run the embedded default in outbox mode. */
    public StackConfig withCaptureMode(String mode) {
        return new StackConfig(
                home,
                dataDir,
                gatewayPort,
                catalogPort,
                auditPort,
                backupPort,
                kafkaPort,
                mongoPort,
                demoSeed,
                mongoUri,
                kafkaBootstrap,
                mode);
    }

    /** The same stack on infrastructure that already runs, e.g. containers of the production path. */
    public StackConfig withExternal(String mongoUri, String kafkaBootstrap, String captureMode) {
        return new StackConfig(
                home,
                dataDir,
                gatewayPort,
                catalogPort,
                auditPort,
                backupPort,
                kafkaPort,
                mongoPort,
                demoSeed,
                mongoUri,
                kafkaBootstrap,
                captureMode);
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>(Map.of(
                "admin-gateway",
                gatewayPort,
                "catalog-service",
                catalogPort,
                "audit-service",
                auditPort,
                "backup-service",
                backupPort));
        if (kafkaBootstrap == null) {
            ports.put("kafka", kafkaPort);
        }
        if (mongoUri == null) {
            ports.put("mongodb", mongoPort);
        }
        return ports;
    }

    private static String value(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int port(Function<String, String> env, String name, int fallback) {
        String v = value(env, name, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + v + "'");
        }
    }
}
