package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link io.wally.runtime.WallyRuntime} as {@link io.wally.runtime.command.RobotCommands}: requests are
 * queued and answered by the agents; a full queue answers "busy" at once; stop is always accepted;
 * map edits go through the graph's single writer and are visible to later plans.
 */
@Tag("slow")
class RobotCommandsTest {

    @Test
    void shouldAnswerBusyAtOnceWhenTheCommandQueueIsFullAndStillAcceptStop() {
        try (SimHarness sim = new SimHarness()) {
            // given: nobody drains the planner's queue (the runtime is not stepped)
            List<SimHarness.Reply> replies = new ArrayList<>();

            // when
            for (int i = 0; i < 5_000; i++) {
                SimHarness.Reply r = new SimHarness.Reply();
                sim.runtime.plan("dock", "kitchen", "astar", r);
                replies.add(r);
            }
            SimHarness.Reply stop = new SimHarness.Reply();
            sim.runtime.stop("test", stop);

            // then
            long busy = replies.stream().filter(r -> "busy".equals(r.errorCode)).count();
            assertThat(busy).as("refused at once").isPositive();
            assertThat(sim.runtime.counters().commandsBusy.get()).isEqualTo(busy);
            assertThat(stop.done()).isTrue();
            assertThat(stop.errorCode).isNull();

            // and the queued ones are all answered once the agents run
            sim.run(2, () -> replies.stream().allMatch(SimHarness.Reply::done));
            assertThat(replies).allMatch(SimHarness.Reply::done);
            assertThat(replies.stream().filter(r -> r.errorCode == null).count()).isEqualTo(5_000 - busy);
        }
    }

    @Test
    void shouldPlanAroundANodeBlockedByAMapEditWhenPlanningAfterIt() {
        try (SimHarness sim = new SimHarness()) {
            // given
            SimHarness.Reply first = new SimHarness.Reply();
            sim.runtime.plan("dock", "kitchen", "astar", first);
            sim.run(1, first::done);
            assertThat(first.errorCode).isNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> plan1 = (Map<String, Object>) first.result.join();
            int[] nodes = (int[]) plan1.get("nodes");
            int middle = nodes[nodes.length / 2];

            // when
            SimHarness.Reply edit = new SimHarness.Reply();
            sim.runtime.editMap(new MapEdit.SetBlocked(Place.of(Integer.toString(middle)), true), edit);
            sim.run(1, edit::done);
            SimHarness.Reply second = new SimHarness.Reply();
            sim.runtime.plan("dock", "kitchen", "astar", second);
            sim.run(1, second::done);

            // then
            assertThat(edit.errorCode).as("edit reply %s", edit.result.join()).isNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> plan2 = (Map<String, Object>) second.result.join();
            assertThat((long) plan2.get("graphVersion")).isGreaterThan((long) plan1.get("graphVersion"));
            assertThat((int[]) plan2.get("nodes")).doesNotContain(middle);
            assertThat((double) plan2.get("cost")).isGreaterThanOrEqualTo((double) plan1.get("cost"));
        }
    }

    @Test
    void shouldReplyWithSpecificErrorsWhenPlacesOrAlgorithmsAreUnknown() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply unknownPlace = new SimHarness.Reply();
            SimHarness.Reply unknownAlgo = new SimHarness.Reply();
            SimHarness.Reply unknownNode = new SimHarness.Reply();
            sim.runtime.plan("dock", "attic", "astar", unknownPlace);
            sim.runtime.plan("dock", "kitchen", "teleport", unknownAlgo);
            sim.runtime.editMap(new MapEdit.SetBlocked(Place.of("nowhere"), true), unknownNode);
            sim.run(1, () -> unknownPlace.done() && unknownAlgo.done() && unknownNode.done());
            assertThat(unknownPlace.errorCode).isEqualTo("unknown_node");
            assertThat(unknownAlgo.errorCode).isEqualTo("bad_request");
            assertThat(unknownNode.errorCode).isEqualTo("unknown_node");
        }
    }
}
