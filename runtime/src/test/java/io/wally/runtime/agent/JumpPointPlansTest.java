package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.zone.Zone;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmd/plan} with the default algorithm, {@code auto}: jump point search where it finds A*'s cost (the
 * map still the uniform grid it was imported as), else A*. On the sample house it is A*: inflation blocks cells
 * that import-time diagonal edges pass, and A* (like the robot's own route search) cuts their corners.
 */
@Tag("slow")
class JumpPointPlansTest {

    @TempDir
    Path tmp;

    @Test
    void shouldPlanWithJumpPointsAtTheCostOfAStarOnAnOpenGridUntilAZoneOrAnEditMakesItAnotherGraph() throws Exception {
        // an empty 8 m x 6 m room: its inflated walls have no outer corners for A* to cut
        StringBuilder pgm = new StringBuilder("P2\n80 60\n255\n");
        for (int row = 0; row < 60; row++) {
            for (int col = 0; col < 80; col++) {
                pgm.append(row == 0 || col == 0 || row == 59 || col == 79 ? "0 " : "254 ");
            }
            pgm.append('\n');
        }
        Files.writeString(tmp.resolve("room.pgm"), pgm);
        Path map = Files.writeString(tmp.resolve("room.yaml"),
                "image: room.pgm\nresolution: 0.1\norigin: [0, 0, 0]\noccupied_thresh: 0.65\nfree_thresh: 0.196\n");
        String sim = Files.readString(SimHarness.SIM_CONFIG).replace("file: ../maps/samples/house.yaml", "file: " + map);
        WallyConfig config = new ConfigLoader().load(Files.writeString(tmp.resolve("room-sim.yaml"), sim));
        AtomicLong now = new AtomicLong();
        FakeRobot robot = new FakeRobot(now::get);
        robot.noEcho(); // nothing sensed: the grid stays as imported
        try (WallyRuntime runtime = WallyRuntime.builder(config, robot).startPose(1.0, 1.0, 0).manualStepping().start()) {
            for (String[] trip : new String[][] {{"1,1", "7,5"}, {"7.2,0.8", "0.5,5.4"}, {"4,3", "4.05,3"}}) {
                Map<String, Object> auto = plan(runtime, now, trip[0], trip[1], null);
                Map<String, Object> astar = plan(runtime, now, trip[0], trip[1], "astar");
                assertThat(auto.get("algorithm")).as("%s -> %s", trip[0], trip[1]).isEqualTo("jps");
                assertThat((double) auto.get("cost")).as("%s -> %s", trip[0], trip[1]).isCloseTo((double) astar.get("cost"), within(1e-3));
                assertThat((long) auto.get("expansions")).isLessThanOrEqualTo((long) astar.get("expansions"));
            }
            assertThat(plan(runtime, now, "1,1", "7,5", "jps").get("algorithm")).isEqualTo("jps");

            assertThat(edit(runtime, now, new MapEdit.AddZone(Zone.keepout("rug", new double[] {3, 1, 5, 1, 5, 5, 3, 5}))).errorCode).isNull();
            assertThat(plan(runtime, now, "1,1", "7,5", null).get("algorithm")).as("with a zone").isEqualTo("astar");
            SimHarness.Reply refused = ask(runtime, now, "1,1", "7,5", "jps");
            assertThat(refused.errorCode).isEqualTo("bad_request");
            assertThat((String) refused.result.join()).contains("algorithm jps needs");
            assertThat(edit(runtime, now, new MapEdit.RemoveZone("rug")).errorCode).isNull();
            assertThat(plan(runtime, now, "1,1", "7,5", null).get("algorithm")).isEqualTo("jps");

            // a shortcut edge between two cells far apart: jump point search would not see it
            assertThat(edit(runtime, now, new MapEdit.AddEdge(Place.of("1,1"),
                    Place.of("7,5"), 0.5f, true)).errorCode).isNull();
            Map<String, Object> shortcut = plan(runtime, now, "1,1", "7,5", null);
            assertThat(shortcut.get("algorithm")).isEqualTo("astar");
            assertThat((double) shortcut.get("cost")).isCloseTo(0.5, within(1e-3));
        }
    }

    @Test
    void shouldPlanWithAStarOnTheInflatedHouseAndRefuseJumpPointsThere() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply auto = new SimHarness.Reply();
            SimHarness.Reply jps = new SimHarness.Reply();
            sim.runtime.plan("office", "living room", null, auto);
            sim.runtime.plan("office", "living room", "jps", jps);
            sim.run(1, () -> auto.done() && jps.done());
            assertThat(auto.errorCode).isNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) auto.result.join();
            assertThat(result.get("algorithm")).isEqualTo("astar");
            assertThat(jps.errorCode).isEqualTo("bad_request");
        }
    }

    private static Map<String, Object> plan(WallyRuntime runtime, AtomicLong now, String from, String to, String algorithm) {
        SimHarness.Reply r = ask(runtime, now, from, to, algorithm);
        assertThat(r.errorCode).as("plan %s -> %s: %s", from, to, r.result.getNow(null)).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) r.result.join();
        return result;
    }

    private static SimHarness.Reply ask(WallyRuntime runtime, AtomicLong now, String from, String to, String algorithm) {
        SimHarness.Reply r = new SimHarness.Reply();
        runtime.plan(from, to, algorithm, r);
        step(runtime, now, r);
        return r;
    }

    private static SimHarness.Reply edit(WallyRuntime runtime, AtomicLong now, MapEdit edit) {
        SimHarness.Reply r = new SimHarness.Reply();
        runtime.submit(new Request.EditMap(edit), r);
        step(runtime, now, r);
        return r;
    }

    private static void step(WallyRuntime runtime, AtomicLong now, SimHarness.Reply r) {
        for (int i = 0; i < 400 && !r.done(); i++) {
            now.addAndGet(5_000_000L);
            runtime.step();
        }
        assertThat(r.done()).as("answered").isTrue();
    }
}
