package io.backstop.gateway.ops;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * Refuses work that conflicts with the running blocking operation, for every client alike (a second tab, an API
 * client): catalog writes and rollbacks get 423 Locked, new backups, restores, point-in-time restores, cleanups and
 * backup deletions get 409. The services check the lock themselves too; this answers early and names the holder.
 * Runs after security, so nobody learns about an operation before logging in.
 */
final class LockGuard extends OncePerRequestFilter {

    private static final Pattern CATALOG = Pattern.compile("/api/catalog(/.*)?");
    private static final Pattern ROLLBACK = Pattern.compile("/api/audit/[^/]+/[^/]+/rollback/?");
    private static final Pattern BACKUP_START =
            Pattern.compile("/api/backups/?|/api/backups/(pitr|cleanup)/?|/api/backups/[^/]+/restore/?");
    private static final Pattern BACKUP_DELETE = Pattern.compile("/api/backups/(?!schedules/?$)[^/]+/?");

    private final OpsLock lock;

    LockGuard(OpsLock lock) {
        this.lock = lock;
    }

    enum Conflict {
        CATALOG_WRITE,
        BACKUP_OPERATION,
        NONE
    }

    static Conflict classify(String method, String path) {
        boolean write = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (!write) {
            return Conflict.NONE;
        }
        if (CATALOG.matcher(path).matches()
                || (method.equals("POST") && ROLLBACK.matcher(path).matches())) {
            return Conflict.CATALOG_WRITE;
        }
        if ((method.equals("POST") && BACKUP_START.matcher(path).matches())
                || (method.equals("DELETE") && BACKUP_DELETE.matcher(path).matches())) {
            return Conflict.BACKUP_OPERATION;
        }
        return Conflict.NONE;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Conflict conflict = classify(request.getMethod(), request.getRequestURI());
        OpsLock.View state = conflict == Conflict.NONE ? null : lock.view();
        if (state == null || !state.locked()) {
            chain.doFilter(request, response);
            return;
        }
        OpsLock.Operation running = state.operation();
        String what = "A " + running.kind() + " (operation " + running.operationId() + ") started by "
                + running.startedBy() + " is running";
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("operation", running);
        if (conflict == Conflict.CATALOG_WRITE) {
            Problems.write(
                    request,
                    response,
                    ProblemType.LOCKED,
                    what + "; the catalog cannot be changed until it finishes. Try again then.",
                    extra);
        } else {
            Problems.write(
                    request,
                    response,
                    ProblemType.CONFLICT,
                    what + "; only one backup, restore or cleanup runs at a time. Try again when it finishes.",
                    extra);
        }
    }
}
