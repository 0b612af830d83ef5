package io.wally.maps.plan;

/**
 * The result of {@link GraphOrder#topologicalSort}: either an order of every live node in which each
 * edge points forward, or — when the graph has a directed cycle — one such cycle. A value, never
 * null; immutable.
 */
public final class TopologicalOrder {

    private final int[] order;
    private final int[] cycle;
    private final long graphVersion;

    TopologicalOrder(int[] order, int[] cycle, long graphVersion) {
        this.order = order;
        this.cycle = cycle;
        this.graphVersion = graphVersion;
    }

    /** Whether the graph is acyclic, so {@link #order()} is a topological order. */
    public boolean isAcyclic() {
        return cycle.length == 0;
    }

    /** A copy of the topological order (every live node once, edges point forward); empty when cyclic. */
    public int[] order() {
        return order.clone();
    }

    /**
     * A copy of one directed cycle {@code c0 -> c1 -> … -> ck -> c0} (the first node is not repeated;
     * a self-loop is a one-node cycle); empty when the graph is acyclic.
     */
    public int[] cycle() {
        return cycle.clone();
    }

    /** The graph version the sort ran on. */
    public long graphVersion() {
        return graphVersion;
    }
}
