package io.wally.maps.plan;

import io.wally.maps.NavGraph;

/**
 * The result of a full BFS or DFS from one start node: the order in which nodes were visited, each
 * visited node's hop distance (BFS: fewest edges from the start; DFS: depth in the DFS tree) and its
 * parent in the search tree. A value, never null; immutable, safe to share between threads.
 */
public final class Traversal {

    private final int start;
    private final int[] order;
    private final int[] hops;
    private final int[] parents;
    private final long graphVersion;
    private final long elapsedNanos;

    Traversal(int start, int[] order, int[] hops, int[] parents, long graphVersion, long elapsedNanos) {
        this.start = start;
        this.order = order;
        this.hops = hops;
        this.parents = parents;
        this.graphVersion = graphVersion;
        this.elapsedNanos = elapsedNanos;
    }

    /** The start node; {@link NavGraph#NO_NODE} when the start was invalid or blocked. */
    public int start() {
        return start;
    }

    /** Number of nodes visited (the start included), 0 when the start was invalid or blocked. */
    public int visitedCount() {
        return order.length;
    }

    /** A copy of the visit order, start first. */
    public int[] order() {
        return order.clone();
    }

    /** The {@code index}-th visited node, {@code 0 <= index < visitedCount()}. */
    public int visited(int index) {
        return order[index];
    }

    /** Whether {@code node} was visited. */
    public boolean reached(int node) {
        return node >= 0 && node < hops.length && hops[node] >= 0;
    }

    /** Hop distance of {@code node} (BFS: fewest edges; DFS: tree depth), or -1 when not visited. */
    public int hops(int node) {
        return node >= 0 && node < hops.length ? hops[node] : -1;
    }

    /** Parent of {@code node} in the search tree; {@link NavGraph#NO_NODE} for the start or an unvisited node. */
    public int parent(int node) {
        return reached(node) ? parents[node] : -1;
    }

    /** The tree path from the start to {@code node} (start first); empty when {@code node} was not visited. */
    public int[] pathTo(int node) {
        if (!reached(node)) {
            return new int[0];
        }
        int[] path = new int[hops[node] + 1];
        for (int i = path.length - 1, n = node; i >= 0; i--, n = parents[n]) {
            path[i] = n;
        }
        return path;
    }

    /** The graph version the traversal ran on. */
    public long graphVersion() {
        return graphVersion;
    }

    /** Wall time of the traversal in nanoseconds. */
    public long elapsedNanos() {
        return elapsedNanos;
    }
}
