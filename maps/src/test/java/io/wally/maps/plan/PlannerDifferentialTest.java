package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.junit.jupiter.api.Test;

/**
 * Our planners against JGraphT as the oracle: equal costs and valid paths for Dijkstra and A*, equal
 * hop counts for BFS, on random directed graphs and random 4- and 8-connected grids.
 */
class PlannerDifferentialTest {

    private static final double TOLERANCE = 1e-3;

    @Test
    void shouldMatchJGraphTOnRandomDirectedGraphs() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            try (ReferenceGraph g = TestGraphs.randomGraph(random, 60 + round * 5, 300 + round * 20, 0.05)) {
                compareAllPairsSample(g, TestGraphs.toJGraphT(g), Heuristics.euclidean(), random, 40);
            }
        }
    }

    @Test
    void shouldMatchJGraphTOnRandomFourConnectedGrids() {
        Random random = new Random(11);
        for (int round = 0; round < 8; round++) {
            GridGraph grid = TestGraphs.randomGrid(random, 20 + round * 3, 15 + round * 2, 0.25, 4);
            try (var g = grid.graph()) {
                compareAllPairsSample(g, TestGraphs.toJGraphT(g), Heuristics.manhattan(), random, 40);
            }
        }
    }

    @Test
    void shouldMatchJGraphTOnRandomEightConnectedGrids() {
        Random random = new Random(13);
        for (int round = 0; round < 8; round++) {
            GridGraph grid = TestGraphs.randomGrid(random, 25 + round * 3, 20 + round * 2, 0.3, 8);
            try (var g = grid.graph()) {
                compareAllPairsSample(g, TestGraphs.toJGraphT(g), Heuristics.octile(), random, 40);
            }
        }
    }

    @Test
    void shouldMatchJGraphTOnCompactedOffHeapGrids() {
        Random random = new Random(17);
        for (int round = 0; round < 6; round++) {
            GridGraph grid = TestGraphs.randomGrid(random, 30 + round * 4, 20 + round * 3, 0.3, round % 2 == 0 ? 8 : 4, OffHeapGraph::new);
            try (OffHeapGraph g = (OffHeapGraph) grid.graph()) {
                if (round % 3 != 2) {
                    g.compact();
                }
                compareAllPairsSample(g, TestGraphs.toJGraphT(g), Heuristics.forGrid(grid.connectivity()), random, 40);
            }
        }
    }

    private static void compareAllPairsSample(NavGraph g, Graph<Integer, DefaultWeightedEdge> oracle, Heuristic h,
            Random random, int queries) {
        Planner planner = new Planner(g);
        DijkstraShortestPath<Integer, DefaultWeightedEdge> dijkstra = new DijkstraShortestPath<>(oracle);
        BFSShortestPath<Integer, DefaultWeightedEdge> bfs = new BFSShortestPath<>(oracle);
        int found = 0;
        for (int q = 0; q < queries; q++) {
            int s = random.nextInt(g.nodeIdLimit());
            int t = random.nextInt(g.nodeIdLimit());
            Path d = planner.dijkstra(s, t, SearchLimits.NONE);
            Path a = planner.aStar(s, t, h, SearchLimits.NONE);
            Path b = planner.bfs(s, t, SearchLimits.NONE);
            boolean passable = oracle.containsVertex(s) && oracle.containsVertex(t);
            GraphPath<Integer, DefaultWeightedEdge> expected = passable ? dijkstra.getPath(s, t) : null;
            GraphPath<Integer, DefaultWeightedEdge> expectedHops = passable ? bfs.getPath(s, t) : null;
            if (expected == null) {
                assertThat(d.found()).as("dijkstra %d->%d", s, t).isFalse();
                assertThat(a.found()).as("astar %d->%d", s, t).isFalse();
                assertThat(b.found()).as("bfs %d->%d", s, t).isFalse();
                assertThat(d.status()).isEqualTo(passable ? PlanStatus.NO_PATH : PlanStatus.INVALID_ENDPOINT);
                continue;
            }
            found++;
            assertThat(d.cost()).as("dijkstra cost %d->%d", s, t).isCloseTo(expected.getWeight(), within(TOLERANCE));
            assertThat(a.cost()).as("astar cost %d->%d", s, t).isCloseTo(expected.getWeight(), within(TOLERANCE));
            assertThat(TestGraphs.isValidPath(g, d.nodes(), s, t)).as("dijkstra path valid").isTrue();
            assertThat(TestGraphs.isValidPath(g, a.nodes(), s, t)).as("astar path valid").isTrue();
            assertThat(planner.weightOf(d.nodes())).isCloseTo(d.cost(), within(TOLERANCE));
            assertThat(planner.weightOf(a.nodes())).isCloseTo(a.cost(), within(TOLERANCE));
            assertThat(b.hops()).as("bfs hops %d->%d", s, t).isEqualTo(expectedHops.getLength());
            assertThat(TestGraphs.isValidPath(g, b.nodes(), s, t)).as("bfs path valid").isTrue();
            assertThat(a.expansions()).as("A* expands no more than Dijkstra").isLessThanOrEqualTo(d.expansions());
        }
        assertThat(found).as("some queries must have a path to be meaningful").isPositive();
    }
}
