package io.wally.maps.concurrent;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.MutationOp;
import io.wally.maps.NavGraph;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * A navigation graph with exactly one writer and any number of concurrent readers that never lock and
 * never block the writer: N identical replicas of any {@link MutableNavGraph} implementation, in the
 * "left-right" style but with a writer that never waits.
 *
 * <h2>Protocol</h2>
 * <pre>
 *   published state (one volatile long) = publishCount &lt;&lt; 8 | replica index
 *   readers[r]      (one volatile counter per replica, padded)
 *
 *   reader acquire:  s1 = state; readers[idx(s1)]++; s2 = state;
 *                    s1 == s2 ? read replica idx(s1) : (readers[idx(s1)]--, retry)
 *   reader close:    readers[r]--
 *
 *   writer claim:    pick r != idx(state) with readers[r] == 0 (read after the last publish),
 *                    the one furthest behind; replay the mutation log onto r from where r
 *                    stopped; r is now private
 *                    (none found: not ready, the caller keeps its input buffered and retries later)
 *   writer mutate:   apply to the private replica, append the record to the mutation log
 *   writer publish:  state = (count+1) &lt;&lt; 8 | r   (volatile store: release of every write to r)
 * </pre>
 * Why it is safe: the writer writes replica r only after it observed {@code readers[r] == 0} after r
 * stopped being published. A reader that incremented {@code readers[r]} before that observation is
 * seen by it (volatile accesses are sequentially consistent: store-then-load on each side, Dekker); one
 * that increments after it re-reads the state, finds r no longer published (or published anew, with
 * a different count) and retreats without reading. The replica a reader holds is therefore never
 * written while held, and it is reused by the writer (overwritten by a replay) only once every reader
 * that could still see it has left. Mutation-log records are reclaimed once every replica has applied
 * them. Both memories are therefore reclaimed "after the last reader", like epoch-based reclamation,
 * with the per-replica reader count playing the role of the epoch.
 *
 * <p>With {@code R} reader threads, {@code R + 2} replicas guarantee that the writer always finds a
 * free replica; fewer replicas trade memory for occasional deferral ({@link #deferredClaims()}).
 *
 * <p>Threading: {@link #writer()} is used by one thread only (the map agent). Each reader thread makes
 * its own {@link #newReader()} and reuses it. Lifecycle: close after the writer and all readers stopped.
 */
public final class ReplicatedNavGraph implements AutoCloseable {

    private static final int PAD = 16; // longs between two replicas' counters: no false sharing
    private static final int LOG_MARGIN = 16;

    private final MutableNavGraph[] replicas;
    private final AtomicLong state = new AtomicLong();
    private final AtomicLongArray readers;
    private final ProtocolProbe probe;
    private final MutationLog log;
    private final long[] appliedSequence;
    private final Writer writer;

    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong deferredClaims = new AtomicLong();
    private final AtomicLong readerRetries = new AtomicLong();
    private final AtomicLong publishedVersion = new AtomicLong();
    private volatile boolean closed;

    /**
     * Builds the graph from {@code replicaCount} replicas made by {@code factory} (called with 0, 1, …);
     * they must be identical (same version, nodes and edges), e.g. loaded from the same map file.
     *
     * @param replicaCount 2..255; reader threads + 2 for a writer that never defers
     * @param logCapacityRecords mutation-log capacity, a power of two >= 16
     */
    public static ReplicatedNavGraph create(int replicaCount, IntFunction<? extends MutableNavGraph> factory, int logCapacityRecords) {
        return new ReplicatedNavGraph(replicaCount, factory, logCapacityRecords, ProtocolProbe.NONE);
    }

    ReplicatedNavGraph(int replicaCount, IntFunction<? extends MutableNavGraph> factory, int logCapacityRecords, ProtocolProbe probe) {
        if (replicaCount < 2 || replicaCount > 255) {
            throw new IllegalArgumentException("replica count must be in [2, 255]; was " + replicaCount);
        }
        Objects.requireNonNull(factory, "factory");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.log = new MutationLog(logCapacityRecords);
        this.replicas = new MutableNavGraph[replicaCount];
        for (int r = 0; r < replicaCount; r++) {
            replicas[r] = Objects.requireNonNull(factory.apply(r), "factory returned null for replica " + r);
            MutableNavGraph first = replicas[0];
            MutableNavGraph g = replicas[r];
            if (g.version() != first.version() || g.nodeCount() != first.nodeCount() || g.edgeCount() != first.edgeCount()
                    || g.nodeIdLimit() != first.nodeIdLimit()) {
                throw new IllegalArgumentException("replica " + r + " differs from replica 0 (version " + g.version() + " vs "
                        + first.version() + ", nodes " + g.nodeCount() + " vs " + first.nodeCount() + ", edges "
                        + g.edgeCount() + " vs " + first.edgeCount() + ")");
            }
        }
        this.readers = new AtomicLongArray(replicaCount * PAD);
        this.appliedSequence = new long[replicaCount];
        this.publishedVersion.set(replicas[0].version());
        this.state.set(0); // publish count 0, replica 0
        this.writer = new Writer();
    }

    /** The single writer's handle (always the same object). Use from one thread only. */
    public Writer writer() {
        return writer;
    }

    /** A new reader handle for the calling thread; reuse it for every read on that thread. */
    public Reader newReader() {
        return new Reader();
    }

    /** Number of replicas. */
    public int replicaCount() {
        return replicas.length;
    }

    /** How many times the writer published a new version. */
    public long publishes() {
        return publishes.get();
    }

    /** How many times the writer found no free replica and had to defer (readers still inside). */
    public long deferredClaims() {
        return deferredClaims.get();
    }

    /** How many times a reader retreated because a publication overtook its acquire. */
    public long readerRetries() {
        return readerRetries.get();
    }

    /** Graph version of the currently published replica. */
    public long publishedVersion() {
        return publishedVersion.get();
    }

    /** Mutation-log records kept for replicas that have not applied them yet (bounded by the capacity). */
    public int pendingLogRecords() {
        return writer.logSize;
    }

    /** Readers currently inside replica {@code replica} (for tests and health telemetry). */
    public long readersInside(int replica) {
        return readers.get(replica * PAD);
    }

    /** Closes every replica. Call after the writer and all readers have stopped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MutableNavGraph replica : replicas) {
            replica.close();
        }
    }

    private static int index(long s) {
        return (int) (s & 0xFF);
    }

    /**
     * The writer's view: a {@link MutableNavGraph} over its private replica, which holds every mutation
     * so far (published or not). Every successful mutation is logged for the other replicas.
     *
     * <p>Use: {@code if (writer.tryClaim()) { mutate…; writer.publish(); }}. Reads and mutations need a
     * claimed replica ({@link #tryClaim()} true) and throw {@link GraphException} otherwise.
     * Threading: one thread only. {@link #close()} is refused: close the {@link ReplicatedNavGraph}.
     */
    public final class Writer implements MutableNavGraph {

        private int privateReplica = -1;
        private boolean dirty;
        private volatile int logSize;

        private Writer() {
        }

        /**
         * Makes sure the writer holds a private replica with room in the mutation log for at least 16
         * more mutations; never waits. False: every other replica still has readers (or the log is full
         * because a replica with a long-lived reader lags): keep the input and try again later.
         */
        public boolean tryClaim() {
            if (privateReplica < 0) {
                int published = index(state.get());
                int best = -1;
                for (int r = 0; r < replicas.length; r++) {
                    if (r == published) {
                        continue;
                    }
                    probe.at(ProtocolProbe.WRITER_CHECK_READERS);
                    // Oldest first: every replica takes its turn, so the log is reclaimed behind the laggard.
                    if (readers.get(r * PAD) == 0 && (best < 0 || appliedSequence[r] < appliedSequence[best])) {
                        best = r;
                    }
                }
                if (best < 0) {
                    deferredClaims.incrementAndGet();
                    return false;
                }
                probe.at(ProtocolProbe.WRITER_WRITE);
                appliedSequence[best] = log.replay(appliedSequence[best], replicas[best]);
                privateReplica = best;
                reclaim();
            }
            if (log.free() < LOG_MARGIN) {
                deferredClaims.incrementAndGet();
                return false;
            }
            return true;
        }

        /** Whether the writer holds a private replica now. */
        public boolean claimed() {
            return privateReplica >= 0;
        }

        /** Free mutation-log records (each mutation takes one; an undirected edge two). */
        public int logFree() {
            return log.free();
        }

        /**
         * Publishes the private replica (if it changed since it was claimed): readers acquiring from now
         * on see every mutation so far. Returns the published graph version. Never waits.
         */
        public long publish() {
            int r = privateReplica;
            if (r < 0 || !dirty) {
                return publishedVersion.get();
            }
            long version = replicas[r].version();
            long next = ((publishes.get() + 1) << 8) | r;
            probe.at(ProtocolProbe.WRITER_PUBLISH);
            publishedVersion.set(version);
            state.set(next); // volatile store: everything written to replica r happens-before a reader's load
            publishes.incrementAndGet();
            privateReplica = -1;
            dirty = false;
            return version;
        }

        private void reclaim() {
            long min = Long.MAX_VALUE;
            for (long applied : appliedSequence) {
                min = Math.min(min, applied);
            }
            log.reclaimBelow(min);
            logSize = log.size();
        }

        private MutableNavGraph target() {
            int r = privateReplica;
            if (r < 0) {
                throw new GraphException("the writer holds no private replica: call tryClaim() first and only mutate when it returns true");
            }
            return replicas[r];
        }

        private MutableNavGraph writable() {
            MutableNavGraph g = target();
            if (log.free() == 0) {
                throw new GraphException("mutation log full (" + log.capacity() + " records): publish and tryClaim() again");
            }
            return g;
        }

        private void logged(MutationOp op, int a, int b, int c, float f, float g, Object side) {
            log.append(op, a, b, c, f, g, side);
            appliedSequence[privateReplica] = log.tail();
            logSize = log.size();
            dirty = true;
        }

        @Override
        public int addNode(float x, float y) {
            int id = writable().addNode(x, y);
            logged(MutationOp.ADD_NODE, 0, 0, id, x, y, null);
            return id;
        }

        @Override
        public int addNode(String name, float x, float y) {
            int id = writable().addNode(name, x, y);
            logged(MutationOp.ADD_NAMED_NODE, 0, 0, id, x, y, name);
            return id;
        }

        @Override
        public void removeNode(int node) {
            writable().removeNode(node);
            logged(MutationOp.REMOVE_NODE, node, 0, 0, 0f, 0f, null);
        }

        @Override
        public void setBlocked(int node, boolean blocked) {
            writable().setBlocked(node, blocked);
            logged(MutationOp.SET_BLOCKED, node, blocked ? 1 : 0, 0, 0f, 0f, null);
        }

        @Override
        public void setLabels(int node, int labels) {
            writable().setLabels(node, labels);
            logged(MutationOp.SET_LABELS, node, labels, 0, 0f, 0f, null);
        }

        @Override
        public void addEdge(int from, int to, float weight, int type) {
            writable().addEdge(from, to, weight, type);
            logged(MutationOp.ADD_EDGE, from, to, type, weight, 0f, null);
        }

        @Override
        public boolean removeEdge(int from, int to) {
            boolean removed = writable().removeEdge(from, to);
            if (removed) {
                logged(MutationOp.REMOVE_EDGE, from, to, 0, 0f, 0f, null);
            }
            return removed;
        }

        @Override
        public void setWeight(int from, int to, float weight) {
            writable().setWeight(from, to, weight);
            logged(MutationOp.SET_WEIGHT, from, to, 0, weight, 0f, null);
        }

        @Override
        public void setProperty(int node, String key, byte[] value) {
            byte[] copy = value.clone();
            writable().setProperty(node, key, copy);
            logged(MutationOp.SET_PROPERTY, node, 0, 0, 0f, 0f, new MutationLog.Property(key, copy));
        }

        @Override
        public boolean removeProperty(int node, String key) {
            boolean removed = writable().removeProperty(node, key);
            if (removed) {
                logged(MutationOp.REMOVE_PROPERTY, node, 0, 0, 0f, 0f, key);
            }
            return removed;
        }

        /** Refused: the replicas belong to the {@link ReplicatedNavGraph}; close that instead. */
        @Override
        public void close() {
            throw new GraphException("the writer view cannot be closed; close the ReplicatedNavGraph");
        }

        @Override
        public long version() {
            return target().version();
        }

        @Override
        public int nodeCount() {
            return target().nodeCount();
        }

        @Override
        public int edgeCount() {
            return target().edgeCount();
        }

        @Override
        public int nodeIdLimit() {
            return target().nodeIdLimit();
        }

        @Override
        public boolean containsNode(int node) {
            return target().containsNode(node);
        }

        @Override
        public float x(int node) {
            return target().x(node);
        }

        @Override
        public float y(int node) {
            return target().y(node);
        }

        @Override
        public boolean isBlocked(int node) {
            return target().isBlocked(node);
        }

        @Override
        public int labels(int node) {
            return target().labels(node);
        }

        @Override
        public Optional<String> name(int node) {
            return target().name(node);
        }

        @Override
        public int nodeId(String name) {
            return target().nodeId(name);
        }

        @Override
        public EdgeCursor edges() {
            return target().edges();
        }

        @Override
        public boolean hasEdge(int from, int to) {
            return target().hasEdge(from, to);
        }

        @Override
        public float weight(int from, int to) {
            return target().weight(from, to);
        }

        @Override
        public int edgeType(int from, int to) {
            return target().edgeType(from, to);
        }

        @Override
        public Optional<byte[]> property(int node, String key) {
            return target().property(node, key);
        }

        @Override
        public List<String> propertyKeys(int node) {
            return target().propertyKeys(node);
        }
    }

    /**
     * One reader thread's handle. {@link #acquire()} pins the currently published replica and returns a
     * {@link ReadView} over it; close the view (try-with-resources) to let the writer reuse the replica.
     * Acquire never waits on the writer (it retries only when a publication overtakes it) and
     * allocates nothing. Threading: one thread; views are not nested.
     */
    public final class Reader {

        private final ReadView view = new ReadView(this);
        private int held = -1;

        private Reader() {
        }

        /** Pins the published replica; the returned view (always the same object) is valid until closed. */
        public ReadView acquire() {
            if (held >= 0) {
                throw new GraphException("read view already acquired on this reader: close it first (views are not nested)");
            }
            if (closed) {
                throw new GraphException("replicated graph is closed");
            }
            while (true) {
                long s1 = state.get();
                int r = index(s1);
                probe.at(ProtocolProbe.READER_READ_STATE);
                readers.getAndIncrement(r * PAD);
                probe.at(ProtocolProbe.READER_ENTERED);
                long s2 = state.get();
                probe.at(ProtocolProbe.READER_RECHECKED);
                if (s1 == s2) {
                    held = r;
                    return view;
                }
                readers.getAndDecrement(r * PAD);
                readerRetries.incrementAndGet();
            }
        }

        private void release() {
            if (held < 0) {
                return;
            }
            probe.at(ProtocolProbe.READER_LEAVING);
            readers.getAndDecrement(held * PAD);
            held = -1;
        }

        private NavGraph graph() {
            int r = held;
            if (r < 0) {
                throw new GraphException("read view used after close (acquire() again)");
            }
            return replicas[r];
        }

        private int heldReplica() {
            return held;
        }

        private int replicaCount() {
            return replicas.length;
        }

        private NavGraph replica(int r) {
            return replicas[r];
        }
    }

    /** Routes to the out-edge cursor of whichever replica its reader holds at {@link #moveTo}. */
    private static final class ViewCursor implements EdgeCursor {
        private final Reader reader;
        private final EdgeCursor[] perReplica;
        private EdgeCursor current;

        ViewCursor(Reader reader) {
            this.reader = reader;
            this.perReplica = new EdgeCursor[reader.replicaCount()];
        }

        @Override
        public EdgeCursor moveTo(int node) {
            int r = reader.heldReplica();
            if (r < 0) {
                throw new GraphException("edge cursor used outside a read view (acquire() first)");
            }
            EdgeCursor c = perReplica[r];
            if (c == null) {
                c = reader.replica(r).edges();
                perReplica[r] = c;
            }
            current = c;
            c.moveTo(node);
            return this;
        }

        @Override
        public boolean next() {
            return current != null && current.next();
        }

        @Override
        public int from() {
            return current.from();
        }

        @Override
        public int to() {
            return current.to();
        }

        @Override
        public float weight() {
            return current.weight();
        }

        @Override
        public int type() {
            return current.type();
        }
    }

    /**
     * A consistent, immutable-while-held version of the graph. {@link #version()} is the graph version
     * it shows. Valid from {@link Reader#acquire()} until {@link #close()}; any use after close throws.
     */
    public static final class ReadView implements NavGraph, AutoCloseable {

        private final Reader reader;

        private ReadView(Reader reader) {
            this.reader = reader;
        }

        /** Leaves the replica (the writer may reuse it once every reader left). */
        @Override
        public void close() {
            reader.release();
        }

        /** Index of the pinned replica (for tests and diagnostics). */
        public int replica() {
            return reader.heldReplica();
        }

        /**
         * The pinned replica itself, for searches that read it many times per node: the same nodes and edges as
         * this view without its per-call indirection. Valid only until {@link #close}; never written through.
         */
        public NavGraph pinned() {
            return reader.graph();
        }


        @Override
        public long version() {
            return reader.graph().version();
        }

        @Override
        public int nodeCount() {
            return reader.graph().nodeCount();
        }

        @Override
        public int edgeCount() {
            return reader.graph().edgeCount();
        }

        @Override
        public int nodeIdLimit() {
            return reader.graph().nodeIdLimit();
        }

        @Override
        public boolean containsNode(int node) {
            return reader.graph().containsNode(node);
        }

        @Override
        public float x(int node) {
            return reader.graph().x(node);
        }

        @Override
        public float y(int node) {
            return reader.graph().y(node);
        }

        @Override
        public boolean isBlocked(int node) {
            return reader.graph().isBlocked(node);
        }

        @Override
        public int labels(int node) {
            return reader.graph().labels(node);
        }

        @Override
        public Optional<String> name(int node) {
            return reader.graph().name(node);
        }

        @Override
        public int nodeId(String name) {
            return reader.graph().nodeId(name);
        }

        /**
         * A new cursor that follows this reader's views: after the view is closed and acquired again
         * (possibly on another replica) it iterates the newly pinned replica, so a planner built once
         * over this view keeps working across acquisitions. One per thread, not nested.
         */
        @Override
        public EdgeCursor edges() {
            reader.graph(); // fail fast outside acquire/close
            return new ViewCursor(reader);
        }

        @Override
        public boolean hasEdge(int from, int to) {
            return reader.graph().hasEdge(from, to);
        }

        @Override
        public float weight(int from, int to) {
            return reader.graph().weight(from, to);
        }

        @Override
        public int edgeType(int from, int to) {
            return reader.graph().edgeType(from, to);
        }

        @Override
        public Optional<byte[]> property(int node, String key) {
            return reader.graph().property(node, key);
        }

        @Override
        public List<String> propertyKeys(int node) {
            return reader.graph().propertyKeys(node);
        }
    }
}
