package io.wally.bench.persist;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persistence benchmarks behind {@code wally bench persist}: write-ahead log throughput under the
 * group and sync policies, replay of 1,000,000 logged mutations, and open and checkpoint of a
 * 1,000,000-node store. Every figure is the median of several runs in this process, on real files with
 * real fsyncs in {@code workDir}.
 *
 * <p>Threading: runs on the calling thread (the store's writer); the group policy adds its flusher.
 */
public final class PersistBench {

    /** Mutations of one group-commit run. */
    static final int GROUP_OPS = 1_000_000;
    /** Mutations of one sync run (one fsync each). */
    static final int SYNC_OPS = 2_000;
    /** Mutations replayed by the recovery benchmark. */
    static final int RECOVER_OPS = 1_000_000;
    /** Nodes of the open / checkpoint benchmark (a 1000 x 1000 grid, 4-connected, about 4M edges). */
    static final int GRID_SIDE = 1000;

    private final Path workDir;
    private final int runs;
    private final PrintStream log;

    /**
     * @param workDir where the stores are created (on the disk to measure); emptied afterwards
     * @param runs repetitions per figure, {@code >= 1} (the median is reported)
     * @param log progress lines
     */
    public PersistBench(Path workDir, int runs, PrintStream log) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1; was " + runs);
        }
        this.workDir = workDir;
        this.runs = runs;
        this.log = log;
    }

    /** Runs every benchmark; returns the JSON keys and values in order. */
    public Map<String, Object> run() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        double group = median(runs, i -> walOpsPerSecond(Durability.GROUP, GROUP_OPS, "group-" + i));
        log.printf("wal_group_ops_per_s %.0f%n", group);
        double sync = median(runs, i -> walOpsPerSecond(Durability.SYNC, SYNC_OPS, "sync-" + i));
        log.printf("wal_sync_ops_per_s %.0f%n", sync);
        double recover = recoverMillis();
        log.printf("recover_1m_ops_ms %.1f%n", recover);
        double[] openAndCheckpoint = openAndCheckpointMillis();
        log.printf("open_1m_nodes_ms %.1f, checkpoint_1m_nodes_ms %.1f%n", openAndCheckpoint[0], openAndCheckpoint[1]);
        out.put("wal_group_ops_per_s", Math.round(group));
        out.put("wal_sync_ops_per_s", Math.round(sync));
        out.put("recover_1m_ops_ms", round1(recover));
        out.put("open_1m_nodes_ms", round1(openAndCheckpoint[0]));
        out.put("checkpoint_1m_nodes_ms", round1(openAndCheckpoint[1]));
        out.put("group_vs_sync_ratio", round1(group / sync));
        out.put("group_commit_interval_ms", StoreOptions.DEFAULT_GROUP_COMMIT_INTERVAL_MILLIS);
        out.put("group_ops_per_run", GROUP_OPS);
        out.put("sync_ops_per_run", SYNC_OPS);
        out.put("open_nodes", GRID_SIDE * GRID_SIDE);
        out.put("open_edges", (long) openAndCheckpoint[2]);
        out.put("snapshot_bytes", (long) openAndCheckpoint[3]);
        out.put("runs", runs);
        out.put("statistic", "median");
        return out;
    }

    /**
     * One writer logs {@code ops} mutations (a quarter node adds, then edge adds and weight updates) and
     * commits once: mutations/s from the first mutation to the commit's return (everything durable).
     */
    double walOpsPerSecond(Durability durability, int ops, String name) throws IOException {
        Path dir = workDir.resolve(name);
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(durability))) {
            MutableNavGraph g = store.graph();
            int nodes = Math.max(2, ops / 4);
            long t0 = System.nanoTime();
            for (int i = 0; i < nodes; i++) {
                g.addNode(i, 0f);
            }
            int done = nodes;
            int edges = 0;
            while (done < ops) {
                if (edges < nodes - 1 && (done & 1) == 0) {
                    g.addEdge(edges, edges + 1, 1f, 0);
                    edges++;
                } else {
                    int e = edges == 0 ? 0 : done % edges;
                    if (edges == 0) {
                        g.setLabels(0, done);
                    } else {
                        g.setWeight(e, e + 1, (done & 1023) / 8f);
                    }
                }
                done++;
            }
            store.commit();
            long t1 = System.nanoTime();
            return ops / ((t1 - t0) / 1e9);
        } finally {
            delete(dir);
        }
    }

    /** Opens a store whose log holds 1,000,000 mutations and no snapshot: ms to replay, median of opens. */
    double recoverMillis() throws IOException {
        Path dir = workDir.resolve("recover");
        try {
            try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.NONE))) {
                MutableNavGraph g = store.graph();
                int nodes = RECOVER_OPS / 4;
                for (int i = 0; i < nodes; i++) {
                    g.addNode(i, i);
                }
                for (int i = 1; i < nodes; i++) {
                    g.addEdge(i - 1, i, 1f, 0);
                }
                for (int i = 2 * nodes - 1; i < RECOVER_OPS; i++) {
                    int e = i % (nodes - 1);
                    g.setWeight(e, e + 1, (i & 255) / 4f);
                }
                store.commit();
            }
            GraphStore.open(dir, StoreOptions.defaults()).close(); // warm-up: JIT and page cache, not measured
            return median(runs, i -> {
                long t0 = System.nanoTime();
                try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults())) {
                    long t1 = System.nanoTime();
                    if (store.recovery().replayedRecords() != RECOVER_OPS) {
                        throw new IllegalStateException("replayed " + store.recovery().replayedRecords() + " records, expected " + RECOVER_OPS);
                    }
                    return (t1 - t0) / 1e6;
                }
            });
        } finally {
            delete(dir);
        }
    }

    /**
     * Builds a 1000 x 1000 grid (1M nodes, 4-connected), checkpoints it (timed), then opens the
     * checkpointed store (timed, nothing to replay). Returns {open ms, checkpoint ms, edges, snapshot bytes}.
     */
    double[] openAndCheckpointMillis() throws IOException {
        Path dir = workDir.resolve("grid");
        try {
            double[] checkpoint = new double[runs];
            int edges;
            try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.NONE))) {
                MutableNavGraph g = store.graph();
                for (int y = 0; y < GRID_SIDE; y++) {
                    for (int x = 0; x < GRID_SIDE; x++) {
                        g.addNode(x, y);
                    }
                }
                for (int y = 0; y < GRID_SIDE; y++) {
                    for (int x = 0; x < GRID_SIDE; x++) {
                        int id = y * GRID_SIDE + x;
                        if (x + 1 < GRID_SIDE) {
                            g.addUndirectedEdge(id, id + 1, 1f, 0);
                        }
                        if (y + 1 < GRID_SIDE) {
                            g.addUndirectedEdge(id, id + GRID_SIDE, 1f, 0);
                        }
                    }
                }
                edges = g.edgeCount();
                for (int i = 0; i < runs; i++) {
                    g.setLabels(i, i + 1); // a change, so every checkpoint writes a new LSN
                    long t0 = System.nanoTime();
                    store.checkpoint();
                    checkpoint[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            long snapshotBytes = Files.size(dir.resolve("snapshot.img"));
            GraphStore.open(dir, StoreOptions.defaults()).close(); // warm-up: JIT and page cache, not measured
            double open = median(runs, i -> {
                long t0 = System.nanoTime();
                try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults())) {
                    long t1 = System.nanoTime();
                    if (store.graph().nodeCount() != GRID_SIDE * GRID_SIDE) {
                        throw new IllegalStateException("opened " + store.graph().nodeCount() + " nodes");
                    }
                    return (t1 - t0) / 1e6;
                }
            });
            Arrays.sort(checkpoint);
            return new double[] {open, checkpoint[runs / 2], edges, snapshotBytes};
        } finally {
            delete(dir);
        }
    }

    /** A measurement of run {@code i}. */
    @FunctionalInterface
    interface Run {
        double measure(int i) throws IOException;
    }

    private static double median(int runs, Run run) throws IOException {
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = run.measure(i);
        }
        Arrays.sort(values);
        return runs % 2 == 1 ? values[runs / 2] : (values[runs / 2 - 1] + values[runs / 2]) / 2;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e, e);
        }
    }
}
