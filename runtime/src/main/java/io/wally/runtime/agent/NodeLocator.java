package io.wally.runtime.agent;

import io.wally.maps.NavGraph;

/**
 * Maps points of the world to nodes of the navigation graph (the grid cells of an occupancy-grid map).
 * Pure arithmetic, the same for every replica of the graph.
 *
 * <p>Threading: stateless; any thread.
 */
public interface NodeLocator {

    /** The grid-cell node containing {@code (x, y)} metres, or {@link io.wally.maps.NavGraph#NO_NODE}. */
    int nodeAt(double xMeters, double yMeters);

    /** Edge length of a grid cell, metres ({@code > 0}). */
    double cellSizeMeters();

    /** A locator for a graph without a grid: every point maps to no node. */
    static NodeLocator none() {
        return new NodeLocator() {
            @Override
            public int nodeAt(double xMeters, double yMeters) {
                return NavGraph.NO_NODE;
            }

            @Override
            public double cellSizeMeters() {
                return 1.0;
            }
        };
    }
}
