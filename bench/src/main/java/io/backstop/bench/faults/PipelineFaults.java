package io.backstop.bench.faults;

import java.time.Duration;
import java.util.List;

import com.mongodb.client.MongoClient;

import io.backstop.stack.EmbeddedStack;

/** Faults in the audit pipeline while users keep writing: the broker restarted, audit- or catalog-service killed. */
final class PipelineFaults {

    static final int BOUND_SECONDS = 120;
    private static final int WRITES_PER_SECOND = 10;

    private final EmbeddedStack stack;
    private final Ledger ledger;

    PipelineFaults(EmbeddedStack stack, MongoClient mongo) {
        this.stack = stack;
        this.ledger = new Ledger(stack.kafkaBootstrapServers(), mongo);
    }

    /** (a) The broker is killed and started again while the writer keeps going. */
    ScenarioResult kafkaRestart() {
        Checks c = new Checks("Kafka broker killed and restarted mid-stream");
        try {
            List<String> ids;
            try (Writer w = new Writer(stack.gatewayUrl(), "fault kafka", WRITES_PER_SECOND, c)) {
                Waits.sleep(3000);
                stack.kafka().kill();
                Waits.sleep(6000);
                stack.kafka().restart();
                Waits.sleep(3000);
                w.close();
                ids = w.acknowledged();
            }
            settle(c, ids, "every acknowledged write captured and materialized");
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    /** (b) audit-service is killed (SIGKILL) and restarted while the writer keeps going. */
    ScenarioResult auditKill() {
        return killMidStream(
                "audit-service",
                "fault audit",
                true,
                "audit_logs caught up with every acknowledged write, no duplicate version");
    }

    /**
     * (g) catalog-service, which holds the capture, is killed (SIGKILL) and restarted while the writer keeps going:
     * writes fail while it is down, and every acknowledged one is captured after the restart, from the offsets the
     * dead process stored (outbox mode: from the outbox), once in the trail.
     */
    ScenarioResult catalogKill() {
        return killMidStream(
                "catalog-service",
                "fault catalog",
                false,
                "every acknowledged write captured after the restart, no duplicate version");
    }

    /** @param writesGoOn whether the user's writes keep succeeding while the service is down */
    private ScenarioResult killMidStream(String service, String reason, boolean writesGoOn, String what) {
        Checks c = new Checks(service + " killed (-9) and restarted mid-stream");
        try {
            List<String> ids;
            try (Writer w = new Writer(stack.gatewayUrl(), reason, WRITES_PER_SECOND, c)) {
                Waits.sleep(3000);
                stack.killAndRestart(service);
                Waits.sleep(3000);
                w.close();
                ids = w.acknowledged();
            }
            if (writesGoOn) {
                settle(c, ids, what);
            } else {
                c.check(
                        c.result().userSaw().containsKey("201"),
                        "writes succeeded before and after: " + c.result().userSaw());
                awaitMaterialized(c, ids, what);
            }
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    private void settle(Checks c, List<String> ids, String what) {
        c.check(
                c.result().userSaw().keySet().stream().allMatch(s -> s.equals("201")),
                "the user saw only 201 Created (capture keeps writes while the pipeline is down): "
                        + c.result().userSaw());
        awaitMaterialized(c, ids, what);
    }

    private void awaitMaterialized(Checks c, List<String> ids, String what) {
        c.check(ids.size() > 0, ids.size() + " writes acknowledged during the scenario");
        Double t = Waits.until(Duration.ofSeconds(BOUND_SECONDS), () -> ledger.materializedFor(ids) >= ids.size());
        c.recovered(t, BOUND_SECONDS, what);
        c.counts(ids.size(), ledger.capturedFor(ids), ledger.materializedFor(ids));
    }
}
