package io.wally.maps.store;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A store opened read-only, for {@code wally store verify} and {@code wally store info}: the snapshot
 * loaded and the log replayed exactly as {@link GraphStore#open} would, but nothing on disk changes —
 * no lock file is created, no torn tail is cut, no segment is created or deleted, no {@code .tmp} file
 * is removed. It works on a read-only copy of a store. A torn tail is reported in
 * {@link RecoveryReport#truncation()} (not cut); corruption is a {@link StoreCorruptException}.
 *
 * <p>When {@code store.lock} exists a shared lock is taken on it for the inspection, so a store held by
 * a running writer is refused ({@link StoreLockedException}) rather than read while it changes.
 *
 * <p>Threading: one thread; close it to release the graph's memory and the shared lock.
 */
public final class StoreInspection implements AutoCloseable {

    private final Path dir;
    private final MutableNavGraph graph;
    private final Recovery.Result result;
    private final FileChannel lockChannel;
    private final long snapshotBytes;

    private StoreInspection(Path dir, Recovery.Result result, FileChannel lockChannel, long snapshotBytes) {
        this.dir = dir;
        this.graph = result.graph();
        this.result = result;
        this.lockChannel = lockChannel;
        this.snapshotBytes = snapshotBytes;
    }

    /**
     * Opens the store in {@code dir} read-only (checksums that carry graph state; see {@link StoreVerifier} for every byte).
     *
     * @throws StoreException when {@code dir} is not a directory or a writer holds it
     * @throws StoreCorruptException when a file fails validation or the log is corrupt (names the file, offset, LSNs)
     */
    public static StoreInspection open(Path dir) {
        return open(dir, false);
    }

    static StoreInspection open(Path dir, boolean everyByte) {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("store " + dir + " does not exist (not a directory)");
        }
        FileChannel lock = null;
        try {
            lock = sharedLock(dir);
            Recovery.Result r = Recovery.run(dir, new ImageSnapshotFormat(), everyByte, false);
            Path snapshot = StoreFiles.snapshot(dir);
            return new StoreInspection(dir, r, lock, Files.exists(snapshot) ? Files.size(snapshot) : 0);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("cannot read store " + dir + ": " + e, e);
        }
    }

    /** A shared lock on an existing {@code store.lock} (never created), or null when there is none. */
    private static FileChannel sharedLock(Path dir) throws IOException {
        Path file = dir.resolve(StoreFiles.LOCK);
        if (!Files.exists(file)) {
            return null;
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FileLock l;
        try {
            l = ch.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            l = null; // held by a store open in this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            long pid = readPid(ch);
            ch.close();
            throw new StoreLockedException(dir, pid);
        }
        return ch;
    }

    private static long readPid(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The recovered graph; read it only (it is not logged, and it is closed with this inspection). */
    public NavGraph graph() {
        return graph;
    }

    /** LSN of the recovered state. */
    public long lsn() {
        return result.lastLsn();
    }

    /** What the open found; a torn tail is reported there, not cut. */
    public RecoveryReport recovery() {
        return result.report();
    }

    /** Sizes, LSNs and counts; {@code durability} is null (no policy: nothing is written), fsyncs and checkpoints 0. */
    public StoreInfo info() {
        return new StoreInfo(dir, null, snapshotBytes, result.report().snapshotLsn(), result.segments(), result.logBytes(), lsn(), lsn(),
                graph.nodeCount(), graph.edgeCount(), graph.nodeIdLimit(), 0, 0, describe(graph));
    }

    static String describe(NavGraph g) {
        if (g instanceof OffHeapGraph off) {
            return off + ", off-heap " + off.offHeapBytes() + " bytes, pool " + off.poolStats() + ", properties " + off.propertyStats()
                    + off.bloomStats().map(b -> ", bloom " + b).orElse("");
        }
        return g.toString();
    }

    /** Releases the graph's memory and the shared lock. */
    @Override
    public void close() {
        graph.close();
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                throw new StoreException("releasing the shared lock of " + dir + " failed: " + e, e);
            }
        }
    }
}
