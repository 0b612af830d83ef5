package io.wally.maps.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends records to the current log segment under a {@link Durability} policy.
 *
 * <p>Threading: {@link #append}, {@link #commit}, {@link #rollForCheckpoint} and {@link #close} are
 * called by the store's single writer thread. Under GROUP and NONE, and under every policy with a
 * {@linkplain StoreOptions#nonBlockingWriter() non-blocking writer}, a daemon flusher thread owns the
 * writes: the writer copies records into {@code pending} (under {@code batchLock}); the flusher swaps it
 * with {@code spare}, writes and fsyncs it outside that lock (under {@code ioLock}), then publishes
 * {@link #durableLsn()}. Under a blocking SYNC the writer thread writes and fsyncs itself; there is no
 * flusher. A non-blocking SYNC is a flusher with no group interval: it syncs as soon as a record is
 * appended (records appended during an fsync share the next one).
 */
final class WalWriter implements AutoCloseable {

    private static final int INITIAL_BATCH_BYTES = 1 << 20;
    /** Blocking writer: beyond this many bytes in the batch, {@link #append} waits for the flusher; a larger spare batch is freed. */
    private static final int MAX_BATCH_BYTES = 16 << 20;

    private final Path dir;
    private final Durability durability;
    private final long groupIntervalNanos;
    private final long segmentBytes;
    private final boolean nonBlocking;
    private final LogSync logSync;

    private final Object ioLock = new Object();
    private FileChannel channel;             // guarded by ioLock
    private long segmentFirstLsn;            // guarded by ioLock
    private long segmentSize;                // guarded by ioLock
    private final List<StoreFiles.Segment> closedSegments = new ArrayList<>(); // guarded by ioLock
    private volatile GraphStore.CheckpointHook rollHook = step -> { };

    private long lastLsn;                    // writer thread only
    private ByteBuffer syncBuffer;           // writer thread only (blocking SYNC)

    private final ReentrantLock batchLock = new ReentrantLock();
    private final Condition batchReady = batchLock.newCondition();
    private final Condition durableAdvanced = batchLock.newCondition();
    private ByteBuffer pending;              // guarded by batchLock
    private ByteBuffer spare;                // guarded by batchLock
    private long pendingLastLsn;             // guarded by batchLock
    private boolean closing;                 // guarded by batchLock
    private volatile long backlogBytes;      // written under batchLock: appended, not yet durable

    private volatile long durableLsn;
    private volatile Throwable failure;
    private final Thread flusher;
    private volatile long fsyncs;            // incremented under ioLock; read for stats only

    /**
     * @param segment the segment to append to (already validated, valid up to {@code validEnd}), or null
     *     to create a new one starting at {@code lastLsn + 1}
     * @param priorSegments older segments still on disk (trimmed by the next checkpoint)
     */
    WalWriter(Path dir, StoreOptions options, StoreFiles.Segment segment, long validEnd, long lastLsn,
            List<StoreFiles.Segment> priorSegments) throws IOException {
        this.dir = dir;
        this.durability = options.durability();
        this.nonBlocking = options.nonBlockingWriter();
        this.logSync = options.logSync();
        // SYNC through the flusher (non-blocking writer) syncs each record at once: no group interval
        this.groupIntervalNanos = durability == Durability.SYNC ? 0 : TimeUnit.MILLISECONDS.toNanos(options.groupCommitIntervalMillis());
        this.segmentBytes = options.segmentBytes();
        this.lastLsn = lastLsn;
        this.durableLsn = lastLsn;
        this.closedSegments.addAll(priorSegments);
        if (segment == null) {
            openNewSegment(lastLsn + 1);
        } else {
            channel = FileChannel.open(segment.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            // Recovered records may still sit only in the page cache of a killed process: make them
            // durable before anything is acknowledged on top of them.
            logSync.force(channel);
            segmentFirstLsn = segment.firstLsn();
            segmentSize = validEnd;
            channel.position(validEnd);
        }
        if (durability == Durability.SYNC && !nonBlocking) {
            syncBuffer = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            flusher = null;
        } else {
            pending = ByteBuffer.allocateDirect(INITIAL_BATCH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            spare = ByteBuffer.allocateDirect(INITIAL_BATCH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            flusher = Thread.ofPlatform().daemon().name("wal-flusher-" + dir.getFileName()).unstarted(this::runFlusher);
            flusher.start();
        }
    }

    /** Last LSN handed out (logged, maybe not durable). Writer thread. */
    long lastLsn() {
        return lastLsn;
    }

    /** Highest LSN whose record is durable under the policy (NONE: handed to the OS). Any thread. */
    long durableLsn() {
        return durableLsn;
    }

    /** Number of fsyncs of log segments so far. Any thread. */
    long fsyncCount() {
        return fsyncs;
    }

    /** Bytes of records appended but not yet durable (in the batch or being written); {@code 0} under a blocking SYNC. Any thread. */
    long backlogBytes() {
        return backlogBytes;
    }

    /** Whether the flusher failed (nothing more can be logged). Any thread. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Logs {@code m} with the next LSN and returns it. Blocking SYNC: returns after the record is fsynced.
     * Blocking GROUP/NONE: returns once the record is in the batch (blocks only when the batch is full).
     * Non-blocking writer: returns once the record is in the batch, which grows as needed (the store
     * keeps it within the backlog limit by refusing mutations before they are applied).
     */
    long append(GraphMutation m) throws IOException {
        checkHealthy();
        long lsn = lastLsn + 1;
        int len = m.encodedLength();
        if (flusher == null) {
            if (syncBuffer.capacity() < len) {
                syncBuffer = ByteBuffer.allocateDirect(Math.max(len, syncBuffer.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            }
            syncBuffer.clear();
            m.encode(syncBuffer, lsn);
            syncBuffer.flip();
            synchronized (ioLock) {
                writeFully(syncBuffer);
                logSync.force(channel);
                fsyncs++;
                maybeRoll(lsn);
            }
            lastLsn = lsn;
            batchLock.lock();
            try {
                durableLsn = lsn;
                durableAdvanced.signalAll(); // threads in awaitDurable
            } finally {
                batchLock.unlock();
            }
            return lsn;
        }
        batchLock.lock();
        try {
            while (pending.remaining() < len) {
                if (nonBlocking || pending.position() == 0 || pending.capacity() < MAX_BATCH_BYTES) {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(pending.capacity() * 2, pending.position() + len))
                            .order(ByteOrder.LITTLE_ENDIAN);
                    pending.flip();
                    bigger.put(pending);
                    pending = bigger;
                } else {
                    // Back-pressure: the flusher is behind by a full batch; wait for it to swap.
                    durableAdvanced.await(10, TimeUnit.MILLISECONDS);
                    checkHealthy();
                }
            }
            boolean wasEmpty = pending.position() == 0;
            m.encode(pending, lsn);
            pendingLastLsn = lsn;
            backlogBytes += len;
            if (wasEmpty) {
                batchReady.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the log flusher", e);
        } finally {
            batchLock.unlock();
        }
        lastLsn = lsn;
        return lsn;
    }

    /** Blocks until every record logged so far is durable; returns that LSN. */
    long commit() throws IOException {
        awaitDurable(lastLsn);
        return lastLsn;
    }

    /** Blocks until {@link #durableLsn()} {@code >= lsn} (or the log failed). */
    void awaitDurable(long lsn) throws IOException {
        if (durableLsn >= lsn) {
            checkHealthy();
            return;
        }
        batchLock.lock();
        try {
            while (durableLsn < lsn) {
                checkHealthy();
                durableAdvanced.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for LSN " + lsn + " to become durable", e);
        } finally {
            batchLock.unlock();
        }
        checkHealthy();
    }

    /**
     * Starts a new segment at {@code lastLsn() + 1} (after {@link #commit()}, so nothing is pending) and
     * returns every older segment: they hold only records {@code <= lastLsn()}. Writer thread.
     */
    List<StoreFiles.Segment> rollForCheckpoint() throws IOException {
        commit();
        synchronized (ioLock) {
            if (segmentSize > SegmentHeader.BYTES) {
                roll(lastLsn + 1);
            }
            return new ArrayList<>(closedSegments);
        }
    }

    /** Fault injection for tests: called inside a roll, between creating the new segment and sealing the old one. */
    void rollHook(GraphStore.CheckpointHook hook) {
        this.rollHook = hook;
    }

    /** Forgets segments that a checkpoint deleted. Writer thread. */
    void forget(List<StoreFiles.Segment> deleted) {
        synchronized (ioLock) {
            closedSegments.removeAll(deleted);
        }
    }

    /** Segment files currently part of the log, oldest first (for info). */
    List<Path> segmentPaths() {
        synchronized (ioLock) {
            List<Path> out = new ArrayList<>();
            for (StoreFiles.Segment s : closedSegments) {
                out.add(s.path());
            }
            out.add(StoreFiles.segment(dir, segmentFirstLsn));
            return out;
        }
    }

    private void runFlusher() {
        long lastSyncStart = System.nanoTime() - groupIntervalNanos;
        try {
            while (true) {
                batchLock.lock();
                try {
                    while (pending.position() == 0 && !closing) {
                        batchReady.await();
                    }
                    if (pending.position() == 0) {
                        return; // closing and drained
                    }
                } finally {
                    batchLock.unlock();
                }
                long wait;
                while ((wait = lastSyncStart + groupIntervalNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                ByteBuffer toWrite;
                long upTo;
                batchLock.lock();
                try {
                    toWrite = pending;
                    pending = spare;
                    spare = null;
                    upTo = pendingLastLsn;
                } finally {
                    batchLock.unlock();
                }
                toWrite.flip();
                int written = toWrite.remaining();
                lastSyncStart = System.nanoTime();
                synchronized (ioLock) {
                    writeFully(toWrite);
                    if (durability != Durability.NONE) {
                        logSync.force(channel);
                        fsyncs++;
                    }
                    maybeRoll(upTo);
                }
                toWrite.clear();
                if (toWrite.capacity() > MAX_BATCH_BYTES) {
                    // a batch grown while the disk was behind (non-blocking writer) or by one huge record:
                    // give the memory back rather than keep it as the spare for good
                    toWrite = ByteBuffer.allocateDirect(INITIAL_BATCH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                }
                batchLock.lock();
                try {
                    spare = toWrite;
                    backlogBytes -= written;
                    durableLsn = upTo;
                    durableAdvanced.signalAll();
                } finally {
                    batchLock.unlock();
                }
            }
        } catch (Throwable t) {
            failure = t;
            batchLock.lock();
            try {
                durableAdvanced.signalAll();
            } finally {
                batchLock.unlock();
            }
        }
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            segmentSize += channel.write(buf);
        }
    }

    private void maybeRoll(long upToLsn) throws IOException {
        if (segmentSize >= segmentBytes) {
            roll(upToLsn + 1);
        }
    }

    /**
     * Rolls to a new segment at {@code firstLsn}: the new file is created first, then the old one is
     * sealed ({@link SegmentSeal}) and fsynced. A crash between the two leaves an unsealed segment
     * followed by an empty last one, which recovery accepts and seals; a seal therefore always names a
     * segment that was created, and a sealed last segment means its successor was lost.
     */
    private void roll(long firstLsn) throws IOException {
        logSync.force(channel);
        FileChannel old = channel;
        long oldFirstLsn = segmentFirstLsn;
        long oldSize = segmentSize;
        try {
            openNewSegment(firstLsn);
            rollHook.after(GraphStore.CheckpointStep.SEGMENT_CREATED);
            ByteBuffer seal = SegmentSeal.encode(firstLsn);
            long at = oldSize;
            while (seal.hasRemaining()) {
                at += old.write(seal, at);
            }
            logSync.force(old);
        } finally {
            old.close();
        }
        closedSegments.add(new StoreFiles.Segment(StoreFiles.segment(dir, oldFirstLsn), oldFirstLsn));
    }

    /** Creates {@code wal-<firstLsn>.log} atomically (header written and fsynced under a temp name). */
    private void openNewSegment(long firstLsn) throws IOException {
        Path target = StoreFiles.createSegment(dir, firstLsn);
        StoreFiles.syncDirectory(dir);
        channel = FileChannel.open(target, StandardOpenOption.WRITE);
        channel.position(SegmentHeader.BYTES);
        segmentFirstLsn = firstLsn;
        segmentSize = SegmentHeader.BYTES;
    }

    private void checkHealthy() throws IOException {
        Throwable t = failure;
        if (t != null) {
            throw new IOException("the write-ahead log in " + dir + " failed; nothing after LSN " + durableLsn
                    + " is durable: " + t, t);
        }
    }

    /** Flushes what is pending (commit), stops the flusher and closes the segment. Writer thread. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            commit();
        } catch (IOException e) {
            first = e;
        }
        if (flusher != null) {
            batchLock.lock();
            try {
                closing = true;
                batchReady.signal();
            } finally {
                batchLock.unlock();
            }
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (ioLock) {
            try {
                channel.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
