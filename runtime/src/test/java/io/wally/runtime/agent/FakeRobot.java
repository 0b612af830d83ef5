package io.wally.runtime.agent;

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
import java.util.concurrent.CountDownLatch;

/**
 * A robot that stands still, for safety tests: its readings are fresh on every call until the test
 * {@link #freezeSensors() freezes} them (their timestamps stop moving, as when a driver stops
 * answering) or {@link #stallRangeSensor() stalls} the range sensor (its {@code latest()} blocks, as a
 * hung driver would). The motors record when they were last stopped.
 */
final class FakeRobot implements Robot {

    final NanoClock clock;
    final Motors motors;
    private volatile boolean frozen;
    private volatile long frozenAt;
    private volatile CountDownLatch stall;
    private volatile boolean noEcho;
    private volatile boolean rangerFrozen;
    private volatile long rangerFrozenAt;

    FakeRobot(NanoClock clock) {
        this.clock = clock;
        this.motors = new Motors(clock);
    }

    void freezeSensors() {
        frozenAt = clock.nanoTime();
        frozen = true;
    }

    /** From now on the range sensor answers "no echo" (a fresh FAULT reading) every time. */
    void noEcho() {
        noEcho = true;
    }

    /** Only the range sensor's readings stop being refreshed. */
    void freezeRanger() {
        rangerFrozenAt = clock.nanoTime();
        rangerFrozen = true;
    }

    long rangerFrozenAtNanos() {
        return rangerFrozenAt;
    }

    long frozenAtNanos() {
        return frozenAt;
    }

    /** From now on the range sensor's latest() blocks until {@link #releaseStall()}. */
    void stallRangeSensor() {
        stall = new CountDownLatch(1);
    }

    void releaseStall() {
        CountDownLatch s = stall;
        stall = null;
        if (s != null) {
            s.countDown();
        }
    }

    private long stamp() {
        return frozen ? frozenAt : clock.nanoTime();
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
        return new WheelEncoders() {
            @Override
            public int ticksPerRevolution() {
                return 40;
            }

            @Override
            public EncoderReading latest() {
                return new EncoderReading(stamp(), 0, 0, Health.OK, "");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Imu imu() {
        return new Imu() {
            @Override
            public ImuReading latest() {
                return new ImuReading(stamp(), 0, 0, 0, 0, 0, 9.81, Health.OK, "");
            }

            @Override
            public void close() {
            }
        };
    }

    private final RangeSensor ranger = new RangeSensor() {
        @Override
        public String name() {
            return "front";
        }

        @Override
        public double mountAngleRadians() {
            return 0;
        }

        @Override
        public double maxRangeMeters() {
            return 4;
        }

        @Override
        public RangeReading latest() {
            CountDownLatch s = stall;
            if (s != null) {
                try {
                    s.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long at = rangerFrozen ? rangerFrozenAt : stamp();
            return noEcho ? RangeReading.fault(at, 4, "no echo within 25 ms") : RangeReading.ok(at, 4, 4);
        }

        @Override
        public void close() {
        }
    };

    @Override
    public List<RangeSensor> rangeSensors() {
        return List.of(ranger);
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
        releaseStall();
        motors.close();
    }

    /** Motors that remember their duty and when they were last stopped. */
    static final class Motors implements DriveMotors {
        private final NanoClock clock;
        private volatile double left;
        private volatile double right;
        volatile long lastStopNanos = Long.MIN_VALUE;
        volatile long lastDriveNanos = Long.MIN_VALUE;

        Motors(NanoClock clock) {
            this.clock = clock;
        }

        @Override
        public void setDuty(double leftDuty, double rightDuty) {
            left = DriveMotors.checkDuty("left", leftDuty);
            right = DriveMotors.checkDuty("right", rightDuty);
            if (leftDuty != 0 || rightDuty != 0) {
                lastDriveNanos = clock.nanoTime();
            }
        }

        @Override
        public void stop() {
            left = 0;
            right = 0;
            lastStopNanos = clock.nanoTime();
        }

        boolean running() {
            return left != 0 || right != 0;
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
