package io.wally.maps.store;

import java.nio.file.Path;

/** Another process (or another open {@link GraphStore} in this one) holds the store's write lock. */
public final class StoreLockedException extends StoreException {

    private static final long serialVersionUID = 1L;
    private final long pid;

    /**
     * @param dir the store directory
     * @param pid the holder's process id as written in the lock file, or {@code -1} if unreadable
     */
    public StoreLockedException(Path dir, long pid) {
        super("store " + dir + " is locked by pid " + (pid >= 0 ? Long.toString(pid) : "(unknown)"));
        this.pid = pid;
    }

    /** Process id of the holder, {@code -1} when unknown. */
    public long pid() {
        return pid;
    }
}
