package io.wally.maps.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZonesTest {

    private static final double[] SQUARE = {2, 2, 6, 2, 6, 6, 2, 6};

    /** A free 10 x 10 grid of 1 m cells, 8-connected, origin (0, 0): cell (c, r) is centred at (c + 0.5, 9.5 - r). */
    private static GridGraph grid(int size) {
        CellState[] states = new CellState[size * size];
        Arrays.fill(states, CellState.FREE);
        return GridGraph.build(new OccupancyGrid(size, size, 1.0, 0, 0, 0, states), 8, UnknownCells.BLOCKED, () -> new OffHeapGraph(size * size));
    }

    @Test
    void pointInPolygonFollowsTheEvenOddRule() {
        Zone square = Zone.keepout("sq", SQUARE);
        assertThat(square.contains(4, 4)).isTrue();
        assertThat(square.contains(1.9, 4)).isFalse();
        assertThat(square.contains(4, 6.1)).isFalse();
        // an L shape: the notch is outside
        Zone l = Zone.keepout("l", new double[] {0, 0, 4, 0, 4, 1, 1, 1, 1, 4, 0, 4});
        assertThat(l.contains(0.5, 3)).isTrue();
        assertThat(l.contains(3, 0.5)).isTrue();
        assertThat(l.contains(3, 3)).isFalse();
    }

    @Test
    void invalidZonesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> Zone.keepout("a", new double[] {0, 0, 1, 1})).hasMessageContaining("3 to 256").hasMessageContaining("2.0 corners");
        assertThatThrownBy(() -> Zone.keepout("a", new double[] {0, 0, 1, 1, 2, 2})).hasMessageContaining("no area");
        assertThatThrownBy(() -> Zone.keepout("a", new double[] {0, 0, 1, Double.NaN, 2, 0})).hasMessageContaining("corner 2").hasMessageContaining("y");
        assertThatThrownBy(() -> Zone.speed("s", SQUARE, 0.5, 0.2)).hasMessageContaining("costFactor").hasMessageContaining("0.5");
        assertThatThrownBy(() -> Zone.speed("s", SQUARE, 2, -1)).hasMessageContaining("maxSpeedMps").hasMessageContaining("-1");
        assertThatThrownBy(() -> Zone.speed("s", SQUARE, 1, Double.NaN)).hasMessageContaining("change nothing");
        assertThatThrownBy(() -> Zone.keepout(" a", SQUARE)).hasMessageContaining("' a'");
        assertThatThrownBy(() -> Zones.of(List.of(Zone.keepout("a", SQUARE), Zone.keepout("a", SQUARE)))).hasMessageContaining("'a'");
    }

    @Test
    void encodeDecodeRoundTrips() {
        Zone speed = Zone.speed("hall", SQUARE, 2.5, 0.3);
        assertThat(Zone.decode("hall", speed.encode())).isEqualTo(speed);
        Zone keep = Zone.keepout("rug", SQUARE);
        assertThat(Zone.decode("rug", keep.encode())).isEqualTo(keep).isNotEqualTo(speed);
        assertThatThrownBy(() -> Zone.decode("x", new byte[] {9, 9})).hasMessageContaining("not a zone record");
    }

    @Test
    void zonesLiveInTheGraphAsOnePropertyEach() {
        try (MutableNavGraph g = new ReferenceGraph()) {
            assertThat(Zones.read(g).isEmpty()).isTrue();
            assertThatThrownBy(() -> Zones.write(g, Zone.keepout("a", SQUARE))).hasMessageContaining("empty");
            g.addNode(0, 0);
            Zones.write(g, Zone.keepout("b", SQUARE));
            Zones.write(g, Zone.speed("a", SQUARE, 2, 0.1));
            assertThat(Zones.read(g).list()).extracting(Zone::name).containsExactly("a", "b");
            assertThat(Zones.read(g).speedCapAt(3, 3)).isEqualTo(0.1);
            assertThat(Zones.read(g).speedCapAt(9, 9)).isInfinite();
            assertThat(Zones.read(g).keepoutAt(3, 3).name()).isEqualTo("b");
            assertThat(Zones.remove(g, "b")).isTrue();
            assertThat(Zones.remove(g, "b")).isFalse();
            assertThat(Zones.read(g).named("b")).isEmpty();
        }
    }

    @Test
    void routesGoAroundAKeepoutAndCellsKeepTheirOwnState(@TempDir java.nio.file.Path unused) {
        GridGraph grid = grid(10);
        try (MutableNavGraph g = grid.graph()) {
            int start = grid.node(0, 5);   // (0.5, 4.5)
            int goal = grid.node(9, 5);    // (9.5, 4.5)
            Planner plain = new Planner(g);
            Path straight = plain.aStar(start, goal, Heuristics.octile(), SearchLimits.NONE);
            Zones zones = Zones.of(List.of(Zone.keepout("wall", new double[] {4, 1, 6, 1, 6, 9.9, 4, 9.9})));
            ZoneCosts costs = ZoneCosts.of(g, zones);
            assertThat(costs.coveredNodes()).isEqualTo(2 * 9);
            ZoneCosts byCells = ZoneCosts.of(g, zones, new ZoneCosts.CellLookup() {
                @Override
                public int nodeAt(double x, double y) {
                    return grid.nodeAt(x, y);
                }

                @Override
                public double cellMeters() {
                    return 1.0;
                }
            });
            assertThat(byCells.coveredNodes()).isEqualTo(costs.coveredNodes());
            for (int n = 0; n < g.nodeIdLimit(); n++) {
                assertThat(byCells.factor(n)).as("node %d", n).isEqualTo(costs.factor(n));
            }
            ZonedGraph zoned = new ZonedGraph(g, costs);
            Planner planner = new Planner(zoned);
            Path around = planner.aStar(start, goal, Heuristics.octile(), SearchLimits.NONE);
            Path exact = planner.dijkstra(start, goal, SearchLimits.NONE);
            assertThat(around.found()).isTrue();
            assertThat(around.cost()).isGreaterThan(straight.cost()).isCloseTo(exact.cost(), org.assertj.core.data.Offset.offset(1e-9));
            for (int n : around.nodes()) {
                assertThat(zones.keepoutAt(g.x(n), g.y(n))).as("node %d at (%s, %s)", n, g.x(n), g.y(n)).isNull();
                assertThat(zoned.isBlocked(n)).isFalse();
            }
            int inside = grid.node(5, 5);
            assertThat(zoned.isBlocked(inside)).isTrue();
            assertThat(g.isBlocked(inside)).isFalse();
            java.util.List<Integer> changed = new java.util.ArrayList<>();
            ZoneCosts.forEachChange(ZoneCosts.none(), costs, changed::add);
            assertThat(changed).hasSize(18).contains(inside).allMatch(costs::keepout);
            zoned.use(ZoneCosts.none());
            assertThat(zoned.isBlocked(inside)).isFalse();
            assertThat(planner.aStar(start, goal, Heuristics.octile(), SearchLimits.NONE).cost()).isEqualTo(straight.cost());
        }
    }

    @Test
    void speedZonesCostMoreAndAStarStaysOptimal() {
        GridGraph grid = grid(10);
        try (MutableNavGraph g = grid.graph()) {
            int start = grid.node(0, 5);
            int goal = grid.node(9, 5);
            Zones zones = Zones.of(List.of(Zone.speed("slow", new double[] {3, 3, 7, 3, 7, 6, 3, 6}, 3, 0.2)));
            ZonedGraph zoned = new ZonedGraph(g, ZoneCosts.of(g, zones));
            int in = grid.node(5, 5);
            int next = grid.node(4, 5);
            assertThat(zoned.weight(next, in)).isEqualTo(3f * g.weight(next, in));
            assertThat(zoned.weight(in, next)).isEqualTo(3f * g.weight(in, next));
            Planner planner = new Planner(zoned);
            Path a = planner.aStar(start, goal, Heuristics.admissibleOn(g, Heuristics.octile()), SearchLimits.NONE);
            Path d = planner.dijkstra(start, goal, SearchLimits.NONE);
            assertThat(a.cost()).isCloseTo(d.cost(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(a.cost()).isCloseTo(planner.weightOf(a.nodes()), org.assertj.core.data.Offset.offset(1e-4));
            for (int n : a.nodes()) {
                assertThat(zones.list().get(0).contains(g.x(n), g.y(n))).isFalse(); // going around (<= 2 m longer) beats 3x inside
            }
        }
    }

    @Test
    void aRobotInsideAKeepoutFindsTheShortestWayOut() {
        GridGraph grid = grid(10);
        try (MutableNavGraph g = grid.graph()) {
            // zone covers columns 2..7 (x 2..8), rows 2..7; start at column 3: out to the west is 2 cells
            Zones zones = Zones.of(List.of(Zone.keepout("box", new double[] {2, 2, 8, 2, 8, 8, 2, 8})));
            ZoneCosts costs = ZoneCosts.of(g, zones);
            int start = grid.node(3, 5);
            int[] out = ZoneExit.wayOut(g, costs, start);
            assertThat(out).isNotNull();
            assertThat(out[0]).isEqualTo(start);
            assertThat(out).hasSize(3);
            int last = out[out.length - 1];
            assertThat(costs.keepout(last)).isFalse();
            assertThat(g.x(last)).isEqualTo(1.5f);
            assertThat(ZoneExit.wayOut(g, costs, grid.node(0, 0))).containsExactly(grid.node(0, 0));
            // walled in: no way out
            ZoneCosts all = ZoneCosts.of(g, Zones.of(List.of(Zone.keepout("all", new double[] {-1, -1, 11, -1, 11, 11, -1, 11}))));
            assertThat(ZoneExit.wayOut(g, all, start)).isNull();
        }
    }

    @Test
    void theWriteAheadLogKeepsZonesAcrossAReopen(@TempDir java.nio.file.Path dir) {
        Zone rug = Zone.keepout("rug", SQUARE);
        Zone hall = Zone.speed("hall", new double[] {0, 0, 1, 0, 1, 1}, 2, 0.25);
        StoreOptions noCheckpoint = StoreOptions.defaults().withDurability(Durability.SYNC).withCheckpointOnClose(false);
        try (GraphStore store = GraphStore.open(dir, noCheckpoint)) {
            store.graph().addNode(0, 0);
            store.graph().addNode(1, 1);
            store.checkpoint();
            long before = store.lastLsn();
            Zones.write(store.graph(), rug);
            assertThat(store.lastLsn()).as("one zone, one log record").isEqualTo(before + 1);
            Zones.write(store.graph(), hall);
            Zones.remove(store.graph(), "hall");
            Zones.write(store.graph(), hall);
        }
        try (GraphStore reopened = GraphStore.open(dir, noCheckpoint)) {
            assertThat(reopened.recovery().toString()).isNotEmpty();
            assertThat(Zones.read(reopened.graph()).list()).containsExactly(hall, rug);
            Zones.remove(reopened.graph(), "rug");
        }
        try (GraphStore again = GraphStore.open(dir, StoreOptions.defaults())) {
            assertThat(Zones.read(again.graph()).list()).containsExactly(hall);
        }
    }
}
