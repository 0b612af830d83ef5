package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Admissibility, checked exhaustively: for every node n and a goal, h(n) <= the true shortest cost
 * from n to the goal (Dijkstra from the goal; the graphs are symmetric, so distances to and from the
 * goal agree).
 */
class HeuristicsTest {

    @Test
    void shouldNeverOverestimateWhenManhattanOnFourConnectedGrid() {
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 40, 30, 0.2, 4);
        try (var g = grid.graph()) {
            assertAdmissible(g, Heuristics.manhattan(), grid.node(20, 15));
        }
    }

    @Test
    void shouldNeverOverestimateWhenOctileOnEightConnectedGrid() {
        GridGraph grid = TestGraphs.randomGrid(new Random(2), 40, 30, 0.2, 8);
        try (var g = grid.graph()) {
            assertAdmissible(g, Heuristics.octile(), grid.node(3, 4));
        }
    }

    @Test
    void shouldBeExactWhenOctileOnObstacleFreeGrid() {
        // 0 obstacles: the octile distance is the true cost, up to the documented slack.
        GridGraph grid = TestGraphs.randomGrid(new Random(3), 30, 20, 0.0, 8);
        try (var g = grid.graph()) {
            Planner planner = new Planner(g);
            int goal = grid.node(29, 19);
            Path p = planner.dijkstra(grid.node(0, 0), goal, SearchLimits.NONE);
            double h = Heuristics.octile().estimate(g.x(grid.node(0, 0)), g.y(grid.node(0, 0)), g.x(goal), g.y(goal));
            assertThat(h).isLessThanOrEqualTo(p.cost()).isGreaterThan(p.cost() * 0.9999);
        }
    }

    @Test
    void shouldNeverOverestimateWhenEuclideanOnFreeFormGraph() {
        try (ReferenceGraph g = TestGraphs.randomGraph(new Random(4), 200, 1200, 0.0)) {
            // Make it symmetric so "distance from the goal" equals "distance to the goal".
            int limit = g.nodeIdLimit();
            var out = g.edges();
            List<int[]> missing = new ArrayList<>();
            for (int u = 0; u < limit; u++) {
                out.moveTo(u);
                while (out.next()) {
                    if (!g.hasEdge(out.to(), u)) {
                        missing.add(new int[] {out.to(), u, Float.floatToIntBits(out.weight())});
                    }
                }
            }
            for (int[] m : missing) {
                if (!g.hasEdge(m[0], m[1])) {
                    g.addEdge(m[0], m[1], Float.intBitsToFloat(m[2]), 0);
                }
            }
            assertAdmissible(g, Heuristics.euclidean(), 17);
        }
    }

    @Test
    void shouldOverestimateWhenManhattanOnEightConnectedGrid() {
        // Why octile exists: one diagonal step costs sqrt(2) but Manhattan says 2.
        GridGraph grid = TestGraphs.randomGrid(new Random(5), 3, 3, 0.0, 8);
        try (var g = grid.graph()) {
            int a = grid.node(0, 0);
            int b = grid.node(1, 1);
            double h = Heuristics.manhattan().estimate(g.x(a), g.y(a), g.x(b), g.y(b));
            assertThat(h).isGreaterThan(g.weight(a, b));
        }
    }

    @Test
    void shouldPickTheHeuristicForTheConnectivityWhenAskedForAGrid() {
        assertThat(Heuristics.forGrid(4)).isSameAs(Heuristics.manhattan());
        assertThat(Heuristics.forGrid(8)).isSameAs(Heuristics.octile());
        assertThatThrownBy(() -> Heuristics.forGrid(6)).hasMessageContaining("was 6");
    }

    private static void assertAdmissible(NavGraph g, Heuristic h, int near) {
        int goal = near;
        while (g.isBlocked(goal)) {
            goal++;
        }
        Planner planner = new Planner(g);
        int checked = 0;
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            Path p = planner.dijkstra(n, goal, SearchLimits.NONE);
            if (!p.found()) {
                continue;
            }
            double estimate = h.estimate(g.x(n), g.y(n), g.x(goal), g.y(goal));
            assertThat(estimate).as("h(%d) vs true cost", n).isLessThanOrEqualTo(p.cost());
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }
}
