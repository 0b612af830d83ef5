package io.wally.maps.store;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How a checkpoint turns the graph into a snapshot file and back: the one seam between the log
 * protocol (which only needs "write the state at LSN L" and "load the state and its L") and a graph
 * implementation's image format. Implementations validate everything they read and throw
 * {@link StoreCorruptException} naming the file.
 */
interface SnapshotFormat {

    /** A new, empty graph for a store that has no snapshot yet. */
    MutableNavGraph newGraph();

    /** Writes {@code graph}'s whole state, stamped with {@code lsn}, to {@code out} from position 0 (no fsync). */
    void write(NavGraph graph, long lsn, FileChannel out) throws IOException;

    /**
     * Opens and validates {@code file}; the graph is the caller's to close.
     *
     * @param everyByte also check checksums that cover no graph state (padding), which costs a pass over
     *     the file: {@code wally store verify} does, a plain open need not
     */
    Loaded load(Path file, boolean everyByte) throws IOException;

    /** A loaded snapshot: its graph and the LSN it covers. */
    record Loaded(MutableNavGraph graph, long lsn) {
    }
}
