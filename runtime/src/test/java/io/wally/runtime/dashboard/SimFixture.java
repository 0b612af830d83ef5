package io.wally.runtime.dashboard;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.LockstepLoop;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Path;

/** The simulated robot in the sample house with a manually stepped runtime; tests step it or run it in lock step. */
final class SimFixture implements AutoCloseable {

    static final Path SIM_CONFIG = Path.of("../robot-config/sim.yaml");

    final WallyConfig config;
    final SimRobot robot;
    final WallyRuntime runtime;
    private LockstepLoop loop;

    SimFixture() {
        this.config = new ConfigLoader().load(SIM_CONFIG);
        this.robot = SimRobotFactory.create(config, Path.of(config.map().file()));
        this.runtime = WallyRuntime.builder(config, robot).manualStepping().start();
    }

    /** Runs robot and runtime in lock step on their own thread at {@code speed} times real time. */
    SimFixture running(double speed) {
        loop = new LockstepLoop(robot, runtime, speed);
        loop.start();
        return this;
    }

    /** Steps robot and runtime by hand for {@code seconds} of simulated time. */
    void step(double seconds) {
        long steps = Math.round(seconds / robot.settings().stepSeconds());
        for (long i = 0; i < steps; i++) {
            robot.step();
            runtime.step();
        }
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        runtime.close();
        robot.close();
    }
}
