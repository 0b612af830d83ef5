package io.wally.maps.store;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphCopy;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code wally store torture}: random graph mutations against a store, printing enough for a crash
 * test to check, after killing the process at any moment, that nothing acknowledged was lost and that
 * the recovered state is exactly the state after some logged prefix.
 *
 * <p>Every mutation is first applied to an in-memory shadow {@link ReferenceGraph}. If the shadow
 * rejects it, the store must reject it too and log nothing. Otherwise the shadow's checksum is printed
 * (and flushed) with the LSN the store will give the mutation — before the store logs it, so every
 * LSN that can ever be recovered has a known checksum — and then the store applies and logs it.
 *
 * <p>Output, one line each, flushed:
 * <pre>
 * ACK &lt;lsn&gt; &lt;checksum&gt;      the recovered state at start, and after each commit: acknowledged
 * LSN &lt;lsn&gt; &lt;checksum&gt;      state after the mutation with that LSN (printed before it is logged)
 * CHECKPOINT &lt;lsn&gt;           a checkpoint starts (it ends with CHECKPOINTED &lt;lsn&gt;)
 * DONE &lt;lsn&gt; &lt;checksum&gt;     all operations done, store closed
 * </pre>
 * Checksums are {@link StateChecksum} in hex. At every ACK the store's own graph is checked against
 * the shadow; a difference stops the run with an {@link IllegalStateException}.
 *
 * <p>Threading: runs on the calling thread, which is the store's writer. Prints only to the stream its
 * caller gives ({@code wally store torture}: standard output; crash tests: a child JVM's output).
 */
public final class Torture {

    /**
     * @param dir the store directory (created or recovered)
     * @param ops number of mutation attempts, {@code >= 0}
     * @param seed random seed
     * @param durability the store's policy
     * @param checkpointEvery a checkpoint follows a mutation with probability 1/checkpointEvery ({@code 0}: never)
     * @param maxNodes above this many live nodes, removals are favoured (keeps checksums cheap)
     */
    public record Options(Path dir, long ops, long seed, Durability durability, int checkpointEvery, int maxNodes) {

        /** Validates the ranges. */
        public Options {
            if (ops < 0) {
                throw new IllegalArgumentException("ops must be >= 0; was " + ops);
            }
            if (checkpointEvery < 0 || maxNodes < 1) {
                throw new IllegalArgumentException("checkpointEvery must be >= 0 and maxNodes >= 1; were " + checkpointEvery + ", " + maxNodes);
            }
        }

        /** {@code ops} mutations with a checkpoint about every 500 and at most about 150 live nodes. */
        public static Options of(Path dir, long ops, long seed, Durability durability) {
            return new Options(dir, ops, seed, durability, 500, 150);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final SplittableRandom random;
    private GraphStore store;
    private MutableNavGraph graph;
    private ReferenceGraph shadow;
    private int[] live = new int[64];
    private int liveCount;

    private Torture(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.random = new SplittableRandom(options.seed());
    }

    /**
     * Runs the torture; returns the last acknowledged LSN.
     *
     * @throws StoreException when the store cannot be opened or fails
     * @throws IllegalStateException when the store disagrees with the shadow graph (a bug)
     */
    public static long run(Options options, PrintStream out) {
        return new Torture(options, out).run();
    }

    private long run() {
        StoreOptions storeOptions = StoreOptions.defaults().withDurability(options.durability()).withGroupCommitIntervalMillis(2);
        try (GraphStore s = GraphStore.open(options.dir(), storeOptions); ReferenceGraph sh = new ReferenceGraph()) {
            store = s;
            graph = s.graph();
            shadow = GraphCopy.copy(graph, sh);
            for (int id = 0; id < shadow.nodeIdLimit(); id++) {
                if (shadow.containsNode(id)) {
                    addLive(id);
                }
            }
            long acked = store.lastLsn();
            line("ACK", acked, StateChecksum.of(shadow));
            int batch = nextBatch();
            for (long op = 0; op < options.ops(); op++) {
                step();
                if (--batch == 0 || op == options.ops() - 1) {
                    acked = commit();
                    batch = nextBatch();
                }
                if (options.checkpointEvery() > 0 && random.nextInt(options.checkpointEvery()) == 0) {
                    out.println("CHECKPOINT " + store.lastLsn());
                    out.flush();
                    long lsn = store.checkpoint();
                    out.println("CHECKPOINTED " + lsn);
                    acked = commit();
                }
            }
            long checksum = StateChecksum.of(shadow);
            long last = store.lastLsn();
            store.close();
            line("DONE", last, checksum);
            return acked;
        }
    }

    private int nextBatch() {
        // Mostly small commits (many ACKs), sometimes long ones (big group batches).
        return random.nextInt(8) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(12);
    }

    private long commit() {
        long lsn = store.commit();
        long expected = StateChecksum.of(shadow);
        long actual = StateChecksum.of(graph);
        if (expected != actual) {
            throw new IllegalStateException("store graph diverged from the shadow at LSN " + lsn + ": store "
                    + StateChecksum.toHex(actual) + ", shadow " + StateChecksum.toHex(expected));
        }
        line("ACK", lsn, actual);
        return lsn;
    }

    private void line(String tag, long lsn, long checksum) {
        out.println(tag + " " + lsn + " " + StateChecksum.toHex(checksum));
        out.flush();
    }

    /** One random mutation attempt, applied to the shadow first and then to the store. */
    private void step() {
        Consumer<MutableNavGraph> op = randomOp();
        long shadowVersion = shadow.version();
        long lsnBefore = store.lastLsn();
        try {
            op.accept(shadow);
        } catch (GraphException rejected) {
            try {
                op.accept(graph);
            } catch (GraphException expected) {
                requireLsn(lsnBefore, "a rejected mutation");
                return;
            }
            throw new IllegalStateException("the store accepted a mutation the shadow rejected (" + rejected.getMessage() + ")");
        }
        if (shadow.version() == shadowVersion) {
            op.accept(graph); // a no-op (removing what is absent): nothing may be logged
            requireLsn(lsnBefore, "a mutation that changed nothing");
            return;
        }
        line("LSN", lsnBefore + 1, StateChecksum.of(shadow));
        op.accept(graph);
        requireLsn(lsnBefore + 1, "one mutation");
        trackLive();
    }

    private void requireLsn(long expected, String what) {
        if (store.lastLsn() != expected) {
            throw new IllegalStateException("after " + what + " the store is at LSN " + store.lastLsn() + ", expected " + expected);
        }
    }

    /** Keeps the live-node list in step with the shadow after an add or a removal. */
    private void trackLive() {
        int limit = shadow.nodeIdLimit();
        if (limit > 0 && shadow.containsNode(limit - 1) && (liveCount == 0 || live[liveCount - 1] < limit - 1)) {
            addLive(limit - 1);
        }
        for (int i = 0; i < liveCount; i++) {
            if (!shadow.containsNode(live[i])) {
                live[i] = live[--liveCount];
                // keep the newest id last so the add check above stays O(1)
                Arrays.sort(live, 0, liveCount);
                break;
            }
        }
    }

    private void addLive(int id) {
        if (liveCount == live.length) {
            live = Arrays.copyOf(live, live.length * 2);
        }
        live[liveCount++] = id;
    }

    private int anyNode() {
        // Now and then an id that does not exist, to exercise rejection.
        if (liveCount == 0 || random.nextInt(50) == 0) {
            return random.nextInt(shadow.nodeIdLimit() + 2);
        }
        return live[random.nextInt(liveCount)];
    }

    private float coordinate() {
        return (float) Math.round(random.nextDouble(-100, 100) * 100) / 100f;
    }

    private float weight() {
        return random.nextInt(20) == 0 ? 0f : (float) random.nextInt(1, 1000) / 8f;
    }

    private Consumer<MutableNavGraph> randomOp() {
        int roll = random.nextInt(100);
        if (liveCount > options.maxNodes() && roll < 40) {
            int victim = anyNode();
            return g -> g.removeNode(victim);
        }
        if (roll < 16 || liveCount < 2) {
            float x = coordinate();
            float y = coordinate();
            return g -> g.addNode(x, y);
        }
        if (roll < 24) {
            String name = "place-" + random.nextInt(400);
            float x = coordinate();
            float y = coordinate();
            return g -> g.addNode(name, x, y);
        }
        if (roll < 30) {
            int victim = anyNode();
            return g -> g.removeNode(victim);
        }
        if (roll < 50) {
            int a = anyNode();
            int b = anyNode();
            float w = weight();
            int type = random.nextInt(4);
            return g -> g.addEdge(a, b, w, type);
        }
        if (roll < 55) {
            int a = anyNode();
            int b = anyNode();
            float w = weight();
            return g -> g.addUndirectedEdge(a, b, w, 1);
        }
        if (roll < 65) {
            int[] edge = anyEdge();
            float w = weight();
            return g -> g.setWeight(edge[0], edge[1], w);
        }
        if (roll < 72) {
            int[] edge = anyEdge();
            return g -> g.removeEdge(edge[0], edge[1]);
        }
        if (roll < 77) {
            int n = anyNode();
            boolean blocked = random.nextBoolean();
            return g -> g.setBlocked(n, blocked);
        }
        if (roll < 81) {
            int n = anyNode();
            int labels = random.nextInt(16);
            return g -> g.setLabels(n, labels);
        }
        if (roll < 93) {
            int n = anyNode();
            String key = "k" + random.nextInt(6);
            byte[] value = new byte[random.nextInt(10) == 0 ? 1000 + random.nextInt(3000) : random.nextInt(40)];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('a' + (i * 7 + value.length) % 23); // compressible text
            }
            return g -> g.setProperty(n, key, value);
        }
        int n = anyNode();
        String key = "k" + random.nextInt(6);
        return g -> g.removeProperty(n, key);
    }

    /** An existing edge when one is found quickly, else a random pair (which exercises "no such edge"). */
    private int[] anyEdge() {
        EdgeCursor c = shadow.edges();
        for (int tries = 0; tries < 8 && liveCount > 0; tries++) {
            int from = live[random.nextInt(liveCount)];
            c.moveTo(from);
            if (c.next()) {
                return new int[] {from, c.to()};
            }
        }
        return new int[] {anyNode(), anyNode()};
    }
}
