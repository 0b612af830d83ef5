package io.wally.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.wally.hal.BatteryReading;
import io.wally.hal.EncoderReading;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.selftest.Check;
import io.wally.hal.selftest.Finding;
import io.wally.hal.selftest.Report;
import io.wally.hal.selftest.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The bring-up self-test of the Raspberry Pi kit ({@code wally selftest}): every configured device in turn,
 * each check with what to look at on the robot when it fails.
 *
 * <ul>
 *   <li>IMU: answers on its I2C address; {@code WHO_AM_I (0x75)} reads {@code 0x68} (an MPU-6050); at rest,
 *       {@value #IMU_STILL_SAMPLES} samples 10 ms apart average a rate within {@value #GYRO_STILL_LIMIT_DPS} °/s
 *       on every axis (the datasheet's zero-rate offset limit: no bias is removed here) and an acceleration
 *       of 1 g within {@value #ACCEL_TOLERANCE_G} g;
 *   <li>each HC-SR04: up to {@value #RANGER_ATTEMPTS} measurements; one plausible distance (2 cm or more, or
 *       "nothing within range") passes, otherwise the last fault ("no echo", "echo did not end") fails;
 *   <li>each motor (unless turned off): driven forward at {@link Options#motorDuty()} for
 *       {@link Options#spinNanos()}, braked, then backward as long; its encoder must count at least
 *       a tenth of a revolution up, then down (the other wheel's encoder tells wiring swapped between wheels);
 *   <li>the battery monitor (when fitted): answers on its address; the bus voltage lies in the pack's range.
 * </ul>
 *
 * <p>Devices are provisioned one by one, so a pin or bus that cannot be opened fails that device's checks
 * and not the whole test. Only the motor checks move anything: the wheels turn a little each way (lift the
 * robot, or turn them off). The motors are braked after every spin and whatever a check throws.
 *
 * <p>Threading: one thread provisions, runs and closes; {@link #stopMotors()} from any thread. Lifecycle: {@link #provision}, {@link #run} (once),
 * {@link #close()} (motors braked and released, context shut down).
 */
public final class Pi4jSelftest implements AutoCloseable {

    /** IMU samples averaged for the still reading (10 ms apart: the chip's 100 Hz output). */
    public static final int IMU_STILL_SAMPLES = 10;
    /** Largest mean rate at rest on any axis, °/s (MPU-6050 product specification 6.1: ZRO ±20 °/s). */
    public static final double GYRO_STILL_LIMIT_DPS = 20.0;
    /** Largest departure of the acceleration's magnitude from 1 g at rest, g. */
    public static final double ACCEL_TOLERANCE_G = 0.1;
    /** Measurements tried per ranger before it fails. */
    public static final int RANGER_ATTEMPTS = 3;
    /** Below this an HC-SR04 cannot measure (datasheet: 2 cm to 4 m), metres. */
    public static final double RANGER_MIN_METERS = 0.02;
    /** Spacing of a ranger's measurements, ns (the datasheet's 60 ms measurement cycle). */
    public static final long RANGER_SPACING_NANOS = 60_000_000L;

    private static final String ENABLE_I2C =
            "enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, reboot) and check /dev/i2c-";
    private static final String PINS_BUSY = "is another program using the pins? stop wally.service first";

    /**
     * What the test does besides the configured devices.
     *
     * @param motors spin the motors (false: their checks are skipped and their pins left alone)
     * @param motorDuty duty of a spin, in (0, 1]
     * @param spinNanos how long each spin lasts (and the pause after it), ns, {@code > 0}
     * @param packMinVolts lowest plausible battery voltage, volts (the empty pack)
     * @param packMaxVolts highest plausible battery voltage, volts (the full pack), {@code > packMinVolts}
     */
    public record Options(boolean motors, double motorDuty, long spinNanos, double packMinVolts, double packMaxVolts) {
        /** Checks the values. */
        public Options {
            if (!(motorDuty > 0 && motorDuty <= 1)) {
                throw new IllegalArgumentException("motorDuty must be in (0, 1]; was " + motorDuty);
            }
            if (spinNanos <= 0) {
                throw new IllegalArgumentException("spinNanos must be > 0; was " + spinNanos);
            }
            if (!(packMinVolts >= 0 && packMaxVolts > packMinVolts)) {
                throw new IllegalArgumentException("pack range must satisfy 0 <= min < max; was "
                        + packMinVolts + " to " + packMaxVolts);
            }
        }
    }

    private final Context context;
    private final Pi4jRobotSettings settings;
    private final Options options;
    private final Map<String, RuntimeException> unopened = new HashMap<>();
    private final List<Hcsr04RangeSensor> rangers = new ArrayList<>();
    private I2C imuBus;
    private Mpu6050Imu imu;
    private int whoAmI = -1;
    private I2C batteryBus;
    private Ina219BatteryMonitor battery;
    private volatile HBridgeMotors motors;
    private QuadratureEncoders encoders;
    private boolean closed;

    private Pi4jSelftest(Context context, Pi4jRobotSettings settings, Options options) {
        this.context = context;
        this.settings = settings;
        this.options = options;
    }

    /**
     * The self-test on this Raspberry Pi: a Pi4J context with the providers found on the class path and the
     * system clock, then {@link #provision(Pi4jRobotSettings, Options, Context, NanoClock)}.
     *
     * @throws RaspberryPi.NotRaspberryPiException on any other machine, before Pi4J is touched
     */
    public static Pi4jSelftest provision(Pi4jRobotSettings settings, Options options) {
        RaspberryPi.require();
        return provision(settings, options, Pi4J.newAutoContext(), NanoClock.SYSTEM);
    }

    /**
     * Provisions every configured device on {@code context}, one by one (a device that cannot be opened is
     * remembered, and its checks fail with the reason). The self-test owns the context from here on.
     */
    public static Pi4jSelftest provision(Pi4jRobotSettings settings, Options options, Context context, NanoClock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clock, "clock");
        Pi4jSelftest test = new Pi4jSelftest(context, settings, options);
        Pi4jWiring wiring = new Pi4jWiring(context, clock);
        test.open("imu", () -> {
            test.imuBus = wiring.i2c("imu", settings.imu());
            test.imu = new Mpu6050Imu(test.imuBus, clock, 0, Long.MAX_VALUE);
        });
        for (Pi4jRobotSettings.RangerPins r : settings.rangers()) {
            test.open(rangerDevice(r), () -> test.rangers.add(wiring.ranger(r, Long.MAX_VALUE)));
        }
        if (options.motors()) {
            test.open("motors", () -> {
                test.motors = wiring.motors(settings);
                test.encoders = wiring.encoders(settings, Long.MAX_VALUE);
            });
        }
        if (settings.battery() != null) {
            test.open("battery", () -> {
                test.batteryBus = wiring.i2c("battery", settings.battery());
                test.battery = new Ina219BatteryMonitor(test.batteryBus, clock,
                        Ina219BatteryMonitor.DEFAULT_SHUNT_OHMS, Long.MAX_VALUE);
            });
        }
        return test;
    }

    private void open(String device, Runnable provisioning) {
        try {
            provisioning.run();
        } catch (RuntimeException e) {
            unopened.put(device, e);
        }
    }

    /** Runs every check in order, handing each result to {@code onResult} as it comes. */
    public Report run(Consumer<Result> onResult) {
        return Report.run(checks(), onResult);
    }

    /** The checks, in the order they run: IMU, rangers, motors, battery. */
    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        Pi4jRobotSettings.I2cAddress imuAt = settings.imu();
        checks.add(new Check("imu", "i2c", () -> imuPresence(imuAt)));
        checks.add(new Check("imu", "identity", this::imuIdentity));
        checks.add(new Check("imu", "still", this::imuStill));
        for (int i = 0; i < settings.rangers().size(); i++) {
            Pi4jRobotSettings.RangerPins pins = settings.rangers().get(i);
            checks.add(new Check(rangerDevice(pins), "echo", () -> rangerEcho(pins)));
        }
        checks.add(new Check("motor left", "spin", () -> spin(true)));
        checks.add(new Check("motor right", "spin", () -> spin(false)));
        if (settings.battery() != null) {
            checks.add(new Check("battery", "i2c", this::batteryPresence));
            checks.add(new Check("battery", "voltage", this::batteryVoltage));
        }
        return checks;
    }

    private static String rangerDevice(Pi4jRobotSettings.RangerPins r) {
        return "ranger " + r.name();
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%02x", value);
    }

    private Finding unopened(String device, String hint) {
        return Finding.fail("cannot open: " + unopened.get(device).getMessage(), hint);
    }

    private Finding imuPresence(Pi4jRobotSettings.I2cAddress at) {
        if (unopened.containsKey("imu")) {
            return unopened("imu", ENABLE_I2C + at.bus());
        }
        try {
            whoAmI = imuBus.readRegister(Mpu6050Imu.WHO_AM_I) & 0xFF;
        } catch (RuntimeException e) {
            return Finding.fail("no answer at " + hex(at.address()) + " on bus " + at.bus(),
                    "check the MPU-6050's SDA (BCM 2), SCL (BCM 3), 3V3 and GND; AD0 low is 0x68, high 0x69;"
                    + " 'i2cdetect -y " + at.bus() + "' lists what answers");
        }
        return Finding.pass("answers at " + hex(at.address()) + " on bus " + at.bus());
    }

    private Finding imuIdentity() {
        if (whoAmI == Mpu6050Imu.WHO_AM_I_MPU6050) {
            return Finding.pass("WHO_AM_I " + hex(whoAmI) + " (MPU-6050)");
        }
        String chip = switch (whoAmI) {
            case 0x70 -> " (an MPU-6500)";
            case 0x71 -> " (an MPU-9250)";
            case 0x73 -> " (an MPU-9255)";
            case 0x00, 0xFF -> " (bus noise)";
            default -> "";
        };
        return Finding.fail("WHO_AM_I " + hex(whoAmI) + chip + ", expected " + hex(Mpu6050Imu.WHO_AM_I_MPU6050),
                "another chip answers at " + hex(settings.imu().address())
                + ": fit an MPU-6050, or check sensors.imu.address for a clash with another device");
    }

    private Finding imuStill() {
        if (!imu.start()) {
            return Finding.fail(imu.latest().reason(), "the MPU-6050 stopped answering: check its wiring and 3V3");
        }
        double gx = 0;
        double gy = 0;
        double gz = 0;
        double ax = 0;
        double ay = 0;
        double az = 0;
        for (int i = 0; i < IMU_STILL_SAMPLES; i++) {
            if (i > 0) {
                LockSupport.parkNanos(Mpu6050Imu.SAMPLE_PERIOD_NANOS);
            }
            ImuReading r = imu.measure();
            if (!r.valid()) {
                return Finding.fail(r.reason(), "the MPU-6050 stopped answering: check its wiring and 3V3");
            }
            gx += r.gyroXRadPerS();
            gy += r.gyroYRadPerS();
            gz += r.gyroZRadPerS();
            ax += r.accelXMps2();
            ay += r.accelYMps2();
            az += r.accelZMps2();
        }
        double maxRateDps = Math.toDegrees(Math.max(Math.abs(gx), Math.max(Math.abs(gy), Math.abs(gz)))) / IMU_STILL_SAMPLES;
        double accelG = Math.sqrt(ax * ax + ay * ay + az * az) / IMU_STILL_SAMPLES / Mpu6050Imu.STANDARD_GRAVITY_MPS2;
        String detail = String.format(Locale.ROOT, "gyro %.1f deg/s max, accel %.2f g", maxRateDps, accelG);
        if (maxRateDps > GYRO_STILL_LIMIT_DPS) {
            return Finding.fail(detail, "more than " + (int) GYRO_STILL_LIMIT_DPS
                    + " deg/s at rest: keep the robot still and retry; if it persists the gyro is faulty");
        }
        if (Math.abs(accelG - 1) > ACCEL_TOLERANCE_G) {
            return Finding.fail(detail, "at rest the MPU-6050 reads 1 g: keep the robot still;"
                    + " 0 g means the chip is asleep or faulty");
        }
        return Finding.pass(detail);
    }

    private Finding rangerEcho(Pi4jRobotSettings.RangerPins pins) {
        String device = rangerDevice(pins);
        String wiring = "TRIG (BCM " + pins.triggerPin() + ") / ECHO (BCM " + pins.echoPin() + ")";
        if (unopened.containsKey(device)) {
            return unopened(device, PINS_BUSY + "; check " + wiring + " are free");
        }
        Hcsr04RangeSensor ranger = rangers.stream().filter(r -> r.name().equals(pins.name())).findFirst().orElseThrow();
        RangeReading tooClose = null;
        RangeReading firstFault = null; // the first tells most: an ECHO stuck high shows no new rise afterwards
        for (int i = 0; i < RANGER_ATTEMPTS; i++) {
            if (i > 0) {
                LockSupport.parkNanos(RANGER_SPACING_NANOS);
            }
            RangeReading r = ranger.measure();
            if (r.valid() && r.rangeMeters() >= RANGER_MIN_METERS) {
                return Finding.pass(r.rangeMeters() >= ranger.maxRangeMeters()
                        ? String.format(Locale.ROOT, "nothing within %.1f m", ranger.maxRangeMeters())
                        : String.format(Locale.ROOT, "%.2f m", r.rangeMeters()));
            }
            if (r.valid()) {
                tooClose = r;
            } else if (firstFault == null) {
                firstFault = r;
            }
        }
        if (firstFault == null) {
            return Finding.fail(String.format(Locale.ROOT, "%.3f m: closer than the module can measure", tooClose.rangeMeters()),
                    "clear 2 cm in front of the module; an echo this short means ECHO (BCM " + pins.echoPin()
                    + ") follows TRIG: check the two are not bridged");
        }
        if (firstFault.reason().startsWith("no echo")) {
            return Finding.fail("no echo in " + RANGER_ATTEMPTS + " tries",
                    "check " + wiring + " wiring, the module's 5V and GND, and the 5V->3.3V divider on ECHO");
        }
        if (firstFault.reason().startsWith("echo did not end")) {
            return Finding.fail("echo did not end",
                    "ECHO stays high: check the divider on ECHO (BCM " + pins.echoPin() + ") and the module's GND");
        }
        return Finding.fail(firstFault.reason(), PINS_BUSY + "; check " + wiring);
    }

    private Finding spin(boolean left) {
        if (!options.motors()) {
            return Finding.skipped("motors not spun (turned off)");
        }
        Pi4jRobotSettings.MotorPins pins = left ? settings.leftMotor() : settings.rightMotor();
        String side = left ? "left" : "right";
        String other = left ? "right" : "left";
        int encoderA = left ? settings.encoders().leftA() : settings.encoders().rightA();
        int encoderB = left ? settings.encoders().leftB() : settings.encoders().rightB();
        if (unopened.containsKey("motors")) {
            return unopened("motors", PINS_BUSY);
        }
        long[] forward = spinDelta(left, options.motorDuty());
        long[] backward = spinDelta(left, -options.motorDuty());
        long minTicks = Math.max(2, settings.encoderTicksPerRev() / 10);
        String detail = String.format(Locale.ROOT, "forward %+d, backward %+d ticks", forward[0], backward[0]);
        if (forward[0] >= minTicks && backward[0] <= -minTicks) {
            return Finding.pass(detail);
        }
        if (forward[0] <= -minTicks && backward[0] >= minTicks) {
            return Finding.fail(detail + ": counting backwards", "swap the " + side + " encoder's A and B (BCM "
                    + encoderA + ", " + encoderB + ") in the wiring or config; if the wheel itself turned backwards,"
                    + " swap the motor's leads instead");
        }
        if (Math.abs(forward[0]) < minTicks && Math.abs(backward[0]) < minTicks) {
            if (Math.abs(forward[1]) >= minTicks || Math.abs(backward[1]) >= minTicks) {
                return Finding.fail(detail + "; the " + other + " encoder counted instead",
                        "left and right are swapped: swap the motor leads (or the encoder pins) between the wheels");
            }
            return Finding.fail(detail, "wheel still? check the motor supply (VM), STBY, PWM (BCM " + pins.pwmPin()
                    + "), IN (BCM " + pins.forwardPin() + ", " + pins.backwardPin() + ") and the motor leads;"
                    + " wheel turned? check the encoder's 3V3, GND and A/B (BCM " + encoderA + ", " + encoderB + ")");
        }
        int silentPin = Math.abs(forward[0]) < minTicks ? pins.forwardPin() : pins.backwardPin();
        return Finding.fail(detail + ": turns one way only", "check the direction pin BCM " + silentPin
                + " and, if the wheel turned both ways, the encoder's A/B (BCM " + encoderA + ", " + encoderB + ")");
    }

    /** Spins one motor at {@code duty}, brakes, waits; returns the ticks of {this wheel, the other wheel}. */
    private long[] spinDelta(boolean left, double duty) {
        EncoderReading before = encoders.sample();
        try {
            motors.setDuty(left ? duty : 0, left ? 0 : duty);
            LockSupport.parkNanos(options.spinNanos());
        } finally {
            motors.stop();
        }
        LockSupport.parkNanos(options.spinNanos() / 2); // let the wheel stop before counting
        EncoderReading after = encoders.sample();
        long leftDelta = after.leftTicks() - before.leftTicks();
        long rightDelta = after.rightTicks() - before.rightTicks();
        return left ? new long[] {leftDelta, rightDelta} : new long[] {rightDelta, leftDelta};
    }

    private Finding batteryPresence() {
        Pi4jRobotSettings.I2cAddress at = settings.battery();
        if (unopened.containsKey("battery")) {
            return unopened("battery", ENABLE_I2C + at.bus());
        }
        int answered;
        try {
            answered = batteryBus.readRegister(Ina219BatteryMonitor.CONFIGURATION, new byte[2], 0, 2);
        } catch (RuntimeException e) {
            answered = -1;
        }
        if (answered != 2) {
            return Finding.fail("no answer at " + hex(at.address()) + " on bus " + at.bus(),
                    "check the INA219's SDA (BCM 2), SCL (BCM 3), 3V3 and GND; A0 = A1 = GND is 0x40;"
                    + " 'i2cdetect -y " + at.bus() + "' lists what answers");
        }
        return Finding.pass("answers at " + hex(at.address()) + " on bus " + at.bus());
    }

    private Finding batteryVoltage() {
        BatteryReading r = battery.measure();
        if (!r.valid()) {
            return Finding.fail(r.reason(), "check the INA219's wiring; OVF means more current than the shunt measures");
        }
        String range = String.format(Locale.ROOT, "%.2f-%.2f V", options.packMinVolts(), options.packMaxVolts());
        String detail = String.format(Locale.ROOT, "%.2f V (pack %s)", r.busVolts(), range);
        if (r.busVolts() < options.packMinVolts()) {
            return Finding.fail(detail, r.busVolts() < 0.5
                    ? "no voltage: put VIN+ and VIN- in series with the battery's + lead, and switch the battery on"
                    : "below the pack's range: charge the battery, or check the configured pack");
        }
        if (r.busVolts() > options.packMaxVolts()) {
            return Finding.fail(detail, "above the pack's range: is the configured pack the one fitted?");
        }
        return Finding.pass(detail);
    }

    /**
     * Brakes the motors and releases them for good: a spin under way ends, a later one fails ("motors are
     * closed"). From any thread: for a shutdown hook, so that Ctrl-C during a spin leaves the wheels still.
     */
    public void stopMotors() {
        HBridgeMotors m = motors;
        if (m != null) {
            m.stop();
            m.close();
        }
    }

    /** Brakes and releases the motors, detaches the drivers and shuts the context down; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (motors != null) {
                motors.stop();
                motors.close();
            }
            rangers.forEach(Hcsr04RangeSensor::close);
            if (encoders != null) {
                encoders.close();
            }
            if (imu != null) {
                imu.close();
            }
            if (battery != null) {
                battery.close();
            }
        } finally {
            context.shutdown();
        }
    }
}
