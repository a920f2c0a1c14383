package io.backstop.backup.lock;

/** Who wants the lease, for which operation. */
public record LeaseRequest(String instance, String operationId, String kind, String startedBy) {

    public String holder() {
        return instance + "/" + operationId;
    }
}
