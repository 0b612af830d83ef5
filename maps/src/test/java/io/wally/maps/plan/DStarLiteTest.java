package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DStarLiteTest {

    @Test
    void shouldEqualFreshAStarWhenPlannedFirstTime() {
        GridGraph grid = TestGraphs.randomGrid(new Random(4), 50, 40, 0.25, 8);
        try (var g = grid.graph()) {
            Planner planner = new Planner(g);
            Random random = new Random(1);
            int compared = 0;
            for (int q = 0; q < 10; q++) {
                int s = random.nextInt(g.nodeIdLimit());
                int t = random.nextInt(g.nodeIdLimit());
                if (g.isBlocked(s) || g.isBlocked(t)) {
                    continue;
                }
                Path fresh = planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE);
                Path d = new DStarLite(g, Heuristics.octile(), s, t).plan();
                assertThat(d.found()).isEqualTo(fresh.found());
                if (fresh.found()) {
                    assertThat(d.cost()).isCloseTo(fresh.cost(), within(1e-4));
                    assertThat(TestGraphs.isValidPath(g, d.nodes(), s, t)).isTrue();
                    compared++;
                }
            }
            assertThat(compared).isPositive();
        }
    }

    @Test
    void shouldRepairToFreshAStarCostWithFewerExpansionsWhenCostsChangeNearTheRobot() {
        // 120 x 120 open 8-connected grid; the robot in one corner, the goal in the other.
        GridGraph grid = TestGraphs.randomGrid(new Random(6), 120, 120, 0.1, 8);
        try (var g = grid.graph()) {
            int robot = freeNear(grid, 5, 5);
            int goal = freeNear(grid, 114, 114);
            DStarLite dstar = new DStarLite(g, Heuristics.octile(), robot, goal);
            Planner planner = new Planner(g);
            Path first = dstar.plan();
            assertThat(first.found()).isTrue();
            Random random = new Random(2);
            for (int round = 0; round < 5; round++) {
                // The robot moves 3 steps along its plan, then sees changes around itself: about 1% of the
                // graph's arcs within 8 cells become 3x as expensive, and a few cells become blocked.
                Path current = dstar.plan();
                int at = current.node(Math.min(3, current.nodeCount() - 1));
                dstar.moveStart(at);
                changeCostsNear(g, grid, dstar, at, random);

                Path repaired = dstar.plan();
                Path fresh = planner.aStar(dstar.start(), goal, Heuristics.octile(), SearchLimits.NONE);

                assertThat(repaired.found()).isEqualTo(fresh.found());
                assertThat(repaired.cost()).as("round %d", round).isCloseTo(fresh.cost(), within(1e-3));
                assertThat(TestGraphs.isValidPath(g, repaired.nodes(), dstar.start(), goal)).isTrue();
                assertThat(repaired.expansions()).as("round %d: D* Lite repair vs fresh A*", round).isLessThan(fresh.expansions());
            }
        }
    }

    @Test
    void shouldFindNoPathWhenTheGoalIsWalledOffAndAPathAgainWhenReopened() {
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 20, 20, 0.0, 4);
        try (var g = grid.graph()) {
            DStarLite dstar = new DStarLite(g, Heuristics.manhattan(), grid.node(0, 0), grid.node(19, 19));
            assertThat(dstar.plan().cost()).isCloseTo(38.0, within(1e-6));
            // Wall off column 10 entirely.
            for (int row = 0; row < 20; row++) {
                g.setBlocked(grid.node(10, row), true);
                dstar.nodeChanged(grid.node(10, row));
            }
            assertThat(dstar.plan().status()).isEqualTo(PlanStatus.NO_PATH);

            g.setBlocked(grid.node(10, 0), false);
            dstar.nodeChanged(grid.node(10, 0));
            Path again = dstar.plan();
            assertThat(again.found()).isTrue();
            assertThat(again.cost()).isCloseTo(new Planner(g).dijkstra(grid.node(0, 0), grid.node(19, 19), SearchLimits.NONE).cost(), within(1e-6));
        }
    }

    @Test
    void shouldAlwaysEqualDijkstraWhenCostsRiseFallAndCellsBlockAnywhere() {
        GridGraph grid = TestGraphs.randomGrid(new Random(12), 30, 30, 0.15, 8);
        try (var g = grid.graph()) {
            int robot = freeNear(grid, 1, 1);
            int goal = freeNear(grid, 28, 28);
            DStarLite dstar = new DStarLite(g, Heuristics.octile(), robot, goal);
            Planner planner = new Planner(g);
            Random random = new Random(99);
            for (int round = 0; round < 60; round++) {
                for (int k = 0; k < 5; k++) {
                    int n = random.nextInt(g.nodeIdLimit());
                    if (n == goal || n == dstar.start()) {
                        continue;
                    }
                    if (random.nextInt(4) == 0) {
                        g.setBlocked(n, !g.isBlocked(n));
                        dstar.nodeChanged(n);
                        continue;
                    }
                    EdgeCursor out = g.edges();
                    out.moveTo(n);
                    if (out.next()) {
                        int m = out.to();
                        float old = g.weight(n, m);
                        float w = (float) (old * (0.5 + random.nextDouble() * 2.5)) + 0.01f;
                        g.setWeight(n, m, w);
                        if (random.nextBoolean()) {
                            dstar.edgeChanged(n, m, old);
                        } else {
                            dstar.edgeChanged(n, m);
                        }
                    }
                }
                Path p = dstar.plan();
                if (round % 3 == 2 && p.found() && p.nodeCount() > 2) {
                    dstar.moveStart(p.node(1));
                    p = dstar.plan();
                }
                Path expected = planner.dijkstra(dstar.start(), goal, SearchLimits.NONE);
                assertThat(p.found()).as("round %d", round).isEqualTo(expected.found());
                if (expected.found()) {
                    assertThat(p.cost()).as("round %d", round).isCloseTo(expected.cost(), within(1e-3));
                    assertThat(TestGraphs.isValidPath(g, p.nodes(), dstar.start(), goal)).isTrue();
                }
            }
        }
    }

    @Test
    void shouldRefuseGraphWithArcWithoutReverse() {
        try (ReferenceGraph g = new ReferenceGraph()) {
            g.addNode(0, 0);
            g.addNode(1, 0);
            g.addEdge(0, 1, 1, 0);

            assertThatThrownBy(() -> new DStarLite(g, Heuristics.euclidean(), 0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("arc 0 -> 1 has none");
        }
    }

    static int freeNear(GridGraph grid, int col, int row) {
        MutableNavGraph g = grid.graph();
        int n = grid.node(col, row);
        g.setBlocked(n, false);
        // Re-link a formerly occupied cell: the grid has no edges at blocked cells.
        EdgeCursor unused = g.edges();
        for (int dc = -1; dc <= 1; dc++) {
            for (int dr = -1; dr <= 1; dr++) {
                int m = grid.node(col + dc, row + dr);
                if (m != n && m >= 0 && !g.isBlocked(m) && !g.hasEdge(n, m) && (dc == 0 || dr == 0)) {
                    g.addUndirectedEdge(n, m, 1f, GridGraph.EDGE_TYPE);
                }
            }
        }
        return n;
    }

    /** Multiplies ~1% of the arcs within 8 cells of {@code at} by 3 and blocks two cells; tells D* Lite. */
    static void changeCostsNear(MutableNavGraph g, GridGraph grid, DStarLite dstar, int at, Random random) {
        int col = grid.col(at);
        int row = grid.row(at);
        List<int[]> arcs = new ArrayList<>();
        EdgeCursor out = g.edges();
        for (int c = col - 8; c <= col + 8; c++) {
            for (int r = row - 8; r <= row + 8; r++) {
                int n = grid.node(c, r);
                if (n < 0) {
                    continue;
                }
                out.moveTo(n);
                while (out.next()) {
                    arcs.add(new int[] {n, out.to()});
                }
            }
        }
        int changes = Math.max(4, g.edgeCount() / 100 / 2);
        for (int i = 0; i < changes && !arcs.isEmpty(); i++) {
            int[] arc = arcs.remove(random.nextInt(arcs.size()));
            float old = g.weight(arc[0], arc[1]);
            float w = old * 3f;
            g.setWeight(arc[0], arc[1], w);
            g.setWeight(arc[1], arc[0], w);
            dstar.edgeChanged(arc[0], arc[1], old);
            dstar.edgeChanged(arc[1], arc[0], old);
        }
        for (int i = 0; i < 2; i++) {
            int n = grid.node(Math.min(grid.width() - 1, col + 2 + i), Math.min(grid.height() - 1, row + 2));
            if (n != dstar.goal() && n != dstar.start() && !g.isBlocked(n)) {
                g.setBlocked(n, true);
                dstar.nodeChanged(n);
            }
        }
    }
}
