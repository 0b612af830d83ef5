package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the simulated robot in the sample house, stepped by hand: goals are planned,
 * driven and reached; an obstacle placed on the route is seen, marked in the graph, and driven around.
 *
 * <pre>
 *   living room (dock at 1,1) ----opening----> kitchen (7.8, 0.7)
 * </pre>
 */
class WallyRuntimeSimTest {

    @Test
    void shouldArriveInTheKitchenWhenSentThereFromTheDock() {
        try (SimHarness sim = new SimHarness()) {
            // given
            SimHarness.Reply reply = new SimHarness.Reply();

            // when
            sim.runtime.goTo("kitchen", reply);
            sim.run(0.1, reply::done);
            sim.run(120, () -> sim.runtime.mission().state() != Mission.State.DRIVING);

            // then
            assertThat(reply.errorCode).as("goto reply: %s", reply.result.getNow(null)).isNull();
            assertThat(sim.runtime.mission().state()).as("reason: %s", sim.runtime.mission().reason()).isEqualTo(Mission.State.ARRIVED);
            SimRobot.Pose pose = sim.robot.truePose();
            assertThat(Math.hypot(pose.xMeters() - 7.8, pose.yMeters() - 0.7)).as("distance to the kitchen").isLessThan(0.25);
            assertThat(sim.robot.collisions()).as("collisions").isZero();
        }
    }
}
