package io.backstop.outbox;

import java.util.Collection;
import java.util.List;

/** Where {@link CatalogWriter} records a change before it writes the document: the outbox, or nowhere. */
interface ChangeJournal {

    /** Change streams carry the changes in {@link CaptureMode#DEBEZIUM}: nothing to record, promote or discard. */
    ChangeJournal NONE = new ChangeJournal() {
        @Override
        public long allocate(int n) {
            return 0;
        }

        @Override
        public void insertPending(List<OutboxEntry> entries) {}

        @Override
        public long promote(Collection<String> txIds) {
            return 0;
        }

        @Override
        public void discard(Collection<String> txIds) {}
    };

    long allocate(int n);

    void insertPending(List<OutboxEntry> entries);

    long promote(Collection<String> txIds);

    void discard(Collection<String> txIds);

    default boolean promote(String txId) {
        return promote(List.of(txId)) > 0;
    }

    static ChangeJournal of(CaptureMode mode, OutboxStore outbox) {
        return mode == CaptureMode.OUTBOX ? outbox : NONE;
    }
}
