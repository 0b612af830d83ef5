package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.MovingAiLoader.Scenario;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovingAiLoaderTest {

    @Test
    void shouldReadTerrainWhenLoadingAMap() {
        OccupancyGrid grid = MovingAiLoader.loadMap(Resources.path("small-8x6.map"));

        assertThat(grid.width()).isEqualTo(8);
        assertThat(grid.height()).isEqualTo(6);
        assertThat(grid.state(2, 1)).isEqualTo(CellState.OCCUPIED);
        assertThat(grid.state(5, 3)).isEqualTo(CellState.OCCUPIED); // T: trees
        assertThat(grid.state(0, 0)).isEqualTo(CellState.FREE);
    }

    @Test
    void shouldMatchEveryOptimalLengthWhenSolvingOwnScenarios() {
        for (String name : new String[] {"small-8x6", "rooms-32"}) {
            OccupancyGrid grid = MovingAiLoader.loadMap(Resources.path(name + ".map"));
            List<Scenario> scenarios = MovingAiLoader.loadScenarios(Resources.path(name + ".scen"));
            GridGraph gg = GridGraph.build(grid, 8, UnknownCells.BLOCKED, ReferenceGraph::new);
            Graph<Integer, DefaultWeightedEdge> oracle = independentOctileGraph(grid);
            DijkstraShortestPath<Integer, DefaultWeightedEdge> jgrapht = new DijkstraShortestPath<>(oracle);
            try (var g = gg.graph()) {
                Planner planner = new Planner(g);
                assertThat(scenarios).isNotEmpty();
                for (Scenario s : scenarios) {
                    int start = gg.node(s.startX(), s.startY());
                    int goal = gg.node(s.goalX(), s.goalY());
                    Path p = planner.aStar(start, goal, Heuristics.octile(), SearchLimits.NONE);
                    assertThat(p.found()).as("%s line %d", name, s.line()).isTrue();
                    assertThat(p.cost()).as("%s line %d", name, s.line()).isCloseTo(s.optimalLength(), within(1e-4));
                    // The .scen values were computed by a separate script; JGraphT agrees with them too.
                    double expected = jgrapht.getPathWeight(s.startY() * grid.width() + s.startX(), s.goalY() * grid.width() + s.goalX());
                    assertThat(expected).isCloseTo(s.optimalLength(), within(1e-4));
                }
            }
        }
    }

    @Test
    void shouldNameLineAndColumnWhenTerrainIsUnknown(@TempDir java.nio.file.Path dir) throws IOException {
        var file = dir.resolve("bad.map");
        Files.writeString(file, "type octile\nheight 2\nwidth 3\nmap\n...\n.x.\n");

        assertThatThrownBy(() -> MovingAiLoader.loadMap(file))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("bad.map line 6 column 2: unknown terrain 'x'");
    }

    @Test
    void shouldNameTheLineWhenARowIsShortOrMissing(@TempDir java.nio.file.Path dir) throws IOException {
        var shortRow = dir.resolve("short.map");
        Files.writeString(shortRow, "type octile\nheight 2\nwidth 3\nmap\n...\n..\n");
        var missing = dir.resolve("missing.map");
        Files.writeString(missing, "type octile\nheight 3\nwidth 3\nmap\n...\n...\n");

        assertThatThrownBy(() -> MovingAiLoader.loadMap(shortRow)).hasMessageContaining("short.map line 6: row 1 has 2 cells; width is 3");
        assertThatThrownBy(() -> MovingAiLoader.loadMap(missing)).hasMessageContaining("missing.map line 7: map ends after 2 of 3 rows");
    }

    @Test
    void shouldNameTheLineWhenAScenarioIsMalformed(@TempDir java.nio.file.Path dir) throws IOException {
        var file = dir.resolve("bad.scen");
        Files.writeString(file, "version 1\n0\ta.map\t8\t6\t0\t0\t1\t1\t1.41421356\n0\ta.map\t8\t6\t0\t0\t9\t1\t3\n");

        assertThatThrownBy(() -> MovingAiLoader.loadScenarios(file))
                .hasMessageContaining("bad.scen line 3: start or goal outside the 8 x 6 map");
    }

    /** The octile movement rules written again from the Moving AI description, straight into JGraphT. */
    private static Graph<Integer, DefaultWeightedEdge> independentOctileGraph(OccupancyGrid grid) {
        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        int w = grid.width();
        int h = grid.height();
        for (int i = 0; i < w * h; i++) {
            g.addVertex(i);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int[] d : new int[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 1}}) {
                    int nx = x + d[0];
                    int ny = y + d[1];
                    if (!free(grid, x, y) || !free(grid, nx, ny)) {
                        continue;
                    }
                    boolean diagonal = d[0] != 0 && d[1] != 0;
                    if (diagonal && (!free(grid, nx, y) || !free(grid, x, ny))) {
                        continue;
                    }
                    g.setEdgeWeight(g.addEdge(y * w + x, ny * w + nx), diagonal ? Math.sqrt(2) : 1.0);
                }
            }
        }
        return g;
    }

    private static boolean free(OccupancyGrid grid, int x, int y) {
        return grid.inside(x, y) && grid.state(x, y) == CellState.FREE;
    }
}
