package io.backstop.support.lease;

/** Who wants the lease, for which operation. */
public record LeaseRequest(String instance, String operationId, String kind, String startedBy) {

    public String holder() {
        return instance + "/" + operationId;
    }
}
