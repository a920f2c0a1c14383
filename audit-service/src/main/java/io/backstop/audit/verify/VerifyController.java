package io.backstop.audit.verify;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.ChainHead;
import io.backstop.support.ApiException;

/**
 * {@code GET /api/audit/verify}: recomputes both chains of the trail now (admin). {@code GET /api/audit/verify/latest}:
 * the result of the latest run, scheduled or asked for, without running one (it runs one when there was none yet).
 */
@RestController
@PreAuthorize("hasRole('admin')")
class VerifyController {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final TrailVerifier verifier;
    private final AuditStore store;

    VerifyController(TrailVerifier verifier, AuditStore store) {
        this.verifier = verifier;
        this.store = store;
    }

    /** With {@code seq} and {@code hash} (a backup manifest's {@code auditChainHead}): verified against that anchor too. */
    @GetMapping("/api/audit/verify")
    @Operation(
            summary = "Recompute the trail's hash chains and name the first broken link",
            description =
                    "Admins only. With seq and hash (a backup manifest's auditChainHead) the trail is also checked"
                            + " against that anchor, so a rewrite of the whole chain since the backup is found (docs/audit-chain.md).")
    @ApiResponse(
            responseCode = "200",
            description = "ok, or the first entry changed, deleted or inserted",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"ok\":true,\"entries\":1234,\"verifiedAt\":\"2026-12-08T10:00:00Z\",\"brokenLink\":null}")))
    Verification verify(@RequestParam(required = false) Long seq, @RequestParam(required = false) String hash) {
        return verifier.verify(anchor(seq, hash));
    }

    /** The chain's checkpointed head, which backup-service records in each backup's manifest. Not routed by the gateway. */
    @GetMapping("/internal/audit/chain/head")
    ChainHeadView head() {
        ChainHead.Tail head = store.chainHead();
        return new ChainHeadView(head.seq(), head.id(), head.hash());
    }

    /** @param seq 0 (and the others null) while the trail is empty */
    record ChainHeadView(long seq, String entryId, String hash) {}

    private static TrailVerifier.Anchor anchor(Long seq, String hash) {
        if (seq == null && hash == null) {
            return null;
        }
        if (seq == null || hash == null || seq < 1 || !HEX64.matcher(hash).matches()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "An anchor is 'seq' (1 or more) and 'hash' (64 lowercase hex "
                            + "digits) together: take both from a backup manifest's auditChainHead",
                    List.of(new ApiException.FieldError(
                            seq == null || seq < 1 ? "seq" : "hash", "incomplete or malformed anchor")));
        }
        return new TrailVerifier.Anchor(seq, hash);
    }

    @GetMapping("/api/audit/verify/latest")
    @Operation(summary = "The last verification's result (scheduled or asked for), verifying now if none ran yet")
    @ApiResponse(
            responseCode = "200",
            description = "The last result",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"ok\":true,\"entries\":1234,\"verifiedAt\":\"2026-12-08T10:00:00Z\",\"brokenLink\":null}")))
    Verification latest() {
        Verification last = verifier.last();
        return last != null ? last : verifier.verify();
    }
}
