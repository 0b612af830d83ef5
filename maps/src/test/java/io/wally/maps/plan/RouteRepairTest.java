package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.ThreadMXBean;
import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteRepairTest {

    /**
     * Random change sequences on a random 8-connected grid, one per seed: cells blocked on the path ahead
     * (as a range sensor marks them) and freed again, edge weights raised and lowered, undirected edges
     * removed and put back, the goal walled off and opened again, the robot advancing along its path.
     * After every step the route must cost exactly what a fresh A* costs.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void shouldCostWhatAFreshAStarCostsAfterEveryChange(long seed) {
        Random random = new Random(seed);
        GridGraph grid = TestGraphs.randomGrid(random, 36, 30, 0.15, 8);
        try (MutableNavGraph g = grid.graph()) {
            int robot = DStarLiteTest.freeNear(grid, 1, 1);
            int goal = DStarLiteTest.freeNear(grid, 34, 28);
            RouteRepair route = new RouteRepair(g, Heuristics.octile());
            Planner planner = new Planner(g);
            List<Integer> blocked = new ArrayList<>();
            List<int[]> removed = new ArrayList<>();
            boolean walled = false;
            Path path = checkedPlan(route, planner, g, robot, goal, "first plan");
            for (int step = 0; step < 60; step++) {
                String what;
                switch (random.nextInt(8)) {
                    case 0, 1 -> {
                        what = "block ahead";
                        if (path.found() && path.nodeCount() > 3) {
                            int from = 1 + random.nextInt(Math.min(8, path.nodeCount() - 2));
                            for (int i = from; i < Math.min(from + 3, path.nodeCount() - 1); i++) {
                                block(g, route, blocked, path.node(i));
                            }
                        }
                    }
                    case 2 -> {
                        what = "free";
                        if (!blocked.isEmpty()) {
                            int n = blocked.remove(random.nextInt(blocked.size()));
                            g.setBlocked(n, false);
                            route.nodeChanged(n);
                        }
                    }
                    case 3 -> {
                        what = "weight";
                        int[] arc = randomArc(g, random);
                        if (arc != null) {
                            float w = g.weight(arc[0], arc[1]) * (0.5f + 2.5f * random.nextFloat());
                            // Never below the straight line: the octile heuristic must stay admissible.
                            float floor = (float) Math.hypot(g.x(arc[0]) - g.x(arc[1]), g.y(arc[0]) - g.y(arc[1]));
                            w = Math.max(w, floor);
                            g.setWeight(arc[0], arc[1], w);
                            g.setWeight(arc[1], arc[0], w);
                            route.edgeChanged(arc[0], arc[1]);
                        }
                    }
                    case 4 -> {
                        what = "remove edge";
                        int[] arc = randomArc(g, random);
                        if (arc != null) {
                            float w = g.weight(arc[0], arc[1]);
                            g.removeEdge(arc[0], arc[1]);
                            g.removeEdge(arc[1], arc[0]);
                            removed.add(new int[] {arc[0], arc[1], Float.floatToIntBits(w)});
                            route.edgeChanged(arc[0], arc[1]);
                        }
                    }
                    case 5 -> {
                        what = "restore edge";
                        if (!removed.isEmpty()) {
                            int[] arc = removed.remove(random.nextInt(removed.size()));
                            g.addUndirectedEdge(arc[0], arc[1], Float.intBitsToFloat(arc[2]), GridGraph.EDGE_TYPE);
                            route.nodeChanged(arc[0]);
                            route.nodeChanged(arc[1]);
                        }
                    }
                    case 6 -> {
                        walled = !walled;
                        what = walled ? "wall the goal off" : "open the goal";
                        EdgeCursor out = g.edges();
                        out.moveTo(goal);
                        while (out.next()) {
                            int n = out.to();
                            if (n != robot) {
                                g.setBlocked(n, walled);
                                route.nodeChanged(n);
                            }
                        }
                    }
                    default -> {
                        what = "advance";
                        if (path.found() && path.nodeCount() > 1) {
                            robot = path.node(Math.min(1 + random.nextInt(3), path.nodeCount() - 1));
                        }
                    }
                }
                path = checkedPlan(route, planner, g, robot, goal, "seed " + seed + " step " + step + " (" + what + ")");
            }
            assertThat(route.repairs()).as("plans answered by a repair").isGreaterThan(route.freshSearches());
            assertThat(route.resyncs()).as("every change was reported").isZero();
        }
    }

    /**
     * 5 cm cells, the sample house's resolution: float coordinates are then off by ulps that make the
     * Euclidean heuristic exceed an edge's weight by a hair; D* Lite once stopped early there and read stale
     * g values (answers off by whole cells, or "no path"). Patches of cells blocked along the path.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 4, 5, 6, 7})
    void shouldCostWhatAFreshAStarCostsOnAFineGridOfFiveCentimetreCells(long seed) {
        Random random = new Random(seed);
        int size = 60;
        CellState[] cells = new CellState[size * size];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = random.nextDouble() < 0.2 ? CellState.OCCUPIED : CellState.FREE;
        }
        cells[0] = CellState.FREE;
        cells[cells.length - 1] = CellState.FREE;
        GridGraph grid = GridGraph.build(new OccupancyGrid(size, size, 0.05, 0, 0, 0, cells), 8, UnknownCells.BLOCKED, ReferenceGraph::new);
        try (MutableNavGraph g = grid.graph()) {
            int robot = grid.node(0, 0);
            int goal = grid.node(size - 1, size - 1);
            RouteRepair route = new RouteRepair(g, Heuristics.euclidean());
            Planner planner = new Planner(g);
            Path path = route.plan(robot, goal);
            for (int mark = 0; mark < 10 && path.found() && path.nodeCount() > 4; mark++) {
                int ahead = path.node(1 + random.nextInt(path.nodeCount() - 2));
                int halfWidth = random.nextInt(3);
                int halfDepth = random.nextInt(2);
                for (int dc = -halfWidth; dc <= halfWidth; dc++) {
                    for (int dr = -halfDepth; dr <= halfDepth; dr++) {
                        int n = grid.node(grid.col(ahead) + dc, grid.row(ahead) + dr);
                        if (n >= 0 && n != robot && n != goal && !g.isBlocked(n)) {
                            g.setBlocked(n, true);
                            route.nodeChanged(n);
                        }
                    }
                }
                path = route.plan(robot, goal);
                Path fresh = planner.dijkstra(robot, goal, SearchLimits.NONE);
                assertThat(path.status()).as("seed %d mark %d", seed, mark).isEqualTo(fresh.status());
                if (fresh.found()) {
                    assertThat(path.cost()).as("seed %d mark %d", seed, mark).isCloseTo(fresh.cost(), within(1e-4));
                }
                if (path.found() && path.nodeCount() > 2) {
                    robot = path.node(1);
                }
            }
            assertThat(route.resyncs()).isZero();
        }
    }

    @Test
    void shouldExpandFewerNodesThanAFreshAStarWhenObstaclesAppearAheadOnABigGrid() {
        GridGraph grid = TestGraphs.randomGrid(new Random(21), 300, 300, 0.1, 8);
        try (MutableNavGraph g = grid.graph()) {
            int robot = DStarLiteTest.freeNear(grid, 2, 2);
            int goal = DStarLiteTest.freeNear(grid, 297, 297);
            RouteRepair route = new RouteRepair(g, Heuristics.octile());
            Planner planner = new Planner(g);
            Path path = route.plan(robot, goal);
            robot = path.node(path.nodeCount() / 2); // mid-route
            path = route.plan(robot, goal);
            long repairExpansions = 0;
            long freshExpansions = 0;
            for (int mark = 0; mark < 20; mark++) {
                // A 3-cell obstacle across the path 6 nodes ahead; the robot advanced 2 nodes since the last one.
                int ahead = path.node(Math.min(6, path.nodeCount() - 2));
                int col = grid.col(ahead);
                int row = grid.row(ahead);
                for (int dc = -1; dc <= 1; dc++) {
                    int n = grid.node(col + dc, row);
                    if (n >= 0 && n != goal && !g.isBlocked(n)) {
                        g.setBlocked(n, true);
                        route.nodeChanged(n);
                    }
                }
                robot = path.node(2);
                Path repaired = route.plan(robot, goal);
                Path fresh = planner.aStar(robot, goal, Heuristics.octile(), SearchLimits.NONE);
                assertThat(repaired.cost()).as("mark %d", mark).isCloseTo(fresh.cost(), within(1e-3));
                assertThat(repaired.expansions()).as("mark %d: repair vs fresh A*", mark).isLessThan(fresh.expansions());
                repairExpansions += repaired.expansions();
                freshExpansions += fresh.expansions();
                path = repaired;
            }
            assertThat(route.freshSearches()).as("only the first plan searched from scratch").isEqualTo(1);
            assertThat(repairExpansions * 5).as("20 repairs vs 20 fresh A* searches, expansions").isLessThan(freshExpansions);
        }
    }

    @Test
    void shouldSearchAfreshOnlyWhenGoalChangesStartJumpsGraphGrowsOrStateIsUnknown() {
        GridGraph grid = TestGraphs.randomGrid(new Random(3), 40, 40, 0.0, 8);
        try (MutableNavGraph g = grid.graph()) {
            int goal = grid.node(39, 39);
            RouteRepair route = new RouteRepair(g, Heuristics.octile(), new RouteRepair.Settings(2.0, 8), System::nanoTime);
            Path path = route.plan(grid.node(0, 0), goal);
            assertThat(route.freshSearches()).isEqualTo(1);

            // Driving along the path, and a small step off it: repairs.
            route.plan(path.node(5), goal);
            route.plan(grid.node(grid.col(path.node(5)) + 1, grid.row(path.node(5))), goal);
            assertThat(route.repairs()).isEqualTo(2);
            assertThat(route.freshSearches()).isEqualTo(1);

            // Another goal.
            route.plan(grid.node(1, 1), grid.node(20, 39));
            assertThat(route.freshSearches()).isEqualTo(2);

            // A jump: 15 cells off the path and far from the last start.
            route.plan(grid.node(30, 1), grid.node(20, 39));
            assertThat(route.freshSearches()).isEqualTo(3);

            // Unknown changes (a map event queue that overflowed).
            route.nodeChanged(NavGraph.NO_NODE);
            route.plan(grid.node(30, 1), grid.node(20, 39));
            assertThat(route.freshSearches()).isEqualTo(4);

            // More changes than the settings keep between two plans.
            for (int i = 0; i < 9; i++) {
                route.nodeChanged(grid.node(10, i));
            }
            route.plan(grid.node(30, 1), grid.node(20, 39));
            assertThat(route.freshSearches()).isEqualTo(5);

            // The graph grew.
            g.addNode(100f, 100f);
            Path afterGrowth = route.plan(grid.node(30, 1), grid.node(20, 39));
            assertThat(route.freshSearches()).isEqualTo(6);
            assertThat(afterGrowth.cost()).isCloseTo(
                    new Planner(g).aStar(grid.node(30, 1), grid.node(20, 39), Heuristics.octile(), SearchLimits.NONE).cost(), within(1e-4));
            assertThat(route.repairs()).isEqualTo(2);
        }
    }

    @Test
    void shouldRepairOnAReplicatedViewReacquiredEveryCycle() {
        GridGraph layout = TestGraphs.randomGrid(new Random(8), 30, 30, 0.1, 8);
        layout.graph().close();
        try (ReplicatedNavGraph replicated = ReplicatedNavGraph.create(3,
                r -> TestGraphs.randomGrid(new Random(8), 30, 30, 0.1, 8).graph(), 64)) {
            ReplicatedNavGraph.Writer writer = replicated.writer();
            ReplicatedNavGraph.Reader reader = replicated.newReader();
            RouteRepair route;
            Planner planner;
            int robot = layout.node(0, 0);
            int goal = layout.node(29, 29);
            Path path;
            try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                route = new RouteRepair(view, Heuristics.octile());
                planner = new Planner(view);
                while (view.isBlocked(robot)) {
                    robot++;
                }
                while (view.isBlocked(goal)) {
                    goal--;
                }
                path = route.plan(robot, goal);
                assertThat(path.found()).isTrue();
            }
            Random random = new Random(5);
            for (int cycle = 0; cycle < 25; cycle++) {
                // The map writer marks a cell on the path ahead and publishes; the planner hears of it.
                assertThat(writer.tryClaim()).isTrue();
                int n = path.node(Math.min(1 + random.nextInt(6), path.nodeCount() - 1));
                if (n != goal) {
                    writer.setBlocked(n, true);
                    route.nodeChanged(n);
                }
                writer.publish();
                try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                    if (path.nodeCount() > 2 && !view.isBlocked(path.node(1))) {
                        robot = path.node(1);
                    }
                    path = route.plan(robot, goal);
                    Path fresh = planner.aStar(robot, goal, Heuristics.octile(), SearchLimits.NONE);
                    assertThat(path.found()).as("cycle %d", cycle).isEqualTo(fresh.found());
                    if (!fresh.found()) {
                        break;
                    }
                    assertThat(path.cost()).as("cycle %d", cycle).isCloseTo(fresh.cost(), within(1e-4));
                    assertThat(path.graphVersion()).isEqualTo(view.version());
                    assertThat(TestGraphs.isValidPath(view, path.nodes(), robot, goal)).isTrue();
                }
            }
            assertThat(route.freshSearches()).isEqualTo(1);
            assertThat(route.resyncs()).isZero();
        }
    }

    @Test
    void shouldSearchAfreshWhenAChangeOnThePathWasNotReported() {
        // 0--1--2--3      top row: 1 per edge; the goal 3 is reached through 1 and 2 (cost 3) or
        // |        |      around the bottom (cost 5). Node 1 is blocked without telling the route.
        // 4--5--6--7
        try (ReferenceGraph g = new ReferenceGraph()) {
            for (int i = 0; i < 4; i++) {
                g.addNode(i, 0);
            }
            for (int i = 0; i < 4; i++) {
                g.addNode(i, 1);
            }
            int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {0, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 3}};
            for (int[] e : edges) {
                g.addUndirectedEdge(e[0], e[1], 1f, 0);
            }
            RouteRepair route = new RouteRepair(g, Heuristics.euclidean());
            assertThat(route.plan(0, 3).cost()).isCloseTo(3.0, within(1e-9));

            g.setBlocked(1, true);
            Path path = route.plan(0, 3);

            assertThat(path.cost()).isCloseTo(5.0, within(1e-9));
            assertThat(path.nodes()).containsExactly(0, 4, 5, 6, 7, 3);
            assertThat(route.resyncs()).isEqualTo(1);
        }
    }

    @Test
    void shouldPlanAsAStarWhileAnArcHasNoReverseAndRepairAgainOnceItHasOne() {
        // 0 -> 1 -- 2 -- 3, and 0 -- 4 -- 3 (longer): the arc 0 -> 1 has no reverse.
        try (ReferenceGraph g = new ReferenceGraph()) {
            g.addNode(0, 0);
            g.addNode(1, 0);
            g.addNode(2, 0);
            g.addNode(3, 0);
            g.addNode(1.5f, 2);
            g.addEdge(0, 1, 1f, 0);
            g.addUndirectedEdge(1, 2, 1f, 0);
            g.addUndirectedEdge(2, 3, 1f, 0);
            g.addUndirectedEdge(0, 4, 3f, 0);
            g.addUndirectedEdge(4, 3, 3f, 0);
            RouteRepair route = new RouteRepair(g, Heuristics.euclidean());

            assertThat(route.plan(0, 3).cost()).isCloseTo(3.0, within(1e-9));
            g.setBlocked(2, true);
            route.nodeChanged(2);
            assertThat(route.plan(0, 3).cost()).isCloseTo(6.0, within(1e-9));
            assertThat(route.repairs()).isZero();

            // The reverse arc appears (reported), then a new goal checks the whole graph again: D* Lite resumes.
            g.addEdge(1, 0, 1f, 0);
            route.nodeChanged(1);
            g.setBlocked(2, false);
            route.nodeChanged(2);
            assertThat(route.plan(0, 2).cost()).isCloseTo(2.0, within(1e-9));
            g.setBlocked(1, true);
            route.nodeChanged(1);
            assertThat(route.plan(0, 2).cost()).isCloseTo(7.0, within(1e-9));
            assertThat(route.repairs()).isEqualTo(1);
        }
    }

    @Test
    void shouldAllocateOnlyTheResultWhenRepairing() {
        // Off-heap storage: the reference graph's maps box their keys, which would be counted here.
        GridGraph grid = TestGraphs.randomGrid(new Random(2), 80, 80, 0.1, 8, () -> new OffHeapGraph(80 * 80));
        try (MutableNavGraph g = grid.graph()) {
            int robot = DStarLiteTest.freeNear(grid, 1, 1);
            int goal = DStarLiteTest.freeNear(grid, 78, 78);
            RouteRepair route = new RouteRepair(g, Heuristics.octile());
            Path path = route.plan(robot, goal);
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();
            int roundsAllocatingMore = 0;
            for (int round = 0; round < 30; round++) {
                int ahead = path.node(Math.min(5, path.nodeCount() - 2));
                robot = path.node(1);
                g.setBlocked(ahead, true);

                long before = threads.getThreadAllocatedBytes(tid);
                route.nodeChanged(ahead);
                path = route.plan(robot, goal);
                long allocated = threads.getThreadAllocatedBytes(tid) - before;

                assertThat(path.found()).isTrue();
                // The Path and its int[] of nodes, plus slack for the measurement itself.
                if (allocated > 16L * path.nodeCount() + 1024) {
                    roundsAllocatingMore++;
                }
            }
            assertThat(route.freshSearches()).isEqualTo(1);
            // Only the D* Lite queue may grow (doubling, so rarely) while the inconsistent frontier widens;
            // the 6400-node g/rhs arrays (100 KB) are never reallocated.
            assertThat(roundsAllocatingMore).isLessThanOrEqualTo(3);
        }
    }

    private static Path checkedPlan(RouteRepair route, Planner planner, NavGraph g, int robot, int goal, String when) {
        Path repaired = route.plan(robot, goal);
        Path fresh = planner.aStar(robot, goal, Heuristics.octile(), SearchLimits.NONE);
        assertThat(repaired.status()).as(when).isEqualTo(fresh.status());
        if (fresh.found()) {
            assertThat(repaired.cost()).as(when).isCloseTo(fresh.cost(), within(1e-3));
            assertThat(TestGraphs.isValidPath(g, repaired.nodes(), robot, goal)).as(when).isTrue();
        }
        return repaired;
    }

    private static void block(MutableNavGraph g, RouteRepair route, List<Integer> blocked, int node) {
        if (!g.isBlocked(node)) {
            g.setBlocked(node, true);
            blocked.add(node);
            route.nodeChanged(node);
        }
    }

    /** A random arc between two free cells, or null. */
    private static int[] randomArc(MutableNavGraph g, Random random) {
        EdgeCursor out = g.edges();
        for (int attempt = 0; attempt < 20; attempt++) {
            int n = random.nextInt(g.nodeIdLimit());
            if (!g.containsNode(n) || g.isBlocked(n)) {
                continue;
            }
            out.moveTo(n);
            if (out.next()) {
                return new int[] {n, out.to()};
            }
        }
        return null;
    }
}
