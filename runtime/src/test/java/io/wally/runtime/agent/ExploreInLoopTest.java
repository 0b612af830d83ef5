package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code cmd/explore} through the whole runtime, stepped by hand: the simulated robot drives in the sample house
 * (the simulator's world) while the runtime starts from a blank map of it ({@link RuntimeMap#blank}: the house's grid
 * and places, every cell unknown). The exploration maps the house by driving to frontiers; a stop ends it at once.
 */
@Tag("slow")
class ExploreInLoopTest {

    private static final Path HOUSE = Path.of("../maps/samples/house.yaml");

    /** A runtime on a blank map of the house, the robot in the true house, recording telemetry events. */
    private static final class Rig implements AutoCloseable {
        final WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);
        final SimRobot robot = SimHarness.houseRobot(config);
        final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        final WallyRuntime runtime = WallyRuntime.builder(config, robot)
                .map(RuntimeMap.blank(HOUSE, config.map().connectivity(), WallyRuntime.inflationMeters(config)))
                .telemetry((topic, payload) -> {
                    if (topic.endsWith("event")) {
                        events.add(asMap(payload));
                    }
                })
                .manualStepping().start();

        void run(double seconds, BooleanSupplier until) {
            long steps = Math.round(seconds / robot.settings().stepSeconds());
            for (long i = 0; i < steps && !until.getAsBoolean(); i++) {
                robot.step();
                runtime.step();
            }
        }

        SimHarness.Reply send(Request request) {
            SimHarness.Reply reply = new SimHarness.Reply();
            runtime.submit(request, reply);
            run(1, reply::done);
            assertThat(reply.done()).as("%s answered", request.command()).isTrue();
            return reply;
        }

        List<Map<String, Object>> explore(String state) {
            return events.stream().filter(e -> "explore".equals(e.get("event")) && state.equals(e.get("state"))).toList();
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
    @SuppressWarnings("unchecked")
    void shouldMapTheHouseByDrivingToFrontiersWhenExploringABlankMap() {
        try (Rig rig = new Rig()) {
            SimRobot.Pose start = rig.robot.truePose();
            // given a blank map: nothing is known free
            // when
            SimHarness.Reply reply = rig.send(new Request.Explore(600, Double.POSITIVE_INFINITY));
            assertThat(reply.errorCode).as("explore: %s", reply.result.getNow(null)).isNull();
            Map<String, Object> result = (Map<String, Object>) reply.result.join();
            assertThat(result).containsEntry("state", "started").containsEntry("budgetSeconds", 600.0);
            rig.run(600, () -> !rig.explore("done").isEmpty());
            // then: it ends by itself (seed 42: after 360 s), the house mapped (62.8 m2 of free floor in truth)
            assertThat(rig.explore("done")).as("ended with no reachable frontier left").hasSize(1);
            Map<String, Object> done = rig.explore("done").getFirst();
            double free = ((Number) done.get("freeSquareMeters")).doubleValue();
            System.out.println("explore: " + done + "; collisions " + rig.robot.collisions());
            assertThat(rig.explore("target")).as("targets driven to").hasSizeGreaterThanOrEqualTo(10);
            assertThat(free).as("known free area, m2").isGreaterThan(45);
            assertThat(((Number) done.get("drivenMeters")).doubleValue()).as("driven, m").isGreaterThan(20);
            // and every explore event is one docs/schemas/telemetry-event.schema.json accepts
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(readSchema("telemetry-event"), InputFormat.JSON);
            for (Map<String, Object> e : rig.events) {
                String json = writeJson(e);
                assertThat(schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList()).as(json).isEmpty();
            }
            SimRobot.Pose now = rig.robot.truePose();
            assertThat(Math.hypot(now.xMeters() - start.xMeters(), now.yMeters() - start.yMeters())).as("moved, m").isGreaterThan(1.5);
        }
    }

    private static String readSchema(String name) {
        try {
            return Files.readString(Path.of("../docs/schemas/" + name + ".schema.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String writeJson(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldEndExplorationAtOnceWhenStopIsSent() {
        try (Rig rig = new Rig()) {
            rig.send(new Request.Explore(600, Double.POSITIVE_INFINITY));
            rig.run(60, () -> !rig.explore("target").isEmpty() && rig.runtime.mission().state() == Mission.State.DRIVING);
            assertThat(rig.explore("target")).as("a target before the stop").isNotEmpty();
            // when
            SimHarness.Reply stop = rig.send(new Request.Stop("test"));
            assertThat(stop.errorCode).isNull();
            int targetsAtStop = rig.explore("target").size();
            SimRobot.Pose atStop = rig.robot.truePose();
            rig.run(20, () -> false);
            // then
            assertThat(rig.explore("stopped")).as("stopped event").hasSize(1);
            assertThat(rig.explore("target")).as("no target after the stop").hasSize(targetsAtStop);
            assertThat(rig.runtime.mission().state()).isNotEqualTo(Mission.State.DRIVING);
            assertThat(rig.robot.motors().leftDuty()).isZero();
            assertThat(rig.robot.motors().rightDuty()).isZero();
            SimRobot.Pose after = rig.robot.truePose();
            assertThat(Math.hypot(after.xMeters() - atStop.xMeters(), after.yMeters() - atStop.yMeters())).as("coasted, m").isLessThan(0.05);
        }
    }

    @Test
    void shouldEndWhenTheTimeBudgetEnds() {
        try (Rig rig = new Rig()) {
            rig.send(new Request.Explore(10, Double.POSITIVE_INFINITY));
            rig.run(15, () -> !rig.explore("budget_ended").isEmpty());
            assertThat(rig.explore("budget_ended")).hasSize(1);
            rig.run(2, () -> false);
            assertThat(rig.robot.motors().leftDuty()).isZero();
            assertThat(rig.robot.motors().rightDuty()).isZero();
        }
    }
}
