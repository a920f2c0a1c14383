package io.backstop.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import io.backstop.gateway.GatewayTestSupport;

/**
 * Issue 14, point 1: sockets that send {@code POST /login} with a valid CSRF pair, {@code Content-Length: 1000} and
 * then a byte now and then. Before the fix they held all of Tomcat's 200 workers and {@code GET /api/ops/lock} of
 * everyone else waited for as long as they stayed open.
 */
class SlowBodiesTest extends GatewayTestSupport {

    private static final int SOCKETS = 300;
    private static final String CSRF = "5f1e0a4c-slow-bodies-test";
    /** application.yml's max-body-readers. */
    private static final int READERS = 50;

    @Autowired
    private WebServerApplicationContext context;

    private final List<Socket> slow = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    /** A running gateway has served requests before: the first one also initialises Spring MVC, which is not measured. */
    @BeforeEach
    void warmUp() throws Exception {
        timeLockFrom("127.0.0.2");
    }

    @AfterEach
    void closeTheSlowSockets() throws Exception {
        trickle.shutdownNow();
        for (Socket socket : slow) {
            socket.close();
        }
        slow.clear();
        heard.clear();
    }

    @Test
    void lockAnswersWithinOneSecondWhile300SlowBodiesFromOneAddressAreOpen() throws Exception {
        openSlowBodies(i -> "127.0.0.1");

        long took = timeLockFrom("127.0.0.2");

        assertThat(took)
                .as("ms for GET /api/ops/lock with %d slow bodies open", SOCKETS)
                .isLessThan(1000);
        // the address's cap of connections (max-connections-per-address, 64) is accepted, the rest refused at once
        // with 429; of the accepted ones the bound on body readers keeps waiting, the rest get 503: no more than that
        // bound holds a worker
        int readers = READERS;
        Outcomes outcomes = outcomes();
        assertThat(outcomes.waiting()).isEqualTo(readers);
        assertThat(protocol().openConnections(InetAddress.getByName("127.0.0.1")))
                .isEqualTo(readers);
        // a 503 closes its connection and frees a place under the cap, so how the refusals split varies by timing
        assertThat(outcomes.answered()).hasSize(SOCKETS - readers).containsOnly(429, 503);
        assertThat(outcomes.answered()).as("the per-address cap refused some").contains(429);
    }

    @Test
    void lockAnswersWithinOneSecondWhile300SlowBodiesFromManyAddressesAreOpen() throws Exception {
        // 30 addresses with 10 sockets each, all under the per-address cap: only the bound on concurrent body
        // readers keeps workers free
        openSlowBodies(i -> "127.0.1." + (1 + i / 10));

        long took = timeLockFrom("127.0.0.2");

        assertThat(took)
                .as("ms for GET /api/ops/lock with %d slow bodies open", SOCKETS)
                .isLessThan(1000);
        int readers = READERS;
        Outcomes outcomes = outcomes();
        assertThat(outcomes.waiting()).isEqualTo(readers);
        assertThat(outcomes.answered()).containsOnly(503).hasSize(SOCKETS - readers);
    }

    private ConnectionsPerAddress protocol() {
        Connector connector =
                ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        return (ConnectionsPerAddress) connector.getProtocolHandler();
    }

    private void openSlowBodies(java.util.function.IntFunction<String> from) throws Exception {
        for (int i = 0; i < SOCKETS; i++) {
            Socket socket =
                    new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from.apply(i)), 0);
            slow.add(socket);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Cookie: XSRF-TOKEN=" + CSRF + "\r\nX-XSRF-TOKEN: " + CSRF + "\r\n"
                                + "Sec-Fetch-Mode: cors\r\nSec-Fetch-Site: same-origin\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refused) {
                // the gateway may close a refused connection before all of it is written; its answer is read below
            }
        }
        // a byte a second on every socket the gateway keeps open, well inside its 5 s read timeout
        trickle.scheduleAtFixedRate(
                () -> slow.forEach(socket -> {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (IOException closed) {
                        // refused or answered
                    }
                }),
                1,
                1,
                TimeUnit.SECONDS);
        // measured once the gateway has sorted every socket: a body reader holds it, or it was answered
        await().atMost(Duration.ofSeconds(10)).until(() -> answeredSoFar() == SOCKETS - READERS);
    }

    /** Sockets with an answer waiting, counted without reading it (outcomes() reads it once). */
    private int answeredSoFar() {
        int answered = 0;
        for (Socket socket : slow) {
            try {
                answered += socket.getInputStream().available() > 0 ? 1 : 0;
            } catch (IOException reset) {
                answered++;
            }
        }
        return answered;
    }

    /** How each slow socket stands: still waiting (no answer, not closed) or answered with a status. */
    private record Outcomes(int waiting, List<Integer> answered) {}

    /** What each slow socket got so far: a status, -1 for a reset, or nothing yet (absent). */
    private final Map<Socket, Integer> heard = new HashMap<>();

    /**
     * The sockets' outcomes once the refusals have arrived: on a loaded machine a 503 or 429 can take longer than
     * one read's timeout to be written, and a socket still unanswered then is not yet a reader holding a worker.
     */
    private Outcomes outcomes() throws IOException {
        await().atMost(Duration.ofSeconds(10)).until(() -> poll().waiting() <= READERS);
        return poll();
    }

    private Outcomes poll() throws IOException {
        int waiting = 0;
        for (Socket socket : slow) {
            if (heard.containsKey(socket)) {
                continue;
            }
            socket.setSoTimeout(50);
            try {
                byte[] head = new byte[12];
                int n = socket.getInputStream().readNBytes(head, 0, 12);
                heard.put(socket, n == 12 ? Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII)) : -1);
            } catch (SocketTimeoutException stillWaiting) {
                waiting++;
            } catch (IOException reset) {
                heard.put(socket, -1);
            }
        }
        return new Outcomes(waiting, new ArrayList<>(heard.values()));
    }

    /** Milliseconds from connecting to the end of the answer, which must be a 200. */
    private long timeLockFrom(String address) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/ops/lock HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                                    + basic("viewer", "viewer") + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"locked\"");
            return took;
        } catch (SocketTimeoutException stalled) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
    }
}
