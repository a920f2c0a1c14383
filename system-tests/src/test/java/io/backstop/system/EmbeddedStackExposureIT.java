package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.backstop.stack.EmbeddedStack;

/**
 * What a curious local user or another machine can reach of the embedded stack (issue 14, points 3 and 5): no
 * setting on any service's command line, where {@code ps} shows it to everyone; the data directory and the
 * secret readable by their owner only; every port (services, Kafka, MongoDB) on loopback only.
 */
@ExtendWith(RunningStack.class)
class EmbeddedStackExposureIT {

    private final EmbeddedStack stack = RunningStack.get();

    @Test
    void noServiceCarriesTheGatewaySecretOrAnySettingOnItsCommandLine() throws IOException {
        String secret = Files.readString(stack.config().dataDir().resolve("gateway-secret"))
                .trim();
        assertThat(stack.commandLines()).hasSize(4).allSatisfy((service, args) -> {
            assertThat(args).as(service).isNotEmpty();
            assertThat(String.join(" ", args))
                    .as(service)
                    .doesNotContain(secret)
                    .doesNotContain("--spring.");
        });
    }

    @Test
    void theDataDirectoryAndTheSecretAreTheirOwnersOnly() throws IOException {
        Path data = stack.config().dataDir();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("gateway-secret"))))
                .isEqualTo("rw-------");
    }

    @Test
    void everyPortAnswersOnLoopbackOnly() {
        Optional<InetAddress> outside = nonLoopbackAddress();
        assumeThat(outside)
                .as("this machine has an address other than loopback to try from")
                .isPresent();
        List<Integer> ports = new ArrayList<>(stack.config().ports().values());
        ports.removeIf(p -> p == 0); // the test stack's broker and MongoDB take free ports: read them back
        ports.add(URI.create(stack.mongoConnectionString()).getPort());
        ports.add(Integer.parseInt(stack.kafkaBootstrapServers()
                .substring(stack.kafkaBootstrapServers().lastIndexOf(':') + 1)));
        for (int port : ports) {
            assertThat(connects(InetAddress.getLoopbackAddress(), port))
                    .as("port %d on loopback", port)
                    .isTrue();
            assertThat(connects(outside.get(), port))
                    .as("port %d on %s", port, outside.get())
                    .isFalse();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
