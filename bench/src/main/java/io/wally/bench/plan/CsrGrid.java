package io.wally.bench.plan;

import java.util.Arrays;

/**
 * The physical-limit baseline: a graph as bare {@code int[]}/{@code float[]} CSR arrays (offsets,
 * targets, weights, coordinates, blocked flags) with BFS, Dijkstra and A* written straight over them —
 * no interfaces, no cursor, an inlined octile heuristic, the same generation stamps, radix-heap queue
 * and re-push-instead-of-decrease-key discipline as the engine. What the engine does beyond this is the price of its abstraction.
 *
 * <p>Not thread-safe (one working set); built once from a {@link GridFixture}.
 */
public final class CsrGrid {

    private static final double SQRT2_MINUS_1 = Math.sqrt(2.0) - 1.0;

    final int nodes;
    final int[] offsets;
    final int[] targets;
    final float[] weights;
    final float[] xs;
    final float[] ys;
    final boolean[] blocked;

    /** Visit stamps: {@code generation} = reached, {@code generation + 1} = expanded (as the engine's planner). */
    private final int[] mark;
    private final int[] parent;
    private final double[] cost;
    private final int[] queue;
    /** Radix heap (the engine's queue discipline): bucket b holds keys first differing from lastBits at bit b-1. */
    private final long[][] bucketKeys = new long[64][];
    private final int[][] bucketNodes = new int[64][];
    private final int[] bucketSizes = new int[64];
    private long occupied;
    private long lastBits;
    private int heapSize;
    private int generation;
    /** Expansions of the last search. */
    public long expansions;

    CsrGrid(int nodes, int[] offsets, int[] targets, float[] weights, float[] xs, float[] ys, boolean[] blocked) {
        this.nodes = nodes;
        this.offsets = offsets;
        this.targets = targets;
        this.weights = weights;
        this.xs = xs;
        this.ys = ys;
        this.blocked = blocked;
        mark = new int[nodes];
        parent = new int[nodes];
        cost = new double[nodes];
        queue = new int[nodes];
        for (int b = 0; b < 64; b++) {
            bucketKeys[b] = new long[16];
            bucketNodes[b] = new int[16];
        }
    }

    /** Fewest-hops path; returns its nodes (empty when none). */
    public int[] bfs(int start, int goal) {
        generation += 2;
        int gen = generation;
        int[] seen = mark;
        seen[start] = gen;
        parent[start] = -1;
        queue[0] = start;
        int head = 0;
        int tail = 1;
        long expanded = 0;
        while (head < tail) {
            int u = queue[head++];
            expanded++;
            if (u == goal) {
                expansions = expanded;
                return trace(goal);
            }
            for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                int v = targets[e];
                if (seen[v] != gen) {
                    seen[v] = gen;
                    if (blocked[v]) {
                        continue;
                    }
                    parent[v] = u;
                    queue[tail++] = v;
                }
            }
        }
        expansions = expanded;
        return new int[0];
    }

    /**
     * Dijkstra ({@code astar == false}) or A* with the octile heuristic; returns the path cost (+inf when
     * none). The same algorithm as the engine's: a node whose cost drops is pushed again, stale entries
     * are skipped when popped, keys go through the same radix heap.
     */
    public double shortest(int start, int goal, boolean astar) {
        generation += 2;
        int gen = generation;
        int done = gen + 1;
        float gx = xs[goal];
        float gy = ys[goal];
        int[] mark = this.mark;
        double[] cost = this.cost;
        int[] parent = this.parent;
        mark[start] = gen;
        cost[start] = 0;
        parent[start] = -1;
        Arrays.fill(bucketSizes, 0);
        occupied = 0;
        lastBits = 0;
        heapSize = 0;
        push(start, astar ? octile(start, gx, gy) : 0);
        long expanded = 0;
        double result = Double.POSITIVE_INFINITY;
        while (heapSize > 0) {
            int u = pop();
            if (mark[u] == done) {
                continue;
            }
            mark[u] = done;
            expanded++;
            if (u == goal) {
                result = cost[goal];
                trace(goal);
                break;
            }
            double cu = cost[u];
            for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                int v = targets[e];
                int m = mark[v];
                if (m == done) {
                    continue;
                }
                double cv = cu + weights[e];
                if (m != gen) {
                    if (blocked[v]) {
                        mark[v] = done;
                        continue;
                    }
                    mark[v] = gen;
                } else if (cv >= cost[v]) {
                    continue;
                }
                cost[v] = cv;
                parent[v] = u;
                push(v, astar ? cv + octile(v, gx, gy) : cv);
            }
        }
        expansions = expanded;
        return result;
    }

    private double octile(int n, float gx, float gy) {
        double dx = Math.abs((double) xs[n] - gx);
        double dy = Math.abs((double) ys[n] - gy);
        return (1.0 - 1e-6) * (Math.max(dx, dy) + SQRT2_MINUS_1 * Math.min(dx, dy));
    }

    private int[] trace(int goal) {
        int length = 1;
        for (int n = goal; parent[n] >= 0; n = parent[n]) {
            length++;
        }
        int[] path = new int[length];
        for (int i = length - 1, n = goal; i >= 0; i--, n = parent[n]) {
            path[i] = n;
        }
        return path;
    }

    private void push(int node, double key) {
        long bits = Math.max(Double.doubleToRawLongBits(key), lastBits);
        append(64 - Long.numberOfLeadingZeros(bits ^ lastBits), node, bits);
        heapSize++;
    }

    private int pop() {
        if (bucketSizes[0] == 0) {
            int from = Long.numberOfTrailingZeros(occupied);
            long[] keys = bucketKeys[from];
            int[] ids = bucketNodes[from];
            int count = bucketSizes[from];
            long min = keys[0];
            for (int i = 1; i < count; i++) {
                min = Math.min(min, keys[i]);
            }
            lastBits = min;
            bucketSizes[from] = 0;
            occupied &= ~(1L << from);
            for (int i = 0; i < count; i++) {
                append(64 - Long.numberOfLeadingZeros(keys[i] ^ min), ids[i], keys[i]);
            }
        }
        heapSize--;
        int left = --bucketSizes[0];
        if (left == 0) {
            occupied &= ~1L;
        }
        return bucketNodes[0][left];
    }

    private void append(int bucket, int node, long bits) {
        int n = bucketSizes[bucket];
        if (n == bucketNodes[bucket].length) {
            bucketKeys[bucket] = Arrays.copyOf(bucketKeys[bucket], n * 2);
            bucketNodes[bucket] = Arrays.copyOf(bucketNodes[bucket], n * 2);
        }
        bucketKeys[bucket][n] = bits;
        bucketNodes[bucket][n] = node;
        bucketSizes[bucket] = n + 1;
        occupied |= 1L << bucket;
    }
}
