package io.wally.runtime.agent;

import static io.wally.runtime.agent.SensorRecordDescriptor.*;

import io.wally.hal.BumpSensor;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import java.util.List;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Polls the robot's sensors once per control period and writes their readings as fixed-layout records
 * ({@link SensorRecordDescriptor}) into the sensor ring buffer for the {@link MapAgent}. A full ring
 * drops the record and counts it; nothing here waits.
 *
 * <p>Also the first line of safety (after a start-up grace period): encoders whose reading is not OK
 * or older than the deadline, or a range sensor that stopped answering (its reading STALE or older
 * than the deadline), raise a {@link SafetyState} fault, as does a pressed bumper; the fault clears
 * when the readings are good again. A fresh range reading marked FAULT (an HC-SR04 without echo in
 * open space) carries no information and is skipped and counted, not a stall.
 *
 * <p>Threading: one agent thread (the control runner). Allocates nothing per cycle once warm
 * (a fault's reason string is built only when the fault is raised).
 */
public final class SensorAgent implements Agent {

    private final NanoClock clock;
    private final Robot robot;
    private final RangeSensor[] rangers;
    private final BumpSensor bumper;
    private final RingBuffer out;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final long deadlineNanos;
    private final long graceNanos;
    private long startedNanos = Long.MIN_VALUE;
    private final FixedRateSchedule schedule;
    private volatile long lastCycleNanos;
    private String raisedReason;

    /**
     * @param periodNanos control period (1 / control.loopHz)
     * @param deadlineNanos a reading older than this is stale (control.watchdogMillis)
     * @param graceNanos how long after start sensors may still be silent
     */
    public SensorAgent(Robot robot, RingBuffer out, SafetyState safety, PipelineCounters counters, NanoClock clock,
            long periodNanos, long deadlineNanos, long graceNanos) {
        this.robot = robot;
        List<RangeSensor> list = robot.rangeSensors();
        this.rangers = list.toArray(new RangeSensor[0]);
        this.bumper = robot.bumper().orElse(null);
        this.out = out;
        this.safety = safety;
        this.counters = counters;
        this.clock = clock;
        this.schedule = new FixedRateSchedule(periodNanos);
        this.deadlineNanos = deadlineNanos;
        this.graceNanos = graceNanos;
        this.lastCycleNanos = clock.nanoTime();
    }

    @Override
    public String roleName() {
        return "wally-sensors";
    }

    /** Runtime clock time of the last cycle (the watchdog's view of this agent). */
    public long lastCycleNanos() {
        return lastCycleNanos;
    }

    @Override
    public void onStart() {
        lastCycleNanos = clock.nanoTime();
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        if (startedNanos == Long.MIN_VALUE) {
            startedNanos = now;
            lastCycleNanos = now;
        }
        if (!schedule.due(now)) {
            return 0;
        }
        runCycle(now);
        return 1;
    }

    /** One sampling cycle at {@code now} (also used by tests that step the pipeline by hand). */
    public void runCycle(long now) {
        lastCycleNanos = now;
        counters.sensorCycles.incrementAndGet();
        boolean inGrace = now - startedNanos < graceNanos;
        String problem = null;

        EncoderReading enc = robot.encoders().latest();
        boolean encOk = enc.health() == Health.OK && now - enc.timestampNanos() <= deadlineNanos;
        if (!encOk) {
            counters.sensorReadingsBad.incrementAndGet();
            if (!inGrace) {
                problem = "encoders";
            }
        }
        ImuReading imu = robot.imu().latest();
        double yawRate = imu.health() == Health.OK && now - imu.timestampNanos() <= deadlineNanos ? imu.gyroZRadPerS() : Double.NaN;
        int index = out.tryClaim(ODOMETRY_MSG_TYPE, ODOMETRY_LENGTH);
        if (index > 0) {
            AtomicBuffer b = out.buffer();
            b.putLong(index + ODO_SAMPLED_NANOS_OFFSET, now);
            b.putLong(index + ODO_LEFT_TICKS_OFFSET, enc.leftTicks());
            b.putLong(index + ODO_RIGHT_TICKS_OFFSET, enc.rightTicks());
            b.putDouble(index + ODO_YAW_RATE_OFFSET, yawRate);
            b.putInt(index + ODO_HEALTH_OFFSET, encOk ? Health.OK.ordinal() : Health.STALE.ordinal());
            out.commit(index);
        } else {
            counters.sensorRecordsDropped.incrementAndGet();
        }

        for (int i = 0; i < rangers.length; i++) {
            RangeReading r = rangers[i].latest();
            boolean answering = r.health() != Health.STALE && now - r.timestampNanos() <= deadlineNanos;
            if (!answering) {
                counters.sensorReadingsBad.incrementAndGet();
                if (!inGrace && problem == null) {
                    problem = rangers[i].name();
                }
                continue;
            }
            if (r.health() != Health.OK) {
                counters.sensorReadingsBad.incrementAndGet(); // e.g. no echo in open space: no information, not a stall
                continue;
            }
            int at = out.tryClaim(RANGE_MSG_TYPE, RANGE_LENGTH);
            if (at > 0) {
                AtomicBuffer b = out.buffer();
                b.putLong(at + RANGE_SAMPLED_NANOS_OFFSET, now);
                b.putDouble(at + RANGE_METERS_OFFSET, r.rangeMeters());
                b.putDouble(at + RANGE_MAX_METERS_OFFSET, r.maxRangeMeters());
                b.putInt(at + RANGE_SENSOR_INDEX_OFFSET, i);
                b.putInt(at + RANGE_DETECTED_OFFSET, r.detected() ? 1 : 0);
                out.commit(at);
            } else {
                counters.sensorRecordsDropped.incrementAndGet();
            }
        }
        if (bumper != null && problem == null) {
            var bump = bumper.latest();
            if (bump.health() == Health.OK && bump.pressed()) {
                problem = "bumper";
            }
        }

        if (problem != null) {
            if (raisedReason == null && !safety.faulted()) {
                String why = "bumper".equals(problem) ? "bumper pressed"
                        : "sensor '" + problem + "' stopped answering (no fresh reading within " + deadlineNanos / 1_000_000 + " ms)";
                if (safety.raise(why, now)) {
                    raisedReason = why;
                    robot.motors().stop();
                }
            }
        } else if (raisedReason != null) {
            safety.clear(raisedReason);
            raisedReason = null;
        }
    }
}
