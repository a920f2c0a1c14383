package io.backstop.bench.badinput;

import static io.backstop.bench.badinput.BodyField.bool;
import static io.backstop.bench.badinput.BodyField.free;
import static io.backstop.bench.badinput.BodyField.list;
import static io.backstop.bench.badinput.BodyField.number;
import static io.backstop.bench.badinput.BodyField.strict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.backstop.contracts.Json;

/**
 * Every endpoint of the gateway's API (issues 2 to 5, docs/architecture.md) with its bad requests. The endpoint
 * names are the batches the report counts: one snapshot of the stores before and after each.
 */
final class Endpoints {

    /** A 2xx on a free-text read filter is right only when nothing matched: the value was taken literally. */
    private static final Predicate<RawHttp.Answer> NO_ITEMS = a -> {
        var json = Json.MAPPER.readTree(a.body());
        return json.has("items") && json.get("items").isEmpty();
    };

    private static final Predicate<RawHttp.Answer> CSV_HEADER_ONLY =
            a -> a.text().strip().lines().count() <= 1;
    private static final Predicate<RawHttp.Answer> ANY = a -> true;

    private Endpoints() {}

    static Map<String, List<BadCase>> all(Fixtures f, RawHttp http) {
        Map<String, List<BadCase>> all = new LinkedHashMap<>();
        catalog(f, http, all);
        audit(f, http, all);
        backups(f, http, all);
        gateway(http, all);
        return all;
    }

    private static void catalog(Fixtures f, RawHttp http, Map<String, List<BadCase>> all) {
        String list = "GET /api/catalog/{kind}";
        List<BadCase> c = new ArrayList<>(Cases.pathSegments(list, "GET", "/api/catalog/{id}", null, null));
        c.addAll(Cases.queryParam(http, list, "/api/catalog/engines", "q", NO_ITEMS));
        c.addAll(Cases.queryParam(http, list, "/api/catalog/engines", "parentId", NO_ITEMS));
        c.addAll(Cases.numberParam(list, "/api/catalog/engines", "limit"));
        c.add(BadCase.noBody(list, BadCase.Category.WRONG_TYPE, "?limit=0", "GET", "/api/catalog/engines?limit=0"));
        c.add(BadCase.noBody(
                list, BadCase.Category.WRONG_TYPE, "?limit=100000", "GET", "/api/catalog/engines?limit=100000"));
        c.addAll(Cases.queryParam(http, list, "/api/catalog/engines", "cursor", null));
        // the paging parameters of before issue 15: refused by name, never silently ignored
        c.add(BadCase.noBody(
                list,
                BadCase.Category.WRONG_TYPE,
                "?page=1 (replaced by cursor)",
                "GET",
                "/api/catalog/engines?page=1"));
        c.add(BadCase.noBody(
                list,
                BadCase.Category.WRONG_TYPE,
                "?size=5 (replaced by limit)",
                "GET",
                "/api/catalog/engines?size=5"));
        all.put(list, c);

        String get = "GET /api/catalog/{kind}/{id}";
        c = new ArrayList<>(Cases.pathSegments(get, "GET", "/api/catalog/engines/{id}", null, null));
        c.addAll(Cases.pathSegments(get, "GET", "/api/catalog/{id}/" + f.engineId(), null, null));
        all.put(get, c);

        String create = "POST /api/catalog/{kind}";
        c = new ArrayList<>(Cases.body(
                create,
                "POST",
                "/api/catalog/brands",
                map("name", "Bad Input Brand", "country", "DE", "founded", 1990, "position", 0),
                List.of(
                        free("name", true),
                        strict("country", false),
                        number("founded", false),
                        number("position", false))));
        c.addAll(Cases.body(
                create,
                "POST",
                "/api/catalog/models",
                map(
                        "brandId",
                        f.brandId(),
                        "name",
                        "Bad Input Model",
                        "yearFrom",
                        2010,
                        "yearTo",
                        2015,
                        "bodyType",
                        "sedan"),
                // the body machinery is the same as for brands and engines: only the model's own parent link here
                List.of(strict("brandId", true))));
        c.addAll(Cases.body(
                create,
                "POST",
                "/api/catalog/engines",
                engine(f.modelId(), null),
                List.of(
                        strict("modelId", true),
                        free("name", true),
                        strict("fuel", true),
                        number("powerHp", true),
                        number("torqueNm", true),
                        list("stages", false),
                        free("engineCode", false))));
        c.addAll(Cases.pathSegments(
                create, "POST", "/api/catalog/{id}", "application/json", Cases.write(map("name", "Bad Input Brand"))));
        all.put(create, c);

        String update = "PUT /api/catalog/{kind}/{id}";
        c = new ArrayList<>(Cases.body(
                update,
                "PUT",
                "/api/catalog/engines/" + f.engineId(),
                engine(f.modelId(), f.engineVersion()),
                List.of(
                        strict("modelId", true),
                        free("name", true),
                        strict("fuel", true),
                        number("powerHp", true),
                        list("stages", false),
                        number("version", true))));
        c.addAll(Cases.body(
                update,
                "PUT",
                "/api/catalog/brands/" + f.brandId(),
                map("name", "Bad Input Brand", "version", f.brandVersion()),
                List.of(free("name", true), number("version", true))));
        c.addAll(Cases.pathSegments(
                update,
                "PUT",
                "/api/catalog/engines/{id}",
                "application/json",
                Cases.write(engine(f.modelId(), f.engineVersion()))));
        all.put(update, c);

        String delete = "DELETE /api/catalog/{kind}/{id}";
        c = new ArrayList<>(Cases.pathSegments(
                delete, "DELETE", "/api/catalog/engines/{id}?version=" + f.engineVersion(), null, null));
        c.addAll(Cases.as("DELETE", Cases.numberParam(delete, "/api/catalog/engines/" + f.engineId(), "version")));
        c.addAll(Cases.as(
                "DELETE", Cases.queryParam(http, delete, "/api/catalog/engines/" + f.engineId(), "version", null)));
        c.add(BadCase.noBody(
                delete,
                BadCase.Category.MISSING_FIELD,
                "no version",
                "DELETE",
                "/api/catalog/engines/" + f.engineId()));
        c.add(BadCase.noBody(
                delete,
                BadCase.Category.WRONG_TYPE,
                "?cascade=perhaps",
                "DELETE",
                "/api/catalog/brands/" + f.brandId() + "?version=" + f.brandVersion() + "&cascade=perhaps"));
        all.put(delete, c);

        String move = "POST /api/catalog/{kind}/{id}/move";
        c = new ArrayList<>(Cases.body(
                move,
                "POST",
                "/api/catalog/engines/" + f.engineId() + "/move",
                map("parentId", f.otherModelId(), "position", 0, "version", f.engineVersion()),
                List.of(strict("parentId", false), number("position", false), number("version", true))));
        c.addAll(Cases.pathSegments(
                move,
                "POST",
                "/api/catalog/engines/{id}/move",
                "application/json",
                Cases.write(map("parentId", f.otherModelId(), "version", f.engineVersion()))));
        all.put(move, c);
    }

    private static void audit(Fixtures f, RawHttp http, Map<String, List<BadCase>> all) {
        String doc = "/api/audit/engines/" + f.engineId();
        String list = "GET /api/audit";
        List<BadCase> c = new ArrayList<>();
        // "to" is parsed as "from" is: one of them is enough
        for (String strictParam : List.of("collection", "action", "from", "cursor")) {
            c.addAll(Cases.queryParam(http, list, "/api/audit", strictParam, null));
        }
        for (String freeParam : List.of("documentId", "changedBy", "field")) {
            c.addAll(Cases.queryParam(http, list, "/api/audit", freeParam, NO_ITEMS));
        }
        c.addAll(Cases.numberParam(list, "/api/audit", "limit"));
        c.add(BadCase.noBody(
                list, BadCase.Category.WRONG_TYPE, "?limit=100000 (over the cap)", "GET", "/api/audit?limit=100000"));
        c.add(BadCase.noBody(list, BadCase.Category.WRONG_TYPE, "?from=yesterday", "GET", "/api/audit?from=yesterday"));
        all.put(list, c);

        String history = "GET /api/audit/{collection}/{documentId}";
        c = new ArrayList<>(Cases.pathSegments(history, "GET", "/api/audit/engines/{id}", null, null));
        c.addAll(Cases.pathSegments(history, "GET", "/api/audit/{id}/" + f.engineId(), null, null));
        c.addAll(Cases.numberParam(history, doc, "limit"));
        c.addAll(Cases.queryParam(http, history, doc, "cursor", null));
        all.put(history, c);

        String version = "GET /api/audit/{collection}/{documentId}/versions/{version}";
        c = new ArrayList<>(Cases.pathSegments(version, "GET", doc + "/versions/{id}", null, null));
        c.addAll(Cases.pathSegments(version, "GET", "/api/audit/engines/{id}/versions/1", null, null));
        for (String v : List.of("-1", "0", "1.5", "99999999999999999999", "abc")) {
            c.add(BadCase.noBody(version, BadCase.Category.WRONG_TYPE, "version " + v, "GET", doc + "/versions/" + v));
        }
        all.put(version, c);

        String diff = "GET /api/audit/{collection}/{documentId}/diff";
        c = new ArrayList<>(Cases.queryParam(http, diff, doc + "/diff?from=1", "to", null));
        c.addAll(Cases.queryParam(http, diff, doc + "/diff?to=1", "from", null));
        c.addAll(Cases.numberParam(diff, doc + "/diff?from=1", "to"));
        c.add(BadCase.noBody(diff, BadCase.Category.MISSING_FIELD, "no from/to", "GET", doc + "/diff"));
        c.addAll(Cases.pathSegments(diff, "GET", "/api/audit/engines/{id}/diff?from=1&to=1", null, null));
        all.put(diff, c);

        String asOf = "GET /api/audit/{collection}/{documentId}/as-of";
        c = new ArrayList<>(Cases.queryParam(http, asOf, doc + "/as-of", "at", null));
        for (String at : List.of("yesterday", "2026-13-45T99:00:00Z", "1e20", "-999999999-01-01T00:00Z")) {
            c.add(BadCase.noBody(asOf, BadCase.Category.WRONG_TYPE, "at=" + at, "GET", doc + "/as-of?at=" + at));
        }
        c.add(BadCase.noBody(asOf, BadCase.Category.MISSING_FIELD, "no at", "GET", doc + "/as-of"));
        c.addAll(Cases.pathSegments(
                asOf, "GET", "/api/audit/{id}/" + f.engineId() + "/as-of?at=2026-01-01T00:00:00Z", null, null));
        all.put(asOf, c);

        String export = "GET /api/audit/export.csv";
        c = new ArrayList<>();
        // the export parses its filters with the list's parser: two of them here, the rest in GET /api/audit
        for (String strictParam : List.of("collection", "from")) {
            c.addAll(Cases.queryParam(http, export, "/api/audit/export.csv", strictParam, null));
        }
        c.addAll(Cases.queryParam(http, export, "/api/audit/export.csv", "changedBy", CSV_HEADER_ONLY));
        all.put(export, c);

        String rollback = "POST /api/audit/{collection}/{documentId}/rollback";
        c = new ArrayList<>(Cases.body(
                rollback,
                "POST",
                doc + "/rollback",
                map("version", 1, "expectedVersion", 1, "reason", "bad-input suite"),
                List.of(number("version", true), number("expectedVersion", true), free("reason", false))));
        c.addAll(Cases.pathSegments(
                rollback,
                "POST",
                "/api/audit/engines/{id}/rollback",
                "application/json",
                Cases.write(map("version", 1, "expectedVersion", 1))));
        c.addAll(Cases.pathSegments(
                rollback,
                "POST",
                "/api/audit/{id}/" + f.engineId() + "/rollback",
                "application/json",
                Cases.write(map("version", 1, "expectedVersion", 1))));
        all.put(rollback, c);
    }

    /** Cursors no list issued: not base64url, and a well-formed one naming another list's position. */
    private static List<BadCase> foreignCursors(String endpoint, String path) {
        String otherList = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("another-list\u001f0\u001fx".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return List.of(
                BadCase.noBody(
                        endpoint,
                        BadCase.Category.WRONG_TYPE,
                        "?cursor= not base64url",
                        "GET",
                        path + "?cursor=not*a*cursor"),
                BadCase.noBody(
                        endpoint,
                        BadCase.Category.WRONG_TYPE,
                        "?cursor= another list's position",
                        "GET",
                        path + "?cursor=" + otherList));
    }

    private static void backups(Fixtures f, RawHttp http, Map<String, List<BadCase>> all) {
        String id = f.backupId();
        String list = "GET /api/backups";
        List<BadCase> c = new ArrayList<>(Cases.queryParam(http, list, "/api/backups", "status", null));
        c.addAll(Cases.numberParam(list, "/api/backups", "limit"));
        c.addAll(foreignCursors(list, "/api/backups"));
        all.put(list, c);

        String operations = "GET /api/operations";
        c = new ArrayList<>(Cases.queryParam(http, operations, "/api/operations", "kind", null));
        c.addAll(Cases.queryParam(http, operations, "/api/operations", "status", null));
        c.addAll(Cases.numberParam(operations, "/api/operations", "limit"));
        c.addAll(foreignCursors(operations, "/api/operations"));
        all.put(operations, c);
        String operation = "GET /api/operations/{id}";
        all.put(operation, Cases.pathSegments(operation, "GET", "/api/operations/{id}", null, null));

        String create = "POST /api/backups";
        // every field of this body is optional and a valid body starts a backup: only the spoiled ones are sent
        c = new ArrayList<>(Cases.body(
                create,
                "POST",
                "/api/backups",
                map("description", "bad-input suite"),
                List.of(free("description", false))));
        c.removeIf(b -> b.description().startsWith("extra key"));
        all.put(create, c);

        String get = "GET /api/backups/{id}";
        all.put(get, Cases.pathSegments(get, "GET", "/api/backups/{id}", null, null));

        String verify = "POST /api/backups/{id}/verify";
        all.put(verify, Cases.pathSegments(verify, "POST", "/api/backups/{id}/verify", null, null));

        String restore = "POST /api/backups/{id}/restore";
        c = new ArrayList<>(Cases.body(
                restore,
                "POST",
                "/api/backups/" + id + "/restore",
                map("confirm", id, "reason", "x"),
                List.of(strict("confirm", true), free("reason", false))));
        c.add(BadCase.json(
                restore,
                BadCase.Category.WRONG_TYPE,
                "confirm names another backup",
                "POST",
                "/api/backups/" + id + "/restore",
                Cases.write(map("confirm", "bk-20200101-000000-zzzz"))));
        c.addAll(Cases.pathSegments(
                restore, "POST", "/api/backups/{id}/restore", "application/json", Cases.write(map("confirm", id))));
        // the confirmation repeats the (bad) id in the path, so only the path is wrong
        for (Payloads.Segment s : Payloads.segments()) {
            c.add(new BadCase(
                    restore,
                    s.category(),
                    "path and confirm: " + s.description(),
                    "POST",
                    "/api/backups/" + s.raw() + "/restore",
                    "application/json",
                    Cases.write(map(
                                    "confirm",
                                    java.net.URLDecoder.decode(
                                            s.raw().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    null));
        }
        all.put(restore, c);

        String compare = "GET /api/backups/{id}/compare";
        c = new ArrayList<>(Cases.pathSegments(compare, "GET", "/api/backups/{id}/compare?with=live", null, null));
        c.addAll(Cases.queryParam(http, compare, "/api/backups/" + id + "/compare", "with", null));
        c.addAll(Cases.numberParam(compare, "/api/backups/" + id + "/compare?with=live", "limit"));
        all.put(compare, c);

        String pitr = "POST /api/backups/pitr";
        // a dry run is a read: these spoil it, and none may start a real run
        c = new ArrayList<>(Cases.body(
                pitr,
                "POST",
                "/api/backups/pitr",
                map("at", "2026-01-01T00:00:00Z", "dryRun", true, "reason", "x"),
                List.of(strict("at", true), bool("dryRun"), free("reason", false))));
        c.removeIf(b -> b.description().startsWith("extra key"));
        c.add(BadCase.json(
                pitr,
                BadCase.Category.MISSING_FIELD,
                "a real run without confirm",
                "POST",
                "/api/backups/pitr",
                Cases.write(map("at", "2026-01-01T00:00:00Z", "dryRun", false))));
        c.add(BadCase.json(
                pitr,
                BadCase.Category.WRONG_TYPE,
                "a real run with confirm not repeating at",
                "POST",
                "/api/backups/pitr",
                Cases.write(map("at", "2026-01-01T00:00:00Z", "dryRun", false, "confirm", "yes"))));
        all.put(pitr, c);

        String pin = "POST /api/backups/{id}/pin";
        c = new ArrayList<>(
                Cases.body(pin, "POST", "/api/backups/" + id + "/pin", map("pinned", true), List.of(bool("pinned"))));
        c.removeIf(b -> b.description().startsWith("extra key"));
        c.addAll(Cases.pathSegments(
                pin, "POST", "/api/backups/{id}/pin", "application/json", Cases.write(map("pinned", true))));
        all.put(pin, c);

        String delete = "DELETE /api/backups/{id}";
        all.put(delete, Cases.pathSegments(delete, "DELETE", "/api/backups/{id}", null, null));

        String cleanup = "POST /api/backups/cleanup";
        c = new ArrayList<>(
                Cases.body(cleanup, "POST", "/api/backups/cleanup", map("dryRun", true), List.of(bool("dryRun"))));
        c.removeIf(b -> b.description().startsWith("extra key"));
        all.put(cleanup, c);

        String schedulesGet = "GET /api/backups/schedules";
        c = new ArrayList<>(Cases.queryParam(http, schedulesGet, "/api/backups/schedules", "cron", ANY));
        all.put(schedulesGet, c);

        String schedulesPut = "PUT /api/backups/schedules";
        c = new ArrayList<>(Cases.body(
                schedulesPut,
                "PUT",
                "/api/backups/schedules",
                map("schedules", List.of(map("cron", "0 0 3 * * *", "description", "nightly"))),
                List.of(list("schedules", true))));
        c.removeIf(b -> b.description().startsWith("extra key"));
        for (Payloads.Value v : Payloads.strictText("0 0 3 * * *")) {
            c.add(BadCase.json(
                    schedulesPut,
                    v.category(),
                    "cron = " + v.description(),
                    "PUT",
                    "/api/backups/schedules",
                    Cases.write(map("schedules", List.of(map("cron", v.value()))))));
        }
        for (Payloads.Value v : Payloads.operatorObjects()) {
            c.add(BadCase.json(
                    schedulesPut,
                    v.category(),
                    "cron = " + v.description(),
                    "PUT",
                    "/api/backups/schedules",
                    Cases.write(map("schedules", List.of(map("cron", v.value()))))));
        }
        for (Payloads.Value v : Payloads.freeText()) {
            c.add(BadCase.json(
                    schedulesPut,
                    v.category(),
                    "description = " + v.description(),
                    "PUT",
                    "/api/backups/schedules",
                    Cases.write(map("schedules", List.of(map("cron", "0 0 3 * * *", "description", v.value()))))));
        }
        c.add(BadCase.json(
                schedulesPut,
                BadCase.Category.WRONG_TYPE,
                "cron with 5 fields",
                "PUT",
                "/api/backups/schedules",
                Cases.write(map("schedules", List.of(map("cron", "0 3 * * *"))))));
        c.add(BadCase.json(
                schedulesPut,
                BadCase.Category.OVERSIZED,
                "51 schedules",
                "PUT",
                "/api/backups/schedules",
                Cases.write(map("schedules", java.util.Collections.nCopies(51, map("cron", "0 0 3 * * *"))))));
        all.put(schedulesPut, c);
    }

    private static void gateway(RawHttp http, Map<String, List<BadCase>> all) {
        String lock = "GET /api/ops/lock";
        List<BadCase> c = new ArrayList<>(Cases.queryParam(http, lock, "/api/ops/lock", "operationId", ANY));
        c.addAll(Cases.pathSegments(lock, "GET", "/api/ops/lock/{id}", null, null));
        c.add(BadCase.json(
                lock,
                BadCase.Category.INJECTION,
                "POST with an operator body",
                "POST",
                "/api/ops/lock",
                "{\"locked\": {\"$ne\": null}}"));
        all.put(lock, c);

        String login = "POST /login";
        // a user name of its own: these failed logins are throttled, and must not lock out a user other tests log in as
        c = new ArrayList<>(Cases.body(
                login,
                "POST",
                "/login",
                map("username", "bad-input-probe", "password", "wrong-password"),
                List.of(strict("username", true), free("password", true))));
        c.add(BadCase.raw(
                login,
                BadCase.Category.INJECTION,
                "form with username[$ne]",
                "POST",
                "/login",
                "application/x-www-form-urlencoded",
                "username%5B%24ne%5D=x&password%5B%24ne%5D=x".getBytes()));
        c.add(BadCase.raw(
                login,
                BadCase.Category.OVERSIZED,
                "1.2 MB form",
                "POST",
                "/login",
                "application/x-www-form-urlencoded",
                ("username=bad-input-probe&password=" + "x".repeat(Payloads.OVERSIZED_BYTES)).getBytes()));
        all.put(login, c);
    }

    private static Map<String, Object> engine(String modelId, Long version) {
        Map<String, Object> m = map(
                "modelId",
                modelId,
                "name",
                "2.0 TFSI bad-input",
                "fuel",
                "petrol",
                "powerHp",
                190,
                "torqueNm",
                320,
                "engineCode",
                "CVKB",
                "stages",
                List.of(map("stage", 1, "powerHp", 240, "torqueNm", 380, "priceEur", 590)));
        if (version != null) {
            m.put("version", version);
        }
        return m;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
