package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Landmark lower bounds for A* on any weighted graph (ALT: A*, landmarks, triangle inequality; Goldberg
 * and Harrelson, SODA 2005). For each landmark {@code L} the exact distances {@code d(L, v)} and {@code
 * d(v, L)} are computed once; then {@code d(v, t) >= max(d(L, t) − d(L, v), d(v, L) − d(t, L))} for
 * every landmark, a bound that knows the graph's real weights where a straight-line distance cannot
 * (weights in minutes, detours, one-way streets). Landmarks are chosen by farthest selection: each new
 * one is the node farthest from those already chosen.
 *
 * <pre>
 * Landmarks alt = Landmarks.select(graph, 8, 42);     // 17 one-to-all searches; the distances live off-heap
 * Path p = new Planner(graph).aStar(start, goal, alt, SearchLimits.NONE); // fewer expansions than Dijkstra, same cost
 * </pre>
 *
 * <p>Edits: when weights <b>rise</b> (an obstacle makes an edge dearer, an edge is removed or a node
 * blocked) the stored distances become smaller than the true ones and the bound stays admissible:
 * nothing to do. When a weight <b>falls</b> or an edge is added, call {@link #invalidate()}: the bound
 * then answers 0 (A* becomes Dijkstra, still optimal) until a new {@code Landmarks} is selected, which
 * a caller may do on another thread (this one is only read).
 *
 * <p>Memory: {@code 2 · landmarks · nodeIdLimit} floats, off-heap, freed by {@link #close()}. Threading:
 * the distances are immutable after {@link #select}; any number of planners may read them at once.
 */
public final class Landmarks implements Heuristic, AutoCloseable {

    private static final long FLOAT = ValueLayout.JAVA_FLOAT.byteSize();

    private final Arena arena;
    /**
     * {@code d(landmark l, v)} at float index {@code v · count + l}, +inf when unreachable: node-major, so
     * that one node's bounds share a cache line or two (a search reads them for every node it reaches).
     */
    private final MemorySegment from;
    /** {@code d(v, landmark l)}, laid out as {@link #from}. */
    private final MemorySegment to;
    private final int[] nodes;
    /** Floats per node in {@link #from} and {@link #to}: the landmarks asked for (slots of landmarks not found are never read). */
    private final int stride;
    private final int size;
    private final long graphVersion;
    private volatile boolean valid = true;

    private Landmarks(Arena arena, MemorySegment from, MemorySegment to, int[] nodes, int stride, int size, long graphVersion) {
        this.arena = arena;
        this.stride = stride;
        this.from = from;
        this.to = to;
        this.nodes = nodes;
        this.size = size;
        this.graphVersion = graphVersion;
    }

    /**
     * Chooses {@code count} landmarks of {@code graph} by farthest selection (starting from the node
     * farthest from a node drawn with {@code seed}) and computes their distances. Reads the graph on the
     * calling thread; it must not change meanwhile.
     *
     * @param count 1..64
     */
    public static Landmarks select(NavGraph graph, int count, long seed) {
        if (count < 1 || count > 64) {
            throw new IllegalArgumentException("landmark count must be in [1, 64]; was " + count);
        }
        int n = graph.nodeIdLimit();
        if (graph.nodeCount() == 0) {
            throw new IllegalArgumentException("a graph without nodes has no landmarks");
        }
        Reverse reverse = Reverse.of(graph);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment from = arena.allocate(FLOAT * n * count, FLOAT);
            MemorySegment to = arena.allocate(FLOAT * n * count, FLOAT);
            OneToAll search = new OneToAll(n);
            float[] nearest = new float[n]; // distance from the nearest chosen landmark
            Arrays.fill(nearest, Float.POSITIVE_INFINITY);
            int seedNode = liveNode(graph, new SplittableRandom(seed));
            search.run(graph, null, seedNode);
            int next = search.farthest(graph);
            int[] chosen = new int[count];
            int chosenCount = 0;
            for (int l = 0; l < count && next >= 0; l++) {
                chosen[l] = next;
                chosenCount++;
                search.run(graph, null, next);
                for (int v = 0; v < n; v++) {
                    from.setAtIndex(ValueLayout.JAVA_FLOAT, (long) v * count + l, search.distance[v]);
                    nearest[v] = Math.min(nearest[v], search.distance[v]);
                }
                search.run(graph, reverse, next);
                for (int v = 0; v < n; v++) {
                    to.setAtIndex(ValueLayout.JAVA_FLOAT, (long) v * count + l, search.distance[v]);
                }
                next = farthestFinite(graph, nearest);
            }
            return new Landmarks(arena, from, to, Arrays.copyOf(chosen, chosenCount), count, n, graph.version());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static int liveNode(NavGraph graph, SplittableRandom random) {
        int n = graph.nodeIdLimit();
        for (int tries = 0; tries < 1000; tries++) {
            int v = random.nextInt(n);
            if (graph.containsNode(v) && !graph.isBlocked(v)) {
                return v;
            }
        }
        for (int v = 0; v < n; v++) {
            if (graph.containsNode(v) && !graph.isBlocked(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException("every node is blocked: no landmark can be chosen");
    }

    /** The node with the largest finite, non-zero distance in {@code nearest}, or -1 when none is left. */
    private static int farthestFinite(NavGraph graph, float[] nearest) {
        int best = -1;
        float bestDistance = 0;
        for (int v = 0; v < nearest.length; v++) {
            float d = nearest[v];
            if (d > bestDistance && d != Float.POSITIVE_INFINITY && graph.containsNode(v) && !graph.isBlocked(v)) {
                best = v;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The chosen landmark nodes, in the order chosen. */
    public int[] nodes() {
        return nodes.clone();
    }

    /** The graph version the distances were computed on. */
    public long graphVersion() {
        return graphVersion;
    }

    /** Whether the bound is in use (false after {@link #invalidate()}). */
    public boolean isValid() {
        return valid;
    }

    /** Makes every estimate 0 from now on: call after a weight falls or an edge is added; any thread. */
    public void invalidate() {
        valid = false;
    }

    /** Without node ids there is no landmark bound: 0, always admissible. */
    @Override
    public double estimate(float x, float y, float goalX, float goalY) {
        return 0;
    }

    @Override
    public double estimate(int node, float x, float y, int goal, float goalX, float goalY) {
        if (!valid || node >= size || goal >= size) {
            return 0;
        }
        double best = 0;
        long at = (long) node * stride;
        long goalAt = (long) goal * stride;
        for (int l = 0; l < nodes.length; l++) {
            float fromL = from.getAtIndex(ValueLayout.JAVA_FLOAT, at + l);
            float fromLToGoal = from.getAtIndex(ValueLayout.JAVA_FLOAT, goalAt + l);
            float toL = to.getAtIndex(ValueLayout.JAVA_FLOAT, at + l);
            float goalToL = to.getAtIndex(ValueLayout.JAVA_FLOAT, goalAt + l);
            // unreachable pairs (infinite distances) bound nothing: skipped rather than turned into infinity
            if (fromL != Float.POSITIVE_INFINITY && fromLToGoal != Float.POSITIVE_INFINITY) {
                best = Math.max(best, (double) fromLToGoal - fromL);
            }
            if (toL != Float.POSITIVE_INFINITY && goalToL != Float.POSITIVE_INFINITY) {
                best = Math.max(best, (double) toL - goalToL);
            }
        }
        // float storage rounds each distance by up to half an ulp; stay below the true bound
        return best * Heuristics.SLACK;
    }

    /** Frees the distances; estimates must not be asked for afterwards. */
    @Override
    public void close() {
        valid = false;
        arena.close();
    }

    /** In-edges of every node as arrays (the graph's cursor gives out-edges only). */
    private record Reverse(int[] start, int[] source, float[] weight) {
        static Reverse of(NavGraph graph) {
            int n = graph.nodeIdLimit();
            int[] start = new int[n + 1];
            EdgeCursor out = graph.edges();
            for (int u = 0; u < n; u++) {
                if (graph.containsNode(u)) {
                    out.moveTo(u);
                    while (out.next()) {
                        start[out.to() + 1]++;
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                start[v + 1] += start[v];
            }
            int[] fill = Arrays.copyOf(start, n);
            int[] source = new int[start[n]];
            float[] weight = new float[start[n]];
            for (int u = 0; u < n; u++) {
                if (graph.containsNode(u)) {
                    out.moveTo(u);
                    while (out.next()) {
                        int slot = fill[out.to()]++;
                        source[slot] = u;
                        weight[slot] = out.weight();
                    }
                }
            }
            return new Reverse(start, source, weight);
        }
    }

    /** Dijkstra from one node to all, forwards or (over {@link Reverse}) backwards; blocked nodes are walls. */
    private static final class OneToAll {
        final float[] distance;
        private final double[] exact;
        private final boolean[] done;
        private final BinaryMinHeap heap;

        OneToAll(int n) {
            distance = new float[n];
            exact = new double[n];
            done = new boolean[n];
            heap = new BinaryMinHeap(n);
        }

        void run(NavGraph graph, Reverse reverse, int source) {
            Arrays.fill(exact, Double.POSITIVE_INFINITY);
            Arrays.fill(done, false);
            exact[source] = 0;
            heap.push(source, 0);
            EdgeCursor out = graph.edges();
            while (!heap.isEmpty()) {
                int u = heap.pop();
                if (done[u]) {
                    continue;
                }
                done[u] = true;
                double du = exact[u];
                if (reverse == null) {
                    out.moveTo(u);
                    while (out.next()) {
                        relax(graph, out.to(), du + out.weight());
                    }
                } else {
                    for (int i = reverse.start[u]; i < reverse.start[u + 1]; i++) {
                        relax(graph, reverse.source[i], du + reverse.weight[i]);
                    }
                }
            }
            for (int v = 0; v < distance.length; v++) {
                distance[v] = (float) exact[v];
            }
        }

        private void relax(NavGraph graph, int v, double dv) {
            if (!done[v] && dv < exact[v] && !graph.isBlocked(v)) {
                exact[v] = dv;
                heap.push(v, dv);
            }
        }

        /** The reached node farthest from the last source. */
        int farthest(NavGraph graph) {
            int best = -1;
            double bestDistance = -1;
            for (int v = 0; v < exact.length; v++) {
                if (exact[v] != Double.POSITIVE_INFINITY && exact[v] > bestDistance) {
                    best = v;
                    bestDistance = exact[v];
                }
            }
            return best;
        }
    }
}
