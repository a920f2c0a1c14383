package io.backstop.support;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The limits on a request body: its size, the time it may take to arrive, and how many may be arriving at once.
 * The services limit the size only ({@link #sizeOnly}); the gateway, which faces the clients, all three.
 *
 * <p>Size: a declared Content-Length over the limit is a 413 before anything is read (Tomcat's own limits cover form
 * posts only); a chunked body has no Content-Length, so the stream itself is counted and reading it fails with
 * {@link Refused} at the limit: the gateway's proxy aborts the copy, so it never holds more than one buffer of it,
 * and a service's advice answers 413 wherever the JSON reader wraps the failure.
 *
 * <p>Time: on Java 17 (no virtual threads) a request waiting for its body holds one of Tomcat's fixed pool of
 * workers, and a client sending a byte every few seconds would hold it for as long as it likes. Each read is
 * bounded by Tomcat's connection timeout; the whole body by its read timeout from the request's arrival (408);
 * and at most {@code maxReaders} requests may be receiving a body at once, the rest get 503 at once, so slow
 * senders can never take the workers every other request needs. A request gives its place back when its body has
 * been read to the end, or when it is answered.
 *
 * <p>Uploads: the few endpoints that take a file (a mongodump archive) name their own, larger size and time limits
 * by exact request path; every other request keeps the defaults.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    /** No deadline: the most that nanoTime arithmetic (a deadline is now plus this) can take without overflowing. */
    private static final Duration UNBOUNDED = Duration.ofNanos(Long.MAX_VALUE / 2);

    /** How large a body may be, and how long it may take to arrive. */
    public record Limits(long maxBytes, Duration readTimeout) {}

    private final Limits defaults;
    private final Map<String, Limits> uploads;
    private final Semaphore readers;

    /** @param uploads exact request path to the limits of that upload endpoint */
    public BodySizeLimitFilter(long maxBytes, Duration readTimeout, int maxReaders, Map<String, Limits> uploads) {
        this.defaults = new Limits(maxBytes, readTimeout);
        this.uploads = Map.copyOf(uploads);
        this.readers = new Semaphore(maxReaders);
    }

    /**
     * The size limits alone: a service hears only from the gateway, which has already bounded the time and the
     * number of bodies arriving, so neither the deadline nor the cap on readers can bite there.
     *
     * @param uploads exact request path to the size limit of that upload endpoint
     */
    public static BodySizeLimitFilter sizeOnly(long maxBytes, Map<String, Long> uploads) {
        Map<String, Limits> limits = new HashMap<>();
        uploads.forEach((path, max) -> limits.put(path, new Limits(max, UNBOUNDED)));
        return new BodySizeLimitFilter(maxBytes, UNBOUNDED, Integer.MAX_VALUE, limits);
    }

    static String detail(long maxBytes) {
        return "The request body is larger than " + maxBytes + " bytes; send less per request.";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limits limits = uploads.getOrDefault(request.getRequestURI(), defaults);
        if (request.getContentLengthLong() > limits.maxBytes()) {
            Problems.write(request, response, ProblemType.BODY_TOO_LARGE, detail(limits.maxBytes()));
            return;
        }
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!readers.tryAcquire()) {
            response.setHeader("Retry-After", "1");
            Problems.write(
                    request,
                    response,
                    ProblemType.UNAVAILABLE,
                    "The server is receiving as many"
                            + " request bodies as it can right now; send this request again in a moment.",
                    Map.of("retryAfterSeconds", 1));
            return;
        }
        Limited limited = new Limited(
                request, limits, System.nanoTime() + limits.readTimeout().toNanos());
        try {
            chain.doFilter(limited, response);
        } finally {
            limited.release();
        }
    }

    /** A body refused while it streams in; the proxy and the error advice answer with its kind. */
    public static final class Refused extends IOException {

        private final ProblemType type;

        Refused(ProblemType type, String message) {
            super(message);
            this.type = type;
        }

        public ProblemType type() {
            return type;
        }
    }

    private final class Limited extends HttpServletRequestWrapper {

        private final Limits limits;
        private final long deadline;
        private final AtomicBoolean released = new AtomicBoolean();
        private ServletInputStream stream;

        Limited(HttpServletRequest request, Limits limits, long deadline) {
            super(request);
            this.limits = limits;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counted(super.getInputStream(), this);
            }
            return stream;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                readers.release();
            }
        }
    }

    private final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final Limited request;
        private long count;

        Counted(ServletInputStream in, Limited request) {
            this.in = in;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            int b = in.read();
            if (b >= 0) {
                add(1);
            } else {
                request.release();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            beforeRead();
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            } else if (n < 0) {
                request.release();
            }
            return n;
        }

        private void beforeRead() throws Refused {
            if (System.nanoTime() - request.deadline > 0) {
                throw new Refused(
                        ProblemType.BODY_TIMEOUT,
                        "The request body took longer than "
                                + request.limits.readTimeout().toSeconds() + " s to arrive; send it again, faster.");
            }
        }

        private void add(long n) throws Refused {
            count += n;
            if (count > request.limits.maxBytes()) {
                throw new Refused(ProblemType.BODY_TOO_LARGE, detail(request.limits.maxBytes()));
            }
            if (count == request.getContentLengthLong()) {
                request.release();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
