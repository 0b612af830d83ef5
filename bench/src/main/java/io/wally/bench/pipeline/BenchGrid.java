package io.wally.bench.pipeline;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.runtime.agent.NodeLocator;
import java.util.SplittableRandom;

/**
 * An 8-connected open grid of {@code width x height} cells of {@code cellMeters}, node id
 * {@code row * width + col}, cell centres at {@code ((col + 0.5) * cell, (row + 0.5) * cell)}, with a
 * seeded fraction of cells blocked (never the border rows and columns used as start and goal).
 */
final class BenchGrid {

    final int width;
    final int height;
    final double cellMeters;
    final double blockedFraction;
    final long seed;

    BenchGrid(int width, int height, double cellMeters, double blockedFraction, long seed) {
        this.width = width;
        this.height = height;
        this.cellMeters = cellMeters;
        this.blockedFraction = blockedFraction;
        this.seed = seed;
    }

    int nodes() {
        return width * height;
    }

    /** A new graph of this grid (identical on every call). */
    MutableNavGraph build() {
        MutableNavGraph g = new OffHeapGraph(nodes());
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                g.addNode((float) ((col + 0.5) * cellMeters), (float) ((row + 0.5) * cellMeters));
            }
        }
        float straight = (float) cellMeters;
        float diagonal = (float) (cellMeters * Math.sqrt(2));
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int id = row * width + col;
                if (col + 1 < width) {
                    g.addUndirectedEdge(id, id + 1, straight, 1);
                }
                if (row + 1 < height) {
                    g.addUndirectedEdge(id, id + width, straight, 1);
                    if (col + 1 < width) {
                        g.addUndirectedEdge(id, id + width + 1, diagonal, 1);
                    }
                    if (col > 0) {
                        g.addUndirectedEdge(id, id + width - 1, diagonal, 1);
                    }
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int row = 1; row < height - 1; row++) {
            for (int col = 1; col < width - 1; col++) {
                if (rnd.nextDouble() < blockedFraction) {
                    g.setBlocked(row * width + col, true);
                }
            }
        }
        return g;
    }

    NodeLocator locator() {
        return new NodeLocator() {
            @Override
            public int nodeAt(double xMeters, double yMeters) {
                int col = (int) Math.floor(xMeters / cellMeters);
                int row = (int) Math.floor(yMeters / cellMeters);
                return col < 0 || row < 0 || col >= width || row >= height ? NavGraph.NO_NODE : row * width + col;
            }

            @Override
            public double cellSizeMeters() {
                return cellMeters;
            }
        };
    }
}
