package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the robot tells about its map and how it reads points: a point in a wall snaps to the floor beside it, one
 * deep in a wall is {@code no_free_cell}, one off the map names the map's extent. The sample house, simulated.
 */
@Tag("slow")
class IntrospectionTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldSnapAPointInsideAWallToTheNearestFreeCellWithinTheRadius() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply plan = new SimHarness.Reply();

            // (1.0, 3.5) is on the wall between the living room and the hallway (its door is at x = 2.45)
            sim.runtime.plan("dock", "1.0,3.5", "astar", plan);
            sim.run(1, plan::done);

            assertThat(plan.errorCode).as("%s", plan.result.join()).isNull();
            double[][] points = (double[][]) ((Map<String, Object>) plan.result.join()).get("points");
            double[] end = points[points.length - 1];
            assertThat(Math.hypot(end[0] - 1.0, end[1] - 3.5)).isLessThanOrEqualTo(0.25 + 1e-9).isGreaterThan(0.0);
            assertThat(end[1]).as("the living room's side of the wall: the dock's").isLessThan(3.5);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveTheRouteOfAGotoInMetres() {
        try (SimHarness sim = new SimHarness()) {
            Map<String, Object> goTo = (Map<String, Object>) sim.ask(new Request.GoTo(Place.of("kitchen")));

            double[][] points = (double[][]) goTo.get("points");
            assertThat(points.length).isEqualTo((int) goTo.get("waypoints"));
            assertThat(points[points.length - 1]).containsExactly(7.8, 0.7);
            assertThat(Math.hypot(points[0][0] - 1.0, points[0][1] - 1.0)).as("from the dock").isLessThan(0.1);
        }
    }

    @Test
    void shouldRefuseAPointWithNoFreeCellWithinTheRadiusAndSayWhereTheNearestIs() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply corner = new SimHarness.Reply();
            SimHarness.Reply goTo = new SimHarness.Reply();

            sim.runtime.plan("dock", "0,0", "astar", corner); // the flat's corner: wall and inflation, 0.39 m from the floor
            sim.runtime.goTo("0,0", goTo);
            sim.run(1, () -> corner.done() && goTo.done());

            assertThat(corner.errorCode).isEqualTo("no_free_cell");
            assertThat((String) corner.result.join()).contains("map.snapRadiusMeters = 0.25 m").contains("(0.0, 0.0)")
                    .contains("the nearest free cell is");
            assertThat(goTo.errorCode).isEqualTo("no_free_cell");
        }
    }

    @Test
    void shouldSnapFartherWithALargerConfiguredRadius() {
        WallyConfig base = new ConfigLoader().load(SimHarness.SIM_CONFIG);
        WallyConfig wide = new WallyConfig(base.robot(), new WallyConfig.MapSettings(base.map().file(), base.map().connectivity(), 0.5),
                base.store(), base.control(), base.drive(), base.motors(), base.sensors(), base.sim(), base.mqtt(), base.homeassistant(),
                base.dashboard(), base.foxglove(), base.vda5050());
        try (SimHarness sim = new SimHarness(wide)) {
            SimHarness.Reply corner = new SimHarness.Reply();

            sim.runtime.plan("dock", "0,0", "astar", corner);
            sim.run(1, corner::done);

            assertThat(corner.errorCode).as("%s", corner.result.join()).isNull();
        }
    }

    @Test
    void shouldNameTheMapsExtentForAPointOffTheMap() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply offMap = new SimHarness.Reply();

            sim.runtime.plan("dock", "100,-3", "astar", offMap);
            sim.run(1, offMap::done);

            assertThat(offMap.errorCode).isEqualTo("unknown_node");
            assertThat((String) offMap.result.join()).contains("(100.0, -3.0) is not on the map's grid")
                    .contains("x in [0.0, 10.0] m, y in [0.0, 8.0] m");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListThePlacesWithKindsCoordinatesAndOutlines() {
        try (SimHarness sim = new SimHarness()) {
            Map<String, Object> result = (Map<String, Object>) sim.ask(new Request.Places());

            List<Map<String, Object>> places = (List<Map<String, Object>>) result.get("places");
            Map<String, Object> kitchen = places.stream().filter(p -> p.get("name").equals("kitchen")).findFirst().orElseThrow();
            assertThat(kitchen).containsEntry("kind", "room").containsEntry("x", 7.8).containsEntry("y", 0.7).containsEntry("blocked", false);
            assertThat((List<double[]>) kitchen.get("outline")).hasSize(4);
            assertThat(places).anySatisfy(p -> assertThat(p).containsEntry("name", "dock").containsEntry("kind", "dock"));
            assertThat(places).anySatisfy(p -> assertThat(p).containsEntry("name", "front door").containsEntry("kind", "waypoint"));
            assertThat(places).hasSize(10);
            assertThat((Long) result.get("graphVersion")).isPositive();
        }
    }

    @Test
    void shouldDrawTheMapAsPngAndRunsThatAgreeWithTheMapFile() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            int[][] png = sim.mapPng();
            int[][] rle = sim.mapRle();
            OccupancyGrid file = RuntimeMap.readGrid(SimHarness.HOUSE_GRID);

            assertThat(png.length).isEqualTo(file.height());
            assertThat(png[0].length).isEqualTo(file.width());
            int free = 0;
            for (int row = 0; row < file.height(); row++) {
                for (int col = 0; col < file.width(); col++) {
                    int expectedRle = png[row][col] == 254 ? 0 : png[row][col] == 0 ? 100 : -1;
                    assertThat(rle[row][col]).as("cell %d,%d", col, row).isEqualTo(expectedRle);
                    if (file.state(col, row) != CellState.FREE) {
                        assertThat(png[row][col]).as("wall cell %d,%d", col, row).isZero();
                    } else if (png[row][col] == 254) {
                        free++;
                    }
                }
            }
            // the inflation blocks a margin along the walls, but most of the floor is free
            assertThat(free).isGreaterThan(file.width() * file.height() / 3);
            assertThat(png[file.rowAt(7.8, 0.7)][file.colAt(7.8, 0.7)]).as("the kitchen").isEqualTo(254);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBlockAPlacesAreaAndRestoreItExactlyOnUnblock() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            int[][] before = sim.mapRle();

            Map<String, Object> blocked = (Map<String, Object>) sim.ask(new Request.EditMap(new MapEdit.SetBlocked(Place.of("hallway"), true)));
            SimHarness.Reply plan = sim.send(new Request.Plan(Place.of("dock"), Place.of("bedroom"), Algorithm.ASTAR));
            int[][] during = sim.mapRle();
            Map<String, Object> unblocked = (Map<String, Object>) sim.ask(new Request.EditMap(new MapEdit.SetBlocked(Place.of("hallway"), false)));
            int[][] after = sim.mapRle();
            Object replanned = sim.ask(new Request.Plan(Place.of("dock"), Place.of("bedroom"), Algorithm.ASTAR));

            assertThat((int) blocked.get("cells")).isGreaterThan(100);
            assertThat(plan.errorCode).as("the bedroom's only door opens on the hallway").isEqualTo("no_path");
            OccupancyGrid file = RuntimeMap.readGrid(SimHarness.HOUSE_GRID);
            assertThat(during[file.rowAt(5.0, 4.1)][file.colAt(5.0, 4.1)]).as("the hallway's middle").isEqualTo(100);
            assertThat(during[file.rowAt(5.0, 2.0)][file.colAt(5.0, 2.0)]).as("the living room").isZero();
            assertThat((int) unblocked.get("cells")).isEqualTo(blocked.get("cells"));
            assertThat(after).isDeepEqualTo(before);
            assertThat(replanned).isInstanceOf(Map.class);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldNameThePlaceWhereTheRobotStandsAndPlanToIt() {
        try (SimHarness sim = new SimHarness()) {
            Map<String, Object> named = (Map<String, Object>) sim.ask(new Request.EditMap(new MapEdit.NameHere("charging spot")));
            Map<String, Object> plan = (Map<String, Object>) sim.ask(new Request.Plan(Place.of("kitchen"), Place.of("charging spot"), Algorithm.ASTAR));
            Map<String, Object> places = (Map<String, Object>) sim.ask(new Request.Places());
            SimHarness.Reply again = sim.send(new Request.EditMap(new MapEdit.NameHere("charging spot")));

            assertThat((double) named.get("x")).isCloseTo(1.0, within(0.05)); // the simulator starts at the dock
            assertThat((double) named.get("y")).isCloseTo(1.0, within(0.05));
            double[][] points = (double[][]) plan.get("points");
            assertThat(points[points.length - 1][0]).isEqualTo(named.get("x"));
            assertThat((List<Map<String, Object>>) places.get("places"))
                    .anySatisfy(p -> assertThat(p).containsEntry("name", "charging spot").containsEntry("kind", "waypoint"));
            assertThat(again.errorCode).isEqualTo("bad_request");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPaintCellsOccupiedAndFreeAndEraseARegion() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            OccupancyGrid file = RuntimeMap.readGrid(SimHarness.HOUSE_GRID);
            double cost = (double) ((Map<String, Object>) sim.ask(new Request.Plan(Place.of("dock"), Place.of("kitchen"), Algorithm.ASTAR))).get("cost");

            // the opening between living room and kitchen, x = 6, walled up
            Map<String, Object> painted = (Map<String, Object>) sim.ask(new Request.EditMap(
                    new MapEdit.Paint(new double[] {5.8, 0, 6.2, 0, 6.2, 3.4, 5.8, 3.4}, true)));
            double around = (double) ((Map<String, Object>) sim.ask(new Request.Plan(Place.of("dock"), Place.of("kitchen"), Algorithm.ASTAR))).get("cost");
            int[][] walled = sim.mapRle();
            Map<String, Object> freed = (Map<String, Object>) sim.ask(new Request.EditMap(
                    new MapEdit.Paint(new double[] {5.8, 0, 6.2, 0, 6.2, 3.4, 5.8, 3.4}, false)));
            // a piece of the wall between hallway and bedroom forgotten
            Map<String, Object> erased = (Map<String, Object>) sim.ask(new Request.EditMap(
                    new MapEdit.Erase(new double[] {1.0, 4.5, 1.5, 4.5, 1.5, 5.0, 1.0, 5.0})));
            int[][] after = sim.mapRle();

            assertThat((int) painted.get("cells")).isGreaterThan(0);
            assertThat(around).as("round by the hallway").isGreaterThan(cost + 1);
            assertThat(walled[file.rowAt(6.0, 2.0)][file.colAt(6.0, 2.0)]).isEqualTo(100);
            assertThat((int) freed.get("cells")).isGreaterThanOrEqualTo((int) painted.get("cells"));
            assertThat(after[file.rowAt(6.0, 2.0)][file.colAt(6.0, 2.0)]).isZero();
            assertThat((int) erased.get("cells")).isPositive();
            assertThat(file.state(file.colAt(1.2, 4.725), file.rowAt(1.2, 4.725))).isNotEqualTo(CellState.FREE);
            assertThat(after[file.rowAt(1.2, 4.725)][file.colAt(1.2, 4.725)]).as("an erased wall cell").isZero();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldEraseTheWholeMapAFewHundredCellsPerCycleAndAnswerLaterEditsAfterIt() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply erase = new SimHarness.Reply();
            SimHarness.Reply add = new SimHarness.Reply();
            sim.runtime.submit(new Request.EditMap(new MapEdit.Erase(null)), erase);
            sim.runtime.submit(new Request.EditMap(new MapEdit.AddNode("corner", 9.5f, 7.5f)), add);

            sim.run(0.05, () -> false); // ten cycles: 2,560 cells at most
            boolean doneEarly = erase.done() || add.done();
            sim.run(5, () -> erase.done() && add.done());

            assertThat(doneEarly).as("a whole-map erase takes more than ten cycles").isFalse();
            assertThat(erase.errorCode).as("%s", erase.result.join()).isNull();
            assertThat(add.errorCode).as("%s", add.result.join()).isNull();
            long eraseVersion = (long) ((Map<String, Object>) erase.result.join()).get("version");
            long addVersion = (long) ((Map<String, Object>) add.result.join()).get("version");
            assertThat(addVersion).as("the edit after the erase applied after it").isGreaterThan(eraseVersion);
            assertThat((int) ((Map<String, Object>) erase.result.join()).get("cells")).isGreaterThan(MapAgent.CELLS_PER_CYCLE * 10);
            int[][] cells = sim.mapRle();
            for (int[] row : cells) {
                assertThat(row).containsOnly(0);
            }
        }
    }

    @Test
    void shouldNameTheNearestPlacesWhenSimilarNamesAMisspeltPlace() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply similar = sim.send(new Request.Similar(Place.of("kichen"), 2, null));

            assertThat(similar.errorCode).isEqualTo("unknown_node");
            assertThat((String) similar.result.join()).contains("'kichen'").contains("nearest names: kitchen");
        }
    }
}
