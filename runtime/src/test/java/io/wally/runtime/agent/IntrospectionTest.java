package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
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
    void shouldRefuseAPointWithNoFreeCellWithinTheRadiusAndSayWhereTheNearestIs() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply corner = new SimHarness.Reply();
            SimHarness.Reply goTo = new SimHarness.Reply();

            sim.runtime.plan("dock", "0,0", "astar", corner); // the flat's corner: wall and inflation, 0.32 m from the floor
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
}
