package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both thread layouts run the pipeline: a goal is accepted and the motors driven on the real agent
 * threads, whose names say their roles; telemetry reaches the sink, and a sink that throws is counted,
 * never fatal.
 */
@Tag("slow")
class PipelineThreadingTest {

    private static final WallyConfig SIM = new ConfigLoader().load(SimHarness.SIM_CONFIG);

    private static WallyConfig withThreading(WallyConfig.Control.Threading threading) {
        WallyConfig.Control c = SIM.control();
        return new WallyConfig(SIM.robot(), SIM.map(), SIM.store(),
                new WallyConfig.Control(c.loopHz(), c.watchdogMillis(), threading, c.queueCapacity()), SIM.drive(),
                SIM.motors(), SIM.sensors(), SIM.sim(), SIM.mqtt());
    }

    @ParameterizedTest
    @EnumSource(WallyConfig.Control.Threading.class)
    void shouldDriveOnTheAgentThreadsWhenThreadingIs(WallyConfig.Control.Threading threading) throws InterruptedException {
        // given
        FakeRobot robot = new FakeRobot(System::nanoTime);
        Map<String, AtomicLong> topics = new ConcurrentHashMap<>();
        TelemetrySink sink = (topic, payload) -> topics.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        try (WallyRuntime runtime = WallyRuntime.builder(withThreading(threading), robot).telemetry(sink).startPose(1.0, 1.0, 0).start()) {
            // when
            SimHarness.Reply reply = new SimHarness.Reply();
            runtime.goTo("kitchen", reply);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((!robot.motors.running() || !topics.containsKey("event") || !topics.containsKey("health"))
                    && System.nanoTime() < until) {
                Thread.sleep(5);
            }

            // then
            assertThat(reply.errorCode).as("goal reply %s; counters %s", reply.result.getNow(null), runtime.counters().snapshot())
                    .isNull();
            assertThat(robot.motors.running()).as("driving; %s", runtime.status().line()).isTrue();
            Set<String> roles = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("wally-") || n.contains(",")).collect(Collectors.toSet());
            if (threading == WallyConfig.Control.Threading.DEDICATED) {
                assertThat(roles).contains("wally-sensors", "wally-map", "wally-motion", "wally-planner", "wally-telemetry",
                        "wally-watchdog");
            } else {
                assertThat(roles).contains("wally-watchdog").doesNotContain("wally-motion", "wally-planner");
            }
            assertThat(topics).containsKeys("pose", "plan", "health", "event");
        } finally {
            robot.close();
        }
    }

    @Test
    void shouldCountAndSurviveASinkThatThrows() {
        // given
        AtomicLong calls = new AtomicLong();
        TelemetrySink broken = (topic, payload) -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("refused " + topic);
        };
        AtomicLong now = new AtomicLong(1_000_000_000L);
        FakeRobot robot = new FakeRobot(now::get);
        try (WallyRuntime runtime = WallyRuntime.builder(SIM, robot).telemetry(broken).startPose(1.0, 1.0, 0).manualStepping().start()) {
            // when: 3 s of pipeline
            for (int i = 0; i < 3_000; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
            }

            // then
            assertThat(calls.get()).isPositive();
            assertThat(runtime.counters().telemetryFailed.get()).isEqualTo(calls.get());
            assertThat(runtime.counters().controlCycles.get()).isGreaterThan(100);
            assertThat(runtime.safety().faulted()).isFalse();
        }
    }
}
