package io.backstop.bench.faults;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.stack.GatewayClient;

/**
 * Creates brands through the gateway at a steady pace in its own thread while a fault is injected, as users
 * would keep working; remembers the ids the API acknowledged and what every request was answered.
 */
final class Writer implements AutoCloseable {

    private final GatewayClient editor;
    private final String prefix;
    private final long pauseMs;
    private final Checks checks;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Writer(String gatewayUrl, String prefix, int perSecond, Checks checks) {
        this.editor = GatewayClient.as(gatewayUrl, "editor", "editor");
        this.prefix = prefix;
        this.pauseMs = 1000L / perSecond;
        this.checks = checks;
        this.thread = new Thread(this::run, "fault-writer-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int n = 0;
        while (running) {
            String name = prefix + " " + (n++);
            try {
                GatewayClient.Response r = editor.post("/api/catalog/brands", Map.of("name", name));
                if (r.status() == 201) {
                    acknowledged.add(r.json().get("id").asString());
                    checks.saw("201", null);
                } else {
                    checks.saw(Integer.toString(r.status()), r.text());
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                checks.saw("no answer", e.getMessage());
            }
            Waits.sleep(pauseMs);
        }
    }

    /** The ids of the brands whose creation the API acknowledged with 201. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(130_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
