package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import io.wally.maps.zone.Zone;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zones through the whole runtime, stepped by hand in the simulated sample house: added, listed and removed on
 * the command path; routes avoid a keep-out zone; a robot inside one leaves and says so; a speed zone caps the
 * robot's true speed.
 */
@Tag("slow")
class ZonesInLoopTest {

    /** Across the living room from the floor to y = 2.2 (x 3.5 to 4.5): the straight dock-to-kitchen route crosses it. */
    private static final Zone WALL = Zone.keepout("rug", new double[] {3.5, -0.5, 4.5, -0.5, 4.5, 2.2, 3.5, 2.2});

    /** A runtime on the simulated house that records its telemetry. */
    private static final class Rig implements AutoCloseable {
        final WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);
        final SimRobot robot = SimHarness.houseRobot(config);
        final List<Object[]> telemetry = new CopyOnWriteArrayList<>();
        final WallyRuntime runtime = WallyRuntime.builder(config, robot).telemetry((topic, payload) -> telemetry.add(new Object[] {topic, payload}))
                .manualStepping().start();

        void run(double seconds, java.util.function.BooleanSupplier until) {
            long steps = Math.round(seconds / robot.settings().stepSeconds());
            for (long i = 0; i < steps && !until.getAsBoolean(); i++) {
                robot.step();
                runtime.step();
            }
        }

        SimHarness.Reply edit(MapEdit edit) {
            SimHarness.Reply r = new SimHarness.Reply();
            runtime.editMap(edit, r);
            run(1, r::done);
            assertThat(r.done()).isTrue();
            return r;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> plan(String from, String to) {
            SimHarness.Reply r = new SimHarness.Reply();
            runtime.plan(from, to, "astar", r);
            run(1, r::done);
            assertThat(r.errorCode).as("plan: %s", r.result.getNow(null)).isNull();
            return (Map<String, Object>) r.result.join();
        }

        List<Map<String, Object>> events(String name) {
            return telemetry.stream().filter(t -> ((String) t[0]).endsWith("event")).map(t -> asMap(t[1]))
                    .filter(m -> name.equals(m.get("event"))).toList();
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> asMap(Object o) {
            return (Map<String, Object>) o;
        }

        @Override
        public void close() {
            runtime.close();
            robot.close();
        }
    }

    @Test
    void zonesAreAddedListedAndRemovedOnTheCommandPathAndRoutesAvoidKeepouts() {
        try (Rig rig = new Rig()) {
            Map<String, Object> before = rig.plan("dock", "kitchen");
            assertThat(crosses((double[][]) before.get("points"), WALL)).as("the straight route crosses the zone").isTrue();

            SimHarness.Reply add = rig.edit(new MapEdit.AddZone(WALL));
            assertThat(add.errorCode).as("%s", add.result.join()).isNull();
            Map<String, Object> around = rig.plan("dock", "kitchen");
            assertThat(crosses((double[][]) around.get("points"), WALL)).isFalse();
            assertThat((double) around.get("cost")).isGreaterThan((double) before.get("cost"));
            assertThat((long) around.get("graphVersion")).isGreaterThan((long) before.get("graphVersion"));

            @SuppressWarnings("unchecked")
            Map<String, Object> listed = (Map<String, Object>) rig.edit(new MapEdit.ListZones()).result.join();
            assertThat(listed.toString()).contains("name=rug").contains("kind=keepout");

            assertThat(rig.edit(new MapEdit.RemoveZone("rug")).errorCode).isNull();
            assertThat((double) rig.plan("dock", "kitchen").get("cost")).isEqualTo((double) before.get("cost"));
            SimHarness.Reply again = rig.edit(new MapEdit.RemoveZone("rug"));
            assertThat(again.errorCode).isEqualTo("unknown_zone");
            assertThat((String) again.result.join()).contains("no zone 'rug'");
        }
    }

    @Test
    void editsSentBackToBackAreAllApplied() {
        try (Rig rig = new Rig()) {
            // three edits queued before the map writer runs once: each applied edit publishes, and the next
            // must claim the writer again (the second one failed with "no private replica" before)
            SimHarness.Reply first = new SimHarness.Reply();
            SimHarness.Reply second = new SimHarness.Reply();
            SimHarness.Reply third = new SimHarness.Reply();
            rig.runtime.editMap(new MapEdit.AddZone(WALL), first);
            rig.runtime.editMap(new MapEdit.AddZone(Zone.keepout("box", new double[] {7, 3, 7.5, 3, 7.5, 3.5, 7, 3.5})), second);
            rig.runtime.editMap(new MapEdit.ListZones(), third);
            rig.run(1, () -> first.done() && second.done() && third.done());
            assertThat(first.errorCode).as("first: %s", first.result.getNow(null)).isNull();
            assertThat(second.errorCode).as("second: %s", second.result.getNow(null)).isNull();
            assertThat(third.errorCode).as("third: %s", third.result.getNow(null)).isNull();
            assertThat(third.result.join().toString()).contains("rug").contains("box");
        }
    }

    @Test
    void aGoalInsideAKeepoutIsRefusedSayingWhy() {
        try (Rig rig = new Rig()) {
            rig.edit(new MapEdit.AddZone(Zone.keepout("kitchen floor", new double[] {7, 0, 9, 0, 9, 1.5, 7, 1.5})));
            SimHarness.Reply go = new SimHarness.Reply();
            rig.runtime.goTo("kitchen", go);
            rig.run(1, go::done);
            assertThat(go.errorCode).isEqualTo("no_path");
            assertThat((String) go.result.join()).contains("inside keep-out zone 'kitchen floor'");
        }
    }

    @Test
    void aRobotFoundInsideAKeepoutLeavesByTheShortestWayOutAndSaysSo() {
        try (Rig rig = new Rig()) {
            rig.run(0.5, () -> false);
            // drawn around the robot at the dock (1, 1): the nearest way out is east (x > 1.6), the walls are near elsewhere
            Zone around = Zone.keepout("around dock", new double[] {0, 0, 1.6, 0, 1.6, 2.0, 0, 2.0});
            assertThat(rig.edit(new MapEdit.AddZone(around)).errorCode).isNull();
            rig.run(30, () -> rig.runtime.mission().state() == Mission.State.ARRIVED);
            assertThat(rig.runtime.mission().goal()).isEqualTo("leave keep-out zone 'around dock'");
            assertThat(rig.runtime.mission().state()).as(rig.runtime.mission().reason()).isEqualTo(Mission.State.ARRIVED);
            SimRobot.Pose pose = rig.robot.truePose();
            assertThat(pose.xMeters()).as("left eastwards, just out of the zone").isBetween(1.5, 2.2);
            rig.run(1, () -> !rig.events("zone_exit").isEmpty());
            assertThat(rig.events("zone_exit")).first().satisfies(e -> assertThat(e.toString()).contains("around dock"));

            // and a goal from inside a keep-out zone starts with the way out
            SimHarness.Reply go = new SimHarness.Reply();
            rig.edit(new MapEdit.AddZone(Zone.keepout("around dock", new double[] {0, 0, 2.6, 0, 2.6, 2.0, 0, 2.0})));
            rig.runtime.goTo("kitchen", go);
            rig.run(60, () -> rig.runtime.mission().state() == Mission.State.ARRIVED && rig.runtime.mission().goal().equals("kitchen"));
            assertThat(go.errorCode).as("%s", go.result.getNow(null)).isNull();
            assertThat(rig.runtime.mission().goal()).isEqualTo("kitchen");
            assertThat(rig.runtime.mission().state()).isEqualTo(Mission.State.ARRIVED);
        }
    }

    @Test
    void aSpeedZoneCapsTheTrueSpeedAndTelemetrySaysSo() {
        try (Rig rig = new Rig()) {
            Zone slow = Zone.speed("slow living room", new double[] {2.5, 0, 5.5, 0, 5.5, 3.4, 2.5, 3.4}, 1.0, 0.1);
            assertThat(rig.edit(new MapEdit.AddZone(slow)).errorCode).isNull();
            SimHarness.Reply go = new SimHarness.Reply();
            rig.runtime.goTo("kitchen", go);
            double window = 0.2;
            long stepsPerWindow = Math.round(window / rig.robot.settings().stepSeconds());
            double maxInside = 0;
            double maxOutside = 0;
            for (int w = 0; w < 600 && rig.runtime.mission().state() != Mission.State.ARRIVED; w++) {
                SimRobot.Pose a = rig.robot.truePose();
                for (long i = 0; i < stepsPerWindow; i++) {
                    rig.robot.step();
                    rig.runtime.step();
                }
                SimRobot.Pose b = rig.robot.truePose();
                double speed = Math.hypot(b.xMeters() - a.xMeters(), b.yMeters() - a.yMeters()) / window;
                // well inside (both ends 0.15 m from the edges): the cap must hold there
                if (slow.contains(a.xMeters(), a.yMeters()) && slow.contains(b.xMeters(), b.yMeters())
                        && slow.contains(a.xMeters() - 0.15, a.yMeters()) && slow.contains(b.xMeters() + 0.15, b.yMeters())) {
                    maxInside = Math.max(maxInside, speed);
                } else if (!slow.contains(a.xMeters(), a.yMeters()) && !slow.contains(b.xMeters(), b.yMeters())) {
                    maxOutside = Math.max(maxOutside, speed);
                }
            }
            assertThat(rig.runtime.mission().state()).isEqualTo(Mission.State.ARRIVED);
            assertThat(maxInside).as("true speed inside the zone").isPositive().isLessThanOrEqualTo(0.1 * 1.1);
            assertThat(maxOutside).as("true speed outside").isGreaterThan(0.2);
            assertThat(rig.telemetry.stream().filter(t -> ((String) t[0]).endsWith("plan")).map(t -> Rig.asMap(t[1]))
                    .anyMatch(m -> Double.valueOf(0.1).equals(m.get("speedCapMps")))).as("telemetry/plan carried speedCapMps 0.1").isTrue();
        }
    }

    /** Whether a straight segment of the route passes through the zone (sampled every 5 cm). */
    private static boolean crosses(double[][] points, Zone zone) {
        for (int i = 1; i < points.length; i++) {
            double d = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
            int n = Math.max(1, (int) Math.ceil(d / 0.05));
            for (int k = 0; k <= n; k++) {
                double t = k / (double) n;
                if (zone.contains(points[i - 1][0] + t * (points[i][0] - points[i - 1][0]), points[i - 1][1] + t * (points[i][1] - points[i - 1][1]))) {
                    return true;
                }
            }
        }
        return false;
    }
}
