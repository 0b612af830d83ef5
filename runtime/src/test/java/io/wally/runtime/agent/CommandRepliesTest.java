package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What replies tell a user: coordinates of a plan, the nearest names of a misspelt place. */
@Tag("slow")
class CommandRepliesTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryWaypointOfAPlanInMetres() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply plan = new SimHarness.Reply();

            sim.runtime.plan("dock", "kitchen", "astar", plan);
            sim.run(1, plan::done);

            assertThat(plan.errorCode).as("%s", plan.result.join()).isNull();
            Map<String, Object> result = (Map<String, Object>) plan.result.join();
            double[][] points = (double[][]) result.get("points");
            int[] nodes = (int[]) result.get("nodes");
            assertThat(points.length).isEqualTo(nodes.length);
            assertThat(points[points.length - 1]).containsExactly(7.8, 0.7); // the kitchen's place
            for (int i = 1; i < points.length; i++) {
                double step = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
                assertThat(step).as("step %d", i).isLessThan(1.5);
            }
        }
    }

    @Test
    void shouldNameTheNearestPlacesWhenAPlaceIsMisspelt() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply plan = new SimHarness.Reply();
            SimHarness.Reply goTo = new SimHarness.Reply();
            SimHarness.Reply block = new SimHarness.Reply();
            SimHarness.Reply offMap = new SimHarness.Reply();

            sim.runtime.plan("dock", "kitchn", "astar", plan);
            sim.runtime.goTo("Bedrom", goTo);
            sim.runtime.editMap(new MapEdit.SetBlocked(Place.of("ofice"), true), block);
            sim.runtime.goTo("100,100", offMap);
            sim.run(1, () -> plan.done() && goTo.done() && block.done() && offMap.done());

            assertThat(plan.errorCode).isEqualTo("unknown_node");
            assertThat((String) plan.result.join()).contains("'kitchn'").contains("nearest names: kitchen");
            assertThat(goTo.errorCode).isEqualTo("unknown_node");
            assertThat((String) goTo.result.join()).contains("nearest names: bedroom");
            assertThat(block.errorCode).isEqualTo("unknown_node");
            assertThat((String) block.result.join()).contains("nearest names: office");
            assertThat(offMap.errorCode).isEqualTo("unknown_node");
            assertThat((String) offMap.result.join()).contains("(100.0, 100.0) is not on the map's grid");
        }
    }
}
