package io.wally.runtime.agent;

import io.wally.hal.BumpSensor;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Polls the robot's sensors once per control period and writes their readings as fixed-layout records
 ({@link OdometryRecord}, {@link RangeRecord}) into the sensor ring buffer for the {@link MapAgent}. A full ring
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
    private final NanoClock wallClock;
    private final Robot robot;
    private final RangeSensor[] rangers;
    private final BumpSensor bumper;
    private final RingBuffer out;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final long deadlineNanos;
    private final long graceNanos;
    private final OdometryRecord odometry = new OdometryRecord();
    private final RangeRecord range = new RangeRecord();
    private long startedNanos = Long.MIN_VALUE;
    private final FixedRateSchedule schedule;
    private volatile long lastCycleNanos;
    private String raisedReason;

    /**
     * Timing of the sensor agent.
     *
     * @param periodNanos   control period (1 / control.loopHz)
     * @param deadlineNanos a reading older than this is stale (control.watchdogMillis)
     * @param graceNanos    how long after start sensors may still be silent
     */
    public record Settings(long periodNanos, long deadlineNanos, long graceNanos) {
    }

    public SensorAgent(Settings settings, PipelineParts parts, Robot robot) {
        this.robot = robot;
        this.rangers = robot.rangeSensors().toArray(new RangeSensor[0]);
        this.bumper = robot.bumper().orElse(null);
        this.out = parts.sensorRing();
        this.safety = parts.safety();
        this.counters = parts.counters();
        this.clock = parts.clock();
        this.wallClock = parts.wallClock();
        this.schedule = new FixedRateSchedule(settings.periodNanos());
        this.deadlineNanos = settings.deadlineNanos();
        this.graceNanos = settings.graceNanos();
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
        int index = out.tryClaim(OdometryRecord.MSG_TYPE, OdometryRecord.LENGTH);
        if (index > 0) {
            odometry.wrapForWrite(out.buffer(), index).write(now, enc.leftTicks(), enc.rightTicks(), yawRate,
                    encOk ? Health.OK : Health.STALE);
            out.commit(index);
        } else {
            counters.sensorRecordsDropped.incrementAndGet();
        }

        long arrivedWall = wallClock.nanoTime();
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
            int at = out.tryClaim(RangeRecord.MSG_TYPE, RangeRecord.LENGTH);
            if (at > 0) {
                range.wrapForWrite(out.buffer(), at).write(now, arrivedWall, r.rangeMeters(), r.maxRangeMeters(), i, r.detected());
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
