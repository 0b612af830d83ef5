package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteGraphLoaderTest {

    // route/sample.geojson (directed edges, file ids 10..12):
    //
    //   12 (4,3) <---------- 7 (drawn line via (0,3)) ---------- 10 "dock" (0,0)
    //    |  \__ 1.5 (cost, not overridable) to 10 __________________/  ^ |
    //    ^                                                            4| |4
    //    5 (3 m + penalty 2) from 11                                   | v
    //    +----------------------------------------------------------- 11 (4,0)

    private static PlaceMap sample() {
        return MapLoader.load(Resources.path("route/sample.geojson"), 8, UnknownCells.BLOCKED, ReferenceGraph::new);
    }

    @Test
    void shouldWeighGeoJsonEdgesByCostLineLengthAndPenaltyWhenLoadingNav2Graph() {
        PlaceMap map = sample();
        try (MutableNavGraph g = map.graph()) {
            int dock = map.resolve("10");
            int n11 = map.resolve("11");
            int n12 = map.resolve("12");
            assertThat(g.name(dock)).contains("dock");
            assertThat(g.name(n11)).contains("11");
            assertThat(g.weight(dock, n11)).isEqualTo(4f);      // straight line between the Points
            assertThat(g.weight(n11, n12)).isEqualTo(5f);       // 3 m + metadata.penalty 2
            assertThat(g.weight(dock, n12)).isEqualTo(7f);      // the drawn line, not the straight 5 m
            assertThat(g.weight(n12, dock)).isEqualTo(1.5f);    // cost given, not overridable
            assertThat(g.hasEdge(n12, n11)).as("edges are directed").isFalse();
            Planner planner = new Planner(g);
            assertThat(planner.aStar(dock, n12, map.heuristic(), SearchLimits.NONE).cost()).isEqualTo(7.0);
            assertThat(planner.aStar(n12, n11, map.heuristic(), SearchLimits.NONE).cost()).isEqualTo(5.5);
            assertThat(map.resolve("dock")).isEqualTo(dock);
            assertThat(map.resolve("3.9,2.8")).as("nearest node to a point").isEqualTo(n12);
        }
    }

    @Test
    void shouldReadTheSameGraphBackWhenExportedToGeoJson(@TempDir Path dir) throws IOException {
        PlaceMap map = sample();
        try (MutableNavGraph g = map.graph()) {
            g.setBlocked(map.resolve("11"), true);
            Path out = dir.resolve("export.geojson");
            // when
            GeoJsonExport.write(g, out);
            PlaceMap again = MapLoader.load(out, 8, UnknownCells.BLOCKED, ReferenceGraph::new);
            // then every node, name, blocked flag and weighted edge is there
            try (MutableNavGraph h = again.graph()) {
                assertThat(h.nodeCount()).isEqualTo(g.nodeCount());
                assertThat(h.edgeCount()).isEqualTo(g.edgeCount());
                for (int node = 0; node < g.nodeIdLimit(); node++) {
                    int copy = again.resolve(Integer.toString(node));
                    assertThat(h.x(copy)).isEqualTo(g.x(node));
                    assertThat(h.isBlocked(copy)).isEqualTo(g.isBlocked(node));
                    assertThat(h.name(copy)).isEqualTo(g.name(node));
                    for (int other = 0; other < g.nodeIdLimit(); other++) {
                        int otherCopy = again.resolve(Integer.toString(other));
                        assertThat(h.hasEdge(copy, otherCopy)).isEqualTo(g.hasEdge(node, other));
                        if (g.hasEdge(node, other)) {
                            assertThat(h.weight(copy, otherCopy)).isEqualTo(g.weight(node, other));
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldNameFeatureWhenEdgeNamesMissingNode(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.geojson");
        Files.writeString(file, """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"id": 1}},
                  {"type": "Feature", "geometry": {"type": "MultiLineString"}, "properties": {"id": 2, "startid": 1, "endid": 9}}
                ]}""");
        Path broken = dir.resolve("broken.geojson");
        Files.writeString(broken, "{\"type\": \"FeatureCollection\",\n \"features\": [ {]}");

        assertThatThrownBy(() -> RouteGraphLoader.load(file, ReferenceGraph::new)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("bad.geojson feature 1: edge 2 names node 9, which is not a Point of this file");
        assertThatThrownBy(() -> RouteGraphLoader.load(broken, ReferenceGraph::new)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("broken.geojson line 2");
    }

    @Test
    void shouldReadDirectedArcsAndCoordinatesWhenLoadingDimacs(@TempDir Path dir) throws IOException {
        // given 1 -> 2 -> 3 and a costly 1 -> 3, with a parallel cheaper 2 -> 3
        Files.writeString(dir.resolve("road.gr"), """
                c a tiny road network
                p sp 3 4
                a 1 2 10
                a 2 3 10
                a 2 3 7
                a 1 3 30
                """);
        Files.writeString(dir.resolve("road.co"), "p aux sp co 3\nv 1 0 0\nv 2 10 0\nv 3 20 0\n");
        // when
        PlaceMap map = MapLoader.load(dir.resolve("road.gr"), 8, UnknownCells.BLOCKED, ReferenceGraph::new);
        // then
        try (MutableNavGraph g = map.graph()) {
            int one = map.resolve("1");
            int three = map.resolve("3");
            assertThat(g.x(three)).isEqualTo(20f);
            assertThat(g.weight(map.resolve("2"), three)).as("the cheaper parallel arc").isEqualTo(7f);
            assertThat(new Planner(g).dijkstra(one, three, SearchLimits.NONE).cost()).isEqualTo(17.0);
            assertThat(new Planner(g).dijkstra(three, one, SearchLimits.NONE).found()).isFalse();
            assertThat(map.resolve("4")).isEqualTo(NavGraph.NO_NODE);
        }
    }

    @Test
    void shouldNameTheLineWhenDimacsIsMalformed(@TempDir Path dir) throws IOException {
        Path outOfRange = dir.resolve("range.gr");
        Files.writeString(outOfRange, "p sp 2 1\na 1 5 3\n");
        Path miscounted = dir.resolve("count.gr");
        Files.writeString(miscounted, "p sp 2 2\na 1 2 3\n");

        assertThatThrownBy(() -> RouteGraphLoader.load(outOfRange, ReferenceGraph::new))
                .hasMessageContaining("range.gr line 2: arc head must be in [1, 2]; was 5");
        assertThatThrownBy(() -> RouteGraphLoader.load(miscounted, ReferenceGraph::new))
                .hasMessageContaining("declares 2 arcs but the file has 1");
    }

    @Test
    void shouldMakeOneWayEdgesFromNegativeReverseCostWhenLoadingCsv(@TempDir Path dir) throws IOException {
        // given pgRouting-style edges: 100 <-> 200 both ways (different costs), 200 -> 300 one way
        Files.writeString(dir.resolve("streets.csv"), "source,target,cost,reverse_cost\n100,200,5,6\n200,300,2,-1\n");
        Files.writeString(dir.resolve("streets.nodes.csv"), "id,x,y,name\n100,0,0,depot\n200,5,0,corner\n300,7,0,shop\n");
        // when
        PlaceMap map = MapLoader.load(dir.resolve("streets.csv"), 8, UnknownCells.BLOCKED, ReferenceGraph::new);
        // then
        try (MutableNavGraph g = map.graph()) {
            int depot = map.resolve("100");
            int corner = map.resolve("200");
            int shop = map.resolve("300");
            assertThat(g.weight(depot, corner)).isEqualTo(5f);
            assertThat(g.weight(corner, depot)).isEqualTo(6f);
            assertThat(g.hasEdge(corner, shop)).isTrue();
            assertThat(g.hasEdge(shop, corner)).isFalse();
            assertThat(g.x(shop)).isEqualTo(7f);
            assertThat(g.name(depot)).contains("depot");
            assertThat(map.resolve("shop")).isEqualTo(shop);
        }
    }

    @Test
    void shouldRefuseEdgeToNodeMissingFromNodesCsv(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e.csv"), "source,target,cost\n1,2,5\n");
        Files.writeString(dir.resolve("e.nodes.csv"), "id,x,y\n1,0,0\n");
        Path noHeader = dir.resolve("n.csv");
        Files.writeString(noHeader, "1,2,5\n");

        assertThatThrownBy(() -> RouteGraphLoader.load(dir.resolve("e.csv"), ReferenceGraph::new))
                .hasMessageContaining("e.csv line 2: node 2 is not in e.nodes.csv");
        assertThatThrownBy(() -> RouteGraphLoader.load(noHeader, ReferenceGraph::new))
                .hasMessageContaining("n.csv line 1: header must start with source,target,cost");
    }
}
