package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.model.Filters;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.ops.StartupReconciler;
import io.backstop.contracts.Json;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;
import io.backstop.infra.KafkaBroker;

class LockIT extends BackupServiceIT {

    @Autowired
    BackupRecords records;

    @Autowired
    StartupReconciler reconciler;

    @Test
    void twentyConcurrentBackupRequestsStartExactlyOneAndTheOthersGet409NamingTheHolder() throws Exception {
        catalog()
                .getCollection("brands")
                .insertOne(new Document("_id", "00000000000000000000c001").append("name", "C"));
        long before = backupDb().getCollection("full_backups").countDocuments();
        gate.close();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return post("/api/backups", Map.of("description", "concurrent"));
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            List<Response> accepted =
                    responses.stream().filter(r -> r.status() == 202).toList();
            List<Response> conflicts =
                    responses.stream().filter(r -> r.status() == 409).toList();
            assertThat(accepted).hasSize(1);
            assertThat(conflicts).hasSize(19);
            String id = json(accepted.get(0)).get("id").asString();
            assertThat(conflicts).allSatisfy(r -> {
                assertThat(r.body())
                        .contains("backup " + id)
                        .contains("started by admin")
                        .contains("holder ");
                assertThat(json(r).get("status").asInt()).isEqualTo(409);
            });
            assertThat(gate.awaitEntered()).isTrue();
            gate.open();
            awaitBackup(id, "completed");
            assertThat(backupDb().getCollection("full_backups").countDocuments())
                    .isEqualTo(before + 1);
        } finally {
            gate.open();
            pool.shutdownNow();
        }
    }

    @Test
    void lockEndpointNamesTheRunningOperation() throws Exception {
        gate.close();
        try {
            Response started = post("/api/backups", Map.of("description", "watched"));
            String id = json(started).get("id").asString();
            assertThat(gate.awaitEntered()).isTrue();
            var lock = json(get("/internal/ops/lock", "viewer"));
            assertThat(lock.get("held").asBoolean()).isTrue();
            assertThat(lock.get("operationId").asString()).isEqualTo(id);
            assertThat(lock.get("kind").asString()).isEqualTo("backup");
            assertThat(lock.get("startedBy").asString()).isEqualTo("admin");
            gate.open();
            awaitBackup(id, "completed");
        } finally {
            gate.open();
        }
    }

    @Test
    void holderKilledMidBackupIsTakenOverItsBackupFailedAndPartialFilesRemoved() throws Exception {
        String zombieId = BackupIds.next(Instant.now().minusSeconds(3600));
        Process zombie = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ZombieHolder.class.getName(),
                        MONGO.connectionString(),
                        KafkaBroker.shared().bootstrapServers(),
                        ROOT.toString(),
                        zombieId)
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(zombie.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder log = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                log.append(line).append('\n');
            }
            assertThat(line).as("zombie output: %s", log).isEqualTo("READY");
            Path partial = ROOT.resolve(zombieId + ".partial");
            assertThat(partial).isDirectory();
            Document zombieRecord = backupDb()
                    .getCollection("full_backups")
                    .find(Filters.eq("_id", zombieId))
                    .first();
            assertThat(zombieRecord.getString("status")).isEqualTo("running");
            long zombieFence = ((Number) zombieRecord.get("fence")).longValue();

            // while it heart-beats, it holds the lock
            Response refused = post("/api/backups", Map.of("description", "too early"));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body())
                    .contains(zombieId)
                    .contains("zombie-user")
                    .contains("zombie-host");

            zombie.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            Response taken = await("a backup after the takeover")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> post("/api/backups", Map.of("description", "after takeover")), r -> r.status() == 202);
            assertThat(taken.status()).as(taken.body()).isEqualTo(202);
            awaitBackup(json(taken).get("id").asString(), "completed");

            var dead = json(get("/api/backups/" + zombieId, "viewer"));
            assertThat(dead.get("status").asString()).isEqualTo("failed");
            assertThat(dead.get("error").asString()).contains("holder lost its lease");
            assertThat(partial).doesNotExist();
            Document operation = backupDb()
                    .getCollection("operations")
                    .find(Filters.eq("_id", zombieId))
                    .first();
            assertThat(operation.getString("status")).isEqualTo("failed");
            assertThat(operation.getString("error")).contains("holder lost its lease");
            // a late write by the dead holder, with its old fencing token, matches nothing
            assertThat(records.failed(zombieId, zombieFence, "late write from the zombie"))
                    .isFalse();
            assertThat(json(get("/api/backups/" + zombieId, "viewer"))
                            .get("error")
                            .asString())
                    .contains("holder lost its lease");
        } finally {
            zombie.destroyForcibly();
        }
    }

    @Test
    void startUpReconciliationFailsRunningRecordsThatNoLiveLeaseCovers() throws Exception {
        String orphan = BackupIds.next(Instant.now().minusSeconds(7200));
        backupDb()
                .getCollection("full_backups")
                .insertOne(new Document("_id", orphan)
                        .append("status", "running")
                        .append("type", "manual")
                        .append("startedAt", new java.util.Date())
                        .append("operationId", orphan)
                        .append("fence", 0L)
                        .append("pinned", false));
        Path partial = Files.createDirectories(ROOT.resolve(orphan + ".partial"));
        reconciler.reconcile();
        var view = json(get("/api/backups/" + orphan, "viewer"));
        assertThat(view.get("status").asString()).isEqualTo("failed");
        assertThat(view.get("error").asString()).contains("holder lost its lease");
        assertThat(partial).doesNotExist();
    }

    @Test
    void everyBackupPublishesStartedProgressAndCompletedEvents() throws Exception {
        String id = backupAndWait();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "progress-test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, List<ProgressEvent>> byPhase = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.OPS_PROGRESS));
            // the consumer is not thread-safe: poll it on this thread
            await("the completed event of " + id)
                    .atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                            if (id.equals(record.key())) {
                                ProgressEvent event =
                                        Json.read(record.value().getBytes(StandardCharsets.UTF_8), ProgressEvent.class);
                                byPhase.computeIfAbsent(event.phase(), k -> new ArrayList<>())
                                        .add(event);
                            }
                        }
                        return byPhase.containsKey("completed");
                    });
        }
        assertThat(byPhase).containsKeys("started", "running", "completed");
        ProgressEvent done = byPhase.get("completed").get(0);
        assertThat(done.kind()).isEqualTo("backup");
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.startedBy()).isEqualTo("admin");
        assertThat(done.blocking()).isTrue();
        assertThat(byPhase.get("running"))
                .allSatisfy(e -> assertThat(e.percent()).isBetween(0, 100));
    }
}
