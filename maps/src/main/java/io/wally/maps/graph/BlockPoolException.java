package io.wally.maps.graph;

import io.wally.maps.GraphException;

/**
 * Misuse of a {@link BlockPool}: a double free, a block that is not the pool's, a misaligned block,
 * a pool that is full, or a use after close. {@link #reason()} says which; the message names the
 * pool, the block and the pool's bounds. The pool is unchanged when it is thrown.
 */
final class BlockPoolException extends GraphException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The block was already free. */
        DOUBLE_FREE,
        /** The block (handle or memory) does not belong to this pool. */
        FOREIGN_BLOCK,
        /** The memory lies in one of the pool's pages but not on a block boundary, or has the wrong size. */
        MISALIGNED_BLOCK,
        /** The pool cannot grow any more (block handles are ints). */
        EXHAUSTED,
        /** The pool was closed. */
        CLOSED
    }

    private final Reason reason;

    /**
     * @param reason what went wrong
     * @param message the full message with pool name and values
     */
    public BlockPoolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }
}
