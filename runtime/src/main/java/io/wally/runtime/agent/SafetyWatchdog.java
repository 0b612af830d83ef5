package io.wally.runtime.agent;

import io.wally.hal.DriveMotors;
import io.wally.hal.NanoClock;
import java.util.function.LongSupplier;
import org.agrona.concurrent.Agent;

/**
 * Stops the motors when the pipeline stalls: if the control loop ({@link MotionAgent}) or the sensor
 * sampling ({@link SensorAgent}) has not completed a cycle within the deadline
 * ({@code control.watchdogMillis}), it commands the motors to stop, raises a {@link SafetyState}
 * fault naming what stalled, and keeps commanding stop on every check while the stall lasts. The fault
 * clears when both run again.
 *
 * <p>Runs on its own runner (never composed with the agents it guards, which may be what stalled),
 * checking four times per deadline, so a stop follows a stall within 1.25 deadlines at most. A check
 * that itself comes more than a deadline late (the watchdog was paused with everything else) does not
 * blame the agents for that pause: it gives them one deadline from then to run.
 * Threading: one thread; {@link DriveMotors#stop()} is safe from any thread.
 */
public final class SafetyWatchdog implements Agent {

    private final DriveMotors motors;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final long deadlineNanos;
    private final LongSupplier controlHeartbeat;
    private final LongSupplier sensorHeartbeat;
    private String raised;
    private long lastCheckNanos = Long.MIN_VALUE;
    private long graceFromNanos = Long.MIN_VALUE;

    public SafetyWatchdog(DriveMotors motors, SafetyState safety, PipelineCounters counters, NanoClock clock,
            long deadlineNanos, LongSupplier controlHeartbeatNanos, LongSupplier sensorHeartbeatNanos) {
        this.motors = motors;
        this.safety = safety;
        this.counters = counters;
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
        this.controlHeartbeat = controlHeartbeatNanos;
        this.sensorHeartbeat = sensorHeartbeatNanos;
    }

    @Override
    public String roleName() {
        return "wally-watchdog";
    }

    /** How often the watchdog should be run: a quarter of the deadline, milliseconds (at least 1). */
    public long checkPeriodMillis() {
        return Math.max(1, deadlineNanos / 4_000_000);
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        long control = controlHeartbeat.getAsLong();
        long sensor = sensorHeartbeat.getAsLong();
        // When this check itself comes more than a deadline late, the watchdog's thread was not running
        // either (a GC pause, the whole process descheduled): the agents' silence during that time says
        // nothing about them, and they may simply not have been scheduled again yet. Their ages are then
        // counted from now, once per silence (not again until both have run since), so a real stall is
        // still caught on the next check at the latest.
        if (lastCheckNanos != Long.MIN_VALUE && now - lastCheckNanos > deadlineNanos
                && (graceFromNanos == Long.MIN_VALUE || (control >= graceFromNanos && sensor >= graceFromNanos))) {
            graceFromNanos = now;
        }
        lastCheckNanos = now;
        long controlAge = now - Math.max(control, graceFromNanos);
        long sensorAge = now - Math.max(sensor, graceFromNanos);
        if (controlAge > deadlineNanos || sensorAge > deadlineNanos) {
            motors.stop();
            if (raised == null) {
                String why = controlAge > deadlineNanos
                        ? "control loop missed its deadline: no cycle for " + controlAge / 1_000_000 + " ms (limit " + deadlineNanos / 1_000_000 + " ms)"
                        : "sensor sampling missed its deadline: no cycle for " + sensorAge / 1_000_000 + " ms (limit " + deadlineNanos / 1_000_000 + " ms)";
                counters.watchdogTrips.incrementAndGet();
                if (safety.raise(why, now)) {
                    raised = why;
                }
            }
            return 1;
        }
        if (raised != null) {
            safety.clear(raised);
            raised = null;
            return 1;
        }
        return 0;
    }
}
