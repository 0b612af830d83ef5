package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cycle times and the sensor-to-graph latency are measured on the machine's clock, so the simulator, whose
 * clock stands still while the pipeline works, reports them too (they read 0 when measured on simulated time).
 */
class WallClockTimingTest {

    private static final long SECOND = 1_000_000_000L;

    private final WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);

    private static void assertPlausible(Map<String, Long> counters) {
        assertThat(counters.get("controlCycles")).isPositive();
        // a control cycle does a few microseconds of work: above 0, and far below the 20 ms period on any machine
        assertThat(counters.get("lastCycleNanos")).as("lastCycleNanos").isPositive().isLessThan(SECOND / 10);
        assertThat(counters.get("maxCycleNanos")).as("maxCycleNanos").isGreaterThanOrEqualTo(counters.get("lastCycleNanos"))
                .isLessThan(SECOND);
        // a reading that marks cells reaches the published graph within the same step (lockstep) or a few
        // idle parks of the map agent (threads): microseconds to milliseconds
        assertThat(counters.get("sensorToGraphP99Nanos")).as("sensorToGraphP99Nanos").isPositive().isLessThan(SECOND / 2);
    }

    @Test
    void shouldMeasureCyclesAndSensorToGraphWhenTheSimulatorStepsInLockstep() {
        // given the simulator as wally sim runs it: one simulation step, then one pass over every agent
        try (SimRobot robot = SimHarness.houseRobot(config);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).manualStepping().start()) {
            runtime.submit(new Request.GoTo(new Place.Named("kitchen")), CommandReply.DISCARD);

            // when it drives for 5 s of simulated time (walls come into view and are marked)
            for (int i = 0; i < 1000 && runtime.sensorToGraphLatency().count() < 20; i++) {
                robot.step();
                runtime.step();
            }

            // then
            assertThat(robot.simClock().seconds()).isLessThanOrEqualTo(5.0);
            assertPlausible(runtime.status().counters());
        }
    }

    @Test
    @Timeout(30)
    void shouldMeasureCyclesAndSensorToGraphWhenTheAgentsRunOnTheirThreads() throws InterruptedException {
        // given the simulated robot stepping in real time on its own thread, the agents on theirs (wally run's way)
        try (SimRobot robot = SimHarness.houseRobot(config); WallyRuntime runtime = WallyRuntime.start(config, robot, TelemetrySink.NONE)) {
            robot.start(1.0);
            Thread.sleep(1200); // past the sensors' start-up grace
            runtime.submit(new Request.GoTo(new Place.Named("kitchen")), CommandReply.DISCARD);

            // when it drives for at least a second and until a reading changed the graph
            long start = System.nanoTime();
            while ((runtime.sensorToGraphLatency().count() < 1 || System.nanoTime() - start < SECOND)
                    && System.nanoTime() - start < 15 * SECOND) {
                Thread.sleep(50);
            }

            // then
            assertPlausible(runtime.status().counters());
        }
    }
}
