package io.wally.maps.store;

import io.wally.maps.GraphException;

/**
 * A persistent store could not do what was asked: an I/O failure, a store locked by another process,
 * a file that is not what it should be. The message names the store directory or file and what is
 * wrong; the store's files are left as they were (nothing is "repaired" by guessing).
 */
public class StoreException extends GraphException {

    private static final long serialVersionUID = 1L;

    /** An error described by {@code message}. */
    public StoreException(String message) {
        super(message);
    }

    /** An error described by {@code message}, caused by {@code cause}. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
