package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requests the runtime can never carry out are refused with {@code bad_request} or {@code too_large},
 * never {@code busy} (which tells a client to try again), and never after they disturbed the robot: an
 * over-long place, non-finite coordinates, a new node named like an id or "x,y", a self-loop, a node far
 * outside the map. The sample house spans about 10 m x 8 m.
 */
@Tag("slow")
class RequestLimitsTest {

    @Test
    void shouldAnswerTooLargeAndNotBusyWhenAPlaceIsLongerThanAnyName() {
        try (SimHarness sim = new SimHarness()) {
            // given: a place of 40,000 characters, which fits in a 64 KiB MQTT payload but not in a command
            // record (32 KiB with the default queue): it was answered "busy", which invites a retry
            String longName = "k".repeat(40_000);
            SimHarness.Reply plan = new SimHarness.Reply();
            SimHarness.Reply goTo = new SimHarness.Reply();
            SimHarness.Reply edit = new SimHarness.Reply();

            // when
            sim.runtime.plan("dock", longName, "astar", plan);
            sim.runtime.goTo(longName, goTo);
            sim.runtime.editMap(new MapEdit.AddNode(longName, 1, 1), edit);
            sim.run(1, () -> plan.done() && goTo.done() && edit.done());

            // then
            assertThat(plan.errorCode).as("%s", plan.result.join()).isEqualTo("too_large");
            assertThat(goTo.errorCode).as("%s", goTo.result.join()).isEqualTo("too_large");
            assertThat(edit.errorCode).as("%s", edit.result.join()).isEqualTo("too_large");
            assertThat((String) plan.result.join()).contains("40000 bytes").contains("limit is 255").contains("\"kkkk");
            assertThat(sim.runtime.counters().commandsBusy.get()).isZero();
        }
    }

    @Test
    void shouldRefuseNonFiniteCoordinatesWithoutReplacingTheActiveGoal() {
        try (SimHarness sim = new SimHarness()) {
            // given: the robot is on its way to the kitchen
            SimHarness.Reply kitchen = new SimHarness.Reply();
            sim.runtime.goTo("kitchen", kitchen);
            sim.run(1, kitchen::done);
            assertThat(kitchen.errorCode).as("%s", kitchen.result.join()).isNull();

            // when
            for (String target : new String[] {"NaN,NaN", "Infinity,-Infinity", "1e999,0", "3,1e39"}) {
                SimHarness.Reply bad = new SimHarness.Reply();
                sim.runtime.goTo(target, bad);
                sim.run(1, bad::done);

                // then
                assertThat(bad.errorCode).as("%s: %s", target, bad.result.join()).isEqualTo("bad_request");
                assertThat((String) bad.result.join()).contains("\"" + target + "\"");
                assertThat(sim.runtime.status().goal()).as("goal after %s", target).isEqualTo("kitchen");
                assertThat(sim.runtime.status().state()).isEqualTo(Mission.State.DRIVING);
            }
        }
    }

    @Test
    void shouldRefuseANewNodeNamedLikeAnIdOrCoordinates() {
        try (SimHarness sim = new SimHarness()) {
            for (String name : new String[] {"17", " 42 ", "-3", "2.5,3", "1, -4"}) {
                SimHarness.Reply add = new SimHarness.Reply();
                sim.runtime.editMap(new MapEdit.AddNode(name, 1, 1), add);
                sim.run(1, add::done);

                assertThat(add.errorCode).as("%s: %s", name, add.result.join()).isEqualTo("bad_request");
                assertThat((String) add.result.join()).contains("name").contains("\"" + name + "\"");
            }
            SimHarness.Reply fine = new SimHarness.Reply();
            sim.runtime.editMap(new MapEdit.AddNode("charger 2", 1, 1), fine);
            sim.run(1, fine::done);
            assertThat(fine.errorCode).as("%s", fine.result.join()).isNull();
        }
    }

    @Test
    void shouldRefuseASelfLoopUnlessAskedForWhetherNamedTwiceOrByNameAndId() {
        try (SimHarness sim = new SimHarness()) {
            // given
            SimHarness.Reply status = new SimHarness.Reply();
            sim.runtime.plan("dock", "dock", "astar", status);
            sim.run(1, status::done);
            @SuppressWarnings("unchecked")
            int dock = ((int[]) ((Map<String, Object>) status.result.join()).get("nodes"))[0];
            SimHarness.Reply sameText = new SimHarness.Reply();
            SimHarness.Reply nameAndId = new SimHarness.Reply();
            SimHarness.Reply allowed = new SimHarness.Reply();

            // when
            sim.runtime.editMap(new MapEdit.AddEdge(Place.of("dock"), Place.of("dock"), 1, false), sameText);
            sim.runtime.editMap(new MapEdit.AddEdge(Place.of("dock"), Place.of(Integer.toString(dock)), 1, true), nameAndId);
            sim.runtime.editMap(new MapEdit.AddEdge(Place.of("dock"), Place.of("dock"), 1, false, true), allowed);
            sim.run(1, () -> sameText.done() && nameAndId.done() && allowed.done());

            // then
            assertThat(sameText.errorCode).as("%s", sameText.result.join()).isEqualTo("bad_request");
            assertThat(nameAndId.errorCode).as("%s", nameAndId.result.join()).isEqualTo("bad_request");
            assertThat((String) nameAndId.result.join()).contains("self-loop").contains("allowSelfLoop")
                    .contains("\"dock\"").contains("\"" + dock + "\"");
            assertThat(allowed.errorCode).as("%s", allowed.result.join()).isNull();
        }
    }

    @Test
    void shouldRefuseANodeOutsideTheMapWithItsMarginOrBeyondTheAbsoluteLimit() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply far = new SimHarness.Reply();
            SimHarness.Reply absurd = new SimHarness.Reply();
            SimHarness.Reply garden = new SimHarness.Reply();

            sim.runtime.editMap(new MapEdit.AddNode("moon", 1, 384_400f), far);
            sim.runtime.editMap(new MapEdit.AddNode("absurd", 3e30f, 1), absurd);
            sim.runtime.editMap(new MapEdit.AddNode("garden", -5, 12), garden); // within the 10 m margin
            sim.run(1, () -> far.done() && absurd.done() && garden.done());

            assertThat(far.errorCode).as("%s", far.result.join()).isEqualTo("bad_request");
            assertThat((String) far.result.join()).isEqualTo("bad_request: 'y' must be within the map, in [-9.975, 17.975] m"
                + " (its nodes' extent plus 10.0 m); was 384400.0");
            assertThat(absurd.errorCode).as("%s", absurd.result.join()).isEqualTo("bad_request");
            assertThat((String) absurd.result.join()).contains("x").contains("1000000 m").contains("3.0E30");
            assertThat(garden.errorCode).as("%s", garden.result.join()).isNull();
        }
    }
}
