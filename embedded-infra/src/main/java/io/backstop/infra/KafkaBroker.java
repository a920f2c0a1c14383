package io.backstop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), run as a child JVM.
 *
 * <p>Why a child process and not {@code EmbeddedKafkaKraftBroker}: the broker has to match the Kafka version
 * Debezium is built against (see the root pom), and spring-kafka-test's in-process broker calls internals that
 * changed in that version. A child JVM uses only Kafka's two stable entry points ({@code StorageTool format} and
 * {@code kafka.Kafka}), survives restarts of the data directory, and can be killed for real in fault tests.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private volatile Process process;

    private KafkaBroker(Path dir, int port, int controllerPort, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /** A broker with its log in {@code dir}; port 0 picks free ports (the data dir is then single-use). */
    public static KafkaBroker start(Path dir, int port) {
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = port == 0 ? freePort() : port + 1;
        KafkaBroker broker = new KafkaBroker(dir.toAbsolutePath(), brokerPort, controllerPort, "384m");
        broker.startProcess();
        return broker;
    }

    /** A throw-away broker for one test JVM, stopped by a shutdown hook when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("backstop-kafka-");
                shared = start(dir, 0);
                KafkaBroker broker = shared;
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    broker.close();
                                    deleteQuietly(dir);
                                },
                                "kafka-broker-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static KafkaBroker shared;

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process id, or -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Stops the broker gracefully (controlled shutdown), as Ctrl-C would. */
    @Override
    public synchronized void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Kafka broker did not stop within {}s, killing it", STOP_TIMEOUT.toSeconds());
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the broker the way a crash or OOM-kill would: no controlled shutdown. For fault-injection tests. */
    public synchronized void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly().waitFor();
            process = null;
        }
    }

    /** Starts the broker again on the same ports and log directory after {@link #close()} or {@link #kill()}. */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is running");
        }
        startProcess();
    }

    private synchronized void startProcess() {
        try {
            Files.createDirectories(dir);
            Path config = writeConfig();
            Path logDir = dir.resolve("log");
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                runToCompletion(List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "--ignore-formatted",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString()));
            }
            process = javaProcess(List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("broker.out").toFile()))
                    .start();
            awaitReady();
            log.info("Kafka broker ready on {} (log in {})", bootstrapServers(), logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // The default 128 MB dedupe buffer alone exceeds the small heap this broker gets (PLATFORM.md).
        p.put("log.cleaner.dedupe.buffer.size", "16777216");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "written by Backstop's KafkaBroker; regenerated at every start");
        }
        Path logback = dir.resolve("logback-broker.xml");
        Files.writeString(
                logback,
                """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                </configuration>
                """);
        return config;
    }

    private ProcessBuilder javaProcess(List<String> mainAndArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms64m");
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dlogback.configurationFile=" + dir.resolve("logback-broker.xml"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(mainAndArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    private void runToCompletion(List<String> mainAndArgs) throws IOException {
        Path out = dir.resolve("format.out");
        Process p = javaProcess(mainAndArgs).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka log directory failed:\n" + Files.readString(out));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka log directory", e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + ":\n" + tail());
            }
            if (portOpen() && clusterAnswers()) {
                return;
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka broker not ready after " + READY_TIMEOUT.toSeconds() + "s:\n" + tail());
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean clusterAnswers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private String tail() throws IOException {
        Path out = dir.resolve("broker.out");
        if (!Files.exists(out)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(out);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless; the OS cleans /tmp
        }
    }
}
