package io.wally.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.query.PropertyValues;
import io.wally.maps.query.QueryEngine;
import io.wally.maps.query.QuerySettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Graph queries on a {@code size x size} 4-connected grid where every node has a kind (room, waypoint,
 * dock or plain cell, a quarter each), an integer {@code level} in [0, 100) and a float {@code score} in
 * [0, 1): three query shapes, each timed interpreted, compiled, and as a hand-written Java loop over
 * the same graph with the same access paths compiled code gets (decoded property arrays, the ids of
 * each kind, every node's labels in a heap array, the out-edges in CSR arrays): the limit compiled
 * code can reach. The interpreter
 * is the plain reference: it tests every id's labels on the graph and evaluates boxed values. Each
 * figure is a median of wall times, and the ratios are given on the thread's CPU time as well
 * ({@code *_cpu_*}), which a shared machine disturbs less.
 *
 * <p>Single-threaded; builds and closes its own graph.
 */
public final class QueryBench {

    /** The three benchmark queries: scan + filter, two-hop expand with filters on both ends, aggregation. */
    public static final String SCAN = "MATCH (n:room) WHERE n.level >= 90 AND n.score < 0.5 RETURN id(n) AS id, n.score AS score";
    public static final String EXPAND = "MATCH (a:dock)-->(b)-->(c:room) WHERE a.level < 10 AND c.score > 0.9 RETURN id(a) AS a, id(c) AS c";
    public static final String AGGREGATE = "MATCH (n)-->(m) WHERE m.score < 0.5 RETURN n.level AS level, count(*) AS c, avg(m.score) AS s"
            + " ORDER BY c DESC, level LIMIT 10";

    private final int size;
    private final int reps;
    private final PrintStream log;

    /** A benchmark on a {@code size x size} grid, {@code reps} timed runs per engine (medians reported). */
    public QueryBench(int size, int reps, PrintStream log) {
        this.size = size;
        this.reps = reps;
        this.log = log;
    }

    private long[] level;
    private double[] score;
    private int[] labels;
    private int[] rooms;
    private int[] docks;
    private int[] outStart;
    private int[] outTo;

    /** Runs everything; returns the JSON object of figures. */
    public ObjectNode run() {
        ObjectNode out = new ObjectMapper().createObjectNode();
        long t0 = System.nanoTime();
        try (OffHeapGraph g = build()) {
            out.put("nodes", g.nodeCount());
            out.put("edges", g.edgeCount());
            out.put("build_s", (System.nanoTime() - t0) / 1e9);
            QueryEngine engine = new QueryEngine(g, new QuerySettings(10_000_000, 600_000, 2_000_000_000L, 0));
            String[] names = {"scan", "expand", "aggregate"};
            String[] queries = {SCAN, EXPAND, AGGREGATE};
            double[] compileMs = new double[queries.length];
            for (int q = 0; q < queries.length; q++) {
                String name = names[q];
                String query = queries[q];
                List<List<Object>> hand = handwritten(g, q);
                List<List<Object>> compiled = engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED).rows();
                List<List<Object>> interpreted = engine.run(query, Map.of(), QueryEngine.Runtime.INTERPRETED).rows();
                if (!compiled.equals(hand) || !interpreted.equals(hand)) {
                    throw new IllegalStateException(name + ": runtimes disagree (" + hand.size() + " hand-written rows, " + compiled.size()
                            + " compiled, " + interpreted.size() + " interpreted)");
                }
                int which = q;
                Runnable[] contenders = {
                    () -> handwritten(g, which),
                    () -> engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED),
                    // compiled rows are boxed when read: the run plus reading every cell, for a like-for-like look at the boxing hand-written loops do
                    () -> readAll(engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED).rows()),
                    // last in each round: its garbage is mostly collected while it runs, not in the others' timings
                    () -> engine.run(query, Map.of(), QueryEngine.Runtime.INTERPRETED),
                };
                // warm-up until the JIT has compiled the loops of each contender (the hidden class included)
                int[] warmups = {20, 20, 20, 3};
                for (int c = 0; c < contenders.length; c++) {
                    warm(contenders[c], warmups[c]);
                }
                double[][] timed = timeInterleaved(contenders);
                double[] hand2 = timed[0];
                double[] compiled2 = timed[1];
                double[] compiledRead2 = timed[2];
                double[] interpreted2 = timed[3];
                double handMs = hand2[0];
                double compiledMs = compiled2[0];
                double interpretedMs = interpreted2[0];
                double compiledReadMs = compiledRead2[0];
                double[] compiles = new double[3];
                for (int i = 0; i < compiles.length; i++) {
                    engine.clearCache();
                    engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED);
                    compiles[i] = engine.compileMillis(query, Map.of());
                }
                Arrays.sort(compiles);
                compileMs[q] = compiles[1];
                out.put("rows_" + name, hand.size());
                out.put("handwritten_ms_" + name, handMs);
                out.put("compiled_ms_" + name, compiledMs);
                out.put("compiled_with_read_ms_" + name, compiledReadMs);
                out.put("compiled_with_read_vs_handwritten_" + name, compiledReadMs / handMs);
                out.put("interpreted_ms_" + name, interpretedMs);
                out.put("compile_ms_" + name, compileMs[q]);
                out.put("compiled_vs_interpreted_speedup_" + name, interpretedMs / compiledMs);
                out.put("compiled_vs_handwritten_slowdown_" + name, compiledMs / handMs);
                // the most a compiler can gain over the interpreter if its code runs as fast as the hand-written loop
                out.put("handwritten_vs_interpreted_speedup_" + name, interpretedMs / handMs);
                // the same ratios on the thread's CPU time: on a shared machine wall time also counts the time the
                // thread waited for a core; CPU time leaves out other threads' work (GC) for every contender alike
                out.put("handwritten_cpu_ms_" + name, hand2[1]);
                out.put("compiled_cpu_ms_" + name, compiled2[1]);
                out.put("interpreted_cpu_ms_" + name, interpreted2[1]);
                out.put("compiled_vs_interpreted_speedup_cpu_" + name, interpreted2[1] / compiled2[1]);
                out.put("compiled_vs_handwritten_slowdown_cpu_" + name, compiled2[1] / hand2[1]);
                out.put("handwritten_vs_interpreted_speedup_cpu_" + name, interpreted2[1] / hand2[1]);
                log.printf("%-9s rows %7d  hand-written %8.1f ms  compiled %8.1f ms (read %.1f ms)  interpreted %9.1f ms  compile %.2f ms"
                        + "  (CPU: %.1f, %.1f, %.1f ms)%n", name, hand.size(), handMs, compiledMs, compiledReadMs, interpretedMs, compileMs[q],
                        hand2[1], compiled2[1], interpreted2[1]);
            }
            double[] sorted = compileMs.clone();
            Arrays.sort(sorted);
            out.put("compile_ms_median", sorted[1]);
        }
        out.put("reps", reps);
        out.put("size", size);
        return out;
    }

    private OffHeapGraph build() {
        int n = size * size;
        OffHeapGraph g = new OffHeapGraph(n);
        Random r = new Random(42);
        level = new long[n];
        score = new double[n];
        int[] kinds = {PlaceKind.ROOM.labelBit(), PlaceKind.WAYPOINT.labelBit(), PlaceKind.DOCK.labelBit(), 0};
        for (int i = 0; i < n; i++) {
            int node = g.addNode(i % size, i / size);
            g.setLabels(node, kinds[r.nextInt(4)]);
            level[node] = r.nextInt(100);
            score[node] = r.nextInt(1_000_000) / 1e6;
            g.setProperty(node, "level", PropertyValues.encode(level[node]));
            g.setProperty(node, "score", PropertyValues.encode(score[node]));
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int id = y * size + x;
                if (x + 1 < size) {
                    g.addUndirectedEdge(id, id + 1, 1, GridGraph.EDGE_TYPE);
                }
                if (y + 1 < size) {
                    g.addUndirectedEdge(id, id + size, 1, GridGraph.EDGE_TYPE);
                }
            }
        }
        g.compact();
        labels = new int[n];
        int[] roomIds = new int[n];
        int[] dockIds = new int[n];
        int roomCount = 0;
        int dockCount = 0;
        for (int node = 0; node < n; node++) {
            labels[node] = g.labels(node);
            if ((labels[node] & PlaceKind.ROOM.labelBit()) != 0) {
                roomIds[roomCount++] = node;
            }
            if ((labels[node] & PlaceKind.DOCK.labelBit()) != 0) {
                dockIds[dockCount++] = node;
            }
        }
        rooms = Arrays.copyOf(roomIds, roomCount);
        docks = Arrays.copyOf(dockIds, dockCount);
        outStart = new int[n + 1];
        outTo = new int[g.edgeCount()];
        EdgeCursor c = g.edges();
        int at = 0;
        for (int node = 0; node < n; node++) {
            outStart[node] = at;
            c.moveTo(node);
            while (c.next()) {
                outTo[at++] = c.to();
            }
        }
        outStart[n] = at;
        return g;
    }

    /** Keeps the JIT from dropping the reads of {@link #readAll}. */
    private long readSink;

    private void readAll(List<List<Object>> rows) {
        long h = 0;
        for (List<Object> row : rows) {
            for (Object v : row) {
                h += v == null ? 1 : v.hashCode();
            }
        }
        readSink += h;
    }

    /** The three queries written by hand on the graph API and plain arrays: what compiled code should approach. */
    private List<List<Object>> handwritten(NavGraph g, int which) {
        return switch (which) {
            case 0 -> handScan(g);
            case 1 -> handExpand(g);
            default -> handAggregate(g);
        };
    }

    private List<List<Object>> handScan(NavGraph g) {
        long[] level = this.level;
        double[] score = this.score;
        List<List<Object>> rows = new ArrayList<>();
        for (int n : rooms) {
            if (level[n] >= 90 && score[n] < 0.5) {
                rows.add(List.of((long) n, score[n]));
            }
        }
        return rows;
    }

    private List<List<Object>> handExpand(NavGraph g) {
        int room = PlaceKind.ROOM.labelBit();
        long[] level = this.level;
        double[] score = this.score;
        int[] labels = this.labels;
        int[] start = outStart;
        int[] to = outTo;
        List<List<Object>> rows = new ArrayList<>();
        for (int a : docks) {
            if (level[a] >= 10) {
                continue;
            }
            for (int i = start[a], iEnd = start[a + 1]; i < iEnd; i++) {
                int b = to[i];
                for (int j = start[b], jEnd = start[b + 1]; j < jEnd; j++) {
                    int c = to[j];
                    // relationship uniqueness cannot fail here: two hops out of a grid never reuse an edge
                    if ((labels[c] & room) == room && score[c] > 0.9) {
                        rows.add(List.of((long) a, (long) c));
                    }
                }
            }
        }
        return rows;
    }

    private List<List<Object>> handAggregate(NavGraph g) {
        int limit = g.nodeIdLimit();
        long[] level = this.level;
        double[] score = this.score;
        long[] count = new long[100];
        double[] sum = new double[100];
        int[] start = outStart;
        int[] to = outTo;
        for (int n = 0; n < limit; n++) {
            if (!g.containsNode(n)) {
                continue;
            }
            int key = (int) level[n];
            for (int i = start[n], iEnd = start[n + 1]; i < iEnd; i++) {
                int m = to[i];
                if (score[m] < 0.5) {
                    count[key]++;
                    sum[key] += score[m];
                }
            }
        }
        Integer[] keys = new Integer[100];
        for (int k = 0; k < 100; k++) {
            keys[k] = k;
        }
        Arrays.sort(keys, Comparator.<Integer>comparingLong(k -> -count[k]).thenComparingInt(k -> k));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10 && count[keys[i]] > 0; i++) {
            int k = keys[i];
            rows.add(List.of((long) k, count[k], sum[k] / count[k]));
        }
        return rows;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Runs {@code task} for at least {@code warmups} runs and 3 seconds, and then until the fastest run has not
     * improved by 5 % for 10 runs (at most 30 s): on a shared machine the JIT's compiler threads need wall time
     * to reach the top tier (the generated class goes through the same tiers as any other code, and under load
     * its compilation waits in the queue).
     */
    private static void warm(Runnable task, int warmups) {
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        int sinceBest = 0;
        for (int i = 0; ; i++) {
            long t = System.nanoTime();
            task.run();
            long took = System.nanoTime() - t;
            if (took < best * 0.95) {
                best = took;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            long elapsed = System.nanoTime() - start;
            if (i >= warmups && elapsed >= 3_000_000_000L && sinceBest >= 10 || elapsed >= 30_000_000_000L) {
                break;
            }
        }
    }

    /**
     * Per contender, the medians of {@code reps} timed runs (wall time, then the thread's CPU time, milliseconds),
     * taken in rounds that run every contender once in turn: on a shared machine the load changes within
     * seconds, and contenders timed one after the other, each in its own stretch, would be compared under
     * different loads.
     */
    private double[][] timeInterleaved(Runnable[] contenders) {
        double[][] ms = new double[contenders.length][reps];
        double[][] cpuMs = new double[contenders.length][reps];
        for (int i = 0; i < reps; i++) {
            for (int c = 0; c < contenders.length; c++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                contenders[c].run();
                ms[c][i] = (System.nanoTime() - t) / 1e6;
                cpuMs[c][i] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
            }
        }
        double[][] medians = new double[contenders.length][];
        for (int c = 0; c < contenders.length; c++) {
            Arrays.sort(ms[c]);
            Arrays.sort(cpuMs[c]);
            medians[c] = new double[] {ms[c][reps / 2], cpuMs[c][reps / 2]};
        }
        return medians;
    }
}
