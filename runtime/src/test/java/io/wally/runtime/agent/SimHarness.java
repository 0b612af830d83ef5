package io.wally.runtime.agent;

import io.wally.hal.BatteryMonitor;
import io.wally.hal.BumpSensor;
import io.wally.hal.DriveMotors;
import io.wally.hal.Imu;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import io.wally.hal.WheelEncoders;
import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.SimSettings;
import io.wally.hal.sim.SimWorld;
import io.wally.hal.sim.WorldGridReader;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Request;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

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
    final LatchedMotors motors;

    SimHarness() {
        this(new ConfigLoader().load(SIM_CONFIG));
    }

    SimHarness(WallyConfig config) {
        this(config, false);
    }

    /**
     * @param latchedMotors put a {@link LatchedMotors} between the runtime and the simulated motors (the
     *     simulated driver allocates a value per duty change; the allocation test measures our code only)
     */
    SimHarness(WallyConfig config, boolean latchedMotors) {
        this(config, latchedMotors, false);
    }

    /** @param repairWithDStarLite the planner repairs its active route with D* Lite */
    SimHarness(WallyConfig config, boolean latchedMotors, boolean repairWithDStarLite) {
        this.config = config;
        this.robot = houseRobot(config);
        this.motors = latchedMotors ? new LatchedMotors(robot.motors()) : null;
        this.runtime = WallyRuntime.builder(config, latchedMotors ? new MotorsOverride(robot, motors) : robot)
                .repairRoutesWithDStarLite(repairWithDStarLite).manualStepping().start();
    }

    /** The simulated robot of {@code config} in the sample house (seeded). */
    static SimRobot houseRobot(WallyConfig config) {
        try {
            SimWorld world = new SimWorld(WorldGridReader.readRosMap(HOUSE_GRID));
            WallyConfig.Sim sim = config.sim();
            WallyConfig.Drive drive = config.drive();
            SimSettings settings = new SimSettings(drive.wheelBaseMeters(), drive.wheelRadiusMeters(), drive.maxSpeedMps() / config.motors().maxDuty(),
                    0.1, drive.encoderTicksPerRev(), 0.1,
                    List.of(new SimSettings.Ranger("front", 0, 4.0), new SimSettings.Ranger("left", 30, 4.0),
                            new SimSettings.Ranger("right", -30, 4.0)),
                    sim.rangeNoiseMeters(), sim.odometryNoise(), 0.0, sim.seed(), sim.startX(), sim.startY(),
                    Math.toRadians(sim.startHeadingDegrees()), 0.005, 0.05);
            return new SimRobot(world, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Steps simulation and runtime for {@code seconds} of simulated time, or until {@code until} is true. */
    void run(double seconds, BooleanSupplier until) {
        long steps = Math.round(seconds / robot.settings().stepSeconds());
        for (long i = 0; i < steps && !until.getAsBoolean(); i++) {
            stepRobot();
            runtime.step();
            if (TRACE && i % 100 == 0) {
                System.out.println(robot.simClock().seconds() + " true " + robot.truePose() + " | " + runtime.status().line());
            }
        }
    }

    /** Hands latched duties to the simulated motors (if latched) and advances the simulation one step. */
    void stepRobot() {
        if (motors != null) {
            motors.flush();
        }
        robot.step();
    }

    /** Records duties in primitive fields; {@link #flush()} forwards them to the real motors. */
    static final class LatchedMotors implements DriveMotors {
        private final DriveMotors target;
        private volatile double left;
        private volatile double right;

        LatchedMotors(DriveMotors target) {
            this.target = target;
        }

        @Override
        public void setDuty(double leftDuty, double rightDuty) {
            left = DriveMotors.checkDuty("left", leftDuty);
            right = DriveMotors.checkDuty("right", rightDuty);
        }

        @Override
        public void stop() {
            left = 0;
            right = 0;
            target.stop();
        }

        @Override
        public double leftDuty() {
            return left;
        }

        @Override
        public double rightDuty() {
            return right;
        }

        void flush() {
            if (left == 0 && right == 0) {
                target.stop();
            } else {
                target.setDuty(left, right);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** The simulated robot with other motors in front of its own. */
    record MotorsOverride(SimRobot robot, DriveMotors motors) implements Robot {
        @Override
        public NanoClock clock() {
            return robot.clock();
        }

        @Override
        public WheelEncoders encoders() {
            return robot.encoders();
        }

        @Override
        public Imu imu() {
            return robot.imu();
        }

        @Override
        public List<RangeSensor> rangeSensors() {
            return robot.rangeSensors();
        }

        @Override
        public Optional<BumpSensor> bumper() {
            return robot.bumper();
        }

        @Override
        public Optional<BatteryMonitor> battery() {
            return robot.battery();
        }

        @Override
        public void close() {
            robot.close();
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
        public void error(ErrorCode code, String message) {
            errorCode = code.wireName();
            result.complete(code + ": " + message);
        }

        boolean done() {
            return result.isDone();
        }
    }

    /** Submits {@code request} and steps until it is answered (at most 2 simulated seconds). */
    Reply send(Request request) {
        Reply reply = new Reply();
        runtime.submit(request, reply);
        run(2, reply::done);
        return reply;
    }

    /** {@link #send} that must succeed: the result. */
    Object ask(Request request) {
        Reply reply = send(request);
        if (reply.errorCode != null || !reply.done()) {
            throw new AssertionError(request.command() + " failed: " + (reply.done() ? reply.result.join() : "no reply"));
        }
        return reply.result.join();
    }

    /** The map as {@code cmd/map get} draws it (PNG), decoded: pixel values by row, then column. */
    @SuppressWarnings("unchecked")
    int[][] mapPng() throws IOException {
        Map<String, Object> r = (Map<String, Object>) ask(new Request.EditMap(new MapEdit.GetMap("png")));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) r.get("png"))));
        int[][] px = new int[image.getHeight()][image.getWidth()];
        for (int row = 0; row < px.length; row++) {
            for (int col = 0; col < px[row].length; col++) {
                px[row][col] = image.getRaster().getSample(col, row, 0);
            }
        }
        return px;
    }

    /** The map as {@code cmd/map get} with {@code format: rle} gives it, expanded: cell values by row, then column. */
    @SuppressWarnings("unchecked")
    int[][] mapRle() {
        Map<String, Object> r = (Map<String, Object>) ask(new Request.EditMap(new MapEdit.GetMap("rle")));
        int width = (int) r.get("width");
        int[][] cells = new int[(int) r.get("height")][width];
        int i = 0;
        for (int[] run : (List<int[]>) r.get("runs")) {
            for (int k = 0; k < run[1]; k++, i++) {
                cells[i / width][i % width] = run[0];
            }
        }
        if (i != width * cells.length) {
            throw new AssertionError("runs cover " + i + " cells of " + width * cells.length);
        }
        return cells;
    }

    @Override
    public void close() {
        runtime.close();
        robot.close();
    }
}
