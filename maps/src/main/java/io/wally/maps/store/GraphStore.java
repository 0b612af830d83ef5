package io.wally.maps.store;

import io.wally.maps.CorruptImageException;
import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A navigation graph that survives crashes: a snapshot file plus a write-ahead log in one directory.
 *
 * <pre>{@code
 * try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults())) {   // recovers
 *     MutableNavGraph g = store.graph();
 *     int a = g.addNode("dock", 0f, 0f);      // logged with the next LSN
 *     int b = g.addNode(1f, 0f);
 *     g.addEdge(a, b, 1f, 0);
 *     store.commit();                          // acknowledged: a crash now keeps all three
 *     store.checkpoint();                      // new snapshot, log trimmed
 * }
 * }</pre>
 *
 * <h2>What "acknowledged" means</h2>
 * Every mutation of {@link #graph()} is applied in memory, then logged with the next LSN
 * ({@link #lastLsn()}). A mutation that throws is neither applied nor logged. A mutation is
 * <em>acknowledged</em> — it survives any later crash, including power loss — once
 * {@link #durableLsn()} {@code >=} its LSN. When that happens depends on the {@link Durability}:
 * <ul>
 *   <li>{@code SYNC}: before the mutation method returns (one fsync per mutation);
 *       {@link #commit()} returns at once.</li>
 *   <li>{@code GROUP}: mutation methods return after appending to an in-memory batch (not yet
 *       acknowledged); a flusher thread writes and fsyncs the batch at most every
 *       {@link StoreOptions#groupCommitIntervalMillis()} ms (immediately when the previous fsync is
 *       older than that). {@link #commit()} returns once every mutation made before it is
 *       acknowledged: the commit boundary of a single writer that batches many mutations.
 *       {@link #durableLsn()} lets a non-blocking caller (an agent) acknowledge later by polling.</li>
 *   <li>{@code NONE}: like GROUP without fsync; {@link #commit()} promises survival of a process
 *       crash only, never of a power loss (simulation).</li>
 * </ul>
 * With a {@linkplain StoreOptions#nonBlockingWriter() non-blocking writer} (the runtime's map agent)
 * no mutation method waits for the disk under any policy: under {@code SYNC} the flusher thread
 * writes and fsyncs each record as soon as it is appended, and a record is acknowledged when
 * {@link #durableLsn()} covers it (the same promise as above, given later); under GROUP and NONE a
 * full batch grows instead of waiting. When the disk falls {@link StoreOptions#logBacklogLimitBytes()}
 * behind ({@link #logBacklogBytes()}), mutations are refused with {@link LogBacklogFullException}
 * before anything changes; {@link #acceptsMutations()} tells the writer beforehand.
 * After a crash the store opens to a state at some LSN {@code >=} the last acknowledged one (records
 * that were durable but not yet acknowledged may survive too); it is always exactly the state after a
 * prefix of the logged mutations.
 *
 * <h2>Threading and lifecycle</h2>
 * One writer thread owns the store: it calls the mutation methods of {@link #graph()},
 * {@link #commit()}, {@link #checkpoint()} and {@link #close()}, and is the only thread that may read
 * the graph. {@link #durableLsn()} and {@link #logBacklogBytes()} may be read from any thread. {@link #open} takes an exclusive lock
 * on the directory (a second opener, in this or another process, gets {@link StoreLockedException}
 * "store D is locked by pid N"); {@link #close()} commits, checkpoints when
 * {@link StoreOptions#checkpointOnClose()} is set, and releases the lock and the graph's memory.
 * After an I/O failure of the log the store is failed: mutations throw {@link StoreException}; reopen
 * it to get back to the last durable state.
 */
public final class GraphStore implements AutoCloseable {

    /** Steps of the checkpoint protocol, for fault-injection tests. */
    enum CheckpointStep { SEGMENT_CREATED, LOG_ROLLED, SNAPSHOT_WRITTEN, SNAPSHOT_RENAMED, LOG_TRIMMED }

    /** Called after each checkpoint step (tests throw from it to simulate a crash there). */
    interface CheckpointHook {
        void after(CheckpointStep step) throws IOException;
    }

    /**
     * Log room {@link #acceptsMutations()} promises when true, bytes: about 180 obstacle marks
     * ({@code setBlocked}, 22 bytes each), or any mutation without a long name or property value.
     */
    public static final int MUTATION_ROOM_BYTES = 4096;

    private static final System.Logger LOG = System.getLogger(GraphStore.class.getName());
    /** Stands for an add's node id until the graph assigned it (records of every id have the same length). */
    private static final int UNASSIGNED_ID = -1;

    private final Path dir;
    private final StoreOptions options;
    private final SnapshotFormat format;
    private final StoreLock lock;
    private final MutableNavGraph graph;
    private final WalWriter wal;
    private final RecoveryReport recovery;
    private final LoggedGraph view;
    private final GraphMutation scratch = new GraphMutation();
    private final long backlogLimitBytes;
    private long snapshotLsn;
    private long checkpoints;
    private boolean closed;
    private Throwable failure;
    private CheckpointHook hook = step -> { };

    private GraphStore(Path dir, StoreOptions options, SnapshotFormat format, StoreLock lock, Recovery.Result r) throws IOException {
        this.dir = dir;
        this.options = options;
        this.format = format;
        this.lock = lock;
        this.graph = r.graph();
        this.recovery = r.report();
        this.snapshotLsn = r.report().snapshotLsn();
        this.wal = new WalWriter(dir, options, r.tail(), r.tailValidEnd(), r.lastLsn(), r.priorSegments());
        this.backlogLimitBytes = options.nonBlockingWriter() ? options.logBacklogLimitBytes() : Long.MAX_VALUE;
        this.view = new LoggedGraph();
    }

    /**
     * Opens the store in {@code dir} (created when missing) for writing, recovering it to its last
     * durable state: a torn tail (the end of the last log segment, where a crash interrupted an append)
     * is cut and reported in {@link #recovery()} and logged; any other damage is refused, changing
     * nothing (docs/persistence.md, "Recovery"). To look without writing, use {@link StoreInspection}.
     *
     * @throws StoreLockedException when another process or store holds the directory
     * @throws StoreCorruptException when a file fails validation or the log is corrupt (names the file,
     *     offset, LSNs affected and intact records beyond the damage)
     * @throws StoreException on an I/O error (names the directory)
     */
    public static GraphStore open(Path dir, StoreOptions options) {
        return open(dir, options, new ImageSnapshotFormat());
    }

    static GraphStore open(Path dir, StoreOptions options, SnapshotFormat format) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create store directory " + dir + ": " + e, e);
        }
        StoreLock lock;
        try {
            lock = StoreLock.acquire(dir);
        } catch (IOException e) {
            throw new StoreException("cannot lock store " + dir + ": " + e, e);
        }
        Recovery.Result r = null;
        try {
            r = Recovery.run(dir, format, false, true);
            r.report().truncation().ifPresent(t -> LOG.log(System.Logger.Level.WARNING, "store {0}: {1}", dir, t.describe()));
            return new GraphStore(dir, options, format, lock, r);
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.graph().close();
            }
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("cannot open store " + dir + ": " + e, e);
        }
    }

    /** The store's graph: every mutation is logged (see the class comment for acknowledgement). */
    public MutableNavGraph graph() {
        return view;
    }

    /** Whether the store is open (not yet closed). */
    public boolean isOpen() {
        return !closed;
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /** The options the store was opened with. */
    public StoreOptions options() {
        return options;
    }

    /** What opening found and did. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** LSN of the last logged mutation (the state of {@link #graph()}); {@code 0} for an empty store. Writer thread. */
    public long lastLsn() {
        return wal.lastLsn();
    }

    /** Highest acknowledged LSN: everything up to it survives a crash. Any thread. */
    public long durableLsn() {
        return wal.durableLsn();
    }

    /**
     * Bytes of logged records not yet durable: in the flusher's batch or being written and fsynced.
     * Always {@code 0} under a blocking SYNC. Any thread.
     */
    public long logBacklogBytes() {
        return wal.backlogBytes();
    }

    /**
     * Whether mutations are accepted now: the store is open and healthy and, with a
     * {@linkplain StoreOptions#nonBlockingWriter() non-blocking writer}, at least
     * {@link #MUTATION_ROOM_BYTES} of log records fit below {@link StoreOptions#logBacklogLimitBytes()}.
     * A writer that must not wait checks it before a batch of mutations and keeps them for later when
     * false. A mutation whose record does not fit in the room left is refused anyway
     * ({@link LogBacklogFullException}), changing nothing. Writer thread.
     */
    public boolean acceptsMutations() {
        return !closed && failure == null && !wal.failed() && wal.backlogBytes() + MUTATION_ROOM_BYTES <= backlogLimitBytes;
    }

    /**
     * A private copy of the store's graph as it is now, mapped copy-on-write from the snapshot when no log
     * record follows it (the state after a clean close or a checkpoint): nothing is parsed or copied until a
     * page is written, so a runtime's replicas start at the cost of a map. Empty when records follow the
     * snapshot, or there is none: copy {@link #graph()} then. The caller closes the copy; later checkpoints
     * replace the file's name, never the mapped bytes. Writer thread.
     *
     * @throws CorruptImageException when the snapshot changed on disk since the store opened it
     */
    public Optional<OffHeapGraph> snapshotCopy() {
        checkOpen();
        Path file = StoreFiles.snapshot(dir);
        if (!(format instanceof ImageSnapshotFormat) || snapshotLsn == 0 || wal.lastLsn() != snapshotLsn || !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(OffHeapGraph.openImage(file));
    }

    /** LSN the current snapshot covers ({@code 0}: none). */
    public long snapshotLsn() {
        return snapshotLsn;
    }

    /**
     * Blocks until every mutation logged so far is acknowledged; returns {@link #lastLsn()}. Under GROUP
     * this waits for the next group fsync (at most the interval plus one fsync). Writer thread.
     *
     * @throws StoreException when the log failed (nothing after {@link #durableLsn()} is durable)
     */
    public long commit() {
        checkOpen();
        try {
            return wal.commit();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Blocks until {@link #durableLsn()} {@code >= lsn}. Any thread. */
    public void awaitDurable(long lsn) {
        try {
            wal.awaitDurable(lsn);
        } catch (IOException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /**
     * Writes a new snapshot of the current state atomically and trims the log; returns its LSN.
     * Protocol: commit; start a new log segment at LSN+1; write {@code snapshot.img.tmp}, fsync it;
     * rename it over {@code snapshot.img}; fsync the directory; delete the older segments; fsync the
     * directory. A crash at any point opens to the same state (see docs/persistence.md). Writer thread.
     */
    public long checkpoint() {
        checkOpen();
        try {
            List<StoreFiles.Segment> old = wal.rollForCheckpoint();
            long lsn = wal.lastLsn();
            hook.after(CheckpointStep.LOG_ROLLED);
            Path tmp = StoreFiles.snapshotTmp(dir);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                format.write(graph, lsn, out);
                out.force(true);
            }
            hook.after(CheckpointStep.SNAPSHOT_WRITTEN);
            Files.move(tmp, StoreFiles.snapshot(dir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            StoreFiles.syncDirectory(dir);
            snapshotLsn = lsn;
            hook.after(CheckpointStep.SNAPSHOT_RENAMED);
            for (StoreFiles.Segment s : old) {
                Files.deleteIfExists(s.path());
            }
            StoreFiles.syncDirectory(dir);
            wal.forget(old);
            checkpoints++;
            hook.after(CheckpointStep.LOG_TRIMMED);
            return lsn;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Sizes, LSNs and counts now. Writer thread. */
    public StoreInfo info() {
        checkOpen();
        try {
            long snapBytes = sizeOrZero(StoreFiles.snapshot(dir));
            List<Path> segs = wal.segmentPaths();
            long logBytes = 0;
            for (Path p : segs) {
                logBytes += sizeOrZero(p);
            }
            return new StoreInfo(dir, options.durability(), snapBytes, snapshotLsn, segs.size(), logBytes, wal.lastLsn(), wal.durableLsn(),
                    graph.nodeCount(), graph.edgeCount(), graph.nodeIdLimit(), wal.fsyncCount(), checkpoints, StoreInspection.describe(graph));
        } catch (IOException e) {
            throw new StoreException("cannot read sizes in " + dir + ": " + e, e);
        }
    }

    private static long sizeOrZero(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    void checkpointHook(CheckpointHook h) {
        this.hook = h;
        wal.rollHook(h);
    }

    /**
     * Commits, checkpoints when configured, stops the log, releases the lock and the graph. Idempotent.
     *
     * @throws StoreException when the final commit or checkpoint failed (the lock and memory are released anyway)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException first = null;
        try {
            if (failure == null && options.checkpointOnClose()) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            first = e;
        }
        closed = true;
        try {
            wal.close();
        } catch (IOException e) {
            if (first == null && failure == null) {
                first = new StoreException("closing the log of " + dir + " failed: " + e, e);
            }
        }
        graph.close();
        try {
            lock.close();
        } catch (IOException e) {
            if (first == null) {
                first = new StoreException("releasing the lock of " + dir + " failed: " + e, e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new GraphClosedException("store " + dir);
        }
        if (failure != null) {
            throw new StoreException("store " + dir + " failed earlier and accepts no more changes (reopen it to recover): " + failure.getMessage(), failure);
        }
    }

    private StoreException fail(Exception e) {
        failure = e;
        return new StoreException("store " + dir + " failed: " + e.getMessage(), e);
    }

    /** Logs the mutation in {@code scratch} after it was applied to the graph. */
    private void log() {
        try {
            wal.append(scratch);
        } catch (IOException | RuntimeException e) {
            throw fail(e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * Fails before applying the mutation in {@code scratch} when its record could never be logged, or,
     * with a non-blocking writer, when it would take the log's backlog beyond its limit.
     */
    private void admit() {
        int body = scratch.bodyLength();
        if (body > GraphMutation.MAX_BODY_BYTES) {
            throw new GraphException(scratch.kind() + " record of " + body + " bytes exceeds the log's limit of "
                    + GraphMutation.MAX_BODY_BYTES + " bytes; nothing was changed");
        }
        long backlog = wal.backlogBytes();
        int record = GraphMutation.FRAME_HEADER_BYTES + body;
        if (backlog + record > backlogLimitBytes) {
            throw new LogBacklogFullException("store " + dir + ": a " + scratch.kind() + " record of " + record + " bytes would take the log backlog of "
                    + backlog + " bytes beyond its limit of " + backlogLimitBytes + " bytes (the disk is behind); nothing was changed");
        }
    }

    /**
     * The logged view: reads go straight to the graph; a mutation is described in {@code scratch},
     * admitted (it can be logged: size, backlog), applied, then logged. An add's record gets its id
     * once the graph assigned it (the record's length does not depend on it).
     */
    private final class LoggedGraph implements MutableNavGraph {

        @Override
        public int addNode(float xMeters, float yMeters) {
            checkOpen();
            scratch.addNode(UNASSIGNED_ID, xMeters, yMeters);
            admit();
            int id = graph.addNode(xMeters, yMeters);
            scratch.withNode(id);
            log();
            return id;
        }

        @Override
        public int addNode(String name, float xMeters, float yMeters) {
            checkOpen();
            scratch.addNamedNode(UNASSIGNED_ID, name, xMeters, yMeters);
            admit();
            int id = graph.addNode(name, xMeters, yMeters);
            scratch.withNode(id);
            log();
            return id;
        }

        @Override
        public void removeNode(int node) {
            checkOpen();
            scratch.removeNode(node);
            admit();
            graph.removeNode(node);
            log();
        }

        @Override
        public void setBlocked(int node, boolean blocked) {
            checkOpen();
            scratch.setBlocked(node, blocked);
            admit();
            graph.setBlocked(node, blocked);
            log();
        }

        @Override
        public void setLabels(int node, int labels) {
            checkOpen();
            scratch.setLabels(node, labels);
            admit();
            graph.setLabels(node, labels);
            log();
        }

        @Override
        public void addEdge(int from, int to, float weight, int type) {
            checkOpen();
            scratch.addEdge(from, to, weight, type);
            admit();
            graph.addEdge(from, to, weight, type);
            log();
        }

        @Override
        public void addUndirectedEdge(int a, int b, float weight, int type) {
            checkOpen();
            scratch.addUndirectedEdge(a, b, weight, type);
            admit();
            graph.addUndirectedEdge(a, b, weight, type);
            log();
        }

        @Override
        public boolean removeEdge(int from, int to) {
            checkOpen();
            scratch.removeEdge(from, to);
            admit();
            if (!graph.removeEdge(from, to)) {
                return false;
            }
            log();
            return true;
        }

        @Override
        public void setWeight(int from, int to, float weight) {
            checkOpen();
            scratch.setWeight(from, to, weight);
            admit();
            graph.setWeight(from, to, weight);
            log();
        }

        @Override
        public void setProperty(int node, String key, byte[] value) {
            checkOpen();
            scratch.setProperty(node, key, value);
            admit();
            graph.setProperty(node, key, value);
            log();
        }

        @Override
        public boolean removeProperty(int node, String key) {
            checkOpen();
            scratch.removeProperty(node, key);
            admit();
            if (!graph.removeProperty(node, key)) {
                return false;
            }
            log();
            return true;
        }

        /** Closes the whole store (same as {@link GraphStore#close()}). */
        @Override
        public void close() {
            GraphStore.this.close();
        }

        @Override
        public long version() {
            return graph.version();
        }

        @Override
        public int nodeCount() {
            return graph.nodeCount();
        }

        @Override
        public int edgeCount() {
            return graph.edgeCount();
        }

        @Override
        public int nodeIdLimit() {
            return graph.nodeIdLimit();
        }

        @Override
        public boolean containsNode(int node) {
            return graph.containsNode(node);
        }

        @Override
        public float x(int node) {
            return graph.x(node);
        }

        @Override
        public float y(int node) {
            return graph.y(node);
        }

        @Override
        public boolean isBlocked(int node) {
            return graph.isBlocked(node);
        }

        @Override
        public int labels(int node) {
            return graph.labels(node);
        }

        @Override
        public Optional<String> name(int node) {
            return graph.name(node);
        }

        @Override
        public int nodeId(String name) {
            return graph.nodeId(name);
        }

        @Override
        public EdgeCursor edges() {
            return graph.edges();
        }

        @Override
        public boolean hasEdge(int from, int to) {
            return graph.hasEdge(from, to);
        }

        @Override
        public float weight(int from, int to) {
            return graph.weight(from, to);
        }

        @Override
        public int edgeType(int from, int to) {
            return graph.edgeType(from, to);
        }

        @Override
        public Optional<byte[]> property(int node, String key) {
            return graph.property(node, key);
        }

        @Override
        public List<String> propertyKeys(int node) {
            return graph.propertyKeys(node);
        }

        @Override
        public String toString() {
            return "logged " + graph;
        }
    }

}
