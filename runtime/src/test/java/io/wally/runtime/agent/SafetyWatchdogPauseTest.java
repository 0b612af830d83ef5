package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The watchdog on a hand-stepped clock, driven check by check: a pause of the whole process (the
 * watchdog's own check comes late too, as after a GC pause or when a loaded machine deschedules
 * everything) is not blamed on the agents, but a real stall is still caught, even when every check
 * comes late.
 */
class SafetyWatchdogPauseTest {

    private static final long DEADLINE = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long CHECK = DEADLINE / 4;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong control = new AtomicLong(now.get());
    private final AtomicLong sensor = new AtomicLong(now.get());
    private final FakeRobot.Motors motors = new FakeRobot.Motors(now::get);
    private final SafetyState safety = new SafetyState();
    private final SafetyWatchdog watchdog = new SafetyWatchdog(motors, safety, new PipelineCounters(), now::get,
            DEADLINE, control::get, sensor::get);

    private void agentsRun() {
        control.set(now.get());
        sensor.set(now.get());
    }

    private void runNormallyFor(int checks) {
        for (int i = 0; i < checks; i++) {
            now.addAndGet(CHECK);
            agentsRun();
            watchdog.doWork();
        }
    }

    @Test
    void shouldNotFaultWhenTheWholeProcessWasPausedAndTheAgentsRunRightAfter() {
        // given: a running pipeline, checked on time
        runNormallyFor(10);
        motors.setDuty(0.3, 0.3);

        // when: everything (watchdog included) is paused for 3 deadlines; the watchdog happens to run first
        now.addAndGet(3 * DEADLINE);
        watchdog.doWork();
        now.addAndGet(CHECK);
        agentsRun();
        watchdog.doWork();

        // then
        assertThat(safety.faulted()).as("fault: %s", safety.reason()).isFalse();
        assertThat(motors.running()).isTrue();
    }

    @Test
    void shouldFaultWithinADeadlineOfResumingWhenTheControlLoopStaysStalledAfterAPause() {
        // given
        runNormallyFor(10);
        motors.setDuty(0.3, 0.3);

        // when: a pause, after which only the sensors run again
        now.addAndGet(3 * DEADLINE);
        long resumed = now.get();
        watchdog.doWork();
        long faultedAt = Long.MIN_VALUE;
        for (int i = 0; i < 10 && faultedAt == Long.MIN_VALUE; i++) {
            now.addAndGet(CHECK);
            sensor.set(now.get());
            watchdog.doWork();
            if (safety.faulted()) {
                faultedAt = now.get();
            }
        }

        // then
        assertThat(faultedAt).as("faulted").isNotEqualTo(Long.MIN_VALUE);
        assertThat(faultedAt - resumed).isLessThanOrEqualTo(DEADLINE + CHECK);
        assertThat(safety.reason()).contains("control loop missed its deadline");
        assertThat(motors.running()).isFalse();
    }

    @Test
    void shouldFaultOnTheSecondLateCheckWhenTheControlLoopIsDeadAndEveryCheckComesLate() {
        // given
        runNormallyFor(10);
        motors.setDuty(0.3, 0.3);

        // when: the control loop never runs again and the watchdog only runs every 2 deadlines
        now.addAndGet(2 * DEADLINE);
        sensor.set(now.get());
        watchdog.doWork();
        boolean afterFirst = safety.faulted();
        now.addAndGet(2 * DEADLINE);
        sensor.set(now.get());
        watchdog.doWork();

        // then
        assertThat(afterFirst).as("the first late check gives the loop one deadline").isFalse();
        assertThat(safety.faulted()).as("the second late check faults").isTrue();
        assertThat(safety.reason()).contains("control loop missed its deadline");
        assertThat(motors.running()).isFalse();
    }
}
