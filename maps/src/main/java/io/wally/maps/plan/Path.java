package io.wally.maps.plan;

import io.wally.maps.NavGraph;
import java.util.Arrays;

/**
 * The result of one search: a value, never null. It says whether a path was {@link #found()}, and
 * carries the path's nodes (start first, goal last), its cost, how many nodes the search expanded,
 * the {@link NavGraph#version() graph version} it was computed on and how long it took.
 *
 * <p>Immutable and safe to share between threads. When nothing was found the node list is empty and
 * the cost is {@link Double#POSITIVE_INFINITY}.
 */
public final class Path {

    private static final int[] NO_NODES = new int[0];

    private final PlanStatus status;
    private final int[] nodes;
    private final double cost;
    private final long expansions;
    private final long graphVersion;
    private final long elapsedNanos;

    private Path(PlanStatus status, int[] nodes, double cost, long expansions, long graphVersion, long elapsedNanos) {
        this.status = status;
        this.nodes = nodes;
        this.cost = cost;
        this.expansions = expansions;
        this.graphVersion = graphVersion;
        this.elapsedNanos = elapsedNanos;
    }

    /** A found path; {@code nodes} is taken over, not copied (callers pass a fresh array). */
    static Path found(int[] nodes, double cost, long expansions, long graphVersion, long elapsedNanos) {
        return new Path(PlanStatus.FOUND, nodes, cost, expansions, graphVersion, elapsedNanos);
    }

    /** A search that ended without a path, for {@code status} other than {@link PlanStatus#FOUND}. */
    static Path notFound(PlanStatus status, long expansions, long graphVersion, long elapsedNanos) {
        if (status == PlanStatus.FOUND) {
            throw new IllegalArgumentException("notFound needs a status other than FOUND");
        }
        return new Path(status, NO_NODES, Double.POSITIVE_INFINITY, expansions, graphVersion, elapsedNanos);
    }

    /** Whether a path from start to goal was found. */
    public boolean found() {
        return status == PlanStatus.FOUND;
    }

    /** Why the search ended. */
    public PlanStatus status() {
        return status;
    }

    /** A copy of the path's node ids, start first and goal last; empty when not found. */
    public int[] nodes() {
        return nodes.clone();
    }

    /** Number of nodes on the path (hops + 1), 0 when not found. */
    public int nodeCount() {
        return nodes.length;
    }

    /** The {@code index}-th node of the path, {@code 0 <= index < nodeCount()}. */
    public int node(int index) {
        return nodes[index];
    }

    /** Number of edges on the path, 0 when not found or when start equals goal. */
    public int hops() {
        return Math.max(0, nodes.length - 1);
    }

    /**
     * Sum of the edge weights along the path (metres on metric maps); for BFS the hop count.
     * {@link Double#POSITIVE_INFINITY} when not found.
     */
    public double cost() {
        return cost;
    }

    /** Nodes the search expanded (took from its queue and explored), {@code >= 0}. */
    public long expansions() {
        return expansions;
    }

    /** The graph's {@link NavGraph#version()} when the search ran. */
    public long graphVersion() {
        return graphVersion;
    }

    /** Wall time of the search in nanoseconds, measured with the planner's clock. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    @Override
    public String toString() {
        return "Path[" + status + ", cost=" + cost + ", hops=" + hops() + ", expansions=" + expansions
                + ", version=" + graphVersion + ", nodes=" + (nodes.length <= 16 ? Arrays.toString(nodes) : nodes.length + " nodes") + "]";
    }
}
