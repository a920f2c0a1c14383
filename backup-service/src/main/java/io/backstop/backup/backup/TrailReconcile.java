package io.backstop.backup.backup;

/**
 * What a backup asks of the audit trail. Before it dumps: asks audit-service to bring the audit trail in line with the catalog
 * (changes made outside the API recorded as {@code external} entries), so that the trail and the backup agree on
 * the state the backup holds and a point-in-time restore that starts from it replays nothing twice or amiss. After
 * it: the trail's chain head, which the manifest keeps as an anchor.
 */
public interface TrailReconcile {

    /** Nothing to reconcile (tests of the backup alone). */
    TrailReconcile NONE = () -> "not asked";

    /**
     * Runs a reconcile and says how it went, for the backup's result. Never throws and never takes longer than the
     * configured timeout: a backup is the last line of defence and must not wait on the audit trail. What a failed
     * reconcile misses, the next scheduled one records.
     */
    String beforeBackup();

    /**
     * The audit trail's chain head now, to anchor in the backup's manifest; null when audit-service does not answer
     * within the timeout (the backup goes ahead without an anchor, as without a reconcile).
     */
    default io.backstop.backup.dump.Manifest.TrailHead trailHead() {
        return null;
    }
}
