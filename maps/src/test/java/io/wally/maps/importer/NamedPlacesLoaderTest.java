package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.plan.Components;
import io.wally.maps.plan.GraphOrder;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedPlacesLoaderTest {

    private static final java.nio.file.Path HOUSE = java.nio.file.Path.of("samples/house.yaml");

    @Test
    void shouldReachEveryPlaceFromTheDockWhenLoadingTheSampleHouse() {
        PlaceMap house = NamedPlacesLoader.load(HOUSE).build(8, ReferenceGraph::new);
        try (var g = house.graph()) {
            GridGraph grid = house.grid().orElseThrow();
            assertThat(grid.width()).isEqualTo(200);
            assertThat(grid.height()).isEqualTo(160);
            assertThat(grid.grid().resolutionMetres()).isEqualTo(0.05);
            Place dock = house.place("dock").orElseThrow();
            assertThat(dock.kind()).isEqualTo(PlaceKind.DOCK);
            assertThat(g.x(dock.node())).isEqualTo(1.0f);
            assertThat(g.labels(dock.node())).isEqualTo(PlaceKind.DOCK.labelBit());
            assertThat(g.nodeId("kitchen")).isEqualTo(house.place("kitchen").orElseThrow().node());
            assertThat(house.places()).extracting(Place::name)
                    .contains("dock", "kitchen", "hallway", "living room", "bedroom", "bathroom", "office");

            Components components = GraphOrder.components(g);
            Planner planner = new Planner(g);
            for (Place p : house.places()) {
                assertThat(components.connected(dock.node(), p.node())).as(p.name()).isTrue();
            }
            Path toBedroom = planner.aStar(house.place("kitchen").orElseThrow().node(), house.place("bedroom").orElseThrow().node(),
                    Heuristics.octile(), SearchLimits.NONE);
            Path dijkstra = planner.dijkstra(house.place("kitchen").orElseThrow().node(), house.place("bedroom").orElseThrow().node(), SearchLimits.NONE);
            assertThat(toBedroom.found()).isTrue();
            assertThat(toBedroom.cost()).isCloseTo(dijkstra.cost(), within(1e-4));
            // Through two doors and the hallway: longer than the straight line (which crosses walls).
            double straight = Math.hypot(7.8 - 2.8, 0.7 - 6.5);
            assertThat(toBedroom.cost()).isGreaterThan(straight + 0.5);
        }
    }

    @Test
    void shouldJoinPlacesByConnectionsWhenThereIsNoGrid(@TempDir java.nio.file.Path dir) throws IOException {
        var file = dir.resolve("places.yaml");
        Files.writeString(file, """
                places:
                  - {name: a, kind: waypoint, x: 0, y: 0}
                  - {name: b, x: 3, y: 4}
                  - {name: c, kind: dock, x: 3, y: 0}
                connections:
                  - [a, b]
                  - {from: b, to: c, weight: 10}
                """);

        PlaceMap map = NamedPlacesLoader.load(file).build(8, ReferenceGraph::new);

        try (var g = map.graph()) {
            assertThat(map.grid()).isEmpty();
            assertThat(g.nodeCount()).isEqualTo(3);
            assertThat(g.weight(g.nodeId("a"), g.nodeId("b"))).isEqualTo(5f);
            assertThat(g.weight(g.nodeId("c"), g.nodeId("b"))).isEqualTo(10f);
            assertThat(new Planner(g).dijkstra(g.nodeId("a"), g.nodeId("c"), SearchLimits.NONE).cost()).isEqualTo(15.0);
        }
    }

    @Test
    void shouldNameTheLineWhenAPlaceStandsInAWall(@TempDir java.nio.file.Path dir) throws IOException {
        Files.copy(java.nio.file.Path.of("samples/house.pgm"), dir.resolve("house.pgm"));
        Files.copy(java.nio.file.Path.of("samples/house-grid.yaml"), dir.resolve("house-grid.yaml"));
        var file = dir.resolve("places.yaml");
        Files.writeString(file, """
                grid: house-grid.yaml
                places:
                  - {name: dock, kind: dock, x: 1.0, y: 1.0}
                  - {name: inwall, x: 0.02, y: 4.0}
                """);

        assertThatThrownBy(() -> NamedPlacesLoader.load(file))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("places.yaml line 4")
                .hasMessageContaining("place 'inwall' at (0.02, 4.0) stands in cell (0, 79) which is occupied");
    }

    @Test
    void shouldDriveOneWayOnlyWhenConnectionIsOneway(@TempDir java.nio.file.Path dir) throws IOException {
        // given   a --> b --- c      (a to b one way; b and c both ways)
        var file = dir.resolve("oneway.yaml");
        Files.writeString(file, """
                places:
                  - {name: a, x: 0, y: 0}
                  - {name: b, x: 1, y: 0}
                  - {name: c, x: 2, y: 0}
                connections:
                  - {from: a, to: b, oneway: true}
                  - [b, c]
                """);
        // when
        PlaceMap map = NamedPlacesLoader.load(file).build(8, ReferenceGraph::new);
        // then
        try (var g = map.graph()) {
            Planner planner = new Planner(g);
            assertThat(g.hasEdge(g.nodeId("a"), g.nodeId("b"))).isTrue();
            assertThat(g.hasEdge(g.nodeId("b"), g.nodeId("a"))).isFalse();
            assertThat(planner.dijkstra(g.nodeId("a"), g.nodeId("c"), SearchLimits.NONE).found()).isTrue();
            assertThat(planner.dijkstra(g.nodeId("c"), g.nodeId("a"), SearchLimits.NONE).found()).isFalse();
        }
    }

    @Test
    void shouldRejectOnewayThatRepeatsAConnection(@TempDir java.nio.file.Path dir) throws IOException {
        var file = dir.resolve("twice.yaml");
        Files.writeString(file, "places:\n  - {name: a, x: 0, y: 0}\n  - {name: b, x: 1, y: 0}\n"
                + "connections:\n  - [a, b]\n  - {from: b, to: a, oneway: true}\n");
        var badFlag = dir.resolve("flag.yaml");
        Files.writeString(badFlag, "places:\n  - {name: a, x: 0, y: 0}\n  - {name: b, x: 1, y: 0}\n"
                + "connections:\n  - {from: a, to: b, oneway: yes please}\n");

        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).hasMessageContaining("twice.yaml line 6: duplicate connection between 'b' and 'a'");
        assertThatThrownBy(() -> NamedPlacesLoader.load(badFlag)).hasMessageContaining("oneway must be true or false");
    }

    @Test
    void shouldPlanOptimallyWithAStarWhenConnectionsWeighLessThanTheirLength(@TempDir java.nio.file.Path dir) throws IOException {
        // given a long straight road that is slow, and a detour that is fast (weights are minutes, not metres):
        //   a ----(100 m, weight 50)---- d
        //    \                          /
        //     b --(weight 1)-- c --(1)--     b and c 60 m off the road
        var file = dir.resolve("times.yaml");
        Files.writeString(file, """
                places:
                  - {name: a, x: 0, y: 0}
                  - {name: b, x: 20, y: 60}
                  - {name: c, x: 80, y: 60}
                  - {name: d, x: 100, y: 0}
                connections:
                  - {from: a, to: d, weight: 50}
                  - {from: a, to: b, weight: 1}
                  - {from: b, to: c, weight: 1}
                  - {from: c, to: d, weight: 1}
                """);
        PlaceMap map = NamedPlacesLoader.load(file).build(8, ReferenceGraph::new);
        try (var g = map.graph()) {
            Planner planner = new Planner(g);
            // when
            Path astar = planner.aStar(g.nodeId("a"), g.nodeId("d"), map.heuristic(), SearchLimits.NONE);
            // then as short as Dijkstra's: the detour, 3
            assertThat(astar.cost()).isEqualTo(planner.dijkstra(g.nodeId("a"), g.nodeId("d"), SearchLimits.NONE).cost()).isEqualTo(3.0);
            // while a plain Euclidean A* takes the road
            assertThat(planner.aStar(g.nodeId("a"), g.nodeId("d"), Heuristics.euclidean(), SearchLimits.NONE).cost()).isEqualTo(50.0);
        }
    }

    @Test
    void shouldRejectDuplicatesAndUnknownNames(@TempDir java.nio.file.Path dir) throws IOException {
        var dup = dir.resolve("dup.yaml");
        Files.writeString(dup, "places:\n  - {name: a, x: 0, y: 0}\n  - {name: a, x: 1, y: 0}\n");
        var unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, "places:\n  - {name: a, x: 0, y: 0}\nconnections:\n  - [a, z]\n");
        var badKind = dir.resolve("kind.yaml");
        Files.writeString(badKind, "places:\n  - name: a\n    kind: garage\n    x: 0\n    y: 0\n");

        assertThatThrownBy(() -> NamedPlacesLoader.load(dup)).hasMessageContaining("dup.yaml line 3: duplicate place name 'a'");
        assertThatThrownBy(() -> NamedPlacesLoader.load(unknown)).hasMessageContaining("unknown.yaml line 4: connection names unknown place 'z'");
        assertThatThrownBy(() -> NamedPlacesLoader.load(badKind)).hasMessageContaining("kind.yaml line 3: kind must be room, waypoint or dock");
    }

    @Test
    void shouldRefuseDuplicateKeysAliasesDeepNestingAndHugeFilesWithTheLine(@TempDir java.nio.file.Path dir) throws IOException {
        // given: the same limits as the robot configuration (SafeYaml)
        var dupKey = Files.writeString(dir.resolve("dupkey.yaml"), "places:\n  - {name: a, x: 0, y: 0, x: 5}\n");
        var alias = Files.writeString(dir.resolve("alias.yaml"),
                "places:\n  - {name: a, x: 0, y: 0}\n  - {name: b, x: 1, y: 0}\nconnections:\n  - &pair [a, b]\n  - *pair\n");
        var deep = Files.writeString(dir.resolve("deep.yaml"), "places: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        var huge = dir.resolve("huge.yaml");
        try (var out = Files.newBufferedWriter(huge)) {
            out.write("places:\n");
            String place = "  - {name: p, x: 0, y: 0}  # padding padding padding padding padding padding\n";
            for (long written = 0; written <= YamlDoc.MAX_BYTES; written += place.length()) {
                out.write(place);
            }
        }

        // when / then
        assertThatThrownBy(() -> NamedPlacesLoader.load(dupKey)).isInstanceOf(MapFormatException.class)
                .hasMessage(dupKey + " line 2: duplicate key 'x' (each key may appear once in a mapping)");
        assertThatThrownBy(() -> NamedPlacesLoader.load(alias)).isInstanceOf(MapFormatException.class)
                .hasMessage(alias + " line 5: anchors and aliases are not supported in wally files:"
                        + " remove &pair and write the value out where it is used");
        assertThatThrownBy(() -> NamedPlacesLoader.load(deep)).isInstanceOf(MapFormatException.class)
                .hasMessage(deep + " line 1: nested deeper than 32 levels of mappings and lists");
        assertThatThrownBy(() -> NamedPlacesLoader.load(huge)).isInstanceOf(MapFormatException.class)
                .hasMessage(huge + ": the file is " + Files.size(huge) + " bytes; the limit is 16777216 bytes (16 MiB)");
    }

    @Test
    void shouldRefuseAPlaceNameThatReadsAsAnIdOrCoordinatesOrIsTooLong(@TempDir java.nio.file.Path dir) throws IOException {
        var id = Files.writeString(dir.resolve("id.yaml"), "places:\n  - {name: dock, x: 0, y: 0}\n  - {name: 17, x: 1, y: 0}\n");
        var xy = Files.writeString(dir.resolve("xy.yaml"), "places:\n  - {name: '2.5, 3', x: 1, y: 0}\n");
        var longName = Files.writeString(dir.resolve("long.yaml"), "places:\n  - {name: " + "n".repeat(300) + ", x: 1, y: 0}\n");

        assertThatThrownBy(() -> NamedPlacesLoader.load(id)).isInstanceOf(MapFormatException.class)
                .hasMessage(id + " line 3: place name '17' reads as a node id; a name must not be a number"
                        + " (places are looked up by name, then id)");
        assertThatThrownBy(() -> NamedPlacesLoader.load(xy)).isInstanceOf(MapFormatException.class)
                .hasMessage(xy + " line 2: place name '2.5, 3' reads as coordinates \"x,y\"; a name must not be two"
                        + " numbers with a comma");
        assertThatThrownBy(() -> NamedPlacesLoader.load(longName)).isInstanceOf(MapFormatException.class)
                .hasMessage(longName + " line 2: place name '" + "n".repeat(40) + "…' is 300 bytes (UTF-8); the limit is 255");
    }

    @Test
    void shouldCloseTheHalfBuiltGraphWhenBuildingFails(@TempDir java.nio.file.Path dir) throws IOException {
        var file = dir.resolve("places.yaml");
        Files.writeString(file, "places:\n  - {name: a, x: 0, y: 0}\n  - {name: b, x: 1, y: 0}\n");
        var parsed = NamedPlacesLoader.load(file);
        List<ReferenceGraph> created = new ArrayList<>();

        // The graph already holds a node named "b": adding the second place fails half-way.
        assertThatThrownBy(() -> parsed.build(8, () -> {
            ReferenceGraph g = new ReferenceGraph();
            g.addNode("b", 5, 5);
            created.add(g);
            return g;
        })).isInstanceOf(GraphException.class);

        assertThat(created).hasSize(1);
        assertThatThrownBy(() -> created.get(0).nodeCount()).isInstanceOf(GraphClosedException.class);
    }

    @Test
    void shouldResolveWorldPointsToGridCells() {
        PlaceMap house = NamedPlacesLoader.load(HOUSE).build(4, ReferenceGraph::new);
        try (var g = house.graph()) {
            int node = house.nodeAt(1.0, 1.0);
            assertThat(node).isNotEqualTo(NavGraph.NO_NODE);
            assertThat(g.x(node)).isCloseTo(1.025f, within(1e-6f));
            assertThat(house.nodeAt(-1, 1)).isEqualTo(NavGraph.NO_NODE);
        }
    }

    @Test
    void shouldLayOutTheSameNodesAndPlacesAsBuildWithoutAnyEdge() {
        NamedPlacesLoader.NamedPlaces spec = NamedPlacesLoader.load(HOUSE);
        PlaceMap built = spec.build(8, OffHeapGraph::new);
        PlaceMap laid = spec.layout(8, OffHeapGraph::new);
        try (var g = built.graph(); var l = laid.graph()) {
            assertThat(l.nodeIdLimit()).isEqualTo(g.nodeIdLimit());
            assertThat(l.edgeCount()).isZero();
            assertThat(g.edgeCount()).isPositive();
            for (int node = 0; node < g.nodeIdLimit(); node++) {
                assertThat(l.x(node)).isEqualTo(g.x(node));
                assertThat(l.y(node)).isEqualTo(g.y(node));
                assertThat(l.isBlocked(node)).as("node %d blocked", node).isEqualTo(g.isBlocked(node));
                assertThat(l.labels(node)).isEqualTo(g.labels(node));
                assertThat(l.name(node)).isEqualTo(g.name(node));
            }
            assertThat(laid.places()).isEqualTo(built.places());
            assertThat(laid.grid().orElseThrow().firstNode()).isEqualTo(built.grid().orElseThrow().firstNode());
            assertThat(laid.grid().orElseThrow().grid()).isSameAs(spec.grid());
        }
    }
}
