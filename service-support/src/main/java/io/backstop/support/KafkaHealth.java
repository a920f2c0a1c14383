package io.backstop.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code kafka} in /actuator/health: whether a broker answers {@code describeCluster} within {@link #TIMEOUT}. Boot
 * has no Kafka indicator, so a service whose broker was gone still reported UP. Each check uses a client of its
 * own, built from the same settings as the service's (bootstrap servers, TLS, SASL), and closes it, so a broker
 * that stays away leaves no client reconnecting and logging in the background.
 */
final class KafkaHealth implements HealthIndicator {

    /** Under a probe's usual period; a broker that needs longer to name its cluster is not healthy either. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaAdmin admin;

    KafkaHealth(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Health health() {
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        int millis = (int) TIMEOUT.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        // one or two connection attempts per check, not a warning every 100 ms while the broker is away
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, millis / 2);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, millis / 2);
        Object servers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (AdminClient client = AdminClient.create(config)) {
            DescribeClusterResult cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
            String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
            return Health.up()
                    .withDetail("clusterId", clusterId)
                    .withDetail("brokers", brokers)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down()
                    .withDetail("bootstrapServers", String.valueOf(servers))
                    .withDetail("error", "interrupted")
                    .build();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Health.down()
                    .withDetail("bootstrapServers", String.valueOf(servers))
                    .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        }
    }
}
