package io.backstop.backup.lock;

import org.springframework.http.HttpStatus;

import io.backstop.support.ApiException;
import io.backstop.support.lease.Lease;

/** 409: another critical operation holds the lease; the detail names it so the caller knows whom to wait for. */
public class LockHeldException extends ApiException {

    public LockHeldException(Lease current) {
        super(HttpStatus.CONFLICT, describe(current));
    }

    private static String describe(Lease lease) {
        if (lease == null || lease.operationId() == null) {
            return "Another critical operation is just starting or finishing; retry in a few seconds.";
        }
        return "Another critical operation is running: " + lease.kind() + " " + lease.operationId()
                + " started by " + lease.startedBy() + " at " + lease.startedAt() + " on " + lease.instance()
                + " (holder " + lease.holder() + ", " + lease.percent() + "% " + lease.message()
                + "). Wait for it to finish; only one backup, restore or cleanup runs at a time.";
    }
}
