package io.wally.maps.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the write-ahead log makes the bytes written to a log segment durable: the one place the log calls
 * {@code fsync}. The default, {@link #FORCE}, is {@link FileChannel#force(boolean) force(false)}
 * (file data, not metadata: segments are preallocated by their header and grow only by appends whose
 * length every record frames). Tests substitute a slow file system: a {@code LogSync} that sleeps, or
 * waits for a latch, before forcing.
 *
 * <p>Threading: called by whichever thread writes the log — the store's writer under a blocking
 * {@link Durability#SYNC}, the flusher thread otherwise — never by two threads at once for one store.
 * An implementation must force the channel (or throw): the log counts the records written before the
 * call as durable once it returns.
 */
@FunctionalInterface
public interface LogSync {

    /** {@code channel.force(false)}: the data of a segment reaches the disk before the call returns. */
    LogSync FORCE = channel -> channel.force(false);

    /**
     * Makes every byte written to {@code channel} so far durable; returns when it is.
     *
     * @throws IOException when the file system fails; the store is then failed (see {@link GraphStore})
     */
    void force(FileChannel channel) throws IOException;
}
