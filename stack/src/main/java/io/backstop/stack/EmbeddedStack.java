package io.backstop.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;

/**
 * The whole system on one machine without Docker: a real Kafka broker, mongo-java-server with its data in a file,
 * and the four services, each in its own JVM as in production. {@link #main} is what ./run.sh runs; tests start
 * it with {@link #start} on other ports and a temporary data directory.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final String VERSION = "0.1.0-SNAPSHOT";

    private final StackConfig config;
    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedMongo mongo;
    private KafkaBroker kafka;
    private volatile boolean closed;

    private EmbeddedStack(StackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        StackConfig config = StackConfig.fromEnvironment();
        long t0 = System.nanoTime();
        EmbeddedStack stack = new EmbeddedStack(config);
        // Registered before anything starts, so Ctrl-C during start-up also stops what was already started.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!stack.closed) {
                                System.out.println("\nStopping Backstop ...");
                                stack.close();
                                System.out.println("Stopped; data kept in " + config.dataDir());
                            }
                        },
                        "stack-stop"));
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            stack.close();
            System.err.println("\nBackstop did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf(
                """

                Backstop is up in %.1f s: http://localhost:%d
                  dev logins: admin/admin (everything), editor/editor (catalog and rollbacks), viewer/viewer (read only)
                  API:  curl -u editor:editor http://localhost:%d/api/catalog/engines?limit=5
                  data: %s   logs: %s
                  Ctrl-C stops everything.
                %n""",
                (System.nanoTime() - t0) / 1e9,
                config.gatewayPort(),
                config.gatewayPort(),
                config.dataDir(),
                config.dataDir().resolve("logs"));
        stack.superviseUntilStopped();
    }

    /** Starts everything and returns once every service is ready; on any failure stops what it started. */
    public static EmbeddedStack start(StackConfig config) {
        EmbeddedStack stack = new EmbeddedStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackConfig config() {
        return config;
    }

    public String gatewayUrl() {
        return "http://localhost:" + config.gatewayPort();
    }

    public String mongoConnectionString() {
        return mongo != null ? mongo.connectionString() : config.mongoUri();
    }

    public String kafkaBootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : config.kafkaBootstrap();
    }

    /** Kills one service as a crash would, and starts it again; for fault-injection tests. */
    public void killAndRestart(String service) throws InterruptedException {
        ServiceProcess process = service(service);
        process.kill();
        process.start();
        awaitReady(List.of(process));
    }

    /** Stops one service gracefully, as a rolling restart would; {@link #startService} brings it back. */
    public void stopService(String service) {
        service(service).stop(STOP_GRACE);
    }

    public void startService(String service) {
        ServiceProcess process = service(service);
        process.start();
        awaitReady(List.of(process));
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The process id of every running process of the stack but this JVM: each service's and the broker's. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(s -> pids.put(s.name(), s.pid()));
        if (kafka != null) {
            pids.put("kafka", kafka.pid());
        }
        pids.values().removeIf(pid -> pid < 0);
        return pids;
    }

    /** The GC log of a service: heap before and after each collection, with wall-clock times. */
    public Path gcLog(String service) {
        return service(service).gcLog();
    }

    private void startAll() {
        ownerOnly(config.dataDir());
        config.ports().forEach(EmbeddedStack::requireFreePort);
        if (config.mongoUri() == null) {
            Path file = config.dataDir().resolve("mongo/backstop.mv");
            // debezium captures from change streams, which only a replica set has; the outbox needs none
            mongo = config.captureMode().equals("debezium")
                    // the capture reads the catalog's change stream; nothing watches the other databases
                    ? EmbeddedMongo.replicaSetFile(
                            file, config.mongoPort(), EmbeddedMongo.DEFAULT_OPLOG_CAPACITY, Set.of(Topics.CATALOG_DB))
                    : EmbeddedMongo.file(file, config.mongoPort());
            log.info(
                    "MongoDB (mongo-java-server, H2 file) on {}, capture mode {}",
                    mongo.connectionString(),
                    config.captureMode());
        }
        if (config.kafkaBootstrap() == null) {
            kafka = KafkaBroker.start(config.dataDir().resolve("kafka"), config.kafkaPort());
        }
        String secret = gatewaySecret();
        Path logs = config.dataDir().resolve("logs");
        Map<String, String> common = new LinkedHashMap<>();
        common.put("spring.profiles.active", "embedded");
        // one machine: nothing but the gateway is for browsers, and nothing of the stack is for other machines
        common.put("server.address", "127.0.0.1");
        common.put("spring.mongodb.uri", mongoConnectionString());
        common.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        common.put("backstop.security.gateway-secret", secret);
        // catalog-service captures, backup-service restores through the same writer: both must use the same mode
        common.put("backstop.capture.mode", config.captureMode());

        String catalogUrl = "http://127.0.0.1:" + config.catalogPort();
        String auditUrl = "http://127.0.0.1:" + config.auditPort();
        String backupUrl = "http://127.0.0.1:" + config.backupPort();
        services.add(service(
                "catalog-service",
                config.catalogPort(),
                common,
                logs,
                Map.of("backstop.catalog.demo-seed", Boolean.toString(config.demoSeed()))));
        services.add(service(
                "audit-service", config.auditPort(), common, logs, Map.of("backstop.audit.catalog-url", catalogUrl)));
        services.add(service(
                "backup-service",
                config.backupPort(),
                common,
                logs,
                Map.of(
                        "backstop.backup.root",
                        config.dataDir().resolve("backups").toString(),
                        "backstop.backup.audit-url",
                        auditUrl)));
        services.add(service(
                "admin-gateway",
                config.gatewayPort(),
                common,
                logs,
                Map.of(
                        "backstop.gateway.services.catalog", catalogUrl,
                        "backstop.gateway.services.audit", auditUrl,
                        "backstop.gateway.services.backup", backupUrl)));
        services.forEach(ServiceProcess::start);
        writePids();
        awaitReady(services);
    }

    /** For ./run.sh, which kills whatever is left if this launcher itself is killed without a chance to clean up. */
    private void writePids() {
        List<String> pids = new ArrayList<>();
        if (kafka != null) {
            pids.add(Long.toString(kafka.pid()));
        }
        services.forEach(s -> pids.add(Long.toString(s.pid())));
        try {
            Files.write(config.dataDir().resolve("stack.pids"), pids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceProcess service(
            String module, int port, Map<String, String> common, Path logs, Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>(common);
        props.put("server.port", Integer.toString(port));
        props.putAll(own);
        Path jar = config.home().resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
        return new ServiceProcess(module, jar, port, props, logs.resolve(module + ".log"));
    }

    private void awaitReady(List<ServiceProcess> pending) {
        List<ServiceProcess> waiting = new ArrayList<>(pending);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            waiting.removeIf(s -> {
                boolean ready = s.ready();
                if (ready) {
                    log.info("{} ready on :{}", s.name(), s.port());
                }
                return ready;
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + "s: "
                        + waiting.stream()
                                .map(s -> s.name() + " (see " + s.log() + ")")
                                .collect(Collectors.joining(", ")));
            }
            sleep(300);
        }
    }

    /** Blocks while the stack runs; if a service dies on its own, says which and stops the rest. */
    private void superviseUntilStopped() {
        while (!closed) {
            for (ServiceProcess s : services) {
                if (!closed && !s.alive()) {
                    System.err.println(
                            s.name() + " stopped unexpectedly; last lines of " + s.log() + ":\n" + s.tail(30));
                    System.exit(2);
                }
            }
            sleep(1000);
        }
    }

    private ServiceProcess service(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** The gateway is stopped first so no new work arrives; Kafka and MongoDB last, after their clients. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        services.stream().filter(s -> s.name().equals("admin-gateway")).forEach(s -> s.stop(STOP_GRACE));
        services.parallelStream().forEach(s -> s.stop(STOP_GRACE));
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    /**
     * The data directory holds the MongoDB file, the Kafka log, backups, logs and the secret: its owner only (700),
     * whether it is new or was left by an earlier version with the umask's permissions.
     */
    static void ownerOnly(Path dir) {
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What each service's command line shows, for the test that no setting (the secret) is among it. */
    public Map<String, List<String>> commandLines() {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        services.forEach(s -> lines.put(s.name(), s.commandLine()));
        return lines;
    }

    /** One random secret per data directory, so the stack needs no configuration and never ships a known key. */
    private String gatewaySecret() {
        Path file = config.dataDir().resolve("gateway-secret");
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[36];
                new SecureRandom().nextBytes(bytes);
                // created readable by its owner only, never for a moment with the umask's permissions
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireFreePort(String what, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for " + what + " is in use; stop what holds it "
                    + "(an earlier ./run.sh?) or choose other ports (README: configuration)");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
