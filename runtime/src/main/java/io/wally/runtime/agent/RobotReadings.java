package io.wally.runtime.agent;

import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.BumpReading;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The robot's latest sensor and battery readings as telemetry fields ({@code telemetry/sensors},
 * {@code telemetry/battery}): read from each device's {@code latest()}, the snapshot the device publishes
 * (never blocks, any thread), so it adds no work to the control loop. Every group carries its {@code health}
 * ({@code ok}, {@code stale}, {@code fault}), the {@code reason} when not ok, and {@code ageMillis} (how old the
 * reading is on the runtime clock); a value that is meaningless (a ranger without echo, an unknown percent) is
 * null, never NaN (which is not JSON).
 *
 * <p>Threading: any thread; allocates the maps (telemetry only, never the control loop).
 */
public final class RobotReadings {

    private final Robot robot;
    private final NanoClock clock;
    private final BatteryCurve curve;
    private final List<RangeSensor> rangers;

    /** @param curve the battery's voltage curve (configuration {@code battery}), for the percent */
    public RobotReadings(Robot robot, NanoClock clock, BatteryCurve curve) {
        this.robot = robot;
        this.clock = clock;
        this.curve = curve;
        this.rangers = robot.rangeSensors();
    }

    /** The battery's latest reading with its percent from the configured curve; empty without a monitor. */
    public Optional<BatteryReading> battery() {
        return robot.battery().map(BatteryMonitor::latest).map(curve::apply);
    }

    /** The fields of {@code telemetry/sensors}: {@code ranges} (in configuration order), {@code bump}, {@code imu}, {@code encoders}. */
    public Map<String, Object> sensorsMap() {
        long now = clock.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> ranges = new ArrayList<>(rangers.size());
        for (RangeSensor sensor : rangers) {
            RangeReading r = sensor.latest();
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("name", sensor.name());
            range.put("angleDegrees", Math.round(Math.toDegrees(sensor.mountAngleRadians()) * 100) / 100.0); // 30, not 29.999999999999996
            range.put("rangeMeters", r.valid() ? r.rangeMeters() : null);
            range.put("maxRangeMeters", r.maxRangeMeters());
            range.put("detected", r.detected());
            health(range, r.health(), r.reason(), now - r.timestampNanos());
            ranges.add(range);
        }
        m.put("ranges", ranges);
        m.put("bump", robot.bumper().map(b -> bump(b.latest(), now)).orElse(null));
        ImuReading imu = robot.imu().latest();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("gyroXRadPerS", imu.gyroXRadPerS());
        i.put("gyroYRadPerS", imu.gyroYRadPerS());
        i.put("gyroZRadPerS", imu.gyroZRadPerS());
        i.put("accelXMps2", imu.accelXMps2());
        i.put("accelYMps2", imu.accelYMps2());
        i.put("accelZMps2", imu.accelZMps2());
        health(i, imu.health(), imu.reason(), now - imu.timestampNanos());
        m.put("imu", i);
        EncoderReading enc = robot.encoders().latest();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("leftTicks", enc.leftTicks());
        e.put("rightTicks", enc.rightTicks());
        e.put("ticksPerRevolution", robot.encoders().ticksPerRevolution());
        health(e, enc.health(), enc.reason(), now - enc.timestampNanos());
        m.put("encoders", e);
        return m;
    }

    private static Map<String, Object> bump(BumpReading b, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pressed", b.pressed());
        health(m, b.health(), b.reason(), now - b.timestampNanos());
        return m;
    }

    /**
     * The fields of {@code telemetry/battery} for {@code reading}: volts, amps, watts, percent (null when
     * unknown), health, and the {@code level} the {@link BatteryWatch} holds.
     */
    public Map<String, Object> batteryMap(BatteryReading reading, BatteryWatch.Level level) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean ok = reading.valid();
        m.put("volts", ok ? reading.busVolts() : null);
        m.put("amps", ok ? reading.currentAmps() : null);
        m.put("watts", ok ? reading.powerWatts() : null);
        m.put("percent", reading.hasPercent() ? reading.percent() : null);
        m.put("level", level.name().toLowerCase(Locale.ROOT));
        health(m, reading.health(), reading.reason(), clock.nanoTime() - reading.timestampNanos());
        return m;
    }

    private static void health(Map<String, Object> m, Health health, String reason, long ageNanos) {
        m.put("health", health.name().toLowerCase(Locale.ROOT));
        m.put("reason", reason);
        m.put("ageMillis", Math.max(0, ageNanos / 1_000_000));
    }
}
