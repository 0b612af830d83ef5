package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.MovingAiLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JumpPointSearchTest {

    private static GridGraph randomGrid(int width, int height, double obstacles, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CellState[] states = new CellState[width * height];
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextDouble() < obstacles ? CellState.OCCUPIED : CellState.FREE;
        }
        return GridGraph.build(new OccupancyGrid(width, height, 1.0, 0, 0, 0, states), 8, UnknownCells.BLOCKED, OffHeapGraph::new);
    }

    /** Every step one of the eight moves, through free cells, no corner cut; the weights sum to the cost. */
    private static void assertValidPath(NavGraph g, GridGraph grid, Path path) {
        int[] nodes = path.nodes();
        double sum = 0;
        for (int i = 1; i < nodes.length; i++) {
            int a = nodes[i - 1];
            int b = nodes[i];
            assertThat(Math.abs(grid.col(a) - grid.col(b))).as("step %d", i).isLessThanOrEqualTo(1);
            assertThat(Math.abs(grid.row(a) - grid.row(b))).as("step %d", i).isLessThanOrEqualTo(1);
            assertThat(g.hasEdge(a, b)).as("step %d from %d to %d is an edge of the grid (free, no corner cut)", i, a, b).isTrue();
            sum += g.weight(a, b);
        }
        assertThat(path.cost()).isCloseTo(sum, within(1e-3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maze-64", "rooms-32"})
    void shouldMatchOptimalLengthWhenSolvingEveryScenario(String name) {
        var samples = Paths.get("samples");
        GridGraph grid = GridGraph.build(MovingAiLoader.loadMap(samples.resolve(name + ".map")), 8, UnknownCells.BLOCKED, OffHeapGraph::new);
        try (MutableNavGraph g = grid.graph()) {
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            List<MovingAiLoader.Scenario> scenarios = MovingAiLoader.loadScenarios(samples.resolve(name + ".scen"));
            for (MovingAiLoader.Scenario s : scenarios) {
                Path p = jps.find(grid.node(s.startX(), s.startY()), grid.node(s.goalX(), s.goalY()));
                assertThat(p.found()).as("scenario line %d", s.line()).isTrue();
                assertThat(p.cost()).as("scenario line %d", s.line()).isCloseTo(s.optimalLength(), within(1e-4));
                assertValidPath(g, grid, p);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 0.0", "7, 3, 0.2", "64, 64, 0.0", "65, 63, 0.1", "130, 70, 0.2", "200, 150, 0.35", "97, 131, 0.45"})
    void shouldFindTheSameCostAsAStarWhenGridIsRandom(int width, int height, double obstacles) {
        GridGraph grid = randomGrid(width, height, obstacles, width * 31L + height);
        try (MutableNavGraph g = grid.graph()) {
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            Planner planner = new Planner(g);
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 300; i++) {
                int a = grid.node(random.nextInt(width), random.nextInt(height));
                int b = grid.node(random.nextInt(width), random.nextInt(height));
                Path expected = planner.aStar(a, b, Heuristics.octile(), SearchLimits.NONE);
                Path actual = jps.find(a, b);
                assertThat(actual.status()).as("pair %d: %d to %d", i, a, b).isEqualTo(expected.status());
                if (expected.found()) {
                    assertThat(actual.cost()).as("pair %d: %d to %d", i, a, b).isCloseTo(expected.cost(), within(1e-3));
                    assertThat(actual.nodes()[0]).isEqualTo(a);
                    assertThat(actual.nodes()[actual.nodeCount() - 1]).isEqualTo(b);
                    assertValidPath(g, grid, actual);
                }
            }
        }
    }

    @Test
    void shouldGoAroundCellsBlockedAfterConstructionWhenRefreshed() {
        //   S . . . G        a wall is raised at column 2 (all rows but the bottom one)
        //   . . . . .
        //   . . . . .
        GridGraph grid = randomGrid(5, 3, 0.0, 1);
        try (MutableNavGraph g = grid.graph()) {
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            int start = grid.node(0, 0);
            int goal = grid.node(4, 0);
            assertThat(jps.find(start, goal).cost()).isEqualTo(4.0);
            g.setBlocked(grid.node(2, 0), true);
            g.setBlocked(grid.node(2, 1), true);
            jps.refresh();
            Path around = jps.find(start, goal);
            // diagonal, down, across the gap at (2, 2), across, diagonal, up: no corner of the new wall cut.
            // (A* on the graph may cut them: diagonal edges imported before the wall was raised stay.)
            assertThat(around.cost()).isCloseTo(4 + 2 * Math.sqrt(2), within(1e-4));
            assertThat(around.nodes()).doesNotContain(grid.node(2, 0), grid.node(2, 1));
        }
    }

    @Test
    void shouldRefuseEndpointsThatAreWallsOrNotCells() {
        GridGraph grid = randomGrid(4, 4, 0.0, 1);
        try (MutableNavGraph g = grid.graph()) {
            g.setBlocked(grid.node(3, 3), true);
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            assertThat(jps.find(grid.node(0, 0), grid.node(3, 3)).status()).isEqualTo(PlanStatus.INVALID_ENDPOINT);
            assertThat(jps.find(grid.node(0, 0), 99).status()).isEqualTo(PlanStatus.INVALID_ENDPOINT);
            assertThat(jps.find(grid.node(1, 1), grid.node(1, 1)).cost()).isZero();
        }
    }

    @Test
    void shouldSayTheGraphIsItsGridUntilAnEditMakesItAnotherGraph() {
        GridGraph grid = randomGrid(30, 20, 0.2, 7);
        try (MutableNavGraph g = grid.graph()) {
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            assertThat(jps.refreshChecked()).as("as imported").isTrue();
            int free = firstFree(g, grid, 0);
            int other = firstFree(g, grid, free + 40);
            g.setBlocked(free, true);
            assertThat(jps.refreshChecked()).as("a cell blocked whose corner a diagonal edge still passes").isFalse();
            g.setBlocked(free, false);
            assertThat(jps.refreshChecked()).isTrue();
            int place = g.addNode(g.x(free), g.y(free));
            g.addUndirectedEdge(place, free, 0.3f, 3);
            assertThat(jps.refreshChecked()).as("a place hung on one cell").isTrue();
            g.addEdge(place, other, 1f, 3);
            assertThat(jps.refreshChecked()).as("the place joined to a second cell").isFalse();
            g.removeEdge(place, other);
            assertThat(jps.refreshChecked()).isTrue();
            g.addEdge(free, other, 1f, 0);
            assertThat(jps.refreshChecked()).as("a shortcut between cells far apart").isFalse();
            g.removeEdge(free, other);
            int right = free + 1;
            if (!g.isBlocked(right)) {
                g.setWeight(free, right, 5f);
                assertThat(jps.refreshChecked()).as("a move re-weighted").isFalse();
                g.setWeight(free, right, 1f);
                assertThat(jps.refreshChecked()).isTrue();
            }
            int wall = firstWall(g, grid);
            g.setBlocked(wall, false);
            assertThat(jps.refreshChecked()).as("a wall unblocked: free but without edges").isFalse();
        }
    }

    @Test
    void shouldPlanBetweenPlacesHungOnCellsAtDijkstrasCost() {
        GridGraph grid = randomGrid(40, 30, 0.2, 11);
        try (MutableNavGraph g = grid.graph()) {
            int a = firstFree(g, grid, 0);
            int b = firstFree(g, grid, 900);
            int placeA = g.addNode(g.x(a) + 0.2f, g.y(a));
            g.addUndirectedEdge(placeA, a, 0.2f, 3);
            int placeB = g.addNode(g.x(b), g.y(b) - 0.3f);
            g.addUndirectedEdge(placeB, b, 0.3f, 3);
            JumpPointSearch jps = new JumpPointSearch(g, grid.shape());
            assertThat(jps.refreshChecked()).isTrue();
            Planner planner = new Planner(g);
            for (int[] pair : new int[][] {{placeA, placeB}, {placeB, placeA}, {placeA, b}, {a, placeB}}) {
                Path expected = planner.dijkstra(pair[0], pair[1], SearchLimits.NONE);
                Path path = jps.find(pair[0], pair[1]);
                assertThat(path.found()).isEqualTo(expected.found());
                if (expected.found()) {
                    assertThat(path.cost()).as("%d -> %d", pair[0], pair[1]).isCloseTo(expected.cost(), within(1e-3));
                    assertThat(path.node(0)).isEqualTo(pair[0]);
                    assertThat(path.node(path.nodeCount() - 1)).isEqualTo(pair[1]);
                }
            }
            assertThat(jps.find(placeA, placeA).cost()).isZero();
            g.setBlocked(placeB, true);
            jps.refresh();
            assertThat(jps.find(placeA, placeB).status()).as("a blocked place").isEqualTo(PlanStatus.INVALID_ENDPOINT);
        }
    }

    private static int firstFree(NavGraph g, GridGraph grid, int from) {
        int node = grid.node(1, 1) + from;
        while (g.isBlocked(node) || g.isBlocked(node + 1)) {
            node++;
        }
        return node;
    }

    private static int firstWall(NavGraph g, GridGraph grid) {
        int node = grid.node(0, 0);
        while (!g.isBlocked(node)) {
            node++;
        }
        return node;
    }
}
