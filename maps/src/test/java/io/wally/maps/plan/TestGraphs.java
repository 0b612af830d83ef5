package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.util.Random;
import java.util.function.Supplier;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/** Graph builders shared by the planner tests. */
final class TestGraphs {

    private TestGraphs() {
    }

    /** A random grid with roughly {@code obstacleShare} of its cells occupied, 1 m cells. */
    static GridGraph randomGrid(Random random, int width, int height, double obstacleShare, int connectivity) {
        return randomGrid(random, width, height, obstacleShare, connectivity, ReferenceGraph::new);
    }

    /** The same, built into a graph from {@code factory}. */
    static GridGraph randomGrid(Random random, int width, int height, double obstacleShare, int connectivity,
            Supplier<? extends MutableNavGraph> factory) {
        CellState[] states = new CellState[width * height];
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextDouble() < obstacleShare ? CellState.OCCUPIED : CellState.FREE;
        }
        OccupancyGrid grid = new OccupancyGrid(width, height, 1.0, 0, 0, 0, states);
        return GridGraph.build(grid, connectivity, UnknownCells.BLOCKED, factory);
    }

    /**
     * A random directed graph: {@code nodes} nodes at random points in a 100 m square and about
     * {@code edges} arcs whose weight is at least their straight-line length (so Euclidean is admissible).
     */
    static ReferenceGraph randomGraph(Random random, int nodes, int edges, double blockedShare) {
        ReferenceGraph g = new ReferenceGraph();
        for (int i = 0; i < nodes; i++) {
            g.addNode(random.nextFloat() * 100f, random.nextFloat() * 100f);
        }
        for (int i = 0; i < edges; i++) {
            int a = random.nextInt(nodes);
            int b = random.nextInt(nodes);
            if (a == b || g.hasEdge(a, b)) {
                continue;
            }
            float length = (float) Math.hypot(g.x(a) - g.x(b), g.y(a) - g.y(b));
            g.addEdge(a, b, length * (1f + random.nextFloat()) + 0.01f, 0);
        }
        for (int i = 0; i < nodes; i++) {
            if (random.nextDouble() < blockedShare) {
                g.setBlocked(i, true);
            }
        }
        return g;
    }

    /** The same graph in JGraphT, without blocked nodes and their arcs (the planners treat them as absent). */
    static Graph<Integer, DefaultWeightedEdge> toJGraphT(NavGraph graph) {
        Graph<Integer, DefaultWeightedEdge> j = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (graph.containsNode(n) && !graph.isBlocked(n)) {
                j.addVertex(n);
            }
        }
        EdgeCursor out = graph.edges();
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (!j.containsVertex(n)) {
                continue;
            }
            out.moveTo(n);
            while (out.next()) {
                if (j.containsVertex(out.to()) && out.to() != n) {
                    DefaultWeightedEdge e = j.addEdge(n, out.to());
                    j.setEdgeWeight(e, out.weight());
                }
            }
        }
        return j;
    }

    /** Asserts-free check that {@code nodes} is a walk in {@code graph} over passable nodes from start to goal. */
    static boolean isValidPath(NavGraph graph, int[] nodes, int start, int goal) {
        if (nodes.length == 0 || nodes[0] != start || nodes[nodes.length - 1] != goal) {
            return false;
        }
        for (int i = 0; i < nodes.length; i++) {
            if (graph.isBlocked(nodes[i])) {
                return false;
            }
            if (i > 0 && !graph.hasEdge(nodes[i - 1], nodes[i])) {
                return false;
            }
        }
        return true;
    }
}
