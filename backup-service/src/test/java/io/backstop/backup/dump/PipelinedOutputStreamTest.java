package io.backstop.backup.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

class PipelinedOutputStreamTest {

    private final ThreadPoolTaskExecutor drainers = DumpConfiguration.drainers(new ThreadPoolTaskExecutorBuilder());

    @BeforeEach
    void start() {
        drainers.initialize();
    }

    @AfterEach
    void stop() {
        drainers.shutdown();
    }

    @Test
    void everyByteReachesTheTargetInOrderAndCloseClosesIt() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        boolean[] closed = {false};
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (PipelinedOutputStream out = new PipelinedOutputStream(target, "test", drainers)) {
            Random sizes = new Random(5);
            int off = 0;
            while (off < data.length) {
                int n = Math.min(data.length - off, sizes.nextInt(100_000));
                if (n == 1) {
                    out.write(data[off]);
                } else {
                    out.write(data, off, n);
                }
                off += n;
            }
        }
        assertThat(target.toByteArray()).isEqualTo(data);
        assertThat(closed[0]).isTrue();
    }

    @Test
    void aFailingTargetFailsTheWriterAndStillGetsClosed() throws IOException {
        boolean[] closed = {false};
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        PipelinedOutputStream out = new PipelinedOutputStream(full, "test", drainers);
        assertThatThrownBy(() -> {
                    try (out) {
                        for (int i = 0; i < 100; i++) {
                            out.write(new byte[256 * 1024]);
                        }
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device");
        assertThat(closed[0]).isTrue();
    }
}
