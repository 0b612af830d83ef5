package io.wally.runtime.hardware;

import io.wally.hal.Robot;
import io.wally.hal.pi4j.Pi4jRobot;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Path;

/**
 * The one place that turns a configuration into the robot's devices: the Raspberry Pi kit over Pi4J for
 * {@code robot.kind: pi}, the simulated robot (stepping at {@code sim.speed}) for {@code robot.kind: sim}.
 * {@code wally run} calls {@link #open(WallyConfig)} and hands the result to the runtime.
 *
 * <p>Stateless; thread-safe. The caller owns (and closes) the returned robot.
 */
public final class RobotHardware {

    private RobotHardware() {
    }

    /**
     * Opens the robot described by {@code config}.
     *
     * @throws IllegalArgumentException naming the offending key or file (a bad pin, a simulator without a map)
     */
    public static Robot open(WallyConfig config) {
        return switch (config.robot().kind()) {
            case PI -> Pi4jRobot.open(Pi4jSettingsMapper.settings(config));
            case SIM -> {
                if (config.map() == null || config.map().file() == null) {
                    throw new IllegalArgumentException("map.file is required for the simulated robot (robot.kind: sim)");
                }
                var robot = SimRobotFactory.create(config, Path.of(config.map().file()));
                robot.start(config.sim().speed());
                yield robot;
            }
        };
    }
}
