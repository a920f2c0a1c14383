package io.backstop.bench.badinput;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;

/**
 * Sends every endpoint of the gateway's API its bad requests (malformed JSON, wrong types, missing fields,
 * oversized bodies, MongoDB operators, path traversal, unusual Unicode) as admin, so no role check hides a
 * missing validation, and measures what each batch wrote: a {@link StoreSnapshot} before and after each endpoint,
 * taken once the system is quiet.
 */
public final class BadInputSuite {

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);
    private static final long QUIET_PAUSE_MS = 500;
    private static final int PARALLEL = Integer.getInteger("bench.bad-input.parallel", 4);

    private final EmbeddedStack stack;

    public BadInputSuite(EmbeddedStack stack) {
        this.stack = stack;
    }

    public List<EndpointResult> run() {
        GatewayClient admin = GatewayClient.as(stack.gatewayUrl(), "admin", "admin");
        RawHttp http = new RawHttp(stack.gatewayUrl(), "admin", "admin");
        Path backupRoot = stack.config().dataDir().resolve("backups");
        Fixtures fixtures = Fixtures.prepare(admin);
        List<EndpointResult> results = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(stack.mongoConnectionString())) {
            StoreSnapshot after = quiet(mongo, backupRoot);
            for (Map.Entry<String, List<BadCase>> e :
                    Endpoints.all(fixtures, http).entrySet()) {
                // the previous batch's quiet "after" is this one's "before": nothing runs between them
                StoreSnapshot before = after;
                List<RawHttp.Answer> answers = sendAll(http, e.getValue());
                after = quiet(mongo, backupRoot);
                EndpointResult r = judge(e.getKey(), e.getValue(), answers, before.differences(after));
                results.add(r);
                System.out.printf(
                        "bad input %-58s %4d cases  4xx %4d  2xx ok %3d  2xx unexpected %3d  5xx %3d  writes %s%n",
                        r.endpoint(),
                        r.cases(),
                        r.rejected4xx(),
                        r.accepted2xx(),
                        r.unexpected2xx(),
                        r.server5xx(),
                        r.writes().isEmpty() ? "none" : r.writes());
            }
        }
        return results;
    }

    /** In parallel, as a crowd of clients would: the snapshots bracket the whole batch, so order does not matter. */
    private static List<RawHttp.Answer> sendAll(RawHttp http, List<BadCase> cases) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<RawHttp.Answer>> futures = new ArrayList<>();
            for (BadCase c : cases) {
                futures.add(pool.submit(() -> http.send(c.method(), c.path(), c.contentType(), c.body())));
            }
            List<RawHttp.Answer> answers = new ArrayList<>();
            for (Future<RawHttp.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static EndpointResult judge(
            String endpoint, List<BadCase> cases, List<RawHttp.Answer> answers, Map<String, String> writes) {
        int rejected = 0;
        int withoutMessage = 0;
        int accepted = 0;
        int unexpected = 0;
        int server = 0;
        int none = 0;
        List<String> failures = new ArrayList<>();
        List<String> unhelpful = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            BadCase c = cases.get(i);
            RawHttp.Answer a = answers.get(i);
            int s = a.status();
            if (s >= 400 && s < 500) {
                rejected++;
                String fault = a.problemFault();
                if (fault != null) {
                    withoutMessage++;
                    unhelpful.add(c + " -> " + fault + ": " + a.abbreviated());
                }
            } else if (s >= 200 && s < 300) {
                if (c.acceptable2xx() != null && literal(c, a)) {
                    accepted++;
                } else {
                    unexpected++;
                    failures.add(c + " -> unexpected " + a.abbreviated());
                }
            } else if (s >= 500) {
                server++;
                failures.add(c + " -> " + a.abbreviated());
            } else {
                none++;
                failures.add(c + " -> " + a.abbreviated());
            }
        }
        if (!writes.isEmpty()) {
            failures.add("the batch wrote: " + writes);
        }
        return new EndpointResult(
                endpoint,
                cases.size(),
                rejected,
                withoutMessage,
                accepted,
                unexpected,
                server,
                none,
                writes,
                failures,
                unhelpful);
    }

    private static boolean literal(BadCase c, RawHttp.Answer a) {
        try {
            return c.acceptable2xx().test(a);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Two equal snapshots in a row: no background work (audit catching up, a backup finishing) is under way. */
    private static StoreSnapshot quiet(MongoClient mongo, Path backupRoot) {
        long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
        StoreSnapshot previous = StoreSnapshot.take(mongo, backupRoot);
        while (true) {
            Fixtures.sleep(QUIET_PAUSE_MS);
            StoreSnapshot now = StoreSnapshot.take(mongo, backupRoot);
            if (now.equals(previous) || System.nanoTime() > deadline) {
                return now;
            }
            previous = now;
        }
    }

    /** Totals over all endpoints, for the report's summary line. */
    public static Map<String, Integer> totals(List<EndpointResult> results) {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("endpoints", results.size());
        t.put("cases", results.stream().mapToInt(EndpointResult::cases).sum());
        t.put("4xx", results.stream().mapToInt(EndpointResult::rejected4xx).sum());
        t.put(
                "4xx without message",
                results.stream().mapToInt(EndpointResult::withoutMessage).sum());
        t.put(
                "2xx as expected",
                results.stream().mapToInt(EndpointResult::accepted2xx).sum());
        t.put(
                "2xx unexpected",
                results.stream().mapToInt(EndpointResult::unexpected2xx).sum());
        t.put("5xx", results.stream().mapToInt(EndpointResult::server5xx).sum());
        t.put("no answer", results.stream().mapToInt(EndpointResult::noAnswer).sum());
        t.put("endpoints with writes", (int)
                results.stream().filter(r -> !r.writes().isEmpty()).count());
        return t;
    }
}
