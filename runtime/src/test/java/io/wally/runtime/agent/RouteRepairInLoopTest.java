package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.config.ConfigLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With D* Lite repairs on, the planner repairs the active route when the map changes on it, and the robot still arrives. */
@Tag("slow")
class RouteRepairInLoopTest {

    @Test
    void shouldRepairTheRouteWithDStarLiteWhenACellAheadIsBlockedAndStillArrive() {
        try (SimHarness sim = new SimHarness(new ConfigLoader().load(SimHarness.SIM_CONFIG), false, true)) {
            // given the robot on its way to the kitchen
            SimHarness.Reply go = new SimHarness.Reply();
            sim.runtime.goTo("kitchen", go);
            sim.run(1, go::done);
            assertThat(go.errorCode).as("%s", go.result.join()).isNull();
            sim.run(1.0, () -> false);
            double[][] path = sim.runtime.activePath();
            assertThat(path.length).isGreaterThan(20);
            long repairsBefore = sim.runtime.counters().routeRepairs.get();

            // when an operator blocks three cells of the route ahead, one after another
            for (int k = 1; k <= 3; k++) {
                double[] ahead = sim.runtime.activePath()[Math.min(8 * k, sim.runtime.activePath().length - 2)];
                SimHarness.Reply block = new SimHarness.Reply();
                sim.runtime.editMap(new MapEdit.SetBlocked(new Place.Point(ahead[0], ahead[1]), true), block);
                sim.run(1, block::done);
                assertThat(block.errorCode).as("%s", block.result.join()).isNull();
                sim.run(0.2, () -> false);
            }
            sim.run(120, () -> sim.runtime.mission().state() != Mission.State.DRIVING);

            // then the route was repaired (not searched afresh) and the robot arrived
            assertThat(sim.runtime.counters().routeRepairs.get() - repairsBefore).as("repairs").isGreaterThanOrEqualTo(1);
            assertThat(sim.runtime.mission().state()).as("reason: %s", sim.runtime.mission().reason()).isEqualTo(Mission.State.ARRIVED);
        }
    }
}
