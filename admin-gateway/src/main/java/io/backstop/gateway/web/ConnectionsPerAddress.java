package io.backstop.gateway.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;

import io.backstop.contracts.Json;
import io.backstop.support.ProblemType;
import io.backstop.support.Problems;
import io.backstop.support.RequestIdFilter;

/**
 * Tomcat's HTTP/1.1 connector with a cap on the open connections of one client address. Tomcat has no such setting,
 * and nothing above the connector can have one: a valve or a servlet filter sees requests, not the idle or
 * half-sent connections a slow client holds open. So the cap sits where connections are accepted, in the endpoint.
 *
 * <p>A connection over the cap is answered at once with a 429 problem and closed, before any of its bytes are read.
 * The endpoint's own map of open connections ({@code connections}, put on accept, removed on every close) is what
 * counts them, so a connection is released on whichever path Tomcat closes it.
 */
public class ConnectionsPerAddress extends Http11NioProtocol {

    /** Set by Spring Boot's factory, which creates the protocol from its class name. */
    public ConnectionsPerAddress() {
        super(new Endpoint());
    }

    public void setMaxConnectionsPerAddress(int max) {
        ((Endpoint) getEndpoint()).max = max;
    }

    /** Open connections of {@code address} right now (tests and metrics). */
    public int openConnections(InetAddress address) {
        return ((Endpoint) getEndpoint()).counted.open(address);
    }

    static final class Endpoint extends NioEndpoint {

        private static final Logger log = LoggerFactory.getLogger(ConnectionsPerAddress.class);

        private final Counted counted = new Counted();
        private volatile int max = Integer.MAX_VALUE;

        Endpoint() {
            connections = counted;
        }

        /** Runs on the acceptor thread, one connection at a time, so checking and then counting cannot race. */
        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            InetAddress address = remoteAddress(socket);
            if (address != null && counted.open(address) >= max) {
                refuse(socket, address);
                return false;
            }
            return super.setSocketOptions(socket);
        }

        private void refuse(SocketChannel socket, InetAddress address) {
            ProblemDetail problem = Problems.of(
                    ProblemType.THROTTLED,
                    "Too many open connections from your address;" + " close some and try again.",
                    (HttpServletRequest) null);
            log.warn(
                    "refused a connection from {}: it has {} open already, the most allowed; requestId={}",
                    address.getHostAddress(),
                    max,
                    problem.getProperties().get("requestId"));
            try {
                // a fresh connection's send buffer is empty, so this small answer goes out without blocking; a
                // client that is not reading loses it, which is fine
                socket.configureBlocking(false);
                socket.write(ByteBuffer.wrap(refusal(problem)));
            } catch (IOException e) {
                // it is being closed anyway
            }
        }

        private static InetAddress remoteAddress(SocketChannel socket) {
            try {
                return socket.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
            } catch (IOException e) {
                return null;
            }
        }

        private static byte[] refusal(ProblemDetail problem) {
            byte[] body = Json.write(Problems.members(problem));
            String head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/problem+json\r\nContent-Length: "
                    + body.length + "\r\nRetry-After: 1\r\n" + RequestIdFilter.HEADER + ": "
                    + problem.getProperties().get("requestId") + "\r\nConnection: close\r\n\r\n";
            byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[head8.length + body.length];
            System.arraycopy(head8, 0, all, 0, head8.length);
            System.arraycopy(body, 0, all, head8.length, body.length);
            return all;
        }
    }

    /** The endpoint's connection map, counting per address; the address is kept per socket as a closed one has none. */
    static final class Counted extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

        private final transient Map<SocketChannel, InetAddress> addresses = new ConcurrentHashMap<>();
        private final transient Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

        int open(InetAddress address) {
            return perAddress.getOrDefault(address, 0);
        }

        @Override
        public SocketWrapperBase<NioChannel> put(SocketChannel socket, SocketWrapperBase<NioChannel> wrapper) {
            InetAddress address = Endpoint.remoteAddress(socket);
            if (address != null && addresses.putIfAbsent(socket, address) == null) {
                perAddress.merge(address, 1, Integer::sum);
            }
            return super.put(socket, wrapper);
        }

        @Override
        public SocketWrapperBase<NioChannel> remove(Object socket) {
            InetAddress address = addresses.remove(socket);
            if (address != null) {
                perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
            }
            return super.remove(socket);
        }
    }
}
