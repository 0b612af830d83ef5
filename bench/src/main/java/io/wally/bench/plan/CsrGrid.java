package io.wally.bench.plan;

import java.util.Arrays;

/**
 * The physical-limit baseline: a graph as bare {@code int[]}/{@code float[]} CSR arrays (offsets,
 * targets, weights, coordinates, blocked flags) with BFS, Dijkstra and A* written straight over them —
 * no interfaces, no cursor, an inlined octile heuristic, the same generation-stamp and indexed-heap
 * techniques as the engine. What the engine does beyond this is the price of its abstraction.
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

    private final int[] seen;
    private final int[] closed;
    private final int[] parent;
    private final double[] cost;
    private final int[] queue;
    private final int[] heapNodes;
    private final double[] heapKeys;
    private final int[] heapPos;
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
        seen = new int[nodes];
        closed = new int[nodes];
        parent = new int[nodes];
        cost = new double[nodes];
        queue = new int[nodes];
        heapNodes = new int[nodes];
        heapKeys = new double[nodes];
        heapPos = new int[nodes];
        Arrays.fill(heapPos, -1);
    }

    /** Fewest-hops path; returns its nodes (empty when none). */
    public int[] bfs(int start, int goal) {
        int gen = ++generation;
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

    /** Dijkstra ({@code astar == false}) or A* with the octile heuristic; returns the path cost (+inf when none). */
    public double shortest(int start, int goal, boolean astar) {
        int gen = ++generation;
        float gx = xs[goal];
        float gy = ys[goal];
        seen[start] = gen;
        cost[start] = 0;
        parent[start] = -1;
        heapSize = 0;
        push(start, astar ? octile(start, gx, gy) : 0);
        long expanded = 0;
        double result = Double.POSITIVE_INFINITY;
        while (heapSize > 0) {
            int u = pop();
            closed[u] = gen;
            expanded++;
            if (u == goal) {
                result = cost[goal];
                trace(goal);
                break;
            }
            double cu = cost[u];
            for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                int v = targets[e];
                if (closed[v] == gen) {
                    continue;
                }
                double cv = cu + weights[e];
                if (seen[v] != gen) {
                    seen[v] = gen;
                    if (blocked[v]) {
                        closed[v] = gen;
                        continue;
                    }
                    cost[v] = cv;
                    parent[v] = u;
                    push(v, astar ? cv + octile(v, gx, gy) : cv);
                } else if (cv < cost[v]) {
                    double key = astar ? cv + (heapKeys[heapPos[v]] - cost[v]) : cv;
                    cost[v] = cv;
                    parent[v] = u;
                    siftUp(heapPos[v], v, key);
                }
            }
        }
        for (int i = 0; i < heapSize; i++) {
            heapPos[heapNodes[i]] = -1;
        }
        heapSize = 0;
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
        siftUp(heapSize++, node, key);
    }

    private int pop() {
        int top = heapNodes[0];
        heapPos[top] = -1;
        int last = --heapSize;
        if (last > 0) {
            int node = heapNodes[last];
            double key = heapKeys[last];
            int at = 0;
            int half = heapSize >>> 1;
            while (at < half) {
                int child = 2 * at + 1;
                double ck = heapKeys[child];
                int right = child + 1;
                if (right < heapSize && heapKeys[right] < ck) {
                    child = right;
                    ck = heapKeys[right];
                }
                if (key <= ck) {
                    break;
                }
                int cn = heapNodes[child];
                heapNodes[at] = cn;
                heapKeys[at] = ck;
                heapPos[cn] = at;
                at = child;
            }
            heapNodes[at] = node;
            heapKeys[at] = key;
            heapPos[node] = at;
        }
        return top;
    }

    private void siftUp(int at, int node, double key) {
        while (at > 0) {
            int p = (at - 1) >>> 1;
            double pk = heapKeys[p];
            if (pk <= key) {
                break;
            }
            int pn = heapNodes[p];
            heapNodes[at] = pn;
            heapKeys[at] = pk;
            heapPos[pn] = at;
            at = p;
        }
        heapNodes[at] = node;
        heapKeys[at] = key;
        heapPos[node] = at;
    }
}
