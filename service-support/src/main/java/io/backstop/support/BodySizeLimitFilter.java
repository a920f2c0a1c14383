package io.backstop.support;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 413 for bodies over {@code backstop.http.max-body-bytes}, or over the limit of an upload path
 * ({@code backstop.http.uploads}). Tomcat's own limits cover form posts only, and a chunked body has no
 * Content-Length to check, so the stream itself is counted.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final Map<String, Long> uploads;

    BodySizeLimitFilter(long maxBytes, Map<String, Long> uploads) {
        this.maxBytes = maxBytes;
        this.uploads = Map.copyOf(uploads);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = uploads.getOrDefault(request.getRequestURI(), maxBytes);
        if (request.getContentLengthLong() > limit) {
            ProblemResponses.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(limit));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static String tooLarge(long limit) {
        return "The request body is larger than " + limit + " bytes; send less per request.";
    }

    /** Thrown from the counted stream; the advice maps it to 413 wherever the reader wraps it. */
    static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(String message) {
            super(message);
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counted(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counted(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(tooLarge(limit));
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
