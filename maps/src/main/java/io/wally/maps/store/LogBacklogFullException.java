package io.wally.maps.store;

import io.wally.maps.GraphException;

/**
 * A store with a {@linkplain StoreOptions#nonBlockingWriter() non-blocking writer} refused a mutation
 * because its record would take the log's backlog (records not yet durable) beyond
 * {@link StoreOptions#logBacklogLimitBytes()}: the disk is that far behind. Thrown before anything
 * changes — neither the graph nor the log — and the store stays healthy: the caller keeps the change
 * (or drops one it can redo, such as an obstacle mark) and tries again once
 * {@link GraphStore#acceptsMutations()} says so. Not a {@link StoreException}: nothing failed.
 */
public final class LogBacklogFullException extends GraphException {

    private static final long serialVersionUID = 1L;

    /** A refusal described by {@code message} (it names the store, the record size, the backlog and the limit). */
    public LogBacklogFullException(String message) {
        super(message);
    }
}
