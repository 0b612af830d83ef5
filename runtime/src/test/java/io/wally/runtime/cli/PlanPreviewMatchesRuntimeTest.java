package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.SimRobotFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code wally plan} and the runtime, given the same configuration, plan the same route at the same cost:
 * one map, one truth (the preview inflates the grid with the runtime's own routine and radius).
 */
class PlanPreviewMatchesRuntimeTest {

    private static final Path HOUSE = Path.of("../maps/samples/house.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0.15", "0.3"})
    void shouldCostWhatTheRuntimePlansWhenGivenTheSameConfig(String wheelBaseMeters) throws Exception {
        // given the sim config with this wheel base (the inflation radius follows from it)
        Path config = CliTestSupport.privateSimConfig(dir, Files.readString(Path.of("../robot-config/sim.yaml"))
                .replace("wheelBaseMeters: 0.15", "wheelBaseMeters: " + wheelBaseMeters));

        // when the command line plans dock -> kitchen, and the runtime started from that config plans the same trip
        JsonNode preview = planJson("--config", config.toString());
        Map<?, ?> robot = runtimePlan(new ConfigLoader().load(config), "dock", "kitchen");

        // then both found the same route at the same cost
        assertThat(preview.get("found").asBoolean()).isTrue();
        assertThat(preview.get("inflatedCells").asInt()).isPositive();
        assertThat(preview.get("cost").asDouble()).isCloseTo(((Number) robot.get("cost")).doubleValue(), within(1e-4));
        assertThat(preview.get("hops").asInt()).isEqualTo(((Number) robot.get("hops")).intValue());
    }

    @Test
    void shouldCostMoreThanTheUninflatedGridWhenInflated() throws Exception {
        // given the runtime's inflation and none
        Path config = CliTestSupport.privateSimConfig(dir);
        double inflated = planJson("--config", config.toString()).get("cost").asDouble();
        JsonNode bare = planJson("--config", config.toString(), "--inflation", "0");

        // then keeping clear of the furniture costs a detour (7.31 against 7.18 m on the sample house)
        assertThat(bare.get("inflatedCells").asInt()).isZero();
        assertThat(inflated).isGreaterThan(bare.get("cost").asDouble() + 0.05);
    }

    @Test
    void shouldRefuseAnInflationOutOfRange() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = CliTestSupport.run(out, err, "plan", "--map", HOUSE.toString(), "--from", "dock", "--to", "kitchen",
                "--inflation", "-1");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--inflation must be in [0, 10] metres; was -1.0");
    }

    private static JsonNode planJson(String... options) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[8 + options.length];
        System.arraycopy(new String[] {"plan", "--map", HOUSE.toString(), "--from", "dock", "--to", "kitchen", "--json"}, 0, args, 0, 8);
        System.arraycopy(options, 0, args, 8, options.length);
        int code = CliTestSupport.run(out, err, args);
        assertThat(code).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    /** The runtime of {@code config} on the simulated robot, stepped by hand until its planner answers. */
    private static Map<?, ?> runtimePlan(WallyConfig config, String from, String to) throws Exception {
        try (SimRobot robot = SimRobotFactory.create(config, HOUSE);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).manualStepping().start()) {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            runtime.plan(from, to, "astar", new CommandReply() {
                @Override
                public void ok(Object result) {
                    answer.complete(result);
                }

                @Override
                public void error(ErrorCode code, String message) {
                    answer.complete(code + ": " + message);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!answer.isDone() && System.nanoTime() < deadline) {
                runtime.step();
            }
            Object result = answer.getNow("no reply within 20 s");
            assertThat(result).as("the runtime's plan reply").isInstanceOf(Map.class);
            return (Map<?, ?>) result;
        }
    }
}
