package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.wally.runtime.config.ConfigLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The steady-state hot path allocates nothing: while the simulated robot drives to a goal and meets a
 * box (so obstacle cells are marked and graph versions published), the control path (sensor agent,
 * map agent, motion agent) is stepped on one thread, and the bytes that thread allocates inside those
 * steps are counted (HotSpot's per-thread allocation counter). The simulation's own steps and the
 * planner are outside the measured window: they are the hardware side and the background runner. The
 * simulated motor driver allocates a value per duty change, so the runtime drives it through
 * {@link SimHarness.LatchedMotors}, which forwards the duty outside the window.
 *
 * <p>The measurement runs in a fresh JVM limited to the C1 compiler ({@code -XX:TieredStopAtLevel=1}).
 * C1 does no escape analysis, so every allocation the source code makes on these paths is counted:
 * none may hide behind C2's scalar replacement. And C2's speculative compilation is kept out: when a
 * C2-compiled method first takes a branch it had never seen, it traps back to the interpreter, which
 * resolves what that branch needs and then recompiles; those one-off JVM allocations (a few hundred
 * bytes, once, at a different step in each run) are not the program's and would make the count
 * depend on JIT timing. {@code wally bench pipeline} reports the same figure under the default JIT.
 */
@Tag("slow")
class ControlLoopAllocationTest {

    @Test
    void shouldAllocateNothingPerControlCycleWhenWarmedUp() throws IOException, InterruptedException {
        // given
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native-access")).toList());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());

        // when
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        // then
        System.out.println(output);
        assertThat(p.exitValue()).as("probe output:%n%s", output).isZero();
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        String[] f = line.split(" ");
        long cycles = Long.parseLong(f[1]);
        long publications = Long.parseLong(f[2]);
        long allocated = Long.parseLong(f[3]);
        assertThat(cycles).as("control cycles measured").isGreaterThan(150);
        assertThat(publications).as("graph publications measured").isPositive();
        assertThat(allocated).as("bytes allocated in %d control cycles", cycles).isZero();
    }

    /** The measurement, in its own JVM; prints {@code RESULT cycles publications bytes}. */
    public static final class Probe {
        public static void main(String[] args) {
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            threads.setThreadAllocatedMemoryEnabled(true);
            try (SimHarness sim = new SimHarness(new ConfigLoader().load(SimHarness.SIM_CONFIG), true)) {
                // warmed up: driving towards the kitchen for 10 s (JIT, lazily sized arrays, first publications)
                SimHarness.Reply reply = new SimHarness.Reply();
                sim.runtime.goTo("kitchen", reply);
                sim.run(10, () -> false);
                if (sim.runtime.mission().state() != Mission.State.DRIVING) {
                    throw new IllegalStateException("not driving: " + sim.runtime.status().line());
                }
                // a small box ahead, so that obstacle marking and graph publication happen inside the window
                var pose = sim.robot.truePose();
                sim.robot.world().addBox(pose.xMeters() + 0.9, pose.yMeters() - 0.08, pose.xMeters() + 1.05, pose.yMeters() + 0.08);
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
                long publications = sim.runtime.counters().graphPublishes.get() - publishesBefore;
                System.out.println("RESULT " + cycles + " " + publications + " " + allocated);
            }
        }
    }
}
