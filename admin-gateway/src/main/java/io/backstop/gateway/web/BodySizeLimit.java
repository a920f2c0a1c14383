package io.backstop.gateway.web;

import java.io.IOException;
import java.time.Duration;
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

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The limits on a request body: its size, the time it may take to arrive, and how many may be arriving at once.
 *
 * <p>Size: a declared Content-Length over the limit is a 413 before anything is read; a chunked body is counted as
 * it streams to the service and the copy is aborted with {@link Refused} at the limit, so the gateway never holds
 * more than one buffer of it.
 *
 * <p>Time: on Java 17 (no virtual threads) a request waiting for its body holds one of Tomcat's fixed pool of
 * workers, and a client sending a byte every few seconds would hold it for as long as it likes. Each read is
 * bounded by Tomcat's connection timeout; the whole body by {@code readTimeout} from the request's arrival (408);
 * and at most {@code maxReaders} requests may be receiving a body at once, the rest get 503 at once, so slow
 * senders can never take the workers every other request needs. A request gives its place back when its body has
 * been read to the end, or when it is answered.
 *
 * <p>An upload path (e.g. {@code POST /api/backups/imports}) has a size and a time limit of its own instead.
 */
public final class BodySizeLimit extends OncePerRequestFilter {

    /** The limits one request's body is held to. */
    public record Limits(long maxBytes, Duration readTimeout) {

        String detail() {
            return "The request body is larger than " + maxBytes + " bytes; send less per request.";
        }
    }

    private final Limits defaults;
    private final Map<String, Limits> uploads;
    private final Semaphore readers;

    /** @param uploads exact request path to the limits of that upload endpoint */
    public BodySizeLimit(long maxBytes, Duration readTimeout, int maxReaders, Map<String, Limits> uploads) {
        this.defaults = new Limits(maxBytes, readTimeout);
        this.uploads = Map.copyOf(uploads);
        this.readers = new Semaphore(maxReaders);
    }

    public String detail() {
        return defaults.detail();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limits limits = uploads.getOrDefault(request.getRequestURI(), defaults);
        if (request.getContentLengthLong() > limits.maxBytes()) {
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, limits.detail());
            return;
        }
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!readers.tryAcquire()) {
            response.setHeader("Retry-After", "1");
            Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "The gateway is receiving as many"
                    + " request bodies as it can right now; send this request again in a moment.",
                    Map.of("retryAfterSeconds", 1));
            return;
        }
        Limited limited = new Limited(request, limits, System.nanoTime() + limits.readTimeout().toNanos());
        try {
            chain.doFilter(limited, response);
        }
        finally {
            limited.release();
        }
    }

    /** A body the gateway refuses while it streams in; the proxy and the error advice answer with its status. */
    public static final class Refused extends IOException {

        private final HttpStatus status;

        Refused(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        public HttpStatus status() {
            return status;
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
            }
            else {
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
            }
            else if (n < 0) {
                request.release();
            }
            return n;
        }

        private void beforeRead() throws Refused {
            if (System.nanoTime() - request.deadline > 0) {
                throw new Refused(HttpStatus.REQUEST_TIMEOUT, "The request body took longer than "
                        + request.limits.readTimeout().toSeconds() + " s to arrive; send it again, faster.");
            }
        }

        private void add(long n) throws Refused {
            count += n;
            if (count > request.limits.maxBytes()) {
                throw new Refused(HttpStatus.CONTENT_TOO_LARGE, request.limits.detail());
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
