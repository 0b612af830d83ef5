package io.wally.hal.sim;

import io.wally.hal.BatteryMonitor;
import io.wally.hal.BumpSensor;
import io.wally.hal.DriveMotors;
import io.wally.hal.Imu;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import io.wally.hal.WheelEncoders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated robot: a {@link DifferentialDriveModel} in a {@link SimWorld}, with simulated motors,
 * encoders, IMU, range sensors, bumper and battery behind the same hal interfaces as the real kit, all
 * stamped by one {@link SimClock}.
 *
 * <p>One {@link #step()} advances simulated time by {@code stepSeconds}: it hands the motors' duty to the
 * model, moves it, undoes the move if the footprint would overlap an occupied cell (the bumper is then
 * pressed and the wheels stall), then updates encoders, IMU and battery, and the range sensors every
 * {@code rangerPeriodSeconds}. Noise comes from generators seeded from {@code seed}: stepping by hand with
 * the same seed and the same duties gives exactly the same readings.
 *
 * <p>Two ways to drive it: tests call {@link #step()} / {@link #advanceSeconds} by hand; a running system
 * calls {@link #start(double)} once, which steps on a daemon thread {@code wally-sim} at {@code speed}
 * times real time (1 = real time; 10 = ten times faster).
 *
 * <p>Threading: stepping happens on one thread only (the caller's, or {@code wally-sim} after
 * {@link #start}, never both). Devices follow their interfaces' rules; {@link #world()} obstacles may be
 * changed from any thread; {@link #truePose()} may be read from any thread. Lifecycle: {@link #close()}
 * stops the motors and the stepping thread; idempotent.
 */
public final class SimRobot implements Robot {

    /** The ground-truth pose of the robot, for the simulator's own status and for tests. */
    public record Pose(double xMeters, double yMeters, double headingRadians) {
    }

    private final SimWorld world;
    private final SimSettings settings;
    private final SimClock clock = new SimClock();
    private final DifferentialDriveModel model;
    private final SimDriveMotors motors = new SimDriveMotors();
    private final SimWheelEncoders encoders;
    private final SimImu imu;
    private final List<SimRangeSensor> rangers;
    private final SimBumpSensor bumper = new SimBumpSensor();
    private final SimBatteryMonitor battery = new SimBatteryMonitor();
    private final long stepNanos;
    private final int stepsPerRangerReading;
    private final double[] duty = new double[2];
    private long steps;
    private volatile Pose truePose;
    private volatile long collisions;
    private volatile boolean running;
    private Thread thread;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * Places a robot in {@code world} at the settings' start pose.
     *
     * @throws IllegalArgumentException if the start pose is inside an obstacle (names the pose)
     */
    public SimRobot(SimWorld world, SimSettings settings) {
        this.world = Objects.requireNonNull(world, "world");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (world.discCollides(settings.startX(), settings.startY(), settings.robotRadiusMeters())) {
            throw new IllegalArgumentException("start pose (" + settings.startX() + ", " + settings.startY()
                    + ") is inside an obstacle for a robot of radius " + settings.robotRadiusMeters() + " m");
        }
        this.model = new DifferentialDriveModel(settings.wheelBaseMeters(), settings.maxWheelSpeedMps(),
                settings.motorTimeConstantSeconds());
        model.setPose(settings.startX(), settings.startY(), settings.startHeadingRadians());
        this.encoders = new SimWheelEncoders(settings.encoderTicksPerRev(), settings.wheelRadiusMeters(),
                settings.odometryNoise(), settings.seed());
        this.imu = new SimImu(settings.gyroNoiseRadPerS(), settings.seed() + 1);
        List<SimRangeSensor> built = new ArrayList<>();
        for (int i = 0; i < settings.rangers().size(); i++) {
            SimSettings.Ranger r = settings.rangers().get(i);
            built.add(new SimRangeSensor(r.name(), r.angleDegrees(), r.maxRangeMeters(), r.beamHalfAngleDegrees(),
                    settings.rangeNoiseMeters(), settings.seed() + 2 + i));
        }
        this.rangers = List.copyOf(built);
        this.stepNanos = Math.round(settings.stepSeconds() * 1e9);
        this.stepsPerRangerReading = (int) Math.max(1, Math.round(settings.rangerPeriodSeconds() / settings.stepSeconds()));
        this.truePose = new Pose(model.xMeters(), model.yMeters(), model.headingRadians());
        sense(); // readings exist from time 0
    }

    /** Advances the simulation by one step of {@code stepSeconds}. */
    public void step() {
        motors.dutyPair(duty);
        model.setInputs(duty[0], duty[1]);
        double x = model.xMeters();
        double y = model.yMeters();
        double heading = model.headingRadians();
        double speedBefore = model.forwardSpeedMps();
        model.update(settings.stepSeconds());
        double dl = model.lastLeftTravelMeters();
        double dr = model.lastRightTravelMeters();
        boolean blocked = world.discCollides(model.xMeters(), model.yMeters(), settings.robotRadiusMeters());
        if (blocked) {
            model.setPose(x, y, heading);
            model.stopWheels();
            dl = 0;
            dr = 0;
            collisions++;
        }
        clock.advance(stepNanos);
        steps++;
        long now = clock.nanoTime();
        encoders.add(dl, dr, now);
        bumper.set(blocked, now);
        double accel = (model.forwardSpeedMps() - speedBefore) / settings.stepSeconds();
        imu.sample(model.yawRateRadPerS(), accel, model.forwardSpeedMps(), now);
        battery.sample(duty[0], duty[1], now);
        if (steps % stepsPerRangerReading == 0) {
            for (SimRangeSensor r : rangers) {
                r.measure(world, model.xMeters(), model.yMeters(), model.headingRadians(), now);
            }
        }
        truePose = new Pose(model.xMeters(), model.yMeters(), model.headingRadians());
    }

    private void sense() {
        long now = clock.nanoTime();
        imu.sample(0, 0, 0, now);
        battery.sample(0, 0, now);
        for (SimRangeSensor r : rangers) {
            r.measure(world, model.xMeters(), model.yMeters(), model.headingRadians(), now);
        }
    }

    /** Steps until at least {@code seconds} of simulated time have passed. */
    public void advanceSeconds(double seconds) {
        long target = clock.nanoTime() + Math.round(seconds * 1e9);
        while (clock.nanoTime() < target) {
            step();
        }
    }

    /**
     * Starts stepping on a daemon thread at {@code speed} times real time: after each step the thread
     * waits until real time has caught up with simulated time / speed, so the simulation never runs ahead
     * (when the machine is too slow it simply runs slower than asked).
     *
     * @param speed time scale, {@code > 0} (1 = real time)
     */
    public synchronized void start(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be > 0 and finite; was " + speed);
        }
        if (thread != null || closed) {
            throw new IllegalStateException("simulation already started or closed");
        }
        running = true;
        thread = Thread.ofPlatform().name("wally-sim").daemon(true).start(() -> run(speed));
    }

    private void run(double speed) {
        long wallStart = System.nanoTime();
        long simStart = clock.nanoTime();
        try {
            while (running) {
                step();
                long due = wallStart + (long) ((clock.nanoTime() - simStart) / speed);
                long wait;
                while (running && (wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            running = false;
        }
    }

    /** Why the stepping thread stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** The world the robot drives in (add obstacles here). */
    public SimWorld world() {
        return world;
    }

    /**
     * Sets the simulated battery's charge, percent in [0, 100], from the next step on (to show or test what the
     * runtime does on a low battery); it drains from there as usual. Any thread.
     */
    public void setBatteryPercent(double percent) {
        battery.setPercent(percent);
    }

    /** The true pose after the last step. */
    public Pose truePose() {
        return truePose;
    }

    /** Steps in which the robot was blocked by an obstacle since the start. */
    public long collisions() {
        return collisions;
    }

    /** The simulated clock (same as {@link #clock()}, with its concrete type). */
    public SimClock simClock() {
        return clock;
    }

    /** The settings the robot was built with. */
    public SimSettings settings() {
        return settings;
    }

    @Override
    public NanoClock clock() {
        return clock;
    }

    @Override
    public DriveMotors motors() {
        return motors;
    }

    @Override
    public WheelEncoders encoders() {
        return encoders;
    }

    @Override
    public Imu imu() {
        return imu;
    }

    @Override
    public List<RangeSensor> rangeSensors() {
        return List.copyOf(rangers);
    }

    @Override
    public Optional<BumpSensor> bumper() {
        return Optional.of(bumper);
    }

    @Override
    public Optional<BatteryMonitor> battery() {
        return Optional.of(battery);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            motors.stop();
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        motors.close();
    }
}
