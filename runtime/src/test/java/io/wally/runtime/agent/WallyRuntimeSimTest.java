package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the simulated robot in the sample house, stepped by hand: goals are planned,
 * driven and reached; an obstacle placed on the route is seen, marked in the graph, and driven around.
 *
 * <pre>
 *   living room (dock at 1,1) ----opening----> kitchen (7.8, 0.7)
 * </pre>
 */
@Tag("slow")
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

    @Test
    void shouldReplanAroundAnObstaclePlacedOnTheFirstRouteAndStillArrive() {
        try (SimHarness sim = new SimHarness()) {
            // given: the first route to the kitchen, and a box put across it 2.5 m along the way
            SimHarness.Reply reply = new SimHarness.Reply();
            sim.runtime.goTo("kitchen", reply);
            sim.run(0.1, reply::done);
            double[][] firstRoute = sim.runtime.activePath();
            assertThat(firstRoute.length).as("first route").isGreaterThan(10);
            double[] at = pointAlong(firstRoute, 2.5);
            sim.robot.world().addBox(at[0] - 0.15, at[1] - 0.15, at[0] + 0.15, at[1] + 0.15);

            // when
            sim.run(150, () -> sim.runtime.mission().state() != Mission.State.DRIVING);

            // then
            assertThat(sim.runtime.mission().state()).as("reason: %s", sim.runtime.mission().reason()).isEqualTo(Mission.State.ARRIVED);
            assertThat(sim.runtime.counters().obstacleCellsMarked.get()).as("cells marked blocked").isPositive();
            assertThat(sim.runtime.counters().replans.get()).as("repairs of the active path").isPositive();
            assertThat(sim.robot.collisions()).as("collisions").isZero();
            SimRobot.Pose pose = sim.robot.truePose();
            assertThat(Math.hypot(pose.xMeters() - 7.8, pose.yMeters() - 0.7)).as("distance to the kitchen").isLessThan(0.25);
        }
    }

    /** The point {@code meters} along the polyline. */
    private static double[] pointAlong(double[][] route, double meters) {
        double left = meters;
        for (int i = 1; i < route.length; i++) {
            double seg = Math.hypot(route[i][0] - route[i - 1][0], route[i][1] - route[i - 1][1]);
            if (seg >= left) {
                double f = left / seg;
                return new double[] {route[i - 1][0] + f * (route[i][0] - route[i - 1][0]), route[i - 1][1] + f * (route[i][1] - route[i - 1][1])};
            }
            left -= seg;
        }
        return route[route.length - 1];
    }
}
