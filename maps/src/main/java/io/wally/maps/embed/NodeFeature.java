package io.wally.maps.embed;

/**
 * Optional per-node inputs that FastRP projects together with each node's random identity vector
 * (see {@link FastRp}). Values are scaled to about {@code [0, 1]} so that no feature drowns the others.
 */
public enum NodeFeature {
    /** Three inputs, 0 or 1: the node's room, waypoint and dock label bits (bits 0, 1, 2). */
    KIND(3),
    /** One input, 1 when the node is blocked. */
    BLOCKED(1),
    /** Sixteen inputs: the out-degree one-hot (0, 1, …, 14, and 15 or more). */
    DEGREE(16),
    /**
     * One input: hops to the nearest node next to a wall, divided by the largest such distance. A node is
     * next to a wall when its out-degree is below the most common out-degree of unblocked nodes (8 on an
     * 8-connected grid), which needs no grid geometry and so works on any graph.
     */
    CLEARANCE(1);

    private final int inputs;

    NodeFeature(int inputs) {
        this.inputs = inputs;
    }

    /** How many input columns this feature adds. */
    public int inputs() {
        return inputs;
    }
}
