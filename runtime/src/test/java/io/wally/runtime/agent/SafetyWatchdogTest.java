package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.WallyRuntime;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The motors stop within the deadline ({@code control.watchdogMillis}, 200 ms in the sim config) when a
 * sensor stops answering: once with a hand-stepped clock (deterministic: readings whose timestamps
 * stop moving), once on the real agent threads with a sensor whose driver hangs (the control thread
 * blocks; the watchdog's own thread stops the motors).
 */
@Tag("slow")
class SafetyWatchdogTest {

    private static final WallyConfig CONFIG = new ConfigLoader().load(SimHarness.SIM_CONFIG);

    @Test
    void shouldStopTheMotorsWithinTheDeadlineWhenASensorStopsAnswering() {
        // given: a robot driving towards the kitchen on a hand-stepped clock, 1 ms per step
        AtomicLong now = new AtomicLong(1_000_000_000L);
        FakeRobot robot = new FakeRobot(now::get);
        long deadline = TimeUnit.MILLISECONDS.toNanos(CONFIG.control().watchdogMillis());
        long period = 1_000_000_000L / CONFIG.control().loopHz();
        try (WallyRuntime runtime = WallyRuntime.builder(CONFIG, robot).startPose(1.0, 1.0, 0).manualStepping().start()) {
            SimHarness.Reply reply = new SimHarness.Reply();
            runtime.goTo("kitchen", reply);
            for (int i = 0; i < 6_000; i++) { // past the start-up grace period
                now.addAndGet(1_000_000);
                runtime.step();
            }
            assertThat(reply.errorCode).isNull();
            assertThat(robot.motors.running()).as("driving before the stall").isTrue();

            // when: the sensors' readings stop being refreshed
            robot.freezeSensors();
            long stoppedAt = Long.MIN_VALUE;
            for (int i = 0; i < 1_000 && stoppedAt == Long.MIN_VALUE; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
                if (!robot.motors.running() && robot.motors.lastStopNanos > robot.frozenAtNanos()) {
                    stoppedAt = robot.motors.lastStopNanos;
                }
            }

            // then
            assertThat(stoppedAt).as("motors stopped").isNotEqualTo(Long.MIN_VALUE);
            assertThat(stoppedAt - robot.frozenAtNanos()).as("stop after the last fresh reading, ns")
                    .isLessThanOrEqualTo(deadline + period);
            assertThat(runtime.safety().reason()).contains("stopped answering");
            assertThat(runtime.mission().state()).isEqualTo(Mission.State.FAILED);
            for (int i = 0; i < 500; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
                assertThat(robot.motors.running()).as("stays stopped while faulted").isFalse();
            }
        }
    }

    @Test
    void shouldStopTheMotorsFromTheWatchdogThreadWhenASensorDriverHangsTheControlLoop() throws InterruptedException {
        // given: the real runners (composed) on the system clock, driving
        FakeRobot robot = new FakeRobot(System::nanoTime);
        long deadline = TimeUnit.MILLISECONDS.toNanos(CONFIG.control().watchdogMillis());
        try (WallyRuntime runtime = WallyRuntime.builder(CONFIG, robot).startPose(1.0, 1.0, 0).start()) {
            SimHarness.Reply reply = new SimHarness.Reply();
            runtime.goTo("kitchen", reply);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!robot.motors.running() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(robot.motors.running()).as("driving before the stall (reply %s)", reply.result.getNow(null)).isTrue();

            // when: the range sensor's driver hangs inside latest()
            robot.stallRangeSensor();
            long stallStarted = System.nanoTime();
            until = stallStarted + TimeUnit.SECONDS.toNanos(5);
            // Wait for the watchdog's stop, not just any stop: the control cycle that was already past the
            // range sensor when the stall began may still halt the motors itself (e.g. turning towards the
            // path), which says nothing about the watchdog. The watchdog stops the motors and then raises
            // the fault with the time of that check.
            while (!(robot.motors.lastStopNanos >= stallStarted && runtime.safety().faulted()) && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            long stoppedAfter = runtime.safety().raisedAtNanos() - stallStarted;

            // then: the watchdog checks every deadline/4, so it stops within 1.25 deadlines of the last
            // cycle; 100 ms more for thread scheduling on a loaded machine
            assertThat(robot.motors.lastStopNanos).as("motors stopped; %s", runtime.status().line()).isGreaterThanOrEqualTo(stallStarted);
            assertThat(stoppedAfter).as("stop after the stall began, ns").isLessThanOrEqualTo(deadline + deadline / 4 + 100_000_000L);
            assertThat(runtime.safety().reason()).as("fault; %s; counters %s", runtime.status().line(), runtime.counters().snapshot())
                    .contains("missed its deadline");
            assertThat(robot.motors.running()).isFalse();
            robot.releaseStall();
        } finally {
            robot.close();
        }
    }

    @Test
    void shouldKeepDrivingWhenARangerAnswersNoEchoButStopWhenItStopsAnswering() {
        // given: driving on a hand-stepped clock, past the start-up grace period
        AtomicLong now = new AtomicLong(1_000_000_000L);
        FakeRobot robot = new FakeRobot(now::get);
        long deadline = TimeUnit.MILLISECONDS.toNanos(CONFIG.control().watchdogMillis());
        long period = 1_000_000_000L / CONFIG.control().loopHz();
        try (WallyRuntime runtime = WallyRuntime.builder(CONFIG, robot).startPose(1.0, 1.0, 0).manualStepping().start()) {
            runtime.goTo("kitchen", new SimHarness.Reply());
            for (int i = 0; i < 6_000; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
            }

            // when: the ranger answers "no echo" for a second
            robot.noEcho();
            for (int i = 0; i < 1_000; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
            }

            // then: no information, not a stall
            assertThat(runtime.safety().faulted()).isFalse();
            assertThat(robot.motors.running()).isTrue();

            // when: it stops answering altogether
            robot.freezeRanger();
            long stoppedAt = Long.MIN_VALUE;
            for (int i = 0; i < 1_000 && stoppedAt == Long.MIN_VALUE; i++) {
                now.addAndGet(1_000_000);
                runtime.step();
                if (!robot.motors.running()) {
                    stoppedAt = now.get();
                }
            }

            // then
            assertThat(stoppedAt - robot.rangerFrozenAtNanos()).isLessThanOrEqualTo(deadline + period);
            assertThat(runtime.safety().reason()).contains("'front'").contains("stopped answering");
        }
    }
}
