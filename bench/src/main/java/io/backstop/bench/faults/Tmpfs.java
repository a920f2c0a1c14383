package io.backstop.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted over a directory, to fill a disk for real; needs root (CAP_SYS_ADMIN). Public for the
 * browser test of a failed backup, which fills the running stack's backup disk the same way.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** The mounted tmpfs, or null with the reason in {@code why} when mounting is not permitted here. */
    public static Tmpfs mount(Path dir, String size, List<String> why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            why.add("needs root to mount a tmpfs (running as " + System.getProperty("user.name") + ")");
            return null;
        }
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (out != null) {
            why.add("needs root to mount a tmpfs: mount failed: " + out);
            return null;
        }
        return new Tmpfs(dir);
    }

    /** Grows the tmpfs, as an operator gives a full volume more room; the service is not restarted. */
    void resize(String size) {
        String out = run("mount", "-o", "remount,size=" + size, dir.toString());
        if (out != null) {
            throw new IllegalStateException("remount failed: " + out);
        }
    }

    @Override
    public void close() {
        String out = run("umount", dir.toString());
        if (out != null) {
            // still busy (a process holds a file): detach it so nothing stays mounted after the run
            run("umount", "-l", dir.toString());
        }
    }

    /** Null on success, otherwise the command's output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + ": timed out";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
