package io.wally.bench.pipeline;

import io.wally.hal.BatteryMonitor;
import io.wally.hal.BumpSensor;
import io.wally.hal.DriveMotors;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.Imu;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import io.wally.hal.WheelEncoders;
import java.util.List;
import java.util.Optional;

/**
 * A scripted robot for the pipeline benchmark: it drives straight at {@code speedMps} along
 * {@code headingRadians} (encoder ticks follow), and its three rangers (0, ±30°) see an obstacle at a
 * distance oscillating between 0.4 and 1.4 m, so that every few sensor records put new cells into the
 * graph. {@link #sample(long)} takes new readings (the device side, which allocates its immutable
 * readings); {@code latest()} returns them without allocating. When {@code autoSample} is set,
 * {@code latest()} samples by itself whenever the clock moved on (for the threaded runs).
 */
final class BenchRobot implements Robot {

    private final NanoClock clock;
    private final double speedMps;
    private final double metersPerTick;
    private final long startNanos;
    private final boolean autoSample;
    private final Motors motors = new Motors();
    private volatile EncoderReading encoders;
    private volatile ImuReading imu;
    private final Ranger[] rangers = {new Ranger("front", 0), new Ranger("left", Math.toRadians(30)), new Ranger("right", Math.toRadians(-30))};
    private volatile long sampledAt = Long.MIN_VALUE;

    BenchRobot(NanoClock clock, double speedMps, double metersPerTick, boolean autoSample) {
        this.clock = clock;
        this.speedMps = speedMps;
        this.metersPerTick = metersPerTick;
        this.autoSample = autoSample;
        this.startNanos = clock.nanoTime();
        sample(startNanos);
    }

    /** Takes fresh readings at {@code now}. */
    synchronized void sample(long now) {
        if (now == sampledAt) {
            return;
        }
        double t = (now - startNanos) / 1e9;
        long ticks = (long) (speedMps * t / metersPerTick);
        encoders = new EncoderReading(now, ticks, ticks, Health.OK, "");
        imu = new ImuReading(now, 0, 0, 0, 0, 0, 9.81, Health.OK, "");
        double range = 0.9 + 0.5 * Math.sin(2 * Math.PI * t * 1.7);
        for (Ranger r : rangers) {
            r.reading = RangeReading.ok(now, range, 4.0);
        }
        sampledAt = now;
    }

    private void maybeSample() {
        if (autoSample) {
            long now = clock.nanoTime();
            if (now - sampledAt >= 500_000) {
                sample(now);
            }
        }
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
        return encoderDevice;
    }

    private final WheelEncoders encoderDevice = new WheelEncoders() {
            @Override
            public int ticksPerRevolution() {
                return 40;
            }

            @Override
            public EncoderReading latest() {
                maybeSample();
                return encoders;
            }

            @Override
            public void close() {
            }
        };

    private final Imu imuDevice = new Imu() {
            @Override
            public ImuReading latest() {
                return imu;
            }

            @Override
            public void close() {
            }
        };

    @Override
    public Imu imu() {
        return imuDevice;
    }

    @Override
    public List<RangeSensor> rangeSensors() {
        return List.of(rangers);
    }

    @Override
    public Optional<BumpSensor> bumper() {
        return Optional.empty();
    }

    @Override
    public Optional<BatteryMonitor> battery() {
        return Optional.empty();
    }

    @Override
    public void close() {
        motors.stop();
    }

    private static final class Ranger implements RangeSensor {
        private final String name;
        private final double angle;
        volatile RangeReading reading;

        Ranger(String name, double angle) {
            this.name = name;
            this.angle = angle;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double mountAngleRadians() {
            return angle;
        }

        @Override
        public double maxRangeMeters() {
            return 4.0;
        }

        @Override
        public RangeReading latest() {
            return reading;
        }

        @Override
        public void close() {
        }
    }

    private static final class Motors implements DriveMotors {
        private volatile double left;
        private volatile double right;

        @Override
        public void setDuty(double leftDuty, double rightDuty) {
            left = DriveMotors.checkDuty("left", leftDuty);
            right = DriveMotors.checkDuty("right", rightDuty);
        }

        @Override
        public void stop() {
            left = 0;
            right = 0;
        }

        @Override
        public double leftDuty() {
            return left;
        }

        @Override
        public double rightDuty() {
            return right;
        }

        @Override
        public void close() {
            stop();
        }
    }
}
