package io.backstop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.StackConfig;

/**
 * One embedded stack for the whole test JVM, started as ./run.sh starts it (each service from its packaged jar),
 * on free ports and a temporary data directory, with the demo catalog. Stopped when the test run ends.
 */
public final class RunningStack implements BeforeAllCallback {

    private static EmbeddedStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
    }

    public static synchronized EmbeddedStack get() {
        if (stack == null) {
            try {
                Path home = Path.of(System.getProperty("backstop.home", ".."))
                        .toAbsolutePath()
                        .normalize();
                Path data = Files.createTempDirectory("backstop-system-");
                stack = EmbeddedStack.start(StackConfig.forTests(home, data, true));
                EmbeddedStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stack-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
