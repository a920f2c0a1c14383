package io.backstop.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.backstop.contracts.Json;

/** One Spring Boot service of the stack, run from its own jar in a child JVM. */
final class ServiceProcess {

    /**
     * The settings travel in the child's environment, which only its owner can read (/proc/PID/environ is 0400),
     * never on its command line, which {@code ps} shows every local user: the gateway secret is among them.
     * Spring Boot reads them from this variable as if each were given as a property.
     */
    static final String SETTINGS_VARIABLE = "SPRING_APPLICATION_JSON";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> properties, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    Path gcLog() {
        return log.resolveSibling(name + "-gc.log");
    }

    void start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    name + " is not built (" + jar + " is missing): run ./run.sh, which builds it");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The serial collector, as six JVMs share two cores here. The heap is what a pod gets in Kubernetes (75% of
        // its 768 MiB limit), all of it taken at start, and half of it is the young generation, as in the images:
        // audit-service works on
        // three polls of 500 changes at once, and with the default third of a smaller heap their live objects
        // overflowed the survivor spaces at every collection, so it collected twice a second, promoted what was
        // about to die and spent a quarter of its time in pauses of up to 250 ms (bench/README.md). The JIT is
        // the default tiered one: C1 alone starts sooner but left the write path able to sustain about two thirds
        // of the rate.
        cmd.addAll(List.of("-Xms576m", "-Xmx576m", "-XX:NewRatio=1", "-XX:+UseSerialGC", "-Xss512k"));
        // Heap after each collection, for operators and for the memory benchmark (bench/README.md).
        cmd.add("-Xlog:gc:file=" + gcLog() + ":time,uptime:filecount=2,filesize=10m");
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment()
                    .put(SETTINGS_VARIABLE, settingsJson(builder.environment().get(SETTINGS_VARIABLE)));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** What the child's command line shows: the JVM, its options and the jar, no setting. */
    List<String> commandLine() {
        return process == null
                ? List.of()
                : process.info().arguments().map(List::of).orElse(List.of());
    }

    /**
     * The stack's settings on top of any the user exported in the same variable, which would otherwise be lost
     * (they used to apply beneath the stack's command-line arguments, and now still do).
     */
    String settingsJson(String inherited) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (inherited != null && !inherited.isBlank()) {
            settings.putAll(Json.MAPPER.readValue(inherited, Map.class));
        }
        settings.putAll(properties);
        return Json.MAPPER.writeValueAsString(settings);
    }

    long pid() {
        return alive() ? process.pid() : -1;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** True once the readiness group answers UP; throws if the process died on the way. */
    boolean ready() {
        if (!alive()) {
            throw new IllegalStateException(
                    name + " exited with " + process.exitValue() + "; last lines of " + log + ":\n" + tail(40));
        }
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, so Spring closes Kafka clients and MongoDB connections; killed after the grace period. */
    void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Dies like a crash or an OOM kill: for fault-injection tests. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
