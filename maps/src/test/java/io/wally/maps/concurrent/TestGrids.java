package io.wally.maps.concurrent;

import io.wally.maps.ReferenceGraph;

/** Graphs the concurrency tests replicate. */
final class TestGrids {

    private TestGrids() {
    }

    /**
     * A {@code side x side} 4-connected grid, node {@code i} at ({@code i % side}, {@code i / side}),
     * every edge weight 1 and type 0.
     */
    static ReferenceGraph fourConnected(int side) {
        int nodes = side * side;
        ReferenceGraph g = new ReferenceGraph();
        for (int i = 0; i < nodes; i++) {
            g.addNode(i % side, i / side);
        }
        for (int i = 0; i < nodes; i++) {
            if (i % side + 1 < side) {
                g.addUndirectedEdge(i, i + 1, 1f, 0);
            }
            if (i + side < nodes) {
                g.addUndirectedEdge(i, i + side, 1f, 0);
            }
        }
        return g;
    }
}
