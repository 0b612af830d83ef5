package io.wally.runtime.agent;

import io.wally.hal.sim.OccupancyGridReader;
import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.SimSettings;
import io.wally.hal.sim.SimWorld;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The simulated robot in the sample house with the runtime stepped by hand: one simulation step
 * (5 ms) then one pass over every agent. Deterministic (seeded, no threads).
 */
final class SimHarness implements AutoCloseable {

    static final Path SIM_CONFIG = Path.of("../robot-config/sim.yaml");
    static final Path HOUSE_GRID = Path.of("../maps/samples/house-grid.yaml");

    static final boolean TRACE = Boolean.getBoolean("wally.trace");

    final WallyConfig config;
    final SimRobot robot;
    final WallyRuntime runtime;

    SimHarness() {
        this.config = new ConfigLoader().load(SIM_CONFIG);
        try {
            SimWorld world = new SimWorld(OccupancyGridReader.readRosMap(HOUSE_GRID));
            WallyConfig.Sim sim = config.sim();
            WallyConfig.Drive drive = config.drive();
            SimSettings settings = new SimSettings(drive.wheelBaseMeters(), drive.wheelRadiusMeters(), drive.maxSpeedMps() / config.motors().maxDuty(),
                    0.1, drive.encoderTicksPerRev(), 0.1,
                    List.of(new SimSettings.Ranger("front", 0, 4.0), new SimSettings.Ranger("left", 30, 4.0),
                            new SimSettings.Ranger("right", -30, 4.0)),
                    sim.rangeNoiseMeters(), sim.odometryNoise(), 0.0, sim.seed(), sim.startX(), sim.startY(),
                    Math.toRadians(sim.startHeadingDegrees()), 0.005, 0.05);
            this.robot = new SimRobot(world, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.runtime = WallyRuntime.builder(config, robot).manualStepping().start();
    }

    /** Steps simulation and runtime for {@code seconds} of simulated time, or until {@code until} is true. */
    void run(double seconds, java.util.function.BooleanSupplier until) {
        long steps = Math.round(seconds / robot.settings().stepSeconds());
        for (long i = 0; i < steps && !until.getAsBoolean(); i++) {
            robot.step();
            runtime.step();
            if (TRACE && i % 100 == 0) {
                System.out.println(robot.simClock().seconds() + " true " + robot.truePose() + " | " + runtime.status().line());
            }
        }
    }

    /** A reply that records its outcome. */
    static final class Reply implements CommandReply {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        volatile String errorCode;

        @Override
        public void ok(Object value) {
            result.complete(value);
        }

        @Override
        public void error(String code, String message) {
            errorCode = code;
            result.complete(code + ": " + message);
        }

        boolean done() {
            return result.isDone();
        }
    }

    @Override
    public void close() {
        runtime.close();
        robot.close();
    }
}
