package io.backstop.backup.storage;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import software.amazon.awssdk.services.s3.S3Client;

import io.backstop.backup.BackupProperties;

/**
 * S3Proxy, an S3-compatible server, with its in-memory blob store on a loopback port and AWS signature V4
 * authentication (so a wrong key fails as on S3): one for the whole test JVM, like the shared Kafka broker. Tests
 * use their own bucket each, so they never see each other's objects.
 */
public final class S3TestServer {

    public static final String ACCESS_KEY = "backstop-test-access";
    public static final String SECRET_KEY = "backstop-test-secret-do-not-log";

    private static S3TestServer shared;

    private final S3Proxy server;
    private final int port;

    private S3TestServer() {
        port = freePort();
        server = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            server.start();
            await("S3Proxy to start")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> "STARTED".equals(server.getState()));
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.stop();
                            } catch (Exception e) {
                                // the JVM is exiting anyway
                            }
                        },
                        "s3proxy-shutdown"));
    }

    public static synchronized S3TestServer shared() {
        if (shared == null) {
            shared = new S3TestServer();
        }
        return shared;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The settings a service would be configured with, path-style like MinIO. */
    public BackupProperties.S3 settings(String bucket, String prefix) {
        return new BackupProperties.S3(
                bucket,
                prefix,
                "us-east-1",
                endpoint(),
                true,
                ACCESS_KEY,
                SECRET_KEY,
                org.springframework.util.unit.DataSize.ofMegabytes(5));
    }

    /** A client for the test's own checks, with the bucket created. */
    public S3Client client(String bucket) {
        S3Client client = S3Clients.create(settings(bucket, ""));
        client.createBucket(b -> b.bucket(bucket));
        return client;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
