package io.wally.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
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

/**
 * The Raspberry Pi kit: builds the Pi4J context, provisions every pin and bus named in
 * {@link Pi4jRobotSettings}, and wires the drivers of this package to them (through {@link Pi4jWiring},
 * which the bring-up {@link Pi4jSelftest} shares). Drivers see only their own lines.
 *
 * <p>Blocking measurements (ultrasonic echoes, I2C transfers) run on two daemon sampler threads of this
 * class ({@code wally-rangers}: one ranger after another; {@code wally-i2c}: IMU at
 * {@value #IMU_PERIOD_MILLIS} ms, battery at {@value #BATTERY_PERIOD_MILLIS} ms, and the encoder counts
 * (kept by GPIO edge events) published every {@value #ENCODER_PERIOD_MILLIS} ms), so every device's
 * {@code latest()} is a non-blocking read that allocates nothing. The bumper is driven by edge events.
 *
 * <p>Hardware PWM: BCM 12 and 18 are channel 0, 13 and 19 channel 1 of {@code pwmchip0} (enable with
 * {@code dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4} in {@code config.txt}); other pins are rejected.
 *
 * <p>Threading: see {@link Robot}. Lifecycle: {@link #open} provisions and starts sampling (the IMU is
 * calibrated first, so the robot must be at rest); {@link #close()} stops the motors, stops the samplers,
 * closes the drivers and shuts the context down.
 */
public final class Pi4jRobot implements Robot {

    /**
     * Start-to-start spacing of ultrasonic measurements, ms. The datasheet suggests "over 60 ms" between
     * measurements of one module; the modules take turns, so with three fitted each fires every 150 ms, and
     * a reading is never older than the runtime's default 200 ms sensor deadline.
     */
    public static final int RANGER_SPACING_MILLIS = 50;
    /** Period at which encoder counts become a new reading, ms (the control loop runs at 50 Hz by default). */
    public static final int ENCODER_PERIOD_MILLIS = 5;
    /** IMU sample period, ms (the chip is configured for 100 Hz). */
    public static final int IMU_PERIOD_MILLIS = 10;
    /** Battery sample period, ms. */
    public static final int BATTERY_PERIOD_MILLIS = 1_000;
    /** Gyro samples averaged at start-up for the bias (at 100 Hz: half a second). */
    public static final int IMU_CALIBRATION_SAMPLES = 50;

    private final Context context;
    private final NanoClock clock;
    private final HBridgeMotors motors;
    private final QuadratureEncoders encoders;
    private final Mpu6050Imu imu;
    private final List<Hcsr04RangeSensor> rangers;
    private final SwitchBumpSensor bumper;
    private final Ina219BatteryMonitor battery;
    private final PeriodicSampler rangerSampler = new PeriodicSampler("wally-rangers");
    private final PeriodicSampler i2cSampler = new PeriodicSampler("wally-i2c");
    private boolean closed;

    private Pi4jRobot(Context context, NanoClock clock, Pi4jRobotSettings s) {
        this.context = context;
        this.clock = clock;
        Pi4jWiring wiring = new Pi4jWiring(context, clock);
        this.motors = wiring.motors(s);
        this.encoders = wiring.encoders(s, 10 * ENCODER_PERIOD_MILLIS * 1_000_000L);
        i2cSampler.add("encoders", ENCODER_PERIOD_MILLIS * 1_000_000L, encoders::sample);
        // each module waits at least the datasheet's 60 ms for its own echoes to die down
        long rangerPeriodNanos = Math.max(60, s.rangers().size() * RANGER_SPACING_MILLIS) * 1_000_000L;
        List<Hcsr04RangeSensor> built = new ArrayList<>();
        for (Pi4jRobotSettings.RangerPins r : s.rangers()) {
            Hcsr04RangeSensor ranger = wiring.ranger(r, 3 * rangerPeriodNanos);
            built.add(ranger);
            rangerSampler.add(r.name(), rangerPeriodNanos, ranger::measure);
        }
        this.rangers = List.copyOf(built);
        this.imu = new Mpu6050Imu(wiring.i2c("imu", s.imu()), clock, IMU_CALIBRATION_SAMPLES,
                10 * IMU_PERIOD_MILLIS * 1_000_000L);
        i2cSampler.add("imu", IMU_PERIOD_MILLIS * 1_000_000L, imu::measure);
        if (s.battery() != null) {
            this.battery = new Ina219BatteryMonitor(wiring.i2c("battery", s.battery()), clock,
                    Ina219BatteryMonitor.DEFAULT_SHUNT_OHMS, 5 * BATTERY_PERIOD_MILLIS * 1_000_000L);
            i2cSampler.add("battery", BATTERY_PERIOD_MILLIS * 1_000_000L, battery::measure);
        } else {
            this.battery = null;
        }
        this.bumper = s.bumperPin() == null ? null : wiring.bumper(s.bumperPin());
    }

    /**
     * Builds the robot on the Raspberry Pi: a Pi4J context with the providers found on the class path
     * (gpiod for GPIO, linuxfs for PWM and I2C), the system clock, then {@link #open(Pi4jRobotSettings, Context, NanoClock)}.
     *
     * @throws RaspberryPi.NotRaspberryPiException on any other machine, before Pi4J is touched
     */
    public static Pi4jRobot open(Pi4jRobotSettings settings) {
        RaspberryPi.require();
        return open(settings, Pi4J.newAutoContext(), NanoClock.SYSTEM);
    }

    /**
     * Builds the robot on a given context (tests pass one with the mock providers) and starts sampling.
     * The robot owns the context from here on and shuts it down in {@link #close()}, also when building
     * fails (the exception then names the pin or bus that could not be provisioned).
     */
    public static Pi4jRobot open(Pi4jRobotSettings settings, Context context, NanoClock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clock, "clock");
        Pi4jRobot robot;
        try {
            robot = new Pi4jRobot(context, clock, settings);
        } catch (RuntimeException e) {
            context.shutdown();
            throw e;
        }
        robot.imu.start();
        robot.rangerSampler.start();
        robot.i2cSampler.start();
        return robot;
    }

    /** The hardware PWM channel of {@code pwmchip0} behind a BCM pin; fails for a pin without one. */
    public static int hardwarePwmChannel(int bcmPin) {
        return switch (bcmPin) {
            case 12, 18 -> 0;
            case 13, 19 -> 1;
            default -> throw new IllegalArgumentException(
                    "PWM pin must be BCM 12, 13, 18 or 19 (hardware PWM); was " + bcmPin);
        };
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
        return Optional.ofNullable(bumper);
    }

    @Override
    public Optional<BatteryMonitor> battery() {
        return Optional.ofNullable(battery);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Motors first (the robot must stop even if something later fails), the context last.
        try {
            motors.stop();
            rangerSampler.close();
            i2cSampler.close();
            rangers.forEach(Hcsr04RangeSensor::close);
            encoders.close();
            imu.close();
            if (battery != null) {
                battery.close();
            }
            if (bumper != null) {
                bumper.close();
            }
            motors.close();
        } finally {
            context.shutdown();
        }
    }
}
