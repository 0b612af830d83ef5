package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.config.ConfigLoader;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The steady-state hot path allocates nothing: while the simulated robot drives to a goal, the control
 * path (sensor agent, map agent with odometry and obstacle marking and graph publication, motion
 * agent) is stepped on this thread, and the bytes this thread allocates inside those steps are counted
 * (HotSpot's per-thread allocation counter). The simulation's own steps and the planner are outside the
 * measured window: they are the hardware side and the background runner. The simulated motor driver
 * allocates a value per duty change, so the runtime drives it through {@link SimHarness.LatchedMotors},
 * which forwards the duty outside the window.
 */
class ControlLoopAllocationTest {

    @Test
    void shouldAllocateNothingPerControlCycleWhenWarmedUp() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (SimHarness sim = new SimHarness(new ConfigLoader().load(SimHarness.SIM_CONFIG), true)) {
            // given: driving towards the kitchen, warmed up (JIT, lazily sized arrays, first publications)
            SimHarness.Reply reply = new SimHarness.Reply();
            sim.runtime.goTo("kitchen", reply);
            sim.run(10, () -> false);
            assertThat(sim.runtime.mission().state()).isEqualTo(Mission.State.DRIVING);
            // a small box ahead, so that obstacle marking and graph publication happen inside the window
            var pose = sim.robot.truePose();
            sim.robot.world().addBox(pose.xMeters() + 0.9, pose.yMeters() - 0.08, pose.xMeters() + 1.05, pose.yMeters() + 0.08);

            // when: 4 s more of driving (with obstacle marking and graph publications), measuring only
            // inside the control steps
            long allocated = 0;
            long cyclesBefore = sim.runtime.counters().controlCycles.get();
            long publishesBefore = sim.runtime.counters().graphPublishes.get();
            long steps = Math.round(4 / sim.robot.settings().stepSeconds());
            for (long i = 0; i < steps; i++) {
                sim.stepRobot();
                long before = threads.getCurrentThreadAllocatedBytes();
                sim.runtime.stepControl();
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
                sim.runtime.stepBackground();
            }
            long cycles = sim.runtime.counters().controlCycles.get() - cyclesBefore;

            // then
            assertThat(cycles).as("control cycles measured").isGreaterThan(150);
            System.out.printf("control cycles %d, graph publications %d, allocated %d bytes%n", cycles,
                    sim.runtime.counters().graphPublishes.get() - publishesBefore, allocated);
            assertThat(sim.runtime.counters().graphPublishes.get() - publishesBefore).as("graph publications measured").isPositive();
            assertThat(allocated).as("bytes allocated in %d control cycles", cycles).isZero();
        }
    }
}
